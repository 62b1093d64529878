// Networking builtins (category `net` per OPA's builtin metadata).

import type { BuiltinDecl } from './decl.js';
import { T, ANY, STR, BOOL } from '../types.js';
import { arg, ARR_ANY, SET_STR } from './shared.js';

const CIDR_OR_IP = T.any(STR, ARR_ANY);
/** OPA's netCidrContainsMatchesOperandType. */
const CIDRS = T.any(STR, T.array(CIDR_OR_IP), T.object(STR, CIDR_OR_IP), T.set(CIDR_OR_IP));

export const netBuiltins: BuiltinDecl[] = [
  {
    // Deprecated (use net.cidr_contains); OPA declares it without names.
    name: 'net.cidr_overlap',
    categories: ['net'],
    args: [arg('cidr', STR), arg('ip', STR)],
    result: arg('result', BOOL),
    deprecated: true,
    description: 'Deprecated: use `net.cidr_contains`.',
  },
  {
    name: 'net.cidr_intersects',
    categories: ['net'],
    args: [arg('cidr1', STR, 'first CIDR'), arg('cidr2', STR, 'second CIDR')],
    result: arg('result', BOOL, '`true` if `cidr1` intersects with `cidr2`'),
    description: 'Checks if a CIDR intersects with another CIDR. Supports both IPv4 and IPv6 notations.',
  },
  {
    name: 'net.cidr_contains',
    categories: ['net'],
    args: [arg('cidr', STR, 'CIDR to check against'), arg('cidr_or_ip', STR, 'CIDR or IP to check')],
    result: arg('result', BOOL, '`true` if `cidr_or_ip` is contained within `cidr`'),
    description: 'Checks if a CIDR or IP is contained within another CIDR.',
  },
  {
    name: 'net.cidr_contains_matches',
    categories: ['net'],
    args: [arg('cidrs', CIDRS, 'CIDRs to check against'), arg('cidrs_or_ips', CIDRS, 'CIDRs or IPs to check')],
    result: arg('output', T.set(T.tuple(ANY, ANY)), 'tuples identifying matches where `cidrs_or_ips` are contained within `cidrs`'),
    description: 'Checks if collections of cidrs or ips are contained within another collection of cidrs and returns matches.',
  },
  {
    name: 'net.cidr_expand',
    categories: ['net'],
    args: [arg('cidr', STR, 'CIDR to expand')],
    result: arg('hosts', SET_STR, 'set of IP addresses the CIDR `cidr` expands to'),
    description: 'Expands CIDR to set of hosts.',
  },
  {
    name: 'net.cidr_merge',
    categories: ['net'],
    args: [arg('addrs', T.any(T.array(T.any(STR)), SET_STR), 'CIDRs or IP addresses')],
    result: arg('output', SET_STR, 'smallest possible set of CIDRs obtained after merging the provided list of IP addresses and subnets in `addrs`'),
    description: 'Merges IP addresses and subnets into the smallest possible list of CIDRs.',
  },
  {
    name: 'net.lookup_ip_addr',
    categories: ['net'],
    args: [arg('name', STR, 'domain name to resolve')],
    result: arg('addrs', SET_STR, 'IP addresses (v4 and v6) that `name` resolves to'),
    nondeterministic: true,
    description: 'Returns the set of IP addresses (both v4 and v6) that the passed-in `name` resolves to.',
  },
  {
    name: 'net.cidr_is_valid',
    categories: ['net'],
    args: [arg('cidr', STR, 'CIDR to validate')],
    result: arg('result', BOOL, '`true` if `cidr` is a valid CIDR'),
    description: 'Parses an IPv4/IPv6 CIDR and returns a boolean indicating if the provided CIDR is valid.',
  },
];
