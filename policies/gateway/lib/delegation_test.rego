package gateway.lib.delegation_test

import data.gateway.lib.delegation

test_unexpired_before_exp if delegation.unexpired with input as {"time": {"now": 100}, "delegation": {"exp": 101}}

test_expired_at_exp if not delegation.unexpired with input as {"time": {"now": 101}, "delegation": {"exp": 101}}

test_expired_when_fields_missing if not delegation.unexpired with input as {"delegation": {"exp": 101}}

test_lifetime_within_limit if delegation.lifetime_within(3600) with input as {"delegation": {"iat": 0, "exp": 3600}}

test_lifetime_over_limit if not delegation.lifetime_within(3600) with input as {"delegation": {"iat": 0, "exp": 3601}}

test_fresh_delegation if delegation.fresh(300) with input as {"time": {"now": 1300}, "delegation": {"iat": 1000}}

test_stale_delegation if not delegation.fresh(300) with input as {"time": {"now": 1301}, "delegation": {"iat": 1000}}

test_has_granted_scope if delegation.has_scope("chat") with input as {"delegation": {"scopes": ["models.read", "chat"]}}

test_lacks_scope if not delegation.has_scope("chat") with input as {"delegation": {"scopes": ["chat.read"]}}

test_chain_length if delegation.chain_length == 2 with input as {"delegation": {"actors": [{"sub": "a"}, {"sub": "b"}]}}
