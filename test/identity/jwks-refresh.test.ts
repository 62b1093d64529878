// The key set cache: loaded from a URL or file, reloaded when a token names an
// unknown kid (key rotation), at most once per cooldown, and distrusted when
// reloads keep failing past maxStale.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIdentity, jwksSource, type JwksSourceOptions } from '../../src/runtime/identity/index.js';
import { AUDIENCE, ISSUER, NOW_MS, delegationClaims, jsonServer, jwks, sign, signingKey, world, type SigningKey } from './kit.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A JWKS server whose published keys the test can rotate. */
async function keyServer(initial: SigningKey[]) {
  let published = initial;
  let failing = false;
  const server = await jsonServer(() => (failing ? { status: 503, body: { error: 'down' } } : { body: jwks(...published) }));
  closers.push(server.close);
  return {
    url: `${server.url}/jwks.json`,
    fetches: () => server.hits.get('/jwks.json') ?? 0,
    publish: (keys: SigningKey[]) => (published = keys),
    fail: (on: boolean) => (failing = on),
  };
}

async function decideWith(keysUrl: string | URL, token: string, clock: { ms: number }, opts: JwksSourceOptions = {}) {
  const w = await world(clock);
  const keys = jwksSource(keysUrl, { ...opts, now: () => clock.ms });
  const options = w.options({ delegation: { keys, issuer: ISSUER, audience: AUDIENCE } });
  return { keys, w, options, run: async (t = token) => buildIdentity(await w.headers({ token: t }), options) };
}

describe('JWKS from a URL', () => {
  it('loads once and serves later tokens from the cache', async () => {
    const k1 = await signingKey('ES256', 'k1');
    const server = await keyServer([k1]);
    const clock = { ms: NOW_MS };
    const { run } = await decideWith(server.url, await sign(k1, delegationClaims()), clock);
    for (let i = 0; i < 5; i++) expect((await run()).ok).toBe(true);
    expect(server.fetches()).toBe(1);
  });

  it('reloads on an unknown kid, so a rotated key works without a restart', async () => {
    const k1 = await signingKey('ES256', 'k1');
    const k2 = await signingKey('ES256', 'k2');
    const server = await keyServer([k1]);
    const clock = { ms: NOW_MS };
    const { run } = await decideWith(server.url, await sign(k1, delegationClaims()), clock, { cooldownMs: 30_000 });
    expect((await run()).ok).toBe(true);
    server.publish([k1, k2]);
    clock.ms += 31_000;
    const rotated = await run(await sign(k2, delegationClaims()));
    expect(rotated.ok).toBe(true);
    expect(server.fetches()).toBe(2);
  });

  it('rate-limits reloads: a flood of made-up kids costs one fetch per cooldown', async () => {
    const k1 = await signingKey('ES256', 'k1');
    const server = await keyServer([k1]);
    const clock = { ms: NOW_MS };
    const { run } = await decideWith(server.url, await sign(k1, delegationClaims()), clock, { cooldownMs: 30_000 });
    expect((await run()).ok).toBe(true);
    const results = [];
    for (let i = 0; i < 20; i++) {
      const stranger = await signingKey('ES256', `made-up-${i}`);
      clock.ms += 1_000;
      results.push(await run(await sign(stranger, delegationClaims())));
    }
    expect(results.every((r) => !r.ok && r.code === 'unknown_key')).toBe(true);
    // 20 s of unknown kids inside one 30 s cooldown: no reload at all beyond the first load.
    expect(server.fetches()).toBe(1);
    clock.ms += 30_000;
    const stranger = await signingKey('ES256', 'made-up-late');
    expect(await run(await sign(stranger, delegationClaims()))).toMatchObject({ ok: false, code: 'unknown_key' });
    expect(server.fetches()).toBe(2);
  });

  it('concurrent requests with a new kid share one reload', async () => {
    const k1 = await signingKey('ES256', 'k1');
    const k2 = await signingKey('ES256', 'k2');
    const server = await keyServer([k1]);
    const clock = { ms: NOW_MS };
    const { keys, w, options, run } = await decideWith(server.url, await sign(k1, delegationClaims()), clock);
    expect((await run()).ok).toBe(true);
    server.publish([k1, k2]);
    clock.ms += 60_000;
    const token = await sign(k2, delegationClaims());
    // Each request sees a later clock, as in a real server; all join the one reload.
    const requests = await Promise.all(Array.from({ length: 10 }, () => w.headers({ token })));
    const all = await Promise.all(requests.map((headers) => ((clock.ms += 10), buildIdentity(headers, options))));
    expect(all.every((r) => r.ok)).toBe(true);
    expect(keys.loads).toBe(2);
  });

  it('keys_unavailable when the key set cannot be loaded; stale keys stop counting after maxStale', async () => {
    const k1 = await signingKey('ES256', 'k1');
    const server = await keyServer([k1]);
    server.fail(true);
    const clock = { ms: NOW_MS };
    const { run } = await decideWith(server.url, await sign(k1, delegationClaims()), clock, { cooldownMs: 1_000, maxAgeMs: 60_000, maxStaleMs: 120_000 });
    expect(await run()).toMatchObject({ ok: false, code: 'keys_unavailable' });
    server.fail(false);
    clock.ms += 2_000;
    expect((await run()).ok).toBe(true);
    server.fail(true);
    clock.ms += 90_000; // past maxAge: a reload is tried, fails, the set is still fresh enough
    expect((await run()).ok).toBe(true);
    clock.ms += 60_000; // past maxStale with every reload failing
    expect(await run()).toMatchObject({ ok: false, code: 'keys_unavailable' });
  });
});

describe('JWKS from a file', () => {
  it('reloads the file on an unknown kid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    const path = join(dir, 'jwks.json');
    const k1 = await signingKey('ES256', 'k1');
    const k2 = await signingKey('ES256', 'k2');
    writeFileSync(path, JSON.stringify(jwks(k1)));
    const clock = { ms: NOW_MS };
    const { keys, run } = await decideWith(path, await sign(k1, delegationClaims()), clock, { cooldownMs: 5_000 });
    expect((await run()).ok).toBe(true);
    writeFileSync(path, JSON.stringify(jwks(k2)));
    clock.ms += 6_000;
    expect((await run(await sign(k2, delegationClaims()))).ok).toBe(true);
    expect(keys.loads).toBe(2);
  });
});
