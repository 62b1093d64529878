package gateway.lib.tenancy_test

import data.gateway.lib.tenancy

tenants := {"acme": {"trust_domains": ["acme.example", "acme-ci.example"]}}

test_agent_in_tenant_trust_domain if tenancy.agent_in_tenant with input as {"user": {"tenant": "acme"}, "agent": {"trust_domain": "acme-ci.example"}}
	with data.gateway.tenants as tenants

test_agent_from_other_trust_domain if not tenancy.agent_in_tenant with input as {"user": {"tenant": "acme"}, "agent": {"trust_domain": "globex.example"}}
	with data.gateway.tenants as tenants

test_unknown_tenant_has_no_agents if not tenancy.agent_in_tenant with input as {"user": {"tenant": "initech"}, "agent": {"trust_domain": "acme.example"}}
	with data.gateway.tenants as tenants

test_resource_without_tenant if tenancy.resource_in_tenant with input as {"user": {"tenant": "acme"}, "request": {}}

test_resource_of_own_tenant if tenancy.resource_in_tenant with input as {"user": {"tenant": "acme"}, "request": {"tenant": "acme"}}

test_resource_of_other_tenant if not tenancy.resource_in_tenant with input as {"user": {"tenant": "acme"}, "request": {"tenant": "globex"}}

test_available_to_all if tenancy.available({"tenants": ["*"]}) with input.user.tenant as "acme"

test_available_to_listed_tenant if tenancy.available({"tenants": ["globex", "acme"]}) with input.user.tenant as "acme"

test_not_available_to_unlisted_tenant if not tenancy.available({"tenants": ["globex"]}) with input.user.tenant as "acme"

test_entry_without_tenants_is_unavailable if not tenancy.available({}) with input.user.tenant as "acme"
