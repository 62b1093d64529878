import { describe, expect, it } from 'vitest';
import { errorOf, rego } from '../helpers/rego.js';

const strict = { strict: true };
const sorted = (v: unknown) => [...(v as string[])].sort();

describe('net.cidr_* (native)', () => {
  it('contains IPs and CIDRs, IPv4 and IPv6', () => {
    expect(rego('[net.cidr_contains("10.0.0.0/8", "10.1.2.3"), net.cidr_contains("10.0.0.0/8", "11.0.0.1"), net.cidr_contains("10.0.0.0/8", "10.1.0.0/24"), net.cidr_contains("10.1.0.0/24", "10.0.0.0/8")]')).toEqual([
      true, false, true, false,
    ]);
    expect(rego('net.cidr_contains("2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40")')).toBe(true);
    expect(rego('net.cidr_contains("2001:4860::/32", "2001:4861::1")')).toBe(false);
    expect(rego('net.cidr_overlap("192.168.0.0/16", "192.168.1.1")')).toBe(true);
  });

  it('treats IPv4-mapped IPv6 like Go (::ffff:a.b.c.d is IPv4, :: does not hold IPv4)', () => {
    expect(rego('net.cidr_contains("10.0.0.0/8", "::ffff:10.1.2.3")')).toBe(true);
    expect(rego('net.cidr_contains("::ffff:10.0.0.0/104", "10.1.2.3")')).toBe(true);
    expect(rego('net.cidr_contains("::/0", "10.1.2.3")')).toBe(false);
  });

  it('intersects', () => {
    expect(rego('net.cidr_intersects("fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72")')).toBe(true);
    expect(rego('net.cidr_intersects("10.0.0.0/16", "10.1.0.0/16")')).toBe(false);
    expect(rego('net.cidr_intersects("10.1.2.0/24", "10.0.0.0/8")')).toBe(true);
  });

  it('validates with Go\'s rules (no zones, no leading zeros, prefix in range)', () => {
    const valid = ['192.168.0.0/30', '1.2.3.4/024', '::/0', '::1.2.3.4/128', '2001:db8::/32', '::ffff:1.2.3.4/120'];
    const invalid = ['192.168.0.500/30', '10.0.0.1', '10.0.0.0/33', '010.0.0.0/8', 'fe80::1%eth0/64', '1:2:3:4:5:6:7:8::/64', '::1::/8', '10.0.0.0/', '10.0.0.0/-1', 'x/8'];
    for (const c of valid) expect(rego(`net.cidr_is_valid(${JSON.stringify(c)})`)).toBe(true);
    for (const c of invalid) expect(rego(`net.cidr_is_valid(${JSON.stringify(c)})`)).toBe(false);
    expect(rego('net.cidr_is_valid(input.x)', { input: { x: 7 } })).toBe(false);
  });

  it('reports malformed operands', () => {
    expect(rego('net.cidr_contains("not-a-cidr", "1.2.3.4")')).toBeUndefined();
    expect(errorOf(() => rego('net.cidr_contains("not-a-cidr", "1.2.3.4")', strict))).toMatch(
      'eval_builtin_error: net.cidr_contains: invalid CIDR address: not-a-cidr',
    );
    expect(errorOf(() => rego('net.cidr_contains("10.0.0.0/8", "not-a-cidr")', strict))).toMatch(
      'net.cidr_contains: not a valid textual representation of an IP address or CIDR: not-a-cidr',
    );
    expect(errorOf(() => rego('net.cidr_intersects("10.0.0.0/8", input.x)', { input: { x: 1 }, strict: true }))).toMatch(
      'eval_type_error: net.cidr_intersects: operand 1 must be string but got number',
    );
  });

  it('expands CIDRs into host sets, bounded', () => {
    expect(sorted(rego('net.cidr_expand("192.168.1.1/30")'))).toEqual(['192.168.1.0', '192.168.1.1', '192.168.1.2', '192.168.1.3']);
    expect(rego('net.cidr_expand("2001:db8::/126")')).toEqual(['2001:db8::', '2001:db8::1', '2001:db8::2', '2001:db8::3']);
    expect(rego('net.cidr_expand("::ffff:10.0.0.0/127")')).toEqual(['10.0.0.0', '10.0.0.1']);
    expect(rego('count(net.cidr_expand("10.0.0.0/16"))')).toBe(65536);
    expect(errorOf(() => rego('net.cidr_expand("192.168.1.1/33")', strict))).toMatch('net.cidr_expand: invalid CIDR address: 192.168.1.1/33');
    expect(rego('net.cidr_expand("10.0.0.0/8")')).toBeUndefined();
    expect(errorOf(() => rego('net.cidr_expand("10.0.0.0/8")', strict))).toMatch('net.cidr_expand: CIDR 10.0.0.0/8 has too many addresses');
  });

  it('merges adjacent and contained networks', () => {
    expect(rego('net.cidr_merge(["192.0.128.0/24", "192.0.129.0/24"])')).toEqual(['192.0.128.0/23']);
    expect(rego('net.cidr_merge(["10.0.0.0/8", "10.1.0.0/16", "11.0.0.0/8"])')).toEqual(['10.0.0.0/7']);
    expect(sorted(rego('net.cidr_merge(["1.1.1.1/32", "1.1.1.2/32", "1.1.1.3/32", "1.1.1.4/32"])'))).toEqual(['1.1.1.1/32', '1.1.1.2/31', '1.1.1.4/32']);
    expect(rego('net.cidr_merge({"1.1.1.0/25", "1.1.1.128/26", "1.1.1.192/26"})')).toEqual(['1.1.1.0/24']);
    expect(rego('net.cidr_merge(["2001:db8::/33", "2001:db8:8000::/33"])')).toEqual(['2001:db8::/32']);
    expect(rego('net.cidr_merge([])')).toEqual([]);
  });

  it('keeps OPA\'s classful default mask for bare IPv4 addresses', () => {
    expect(rego('net.cidr_merge(["192.168.1.254"])')).toEqual(['192.168.1.254/24']);
    expect(rego('net.cidr_merge(["192.168.1.254", "192.168.1.254"])')).toEqual(['192.168.1.0/24']);
    expect(rego('net.cidr_merge(["10.1.2.3"])')).toEqual(['10.1.2.3/8']);
  });

  it('reports merge errors', () => {
    expect(errorOf(() => rego('net.cidr_merge(["2601:600:8a80:207e:a57d:7567:e2c9:e7b3"])', strict))).toMatch(
      'eval_builtin_error: net.cidr_merge: IPv6 invalid: needs prefix length',
    );
    expect(errorOf(() => rego('net.cidr_merge(["1.2.3.0/24", "bad"])', strict))).toMatch('net.cidr_merge: invalid CIDR address: bad');
    expect(errorOf(() => rego('net.cidr_merge(input.x)', { input: { x: [1] }, strict: true }))).toMatch('net.cidr_merge: element must be string');
  });

  it('matches collections of CIDRs and IPs', () => {
    expect(rego('net.cidr_contains_matches(["1.1.2.0/24", "1.1.1.0/24"], ["1.1.1.1", "1.1.2.1"])')).toEqual([[0, 1], [1, 0]]);
    expect(rego('net.cidr_contains_matches("10.0.0.0/8", "10.1.1.1")')).toEqual([['10.0.0.0/8', '10.1.1.1']]);
    expect(rego('net.cidr_contains_matches({"a": "10.0.0.0/8", "b": ["192.168.0.0/16", "x"]}, ["10.1.1.1", ["192.168.1.1", 7]])')).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(rego('net.cidr_contains_matches({["1.1.1.0/24", "x"]}, {"1.1.1.9"})')).toEqual([[['1.1.1.0/24', 'x'], '1.1.1.9']]);
    expect(errorOf(() => rego('net.cidr_contains_matches(["1.1.1.0/24"], input.x)', { input: { x: [[]] }, strict: true }))).toMatch(
      'net.cidr_contains_matches: operand 2: element must be string or non-empty array',
    );
  });
});

describe('semver.* (native)', () => {
  it('validates SemVer 2.0.0 strictly', () => {
    const valid = ['0.0.0', '1.2.3', '1.2.3-0', '1.2.3-0a', '1.2.3-alpha.1', '1.2.3+01', '1.2.3-rc.1+build.5', 'v1.2.3', '9223372036854775807.0.0'];
    const invalid = ['1', '1.2', '1.2.3.4', '01.2.3', '1.02.3', '1.2.03', '1.2.3-01', '1.2.3-alpha.01', '1.2.3-', '1.2.3+', '1.2.3-a..b', '1.2.3-ä', '9223372036854775808.0.0', ''];
    for (const v of valid) expect(rego(`semver.is_valid(${JSON.stringify(v)})`)).toBe(true);
    for (const v of invalid) expect(rego(`semver.is_valid(${JSON.stringify(v)})`)).toBe(false);
    expect(rego('semver.is_valid(input.x)', { input: { x: 1 } })).toBe(false);
  });

  it('orders versions by precedence', () => {
    const chain = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0', '2.0.0'];
    for (let i = 0; i + 1 < chain.length; i++) {
      expect(rego(`[semver.compare(${JSON.stringify(chain[i])}, ${JSON.stringify(chain[i + 1])}), semver.compare(${JSON.stringify(chain[i + 1])}, ${JSON.stringify(chain[i])})]`)).toEqual([-1, 1]);
    }
    expect(rego('[semver.compare("1.2.3+01", "1.2.3+2"), semver.compare("v1.0.0", "1.0.0"), semver.compare("1.0.0-2", "1.0.0-10")]')).toEqual([0, 0, -1]);
  });

  it('reports invalid versions with the quoted operand', () => {
    expect(rego('semver.compare("1", "1.0.0")')).toBeUndefined();
    expect(errorOf(() => rego('semver.compare("1", "1.0.0")', strict))).toMatch(
      'eval_builtin_error: semver.compare: operand 1: string "1" is not a valid SemVer',
    );
    expect(errorOf(() => rego('semver.compare("1.2.3", "1.2.3-01")', strict))).toMatch('operand 2: string "1.2.3-01" is not a valid SemVer');
  });
});

describe('uuid.parse (native)', () => {
  it('decodes RFC 4122 fields', () => {
    expect(rego('uuid.parse("00000000-0000-4000-8000-000000000000")')).toEqual({ variant: 'RFC4122', version: 4 });
    const v2 = { clocksequence: 12800, domain: 'Person', id: 1000, macvariables: 'local:unicast', nodeid: '32-50-96-b3-9f-47', time: 1693566990121469600, variant: 'RFC4122', version: 2 };
    expect(rego('uuid.parse("000003e8-48b9-21ee-b200-325096b39f47")')).toEqual(v2);
    expect(rego('uuid.parse("urn:uuid:000003e8-48b9-21ee-b200-325096b39f47")')).toEqual(v2);
    expect(rego('uuid.parse("URN:UUID:000003E8-48B9-21EE-B200-325096B39F47")')).toEqual(v2);
    expect(rego('uuid.parse("{00000000-0000-4000-8000-000000000000}")')).toEqual({ variant: 'RFC4122', version: 4 });
    expect(rego('uuid.parse("6bea8ef2d3d33cd184e09bab06a52ece")')).toEqual({ variant: 'RFC4122', version: 3 });
    expect(rego('uuid.parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")')).toEqual({
      clocksequence: 10085, macvariables: 'global:unicast', nodeid: '00-a0-c9-1e-6b-f6', time: 854991792216875000, variant: 'RFC4122', version: 1,
    });
    expect(rego('uuid.parse("00000000-0000-4000-c000-000000000000").variant')).toBe('Microsoft');
    expect(rego('uuid.parse("00000000-0000-4000-0000-000000000000").variant')).toBe('Reserved');
  });

  it('is undefined for malformed UUIDs, even in strict mode', () => {
    for (const s of ['', '00000000-0000-4000-8000-00000000000', '00000000x0000-4000-8000-000000000000', '{00000000-0000-4000-8000-000000000000', 'g0000000-0000-4000-8000-000000000000']) {
      expect(rego(`uuid.parse(${JSON.stringify(s)})`, strict)).toBeUndefined();
    }
    expect(rego('uuid.parse(input.x)', { input: { x: 123 } })).toBeUndefined();
  });
});
