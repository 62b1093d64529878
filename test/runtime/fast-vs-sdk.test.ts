// The fast path (opa_eval driven directly, result bytes compared before
// decoding) and the SDK path (LoadedPolicy.evaluate) give identical decisions
// over many inputs: the example gateway policy on thousands of variations of
// its examples, and a policy whose results take every shape.

import { describe, expect, it } from 'vitest';
import { createEnforcer } from '../../src/runtime/index.js';
import { buildBundle, ecKeyPair, gatewayExamples, gatewaySpec } from './kit.js';
import { rng } from '../helpers/prng.js';

const keys = ecKeyPair();


const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const ROUTES = ['/v1/chat/completions', '/v1/embeddings', '/v1/models', '/v1/files', '/v1/files/{file_id}', '/v1/tools/{tool}/invoke', '/admin/revocations', '/v1/unknown'];
const METHODS = ['GET', 'POST', 'DELETE', 'PUT'];
const ROLES = ['planner', 'researcher', 'executor', 'critic', 'operator', 'intern'];
const SCOPES = ['chat', 'embeddings', 'models.read', 'files.read', 'files.write', 'tools', 'admin.read', 'admin.write'];
const CLASSES = ['public', 'internal', 'confidential', 'restricted'];
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'o3', 'claude-sonnet-4', 'llama-3.1-70b-onprem', 'text-embedding-3-small', 'nope'];
const TOOLS = ['web_search', 'sql_query', 'code_interpreter', 'send_email', 'rm_rf'];
const TENANTS = ['acme', 'globex', 'initech'];

/** A variation of an example: some fields changed, sometimes into values the schema rejects. */
function vary(base: Record<string, unknown>, r: () => number): Record<string, unknown> {
  const x = structuredClone(base) as Record<string, Record<string, unknown>>;
  const req = x.request;
  const agent = x.agent;
  const del = x.delegation;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 12)) {
      case 0: req.route = pick(r, ROUTES); break;
      case 1: req.method = pick(r, METHODS); break;
      case 2: agent.role = pick(r, ROLES); break;
      case 3: del.scopes = SCOPES.filter(() => r() < 0.4); break;
      case 4: x.context.classification = pick(r, CLASSES); break;
      case 5: req.model = pick(r, MODELS); break;
      case 6: req.tool = pick(r, TOOLS); break;
      case 7: (x.user as Record<string, unknown>).tenant = pick(r, TENANTS); break;
      case 8: (x.time as Record<string, unknown>).now = (del.exp as number) + Math.floor((r() - 0.5) * 4000); break;
      case 9: agent.proof = pick(r, ['wit', 'forwarded']); break;
      case 10: if (r() < 0.3) (x as Record<string, unknown>).extra = true; break; // schema rejects
      default: if (r() < 0.3) del.scopes = ['chat', 'chat']; // schema rejects (uniqueItems)
    }
  }
  if (r() < 0.05) delete (x as Record<string, unknown>)[pick(r, ['context', 'txn', 'agent'])];
  return x;
}

describe('fast and SDK paths decide identically', () => {
  it('on 3,000 variations of the gateway examples (reasons included)', async () => {
    const bundle = await buildBundle(gatewaySpec({ key: keys.privatePem }));
    const fast = await createEnforcer({ bundle, keys: keys.publicPem, mode: 'fast', reasons: 'always' });
    const sdk = await createEnforcer({ bundle, keys: keys.publicPem, mode: 'sdk', reasons: 'always' });
    const examples = gatewayExamples();
    const r = rng(42);
    let allowed = 0;
    let schemaDenied = 0;
    for (let i = 0; i < 3000; i++) {
      const input = i < examples.length ? examples[i].input : vary(pick(r, examples).input, r);
      const a = fast.decide(input);
      const b = sdk.decide(input);
      expect({ allow: a.allow, reasons: a.reasons }, JSON.stringify(input)).toEqual({ allow: b.allow, reasons: b.reasons });
      if (a.allow) allowed++;
      if (a.reasons.some((x) => x.startsWith('schema:'))) schemaDenied++;
    }
    // The variations exercise allows, policy denials and schema denials alike.
    expect(allowed).toBeGreaterThan(50);
    expect(schemaDenied).toBeGreaterThan(50);
    expect(3000 - allowed - schemaDenied).toBeGreaterThan(500);
  });

  it('with the structured decision entrypoint, agreeing with allow + reasons on 2,000 variations', async () => {
    const bundle = await buildBundle({ ...gatewaySpec({ key: keys.privatePem }), entrypoints: ['gateway/authz/allow', 'gateway/authz/reasons', 'gateway/authz/decision'] });
    const entrypoint = 'gateway/authz/decision';
    const fast = await createEnforcer({ bundle, keys: keys.publicPem, mode: 'fast', entrypoint });
    const sdk = await createEnforcer({ bundle, keys: keys.publicPem, mode: 'sdk', entrypoint });
    const pair = await createEnforcer({ bundle, keys: keys.publicPem, mode: 'fast', entrypoint: 'gateway/authz/allow', reasons: 'always' });
    const examples = gatewayExamples();
    const r = rng(7);
    let allowed = 0;
    let denied = 0;
    for (let i = 0; i < 2000; i++) {
      const input = i < examples.length ? examples[i].input : vary(pick(r, examples).input, r);
      const a = fast.decide(input);
      const b = sdk.decide(input);
      const c = pair.decide(input);
      expect({ allow: a.allow, reasons: a.reasons }, JSON.stringify(input)).toEqual({ allow: b.allow, reasons: b.reasons });
      expect({ allow: a.allow, reasons: a.reasons }, JSON.stringify(input)).toEqual({ allow: c.allow, reasons: c.reasons });
      if (a.allow) allowed++;
      else if (!a.reasons.some((x) => x.startsWith('schema:'))) denied++;
    }
    expect(allowed).toBeGreaterThan(50);
    expect(denied).toBeGreaterThan(500);
  });

  it('on results of every shape, unicode and escapes in the input, and host builtins', async () => {
    const rego = `package t
import rego.v1
allow := input.v if input.kind == "echo"
allow if {
  input.kind == "check"
  upper(input.name) == "ÄLICE ✓"
  crypto.sha256(input.name) != ""
}
reasons contains sprintf("kind %v, name %v", [input.kind, input.name]) if input.kind != "echo"
reasons contains "quote \\" and \\\\ backslash" if input.quote
`;
    const bundle = await buildBundle({ rego: { 't.rego': rego }, entrypoints: ['t/allow', 't/reasons'], sign: { key: keys.privatePem } });
    const fast = await createEnforcer({ bundle, keys: keys.publicPem, mode: 'fast', reasons: 'always' });
    const sdk = await createEnforcer({ bundle, keys: keys.publicPem, mode: 'sdk', reasons: 'always' });
    const values: unknown[] = [
      true, false, null, 0, 1, 'true', [], [true], {}, { result: true }, 1.5, 'x',
      // Decision objects, well-formed and not.
      { allow: true, reasons: [] }, { allow: true, reasons: ['note'] }, { allow: false, reasons: ['a', 'b'] }, { allow: false, reasons: [] },
      { allow: true, reasons: [], extra: 1 }, { allow: 'true', reasons: [] }, { allow: 1, reasons: [] }, { allow: true }, { reasons: [] },
      { allow: true, reasons: [1] }, { allow: true, reasons: 'x' }, { allow: true, reasons: null },
    ];
    const inputs: Record<string, unknown>[] = [
      ...values.map((v) => ({ kind: 'echo', v })),
      { kind: 'echo' },
      { kind: 'check', name: 'älice ✓' },
      { kind: 'check', name: 'älice ✗', quote: true },
      { kind: 'check', name: '\u0000\n"\\\ud83d\ude00' },
      { kind: 'other', name: 'x'.repeat(10_000) },
    ];
    for (const input of inputs) {
      const a = fast.decide(input);
      const b = sdk.decide(input);
      expect({ allow: a.allow, reasons: a.reasons }, JSON.stringify(input)).toEqual({ allow: b.allow, reasons: b.reasons });
    }
    expect(fast.decide({ kind: 'echo', v: true }).allow).toBe(true);
    expect(fast.decide({ kind: 'echo', v: 'true' }).allow).toBe(false);
    expect(fast.decide({ kind: 'check', name: 'älice ✓' }).allow).toBe(true);
    expect(fast.decide({ kind: 'echo', v: { allow: true, reasons: [] } })).toMatchObject({ allow: true, reasons: [] });
    expect(fast.decide({ kind: 'echo', v: { allow: true, reasons: ['note'] } })).toMatchObject({ allow: true, reasons: ['note'] });
    expect(fast.decide({ kind: 'echo', v: { allow: false, reasons: ['a', 'b'] } })).toMatchObject({ allow: false, reasons: ['a', 'b'] });
    expect(fast.decide({ kind: 'echo', v: { allow: 'true', reasons: [] } })).toMatchObject({ allow: false, reasons: ['result: t/allow: decision "allow" is not a boolean (got string)'] });
    expect(fast.decide({ kind: 'echo', v: { allow: true, reasons: [1] } })).toMatchObject({ allow: false, reasons: ['result: t/allow: decision "reasons" holds a number, not only strings'] });
    expect(fast.decide({ kind: 'echo', v: { allow: true } })).toMatchObject({ allow: false, reasons: ['result: t/allow: decision object has no "reasons"'] });
  });
});
