# METADATA
# title: POST /v1/tools/{tool}/invoke
# description: |
#   Per-tool rules from data.gateway.tools: which crew roles may call the
#   tool, the data classification it may receive, how long the act chain may
#   be, whether the agent must prove its identity with a workload identity
#   token, and how recently the user must have delegated. The user grants
#   each tool by name with the scope tool:<name>.
package gateway.routes.tools

import data.gateway.lib.classification
import data.gateway.lib.delegation

tool := data.gateway.tools[input.request.tool]

reasons contains "tool_missing" if not input.request.tool

reasons contains "tool_unknown" if {
	input.request.tool
	not tool
}

reasons contains "tool_role_not_allowed" if {
	tool
	not input.agent.role in tool.roles
}

reasons contains "tool_scope_missing" if {
	tool
	not delegation.has_scope(concat(":", ["tool", input.request.tool]))
}

reasons contains "tool_classification_exceeded" if {
	tool
	not classification.within(tool.max_classification)
}

reasons contains "delegation_chain_too_long" if {
	tool.max_chain
	not delegation.chain_length <= tool.max_chain
}

reasons contains "workload_proof_required" if {
	tool.requires_wit
	not input.agent.proof == "wit"
}

reasons contains "delegation_too_old" if {
	tool.max_delegation_age
	not delegation.fresh(tool.max_delegation_age)
}
