// Hot reload against a real HTTP server on loopback: a good new bundle is
// swapped in between decisions; an unchanged one is a 304; a bundle that is
// badly signed, corrupt, or does not load leaves the running one in place and
// is reported.

import { afterEach, describe, expect, it } from 'vitest';
import { createEnforcer, type Enforcer, type ReloadFailure, type ReloadInfo } from '../../src/runtime/index.js';
import { buildBundle, ecKeyPair, startBundleServer, type BundleServer } from './kit.js';

const keys = ecKeyPair();
const stranger = ecKeyPair();

const policy = (user: string) => `package t\nimport rego.v1\ndefault allow := false\nallow if input.user == "${user}"\n`;
const bundleFor = (user: string, revision: string, key = keys.privatePem) =>
  buildBundle({ rego: { 't.rego': policy(user) }, entrypoints: ['t/allow'], revision, sign: { key } });

let server: BundleServer | undefined;
let enforcer: Enforcer | undefined;
afterEach(async () => {
  await enforcer?.close();
  await server?.close();
  enforcer = undefined;
  server = undefined;
});

async function setup() {
  const v1 = await bundleFor('alice', 'v1');
  server = await startBundleServer(v1);
  enforcer = await createEnforcer({ bundle: server.url, keys: keys.publicPem });
  const reloads: ReloadInfo[] = [];
  const errors: ReloadFailure[] = [];
  const watcher = enforcer.watch(server.url, { interval: 60_000, immediate: false, onReload: (i) => reloads.push(i), onError: (e) => errors.push(e) });
  return { server, enforcer, watcher, reloads, errors };
}

describe('enforcer.watch', () => {
  it('sends the ETag back and treats 304 as unchanged', async () => {
    const { server, enforcer, watcher, reloads } = await setup();
    expect(await watcher.poll()).toMatchObject({ status: 'unchanged' }); // same digest as the one loaded at start
    expect(await watcher.poll()).toEqual({ status: 'unchanged' });
    expect(server.requests.map((r) => [r.ifNoneMatch, r.status])).toEqual([
      [undefined, 200], // createEnforcer's own download
      [undefined, 200],
      ['"v1"', 304],
    ]);
    expect(reloads).toEqual([]);
    expect(enforcer.status()).toMatchObject({ revision: 'v1', reloads: 0, watch: { url: server.url, etag: '"v1"' } });
  });

  it('swaps in a good new bundle between decisions', async () => {
    const { server, enforcer, watcher, reloads } = await setup();
    expect(enforcer.decide({ user: 'alice' }).allow).toBe(true);
    server.bundle = await bundleFor('bob', 'v2');
    const outcome = await watcher.poll();
    expect(outcome).toMatchObject({ status: 'updated', info: { revision: 'v2', etag: '"v2"' } });
    expect(reloads).toHaveLength(1);
    const d = enforcer.decide({ user: 'bob' });
    expect(d).toMatchObject({ allow: true, policy: { revision: 'v2' } });
    expect(enforcer.decide({ user: 'alice' }).allow).toBe(false);
    expect(enforcer.status()).toMatchObject({ revision: 'v2', reloads: 1 });
  });

  it('keeps the running bundle when the new one is signed by an unknown key, corrupt, or unloadable', async () => {
    const { server, enforcer, watcher, errors } = await setup();
    const bad: [string, Uint8Array, RegExp][] = [
      ['foreign signature', await bundleFor('mallory', 'evil', stranger.privatePem), /signature/],
      ['corrupt gzip', new TextEncoder().encode('this is not a bundle at all, just text'), /gzip/],
      ['unsigned', await buildBundle({ rego: { 't.rego': policy('mallory') }, entrypoints: ['t/allow'], revision: 'unsigned' }), /not signed/],
      ['truncated', (await bundleFor('mallory', 'cut')).slice(0, 200), /truncated|corrupt|gzip/],
    ];
    for (const [what, bytes, why] of bad) {
      server.bundle = bytes;
      const outcome = await watcher.poll();
      expect(outcome.status, what).toBe('failed');
      expect(errors.at(-1)?.message, what).toMatch(why);
      expect(enforcer.decide({ user: 'alice' }), what).toMatchObject({ allow: true, policy: { revision: 'v1' } });
      expect(enforcer.decide({ user: 'mallory' }).allow, what).toBe(false);
    }
    expect(enforcer.status()).toMatchObject({ revision: 'v1', reloads: 0, lastError: { message: expect.stringMatching(/refused, keeping the current one/) } });
    // A good bundle afterwards still goes in.
    server.bundle = await bundleFor('carol', 'v3');
    expect(await watcher.poll()).toMatchObject({ status: 'updated' });
    expect(enforcer.decide({ user: 'carol' }).allow).toBe(true);
  });

  it('reports HTTP errors and an unreachable server without touching the running bundle', async () => {
    const { server, enforcer, watcher } = await setup();
    server.status = 500;
    expect(await watcher.poll()).toMatchObject({ status: 'failed', error: { code: 'http', message: expect.stringMatching(/HTTP 500/) } });
    await server.close();
    expect(await watcher.poll()).toMatchObject({ status: 'failed', error: { code: 'network' } });
    expect(enforcer.decide({ user: 'alice' }).allow).toBe(true);
  });

  it('polls on its own on the interval', async () => {
    const v1 = await bundleFor('alice', 'v1');
    server = await startBundleServer(v1);
    enforcer = await createEnforcer({ bundle: v1, keys: keys.publicPem });
    server.bundle = await bundleFor('dave', 'v2');
    const reloaded = new Promise<ReloadInfo>((resolve) => enforcer!.watch(server!.url, { interval: 50, onReload: resolve }));
    expect((await reloaded).revision).toBe('v2');
    expect(enforcer.decide({ user: 'dave' }).allow).toBe(true);
    // Later polls send the ETag and get 304s (wait for one; loaded machines are slow).
    for (let waited = 0; waited < 5000 && !server.requests.some((r) => r.status === 304); waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(server.requests.filter((r) => r.status === 304).length).toBeGreaterThan(0);
  });
});
