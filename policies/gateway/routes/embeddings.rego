# METADATA
# title: POST /v1/embeddings
# description: The model must be an embedding model that may see the request's data.
package gateway.routes.embeddings

import data.gateway.lib.models

reasons contains reason if {
	some reason in models.reasons
}

reasons contains "model_wrong_kind" if {
	models.model
	not models.of_kind("embedding")
}
