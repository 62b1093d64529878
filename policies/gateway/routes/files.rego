# METADATA
# title: /v1/files and /v1/files/{file_id}
# description: |
#   A single file is always owned by a tenant: the gateway must say which
#   (request.tenant), and the generic tenant check then keeps users to their
#   own. Uploads may not carry data above the upload limit.
package gateway.routes.files

import data.gateway.lib.classification

reasons contains "resource_tenant_unknown" if {
	input.request.route == "/v1/files/{file_id}"
	not input.request.tenant
}

reasons contains "upload_classification_exceeded" if {
	input.request.method == "POST"
	not classification.within(data.gateway.limits.upload_max_classification)
}
