package gateway.lib.classification_test

import data.gateway.lib.classification

test_rank_orders_levels if {
	classification.rank("public") < classification.rank("internal")
	classification.rank("internal") < classification.rank("confidential")
	classification.rank("confidential") < classification.rank("restricted")
}

test_within_same_level if classification.within("internal") with input.context.classification as "internal"

test_within_higher_limit if classification.within("restricted") with input.context.classification as "public"

test_not_within_lower_limit if not classification.within("internal") with input.context.classification as "confidential"

test_unknown_level_is_never_within if not classification.within("restricted") with input.context.classification as "secret"

test_unknown_limit_is_never_within if not classification.within("secret") with input.context.classification as "public"

test_known_level if classification.known with input.context.classification as "restricted"

test_unknown_level if not classification.known with input.context.classification as "top-secret"

test_levels_come_from_data if classification.within("low") with input.context.classification as "low"
	with data.gateway.classification_rank as {"low": 0}
