# METADATA
# title: POST /v1/chat/completions
# description: The model must be a chat model that may see the request's data.
package gateway.routes.chat

import data.gateway.lib.models

reasons contains reason if {
	some reason in models.reasons
}

reasons contains "model_wrong_kind" if {
	models.model
	not models.of_kind("chat")
}
