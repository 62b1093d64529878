# METADATA
# title: Delegation helpers
# description: |
#   Facts about the delegation token in the identity object. Times are
#   seconds since the epoch (input.time.now, input.delegation.iat/exp).
package gateway.lib.delegation

# The delegation has not expired at decision time.
unexpired if input.time.now < input.delegation.exp

# exp − iat is at most max_seconds.
lifetime_within(max_seconds) if input.delegation.exp - input.delegation.iat <= max_seconds

# Seconds since the user delegated.
age := input.time.now - input.delegation.iat

# The delegation was issued at most max_seconds ago.
fresh(max_seconds) if age <= max_seconds

# The user granted this scope.
has_scope(scope) if scope in input.delegation.scopes

# Number of agents in the act chain (1 = the user delegated to this agent directly).
chain_length := count(input.delegation.actors)
