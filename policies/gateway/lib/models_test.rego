package gateway.lib.models_test

import data.gateway.lib.models

catalogue := {
	"open-chat": {"kind": "chat", "max_classification": "internal", "tenants": ["*"]},
	"planner-only": {"kind": "chat", "max_classification": "restricted", "tenants": ["*"], "roles": ["planner"]},
	"globex-ft": {"kind": "chat", "max_classification": "confidential", "tenants": ["globex"]},
}

request(model, role, level) := {
	"user": {"tenant": "acme"},
	"agent": {"role": role},
	"context": {"classification": level},
	"request": {"model": model},
}

test_model_ok if {
	count(models.reasons) == 0 with input as request("open-chat", "critic", "internal") with data.gateway.models as catalogue
}

test_model_missing if {
	models.reasons == {"model_missing"} with input as {"request": {}} with data.gateway.models as catalogue
}

test_model_unknown if {
	models.reasons == {"model_unknown"} with input as request("gpt-9", "planner", "public") with data.gateway.models as catalogue
}

test_classification_exceeded if {
	models.reasons == {"model_classification_exceeded"} with input as request("open-chat", "planner", "confidential")
		with data.gateway.models as catalogue
}

test_role_list_limits_roles if {
	models.reasons == {"model_role_not_allowed"} with input as request("planner-only", "executor", "public")
		with data.gateway.models as catalogue
	count(models.reasons) == 0 with input as request("planner-only", "planner", "restricted") with data.gateway.models as catalogue
}

test_tenant_private_model if {
	models.reasons == {"model_not_in_tenant"} with input as request("globex-ft", "planner", "public") with data.gateway.models as catalogue
}

test_of_kind if {
	models.of_kind("chat") with input as request("open-chat", "planner", "public") with data.gateway.models as catalogue
	not models.of_kind("embedding") with input as request("open-chat", "planner", "public") with data.gateway.models as catalogue
}
