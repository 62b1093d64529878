# METADATA
# title: AI gateway authorisation
# description: Decides whether an agent acting for a user may call a route.
package gateway.authz

import rego.v1

default allow := false

# METADATA
# title: Allow a request when the route exists, the agent's role may call it,
#   and the user delegated the scope the route needs.
# entrypoint: true
allow if {
	route := data.gateway.routes[input.request.route]
	input.request.method in route.methods
	input.agent.role in route.roles
	route.scope in input.delegation.scopes
	not expired
}

expired if input.delegation.expires_at_ns < input.time_ns

reasons contains "unknown route" if not data.gateway.routes[input.request.route]

reasons contains "delegation expired" if expired

reasons contains sprintf("role %s may not call %s", [input.agent.role, input.request.route]) if {
	route := data.gateway.routes[input.request.route]
	not input.agent.role in route.roles
}
