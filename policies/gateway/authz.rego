# METADATA
# title: AI gateway authorisation
# description: |
#   Decides whether an agent acting for a user may make a request. Input is
#   the identity object (identity.schema.json, v1) that the gateway builds
#   from verified tokens. The route table in data.json names, per route and
#   method, the crew roles allowed and the scope the user must have granted;
#   each route's handler package under gateway.routes adds its own checks.
#   Every check is written as "not <what must hold>", so a missing input
#   field produces a reason instead of silently passing: allow requires a
#   known route and no reasons at all.
package gateway.authz

import data.gateway.lib.classification
import data.gateway.lib.delegation
import data.gateway.lib.tenancy

default allow := false

# METADATA
# title: Allow when the route is known and no check produced a reason.
# entrypoint: true
allow if {
	grant
	count(reasons) == 0
}

# METADATA
# title: The whole decision in one evaluation - allow and the reasons it rests on.
# description: |
#   allow already computes every reason (count(reasons) == 0), so a caller
#   that needs both reads them here instead of evaluating reasons again.
# entrypoint: true
decision := {"allow": allow, "reasons": reasons}

# The route-table entry and the method's grant for this request.
route := data.gateway.route_table[input.request.route]

grant := route.methods[input.request.method]

# The handler package of the route (gateway.routes.<handler>).
handler := data.gateway.routes[route.handler]

# METADATA
# title: Machine-readable reasons the request is denied (empty when allowed).
# entrypoint: true
reasons contains "identity_version_unsupported" if not input.version == "v1"

reasons contains "route_unknown" if not route

reasons contains "route_handler_missing" if {
	route
	not is_set(handler.reasons)
}

reasons contains "method_not_allowed" if {
	route
	not grant
}

reasons contains "role_not_allowed" if {
	grant
	not input.agent.role in grant.roles
}

reasons contains "scope_missing" if {
	grant
	not delegation.has_scope(grant.scope)
}

reasons contains "delegation_expired" if not delegation.unexpired

reasons contains "delegation_lifetime_too_long" if not delegation.lifetime_within(data.gateway.limits.max_delegation_lifetime)

reasons contains "tenant_unknown" if not tenancy.tenant

reasons contains "agent_outside_tenant" if {
	tenancy.tenant
	not tenancy.agent_in_tenant
}

reasons contains "resource_in_other_tenant" if not tenancy.resource_in_tenant

reasons contains "classification_unknown" if not classification.known

# Route-specific reasons from the route's handler package.
reasons contains reason if {
	some reason in handler.reasons
}
