package gateway.routes.tools_test

import data.gateway.routes.tools

# An executor, delegated directly and just now, proven by a WIT, sending internal data.
executor := {
	"agent": {"role": "executor", "proof": "wit"},
	"delegation": {"iat": 1000, "scopes": ["tools", "tool:send_email", "tool:code_interpreter", "tool:web_search"], "actors": [{"sub": "x"}]},
	"context": {"classification": "internal"},
	"request": {"tool": "send_email"},
	"time": {"now": 1060},
}

test_send_email_allowed if count(tools.reasons) == 0 with input as executor

test_tool_missing if tools.reasons == {"tool_missing"} with input as object.remove(executor, ["request"])

test_tool_unknown if tools.reasons == {"tool_unknown"} with input as executor with input.request.tool as "rm_rf"

test_tool_role if tools.reasons == {"tool_role_not_allowed"} with input as executor with input.agent.role as "critic"

test_tool_scope_is_per_tool if tools.reasons == {"tool_scope_missing"} with input as executor
	with input.delegation.scopes as ["tools", "tool:code_interpreter"]

test_tool_classification if tools.reasons == {"tool_classification_exceeded"} with input as executor
	with input.context.classification as "confidential"

test_send_email_needs_direct_delegation if tools.reasons == {"delegation_chain_too_long"} with input as executor
	with input.delegation.actors as [{"sub": "x"}, {"sub": "orchestrator"}]

test_send_email_needs_wit if tools.reasons == {"workload_proof_required"} with input as executor with input.agent.proof as "forwarded"

test_send_email_needs_fresh_delegation if tools.reasons == {"delegation_too_old"} with input as executor with input.time.now as 1301

test_code_interpreter_allows_one_intermediary if {
	count(tools.reasons) == 0 with input as executor
		with input.request.tool as "code_interpreter"
		with input.delegation.actors as [{"sub": "x"}, {"sub": "orchestrator"}]
		with input.agent.proof as "forwarded"
		with input.time.now as 5000
}

test_rules_come_from_data if {
	tools.reasons == {"tool_role_not_allowed"} with input as executor
		with data.gateway.tools as {"send_email": {"roles": ["planner"], "max_classification": "restricted"}}
}
