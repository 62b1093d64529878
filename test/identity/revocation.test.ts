// The revocation list: loaded from a URL or file, reloaded on its interval,
// kept through a failed reload until maxStale, and refusing every identity
// when it cannot be trusted.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIdentity, revocationList } from '../../src/runtime/identity/index.js';
import { NOW_MS, PLANNER, jsonServer, world } from './kit.js';

const closers: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('revocation list', () => {
  it('a revocation published at the URL takes effect on the next reload', async () => {
    let doc: object = { jti: [], agents: [] };
    const server = await jsonServer(() => ({ body: doc }));
    closers.push(server.close);
    const clock = { ms: NOW_MS };
    const revocations = revocationList(`${server.url}/revoked.json`, { intervalMs: 60_000, now: () => clock.ms });
    closers.push(() => revocations.close());
    const w = await world(clock);
    const options = w.options({ revocations });
    expect((await buildIdentity(await w.headers(), options)).ok).toBe(true);
    doc = { agents: [PLANNER] };
    await revocations.refresh(); // what the interval timer does
    expect(await buildIdentity(await w.headers(), options)).toMatchObject({ ok: false, code: 'revoked' });
    expect(revocations.loads).toBe(2);
  });

  it('reloads on its interval timer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'revoked-'));
    const path = join(dir, 'revoked.json');
    writeFileSync(path, JSON.stringify({ jti: [] }));
    const revocations = revocationList(path, { intervalMs: 50 });
    closers.push(() => revocations.close());
    await revocations.ready();
    writeFileSync(path, JSON.stringify({ jti: ['dlg-1'] }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(revocations.loads).toBeGreaterThanOrEqual(2);
    expect(() => revocations.check('dlg-1', [])).toThrow(/revoked/);
  });

  it('keeps the last good list through failed reloads, then fails closed after maxStale', async () => {
    let status = 200;
    const server = await jsonServer(() => ({ status, body: status === 200 ? { jti: [] } : { error: 'down' } }));
    closers.push(server.close);
    const clock = { ms: NOW_MS };
    const revocations = revocationList(`${server.url}/revoked.json`, { intervalMs: 60_000, maxStaleMs: 180_000, now: () => clock.ms });
    closers.push(() => revocations.close());
    const w = await world(clock);
    const options = w.options({ revocations });
    expect((await buildIdentity(await w.headers(), options)).ok).toBe(true);
    status = 500;
    clock.ms += 120_000;
    await revocations.refresh();
    expect((await buildIdentity(await w.headers(), options)).ok).toBe(true);
    clock.ms += 120_000;
    await revocations.refresh();
    expect(await buildIdentity(await w.headers(), options)).toMatchObject({ ok: false, code: 'revocation_unavailable' });
  });

  it('an unreachable or invalid list refuses every identity', async () => {
    const w = await world();
    const missing = revocationList('/nonexistent/revoked.json');
    closers.push(() => missing.close());
    expect(await buildIdentity(await w.headers(), w.options({ revocations: missing }))).toMatchObject({ ok: false, code: 'revocation_unavailable' });
    const invalid = revocationList({ jti: 'dlg-1' } as never);
    expect(await buildIdentity(await w.headers(), w.options({ revocations: invalid }))).toMatchObject({ ok: false, code: 'revocation_unavailable' });
  });
});
