// SPIFFE ID rules (spiffe/spiffe standards/SPIFFE-ID.md), in code and in the
// identity schema's pattern, which must agree.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpiffeId } from '../../src/runtime/identity/index.js';

const schema = JSON.parse(readFileSync(new URL('../../policies/gateway/identity.schema.json', import.meta.url), 'utf8'));
const schemaPattern = new RegExp(schema.$defs.spiffeId.pattern, 'u');

const valid = [
  'spiffe://acme.example/crew/research/planner',
  'spiffe://example.org/agents/Executor_1',
  'spiffe://a-b.c_d/x',
  'spiffe://td/.hidden/..x',
  `spiffe://${'a'.repeat(255)}/x`,
];

const invalid: Array<[string, RegExp]> = [
  ['http://acme.example/agent', /scheme/],
  ['SPIFFE://acme.example/agent', /lowercase/],
  ['spiffe://Acme.example/agent', /trust domain character/],
  ['spiffe:///agent', /trust domain is empty/],
  ['spiffe://acme.example', /needs a path/],
  ['spiffe://acme.example/', /empty/],
  ['spiffe://acme.example/a//b', /empty/],
  ['spiffe://acme.example/a/', /empty/],
  ['spiffe://acme.example/a/./b', /\. or \.\./],
  ['spiffe://acme.example/a/..', /\. or \.\./],
  ['spiffe://acme.example:8443/agent', /port/],
  ['spiffe://user@acme.example/agent', /userinfo/],
  ['spiffe://acme.example/agent?x=1', /query/],
  ['spiffe://acme.example/agent#frag', /query and fragment/],
  ['spiffe://acme.example/a%20b', /outside/],
  ['spiffe://acme.example/ag ent', /outside/],
  [`spiffe://${'a'.repeat(256)}/x`, /longer than 255/],
  [`spiffe://acme.example/${'a'.repeat(2040)}`, /2048 bytes/],
];

describe('SPIFFE IDs', () => {
  it.each(valid)('accepts %s', (id) => {
    const parsed = parseSpiffeId(id);
    expect(parsed.ok).toBe(true);
    expect(schemaPattern.test(id) && id.length <= schema.$defs.spiffeId.maxLength).toBe(true);
  });

  it.each(invalid)('refuses %s', (id, why) => {
    const parsed = parseSpiffeId(id);
    expect(parsed.ok ? 'accepted' : parsed.error).toMatch(why);
    expect(schemaPattern.test(id) && id.length <= schema.$defs.spiffeId.maxLength).toBe(false);
  });

  it('splits trust domain and path', () => {
    expect(parseSpiffeId('spiffe://acme.example/crew/planner')).toEqual({ ok: true, spiffe: { id: 'spiffe://acme.example/crew/planner', trustDomain: 'acme.example', path: '/crew/planner' } });
  });
});
