# METADATA
# title: /admin/*
# description: |
#   Administration of the gateway: only a tenant admin, delegating directly
#   (no intermediate agents) and recently, to an operator agent that proved
#   its identity with a workload identity token.
package gateway.routes.admin

import data.gateway.lib.delegation
import data.gateway.lib.tenancy

reasons contains "user_not_admin" if not input.user.sub in tenancy.tenant.admins

reasons contains "delegation_chain_too_long" if not delegation.chain_length == 1

reasons contains "delegation_too_old" if not delegation.fresh(data.gateway.limits.admin_max_delegation_age)

reasons contains "workload_proof_required" if not input.agent.proof == "wit"
