// Every error class ends in allow: false with a reason — on both evaluation
// paths — and the enforcer keeps deciding correctly afterwards.

import { describe, expect, it } from 'vitest';
import { createEnforcer, type Enforcer, type EnforcerOptions } from '../../src/runtime/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { writeTarGz } from '../../src/bundle/tar.js';
import { signEntries } from '../../src/bundle/sign.js';
import { WasmModule } from '../../src/compiler/wasm/module.js';
import { CodeBuilder } from '../../src/compiler/wasm/code.js';
import { I32, KIND } from '../../src/compiler/wasm/binary.js';
import { buildBundle, ecKeyPair, type BundleSpec } from './kit.js';

const keys = ecKeyPair();

const ALICE = `package t
import rego.v1
default allow := false
allow if input.user == "alice"
reasons contains "not alice" if input.user != "alice"
`;

async function enforcerFor(spec: Omit<BundleSpec, 'sign'>, opts: Partial<EnforcerOptions> = {}): Promise<Enforcer> {
  const bundle = await buildBundle({ ...spec, sign: { key: keys.privatePem } });
  return createEnforcer({ bundle, keys: keys.publicPem, ...opts });
}

/** Wrap opa_eval so that inputs longer than `maxLen` bytes hit `unreachable`: a genuine WASM trap. */
function trapOnLongInput(wasm: Uint8Array, maxLen: number): Uint8Array {
  const m = WasmModule.parse(wasm);
  const original = m.funcIndex('opa_eval')!;
  const b = new CodeBuilder(7);
  b.get(4).i32(maxLen).gtS().if().unreachable().end();
  for (let i = 0; i < 7; i++) b.get(i);
  b.call(original);
  m.export('opa_eval', KIND.func, m.addFunction({ params: Array(7).fill(I32), results: [I32] }, b.finish()));
  return m.emit();
}

async function trappingBundle(): Promise<Uint8Array> {
  const bundle = readBundle(await buildBundle({ rego: { 't.rego': ALICE }, entrypoints: ['t/allow'] }));
  const entries = [...bundle.files].filter(([name]) => name !== '.signatures.json').map(([name, bytes]) => ({ name, bytes: name === 'policy.wasm' ? trapOnLongInput(bytes, 64) : bytes }));
  return writeTarGz(await signEntries(entries, { key: keys.privatePem }));
}

describe.each(['fast', 'sdk'] as const)('fail closed (%s path)', (mode) => {
  it('allows only an exact true and explains denials with the policy\'s reasons', async () => {
    const e = await enforcerFor({ rego: { 't.rego': ALICE }, entrypoints: ['t/allow', 't/reasons'] }, { mode });
    expect(e.decide({ user: 'alice' })).toMatchObject({ allow: true, reasons: [] });
    expect(e.decide({ user: 'bob' })).toMatchObject({ allow: false, reasons: ['not alice'] });
  });

  it('denies an input the schema rejects, naming the problem', async () => {
    const schema = { type: 'object', additionalProperties: false, required: ['user'], properties: { user: { type: 'string', pattern: '^[a-z]+$' } } };
    const e = await enforcerFor({ rego: { 't.rego': ALICE }, entrypoints: ['t/allow'], files: { 'identity.schema.json': JSON.stringify(schema) } }, { mode });
    expect(e.decide({ user: 'alice' }).allow).toBe(true);
    expect(e.decide({ user: 'alice', admin: true })).toMatchObject({ allow: false, reasons: ['schema: /: must NOT have additional properties (admin)'] });
    expect(e.decide({})).toMatchObject({ allow: false, reasons: ["schema: /: must have required property 'user'"] });
    expect(e.decide({ user: 'Alice!' })).toMatchObject({ allow: false, reasons: [expect.stringMatching(/^schema: \/user: must match pattern/)] });
    expect(e.status().schema).toBe('identity.schema.json');
  });

  it('prefers a schema passed in over the bundle\'s', async () => {
    const shipped = { type: 'object', required: ['user'] };
    const e = await enforcerFor({ rego: { 't.rego': ALICE }, entrypoints: ['t/allow'], files: { 'identity.schema.json': JSON.stringify(shipped) } }, { mode, schema: { type: 'object', required: ['tenant'] } });
    expect(e.decide({ user: 'alice' })).toMatchObject({ allow: false, reasons: ["schema: /: must have required property 'tenant'"] });
  });

  it('denies on a WASM trap and recovers with a fresh instance', async () => {
    const e = await createEnforcer({ bundle: await trappingBundle(), keys: keys.publicPem, mode });
    const trapped = e.decide({ user: 'alice', padding: 'x'.repeat(100) });
    expect(trapped.allow).toBe(false);
    expect(trapped.reasons).toEqual([expect.stringMatching(/^eval: .*unreachable/)]);
    expect(e.decide({ user: 'alice' }).allow).toBe(true);
  });

  it('denies on opa_abort (conflicting rule values)', async () => {
    const rego = 'package t\nimport rego.v1\nallow := true if input.a\nallow := false if input.b\n';
    const e = await enforcerFor({ rego: { 't.rego': rego }, entrypoints: ['t/allow'] }, { mode });
    expect(e.decide({ a: true }).allow).toBe(true);
    const d = e.decide({ a: true, b: true });
    expect(d).toMatchObject({ allow: false, reasons: [expect.stringMatching(/^eval: .*conflict/)] });
    expect(e.decide({ a: true }).allow).toBe(true);
  });

  it('denies on memory exhaustion inside the module and keeps working', async () => {
    const rego = 'package t\nimport rego.v1\nallow if count([x | some x in numbers.range(1, input.n)]) > 0\n';
    const e = await enforcerFor({ rego: { 't.rego': rego }, entrypoints: ['t/allow'], compile: { maxMemoryBytes: 8 * 1024 * 1024 } }, { mode });
    expect(e.decide({ n: 10 }).allow).toBe(true);
    expect(e.decide({ n: 50_000_000 })).toMatchObject({ allow: false, reasons: [expect.stringMatching(/^eval: .*out of memory/)] });
    expect(e.decide({ n: 10 }).allow).toBe(true);
  });

  it('denies a non-boolean result and an undefined one', async () => {
    const str = await enforcerFor({ rego: { 't.rego': 'package t\nallow := "yes"\n' }, entrypoints: ['t/allow'] }, { mode });
    expect(str.decide({})).toMatchObject({ allow: false, reasons: ['result: t/allow: not a boolean (got string)'] });
    const one = await enforcerFor({ rego: { 't.rego': 'package t\nallow := 1\n' }, entrypoints: ['t/allow'] }, { mode });
    expect(one.decide({}).allow).toBe(false);
    const undef = await enforcerFor({ rego: { 't.rego': 'package t\nimport rego.v1\nallow if input.user == "alice"\n' }, entrypoints: ['t/allow'] }, { mode });
    expect(undef.decide({ user: 'bob' })).toMatchObject({ allow: false, reasons: ['result: t/allow is undefined'] });
    expect(undef.decide({ user: 'alice' }).allow).toBe(true);
  });

  it('denies inputs that are not JSON objects, not serialisable, or too large', async () => {
    const e = await enforcerFor({ rego: { 't.rego': ALICE }, entrypoints: ['t/allow'] }, { mode, maxInputBytes: 1000 });
    for (const bad of [null, undefined, 'alice', 42, ['alice']]) expect(e.decide(bad)).toMatchObject({ allow: false, reasons: ['input: must be a JSON object'] });
    const circular: Record<string, unknown> = { user: 'alice' };
    circular.self = circular;
    if (mode === 'fast') {
      expect(e.decide(circular)).toMatchObject({ allow: false, reasons: [expect.stringMatching(/^input: not JSON/)] });
      expect(e.decide({ user: 'alice', n: 1n })).toMatchObject({ allow: false, reasons: [expect.stringMatching(/^input: not JSON/)] });
      expect(e.decide({ user: 'alice', pad: 'x'.repeat(2000) })).toMatchObject({ allow: false, reasons: ['input: input is larger than 1000 bytes'] });
      const throwing = { user: 'alice', get boom(): never { throw new Error('getter failed'); } };
      expect(e.decide(throwing)).toMatchObject({ allow: false, reasons: ['input: not JSON: getter failed'] });
    } else {
      expect(e.decide(circular).allow).toBe(false);
      expect(e.decide({ user: 'alice', n: 1n }).allow).toBe(false);
    }
    // Values JSON.stringify converts (toJSON) reach the policy as it converts them.
    expect(e.decide({ user: { toJSON: () => 'alice' }, when: new Date(0) }).allow).toBe(true);
    expect(e.decide({ user: 'alice' }).allow).toBe(true);
  });

  it('never throws, even on an input whose getters throw objects that cannot be printed', async () => {
    const unprintable = { toString: () => { throw new Error('no'); } };
    const hostile = new Proxy({}, { get: () => { throw unprintable; }, ownKeys: () => { throw unprintable; }, has: () => { throw unprintable; } });
    const e = await enforcerFor({ rego: { 't.rego': ALICE }, entrypoints: ['t/allow'] }, { mode, audit: { write: () => {} } });
    let d: ReturnType<Enforcer['decide']> | undefined;
    expect(() => (d = e.decide(hostile))).not.toThrow();
    expect(d!.allow).toBe(false);
    expect(d!.reasons.length).toBeGreaterThan(0);
    expect(e.decide({ user: 'alice' }).allow).toBe(true);
  });

  it('denies a decision the audit sink cannot record', async () => {
    const audit = { write: () => { throw new Error('disk full'); } };
    const e = await enforcerFor({ rego: { 't.rego': ALICE }, entrypoints: ['t/allow'] }, { mode, audit });
    expect(e.decide({ user: 'alice' })).toMatchObject({ allow: false, reasons: ['audit: disk full'] });
  });

  it('runs host builtins (crypto, time) inside decisions', async () => {
    const rego = `package t
import rego.v1
allow if {
  crypto.sha256(input.user) == "2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90"
  time.now_ns() > 0
}
`;
    const e = await enforcerFor({ rego: { 't.rego': rego }, entrypoints: ['t/allow'] }, { mode });
    expect(e.decide({ user: 'alice' }).allow).toBe(true);
    expect(e.decide({ user: 'bob' }).allow).toBe(false);
  });
});
