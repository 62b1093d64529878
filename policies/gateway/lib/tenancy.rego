# METADATA
# title: Tenant isolation helpers
# description: |
#   A user belongs to one tenant; agents acting for them must come from a
#   trust domain of that tenant, and resources the gateway attributes to a
#   tenant (request.tenant) must be the user's.
package gateway.lib.tenancy

tenant := data.gateway.tenants[input.user.tenant]

agent_in_tenant if input.agent.trust_domain in tenant.trust_domains

# No resource tenant on the request, or the user's own.
resource_in_tenant if not input.request.tenant

resource_in_tenant if input.request.tenant == input.user.tenant

# A model or other shared resource listing the tenants that may use it ("*" = all).
available(entry) if "*" in entry.tenants

available(entry) if input.user.tenant in entry.tenants
