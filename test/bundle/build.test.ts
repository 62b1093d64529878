import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildBundle, deriveRoots } from '../../src/bundle/build.js';
import { inspectBundle, probeModule } from '../../src/bundle/inspect.js';
import { loadVerificationKeys } from '../../src/bundle/keys.js';
import { readBundle } from '../../src/bundle/read.js';
import { verifyBundle } from '../../src/bundle/verify.js';
import { runCli } from '../../src/cli/program.js';
import { RegoErrors } from '../../src/compiler/errors.js';
import { edKey } from './helpers.js';

const require = createRequire(import.meta.url);
const { loadPolicy } = require('@open-policy-agent/opa-wasm') as {
  loadPolicy: (wasm: Uint8Array) => Promise<{ setData(d: unknown): void; evaluate(i?: unknown, e?: string | number): unknown }>;
};

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-build-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

afterEach(() => vi.restoreAllMocks());

describe('policy build', () => {
  const app = () =>
    tree({
      'app/authz.rego': 'package app.authz\n\nallow if input.user in data.app.admins\n\nlimit := data.app.limits.max\n',
      'app/data.json': '{"admins": ["ann"], "limits": {"max": 12345678901234567890, "ratio": 1.50}}',
      'app/extra/data.yaml': 'flag: true\nlist: [1, 2]\n',
      'app/identity.schema.json': '{"type": "object"}',
      'app/README.md': 'ignored',
      '.hidden/x.rego': 'package hidden',
    });

  it('writes manifest, wasm, merged data, sources and schemas, with OPA-style roots', async () => {
    const dir = app();
    const r = await buildBundle({ paths: [dir], entrypoints: ['app/authz/allow'], revision: 'v1' });
    const b = readBundle(r.bytes);
    expect([...b.files.keys()].sort()).toEqual(['.manifest', 'app/authz.rego', 'app/identity.schema.json', 'data.json', 'policy.wasm']);
    expect(b.manifest).toMatchObject({ revision: 'v1', roots: ['app'], wasm: [{ entrypoint: 'app/authz/allow', module: '/policy.wasm' }], rego_version: 1 });
    expect(b.manifest.metadata).toMatchObject({ compiler: { name: 'agent-policy' }, builtins: [], host_builtins: [] });
    expect(b.manifest.metadata?.build_time).toBeUndefined();
    // data.yaml merged at its directory path; big integer and 1.50 kept digit for digit.
    const dataText = new TextDecoder().decode(b.files.get('data.json'));
    expect(dataText).toBe('{"app":{"admins":["ann"],"extra":{"flag":true,"list":[1,2]},"limits":{"max":12345678901234567890,"ratio":1.50}}}\n');
    expect(b.wasm && b.wasm.subarray(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it('is reproducible: two builds of the same inputs are byte-identical, signed (EdDSA) or not', async () => {
    const dir = app();
    const key = edKey();
    const one = await buildBundle({ paths: [dir], entrypoints: ['app/authz/allow'] });
    const two = await buildBundle({ paths: [dir], entrypoints: ['app/authz/allow'] });
    expect(sha(one.bytes)).toBe(sha(two.bytes));
    const s1 = await buildBundle({ paths: [dir], entrypoints: ['app/authz/allow'], signing: { key: key.privatePem, keyId: 'k' } });
    const s2 = await buildBundle({ paths: [dir], entrypoints: ['app/authz/allow'], signing: { key: key.privatePem, keyId: 'k' } });
    expect(sha(s1.bytes)).toBe(sha(s2.bytes));
    const withTime = await buildBundle({ paths: [dir], entrypoints: ['app/authz/allow'], includeBuildTime: true });
    expect(readBundle(withTime.bytes).manifest.metadata?.build_time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('signs every file it writes, and the result verifies', async () => {
    const key = edKey();
    const r = await buildBundle({ paths: [app()], entrypoints: ['app/authz/allow'], signing: { key: key.privatePem, scope: 'prod' } });
    const b = readBundle(r.bytes);
    const v = await verifyBundle(b, { keys: await loadVerificationKeys(key.publicPem), scope: 'prod' });
    expect(v.files.map((f) => f.name).sort()).toEqual([...b.files.keys()].filter((n) => n !== '.signatures.json').sort());
  });

  it('takes the revision from git when the sources are in a repository, and omits it otherwise', async () => {
    const inRepo = await buildBundle({ paths: ['policies'], entrypoints: ['gateway/authz/allow'] });
    expect(inRepo.manifest.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(inRepo.manifest.metadata?.source_commit).toBe(inRepo.manifest.revision);
    const outside = await buildBundle({ paths: [app()], entrypoints: ['app/authz/allow'] });
    expect(outside.manifest.revision).toBeUndefined();
  });

  it('rejects builtins outside a capabilities file', async () => {
    const dir = tree({ 'p.rego': 'package p\n\nx := sprintf("%d", [1])\n', 'caps.json': JSON.stringify({ builtins: [{ name: 'count' }] }) });
    await expect(buildBundle({ paths: [join(dir, 'p.rego')], entrypoints: ['p/x'], capabilities: join(dir, 'caps.json') })).rejects.toBeInstanceOf(RegoErrors);
    const ok = await buildBundle({ paths: [join(dir, 'p.rego')], entrypoints: ['p/x'] });
    expect(readBundle(ok.bytes).manifest.metadata?.builtins).toContain('sprintf');
  });

  it('reports conflicting data files and unusable inputs clearly', async () => {
    const clash = tree({ 'a/data.json': '{"x": 1}', 'data.json': '{"a": {"x": 2}}', 'p.rego': 'package a\n\ny := 1\n' });
    await expect(buildBundle({ paths: [clash], entrypoints: ['a/y'] })).rejects.toThrow(/key x is defined by two data files/);
    const bad = tree({ 'data.json': '{"x": ', 'p.rego': 'package a\n\ny := 1\n' });
    await expect(buildBundle({ paths: [bad], entrypoints: ['a/y'] })).rejects.toThrow(/data\.json/);
    await expect(buildBundle({ paths: ['/no/such/dir'], entrypoints: ['a/y'] })).rejects.toThrow(/no such file or directory/);
    await expect(buildBundle({ paths: [tree({ 'x.txt': '' })], entrypoints: [] })).rejects.toThrow(/no \.rego files/);
  });

  it('derives minimal, non-overlapping roots from packages and data', () => {
    expect(deriveRoots(['gateway/authz', 'gateway/lib/x', 'other'], new Map([['gateway', null]]))).toEqual(['gateway', 'other']);
    expect(deriveRoots(['a/b', 'a/bc'], new Map())).toEqual(['a/b', 'a/bc']);
  });
});

describe('the example gateway bundle end to end', () => {
  it('decides like `policy eval` when its wasm and data are loaded with @open-policy-agent/opa-wasm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-e2e-'));
    const key = edKey();
    const r = await buildBundle({ paths: ['policies'], entrypoints: ['gateway/authz/allow'], signing: { key: key.privatePem } });
    const b = readBundle(r.bytes);
    await verifyBundle(b, { keys: await loadVerificationKeys(key.publicPem) });
    const policy = await loadPolicy(b.wasm!);
    policy.setData(b.data);

    const wasmPath = join(dir, 'gateway.wasm');
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runCli(['compile', 'policies', '-e', 'gateway/authz/allow', '-o', wasmPath])).toBe(0);
    vi.restoreAllMocks();

    const examples = readdirSync('policies/gateway/examples').filter((f) => f.endsWith('.json'));
    expect(examples.length).toBeGreaterThan(0);
    const results = new Set<string>();
    for (const ex of examples) {
      const path = join('policies/gateway/examples', ex);
      const out: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
      expect(await runCli(['eval', '-m', wasmPath, '-e', 'gateway/authz/allow', '--data-dir', 'policies', '-i', path, '--compact'])).toBe(0);
      vi.restoreAllMocks();
      const fromBundle = JSON.stringify(policy.evaluate(JSON.parse(readFileSync(path, 'utf8')), 'gateway/authz/allow'));
      expect(fromBundle, ex).toBe(out.join(''));
      results.add(fromBundle);
    }
    expect(results.size).toBe(2); // the examples include both allowed and denied requests
  });

  it('inspect lists entrypoints, builtins, files and signature status', async () => {
    const key = edKey();
    const r = await buildBundle({ paths: ['policies'], entrypoints: ['gateway/authz/allow'], signing: { key: key.privatePem, keyId: 'ci' } });
    const b = readBundle(r.bytes);
    const plain = await inspectBundle(b);
    expect(plain.entrypoints).toContain('gateway/authz/allow');
    expect(plain.module?.entrypoints).toContain('gateway/authz/allow');
    expect(plain.module?.abiVersion).toMatch(/^1\.\d$/);
    expect(plain.builtins.length).toBeGreaterThan(0);
    expect(plain.files.find((f) => f.name === 'policy.wasm')?.size).toBe(b.wasm!.length);
    expect(plain.signature).toMatchObject({ status: 'present', alg: 'EdDSA', kid: 'ci', count: 1 });
    const good = await inspectBundle(b, { keys: await loadVerificationKeys(key.publicPem) });
    expect(good.signature.status).toBe('verified');
    const bad = await inspectBundle(b, { keys: await loadVerificationKeys(edKey().publicPem) });
    expect(bad.signature).toMatchObject({ status: 'invalid', error: { code: 'bad_signature' } });
  });

  it('inspect survives hostile modules: garbage bytes, and an export that never returns', async () => {
    expect((await probeModule(new Uint8Array([1, 2, 3]))).error).toMatch(/cannot read the wasm module/);
    // (func (export "entrypoints") (result i32) loop br 0 end unreachable)
    const spin = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
      0x03, 0x02, 0x01, 0x00,
      0x07, 0x0f, 0x01, 0x0b, ...new TextEncoder().encode('entrypoints'), 0x00, 0x00,
      0x0a, 0x0a, 0x01, 0x08, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x00, 0x0b,
    ]);
    const started = performance.now();
    expect((await probeModule(spin, 300)).error).toMatch(/no answer within 300 ms/);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
