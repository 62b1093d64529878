package gateway.authz_test

import data.gateway.authz

# The planner of acme's research crew asking gpt-4o-mini about internal data.
planner_chat := {
	"version": "v1",
	"user": {"sub": "alice", "iss": "https://auth.acme.example", "tenant": "acme"},
	"agent": {"id": "spiffe://acme.example/crew/research/planner", "trust_domain": "acme.example", "role": "planner", "proof": "wit"},
	"delegation": {
		"jti": "dlg-1", "iat": 1794999940, "exp": 1795000840, "scopes": ["chat", "models.read"],
		"actors": [{"sub": "spiffe://acme.example/crew/research/planner"}, {"sub": "spiffe://acme.example/orchestrator"}],
	},
	"context": {"classification": "internal", "source": "header"},
	"request": {"method": "POST", "route": "/v1/chat/completions", "model": "gpt-4o-mini"},
	"txn": {"id": "txn-1", "source": "gateway"},
	"time": {"now": 1795000000},
}

test_planner_may_chat if {
	authz.allow with input as planner_chat
	count(authz.reasons) == 0 with input as planner_chat
}

test_empty_input_is_denied_with_reasons if {
	not authz.allow with input as {}
	"route_unknown" in authz.reasons with input as {}
	"identity_version_unsupported" in authz.reasons with input as {}
}

test_unknown_version if authz.reasons == {"identity_version_unsupported"} with input as planner_chat with input.version as "v2"

test_unknown_route if authz.reasons == {"route_unknown"} with input as planner_chat with input.request.route as "/v1/audio"

test_wrong_method if authz.reasons == {"method_not_allowed"} with input as planner_chat with input.request.method as "GET"

test_role_not_on_route if authz.reasons == {"role_not_allowed"} with input as planner_chat with input.agent.role as "operator"

test_scope_missing if authz.reasons == {"scope_missing"} with input as planner_chat with input.delegation.scopes as ["models.read"]

test_expired_delegation if authz.reasons == {"delegation_expired"} with input as planner_chat with input.time.now as 1795000840

test_long_delegation if authz.reasons == {"delegation_lifetime_too_long"} with input as planner_chat with input.delegation.exp as 1795086340

test_tenant_unknown if authz.reasons == {"tenant_unknown"} with input as planner_chat with input.user.tenant as "initech"

test_agent_from_other_tenant if {
	authz.reasons == {"agent_outside_tenant"} with input as planner_chat with input.agent.trust_domain as "globex.example"
}

test_resource_of_other_tenant if authz.reasons == {"resource_in_other_tenant"} with input as planner_chat with input.request.tenant as "globex"

test_classification_unknown if {
	# An unranked level also fails the model's limit: both reasons show.
	authz.reasons == {"classification_unknown", "model_classification_exceeded"} with input as planner_chat
		with input.context.classification as "secret"
}

test_route_reasons_come_from_the_handler if {
	authz.reasons == {"model_wrong_kind"} with input as planner_chat with input.request.model as "text-embedding-3-small"
}

test_route_without_handler_is_denied if {
	not authz.allow with input as planner_chat
		with data.gateway.route_table["/v1/chat/completions"].handler as "no_such_handler"
	authz.reasons == {"route_handler_missing"} with input as planner_chat
		with data.gateway.route_table["/v1/chat/completions"].handler as "no_such_handler"
}

test_decision_allows_with_no_reasons if {
	authz.decision == {"allow": true, "reasons": set()} with input as planner_chat
}

test_decision_denies_with_the_reasons if {
	authz.decision == {"allow": false, "reasons": {"role_not_allowed"}} with input as planner_chat with input.agent.role as "operator"
}

test_decision_agrees_with_allow_and_reasons if {
	d := authz.decision with input as {}
	d.allow == false
	d.reasons == authz.reasons with input as {}
}
