# METADATA
# title: Model checks shared by the model-calling routes
# description: |
#   The model named by the request must exist, accept the request's data
#   classification, be available to the user's tenant and, when the model
#   lists roles, to the agent's role. Routes add the model kind they serve.
package gateway.lib.models

import data.gateway.lib.classification
import data.gateway.lib.tenancy

model := data.gateway.models[input.request.model]

# The model is of this kind (chat, embedding).
of_kind(kind) if model.kind == kind

reasons contains "model_missing" if not input.request.model

reasons contains "model_unknown" if {
	input.request.model
	not model
}

reasons contains "model_classification_exceeded" if {
	model
	not classification.within(model.max_classification)
}

reasons contains "model_not_in_tenant" if {
	model
	not tenancy.available(model)
}

reasons contains "model_role_not_allowed" if {
	model
	not role_allowed
}

# Models without a role list are open to every role the route allows.
role_allowed if not model.roles

role_allowed if input.agent.role in model.roles
