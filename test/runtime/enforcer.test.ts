import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEnforcer, EnforcerError } from '../../src/runtime/index.js';
import { runCli } from '../../src/cli/program.js';
import { buildBundle, ecKeyPair, gatewayExamples, gatewaySpec } from './kit.js';

const keys = ecKeyPair();
const other = ecKeyPair();
const signed = buildBundle(gatewaySpec({ key: keys.privatePem }));

describe('createEnforcer on the example gateway bundle', () => {
  it('decides every shipped example as its file name says, with the policy\'s reasons on denials', async () => {
    const enforcer = await createEnforcer({ bundle: await signed, keys: keys.publicPem });
    for (const { name, input } of gatewayExamples()) {
      const d = enforcer.decide(input);
      expect(d.allow, name).toBe(name.startsWith('allow-'));
      if (d.allow) expect(d.reasons, name).toEqual([]);
      else expect(d.reasons.length, name).toBeGreaterThan(0);
      expect(d.decisionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(d.policy).toEqual({ revision: 'test-1', digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    expect(enforcer.status()).toMatchObject({ entrypoint: 'gateway/authz/allow', schema: 'gateway/identity.schema.json', signature: { alg: 'ES256' }, mode: 'fast' });
  });

  it('works from a bundle written by `policy build --signing-key`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enforcer-build-'));
    const keyFile = join(dir, 'signing.pem');
    writeFileSync(keyFile, keys.privatePem);
    const out = join(dir, 'gateway.tar.gz');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await runCli(['build', 'policies', '-e', 'gateway/authz/allow', '-e', 'gateway/authz/reasons', '-o', out, '-r', 'built-1', '--signing-key', keyFile])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const enforcer = await createEnforcer({ bundle: out, keys: keys.publicPem });
    for (const { name, input } of gatewayExamples()) expect(enforcer.decide(input).allow, name).toBe(name.startsWith('allow-'));
    expect(enforcer.status()).toMatchObject({ revision: 'built-1', schema: 'gateway/identity.schema.json', entrypoint: 'gateway/authz/allow' });
  });

  it('loads the bundle from a path and a file: URL as well as bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enforcer-'));
    const path = join(dir, 'gateway.tar.gz');
    writeFileSync(path, await signed);
    const byPath = await createEnforcer({ bundle: path, keys: keys.publicPem });
    const byUrl = await createEnforcer({ bundle: pathToFileURL(path), keys: keys.publicPem });
    const { input } = gatewayExamples().find((e) => e.name.startsWith('allow-'))!;
    expect(byPath.decide(input).allow).toBe(true);
    expect(byUrl.decide(input).allow).toBe(true);
    expect(byPath.status().source).toBe(path);
  });
});

describe('signatures are required', () => {
  it('refuses to start without keys unless allowUnsigned is explicit', async () => {
    await expect(createEnforcer({ bundle: await signed })).rejects.toMatchObject({ code: 'no_keys' });
    const unsigned = await buildBundle(gatewaySpec());
    await expect(createEnforcer({ bundle: unsigned, keys: keys.publicPem })).rejects.toMatchObject({ code: 'missing_signature' });
    const dev = await createEnforcer({ bundle: unsigned, allowUnsigned: true });
    expect(dev.status().signature).toBeUndefined();
  });

  it('rejects a bundle signed by another key, and a signed bundle when allowUnsigned has no keys to check it', async () => {
    const err = await createEnforcer({ bundle: await signed, keys: other.publicPem }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnforcerError);
    expect((err as Error).message).toMatch(/signature/);
    await expect(createEnforcer({ bundle: await signed, allowUnsigned: true })).rejects.toMatchObject({ code: 'no_keys' });
  });

  it('rejects a corrupt bundle and a missing file with clear errors', async () => {
    const bytes = (await signed).slice();
    bytes[bytes.length - 20] ^= 0xff;
    await expect(createEnforcer({ bundle: bytes, keys: keys.publicPem })).rejects.toBeInstanceOf(EnforcerError);
    await expect(createEnforcer({ bundle: '/nonexistent/bundle.tar.gz', keys: keys.publicPem })).rejects.toMatchObject({ code: 'bundle_unreadable' });
  });

  it('runs checkBundle on every bundle: a refused one fails the load, and a reload keeps the running one', async () => {
    const needsRoutes = (b: { data: unknown }) => {
      if (!(b.data as { gateway?: { route_table?: unknown } }).gateway?.route_table) throw new Error('no route table');
    };
    const bare = await buildBundle({ ...gatewaySpec({ key: keys.privatePem }), data: { gateway: {} }, revision: 'bare' });
    await expect(createEnforcer({ bundle: bare, keys: keys.publicPem, checkBundle: needsRoutes })).rejects.toMatchObject({ code: 'bundle_rejected', message: 'no route table' });
    const enforcer = await createEnforcer({ bundle: await signed, keys: keys.publicPem, checkBundle: needsRoutes });
    expect(Object.keys((enforcer.bundleData() as { gateway: { route_table: object } }).gateway.route_table)).toContain('/v1/chat/completions');
    const running = enforcer.policy;
    await expect(enforcer.reload(bare)).rejects.toMatchObject({ code: 'bundle_rejected' });
    expect(enforcer.policy).toBe(running);
    expect(enforcer.status().lastError).toMatchObject({ code: 'bundle_rejected' });
  });

  it('names the module\'s entrypoints when the one asked for is absent', async () => {
    await expect(createEnforcer({ bundle: await signed, keys: keys.publicPem, entrypoint: 'gateway/authz/nope' })).rejects.toThrow(
      /gateway\/authz\/nope is not in policy.wasm \(it has gateway\/authz\/allow, gateway\/authz\/decision, gateway\/authz\/reasons\)/,
    );
  });
});
