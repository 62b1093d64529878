# METADATA
# title: Data classification helpers
# description: |
#   Classification levels are ranked in data.gateway.classification_rank
#   (public < internal < confidential < restricted). A level that is not in
#   the table has no rank, so every comparison with it fails (closed).
package gateway.lib.classification

rank(level) := data.gateway.classification_rank[level]

# The request's classification is a level the table knows.
known if rank(input.context.classification)

# The request's data may go where at most `limit` is allowed.
within(limit) if rank(input.context.classification) <= rank(limit)
