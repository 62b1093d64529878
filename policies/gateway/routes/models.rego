# METADATA
# title: GET /v1/models
# description: |
#   Listing models needs only the route table's role and scope; the gateway
#   filters the list to the models the user's tenant may use.
package gateway.routes.models

reasons := set()
