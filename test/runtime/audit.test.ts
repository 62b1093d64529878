// Audit trail: one chained record per decision, handed over before decide()
// returns; signed checkpoints; and verification that catches every kind of
// tampering, including a cut after the last checkpoint.

import { describe, expect, it, vi } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVerificationKeys } from '../../src/bundle/keys.js';
import { AuditLog, MemoryLineWriter, canonicalJson, createEnforcer, createFileAuditLog, verifyAuditLog, type DecisionRecord } from '../../src/runtime/index.js';
import { entryHash, GENESIS } from '../../src/runtime/audit.js';
import { runCli } from '../../src/cli/program.js';
import { buildBundle, ecKeyPair } from './kit.js';

const keys = ecKeyPair();
const auditKeys = ecKeyPair();
const stranger = ecKeyPair();
const REGO = 'package t\nimport rego.v1\ndefault allow := false\nallow if input.user == "alice"\nreasons contains "not alice" if input.user != "alice"\n';
const bundle = buildBundle({ rego: { 't.rego': REGO }, entrypoints: ['t/allow', 't/reasons'], sign: { key: keys.privatePem }, revision: 'r42' });

/** Decide `n` times through an enforcer auditing to memory; returns the log's lines. */
async function auditedRun(n: number, checkpointEvery = 10, settle = false): Promise<string[]> {
  const out = new MemoryLineWriter();
  const audit = new AuditLog({ out, signingKey: auditKeys.privatePem, keyId: 'audit-1', checkpointEvery });
  const enforcer = await createEnforcer({ bundle: await bundle, keys: keys.publicPem, audit });
  for (let i = 0; i < n; i++) {
    enforcer.decide({ user: i % 3 ? 'alice' : 'bob', request: { method: 'POST', route: '/v1/chat' }, i });
    // Let checkpoint signing (asynchronous) land between some decisions.
    if (settle) await audit.flush();
    else if (i % 7 === 0) await new Promise((r) => setImmediate(r));
  }
  await enforcer.close();
  return out.lines;
}

async function verify(lines: string[], opts = {}) {
  return verifyAuditLog(lines.map((l) => `${l}\n`).join(''), await loadVerificationKeys(auditKeys.publicPem), opts);
}

/** Re-hash and re-chain every entry from `from` on, as a forger without the signing key would. */
function rechain(lines: string[], from: number): string[] {
  const out = [...lines];
  let prev = from === 0 ? GENESIS : (JSON.parse(out[from - 1]) as { hash: string }).hash;
  for (let i = from; i < out.length; i++) {
    const e = JSON.parse(out[i]) as Record<string, unknown>;
    e.prev = prev;
    e.hash = entryHash(e);
    prev = e.hash as string;
    out[i] = JSON.stringify(e);
  }
  return out;
}

const entries = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const codes = (r: { problems: { code: string }[] }) => [...new Set(r.problems.map((p) => p.code))].sort();

describe('audit records', () => {
  it('hands one record per decision to the sink before decide returns, with identity, request, result, reasons and policy', async () => {
    const seen: DecisionRecord[] = [];
    const enforcer = await createEnforcer({ bundle: await bundle, keys: keys.publicPem, audit: { write: (r) => seen.push(r) } });
    const input = { user: 'bob', request: { method: 'GET', route: '/v1/models' }, context: { classification: 'internal' } };
    const d = enforcer.decide(input);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({
      kind: 'decision',
      decisionId: d.decisionId,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      identity: input,
      request: input.request,
      result: { allow: false },
      reasons: ['not alice'],
      policy: { revision: 'r42', digest: d.policy.digest },
    });
  });

  it('records refusals made before the policy runs through enforcer.refuse(), in the same sink and shape', async () => {
    const seen: DecisionRecord[] = [];
    const enforcer = await createEnforcer({ bundle: await bundle, keys: keys.publicPem, audit: { write: (r) => seen.push(r) } });
    const expired = enforcer.refuse('expired', { message: 'delegation token expired', request: { method: 'GET', route: '/v1/models' } });
    const malformed = enforcer.refuse('malformed_request', { stage: 'request', message: 'path must not contain . or .. segments', request: { method: 'GET', target: '/a/../b' } });
    expect(expired).toMatchObject({ allow: false, reasons: ['identity: expired: delegation token expired'], policy: { revision: 'r42' } });
    expect(malformed.reasons).toEqual(['request: path must not contain . or .. segments']);
    expect(seen).toEqual([
      { kind: 'decision', decisionId: expired.decisionId, time: expect.any(String), identity: null, request: { method: 'GET', route: '/v1/models' }, result: { allow: false }, reasons: expired.reasons, policy: expired.policy },
      { kind: 'decision', decisionId: malformed.decisionId, time: expect.any(String), identity: null, request: { method: 'GET', target: '/a/../b' }, result: { allow: false }, reasons: malformed.reasons, policy: malformed.policy },
    ]);
    expect(enforcer.status()).toMatchObject({ decisions: 0, refusals: 2 });
  });

  it('reports a refusal or decision the sink cannot record, without throwing', async () => {
    const enforcer = await createEnforcer({ bundle: await bundle, keys: keys.publicPem, audit: { write: () => { throw new Error('disk full'); } } });
    expect(enforcer.refuse('revoked')).toMatchObject({ allow: false, reasons: ['identity: revoked: revoked', 'audit: disk full'], auditError: 'disk full' });
    expect(enforcer.decide({ user: 'alice' })).toMatchObject({ allow: false, auditError: 'disk full' });
    const hostile = new Proxy({}, { get: () => { throw new Error('no'); } });
    expect(() => enforcer.refuse('expired', hostile)).not.toThrow();
  });

  it('chains every entry and signs checkpoints every N decisions and on close', async () => {
    const lines = await auditedRun(35, 10, true);
    const es = entries(lines);
    expect(es.filter((e) => e.kind === 'decision')).toHaveLength(35);
    const cps = es.filter((e) => e.kind === 'checkpoint');
    expect(cps.map((c) => (c.covers as { seq: number }).seq)).toEqual([9, 20, 31, 37]);
    expect(cps[cps.length - 1]).toMatchObject({ final: true, covers: { seq: es.length - 2 } });
    es.forEach((e, i) => expect(e.seq).toBe(i));
    const report = await verify(lines);
    expect(report).toMatchObject({ ok: true, decisions: 35, sealed: true, uncovered: 0, problems: [] });
  });

  it('uses canonical JSON (sorted keys) for hashing, so key order in the file does not matter', async () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], u: undefined })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    // Same text as JSON.stringify of a key-sorted copy, and stable through JSON.parse.
    const sortedCopy = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sortedCopy) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedCopy((v as Record<string, unknown>)[k])])) : v;
    const samples: unknown[] = [
      { 'é': 'ü✓', '\u0000': 'a\nb"c\\', z: [1, -0, 1e21, 1.5e-7, NaN, Infinity, null, undefined, () => 1], lone: '\ud800x', pair: '😀', when: new Date(0) },
      [[], {}, '', 'plain', { b: { d: 1, c: [true, false] }, a: 'x' }],
      'top', 42, null,
    ];
    for (const v of samples) {
      const c = canonicalJson(v);
      expect(c).toBe(JSON.stringify(sortedCopy(JSON.parse(JSON.stringify(v)))));
      expect(canonicalJson(JSON.parse(c))).toBe(c);
    }
    const lines = await auditedRun(5);
    const reordered = lines.map((l) => {
      const e = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(Object.fromEntries(Object.entries(e).reverse()));
    });
    expect((await verify(reordered)).ok).toBe(true);
  });
});

describe('audit verification catches tampering', () => {
  const run = auditedRun(40, 10, true); // settled: checkpoints land at fixed places even on a loaded machine

  it('an edited record', async () => {
    const lines = await run;
    const i = entries(lines).findIndex((e) => e.kind === 'decision' && (e.result as { allow: boolean }).allow === false);
    const edited = [...lines];
    edited[i] = edited[i].replace('"allow":false', '"allow":true');
    const r = await verify(edited);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ line: i + 1, code: 'edited' })]);
  });

  it('an edited record whose hashes were all recomputed (caught by the next checkpoint)', async () => {
    const lines = await run;
    const edited = [...lines];
    const e = JSON.parse(edited[3]) as { identity: { user: string } };
    e.identity.user = 'mallory';
    edited[3] = JSON.stringify(e);
    const r = await verify(rechain(edited, 3));
    // Every later checkpoint signed the original hashes, so none verifies and nothing is sealed.
    expect(codes(r)).toEqual(['checkpoint', 'unsealed']);
    expect(r.lastCheckpoint).toBeUndefined();
  });

  it('a dropped record', async () => {
    const lines = await run;
    const r = await verify([...lines.slice(0, 5), ...lines.slice(6)]);
    expect(codes(r)).toEqual(['chain', 'sequence']);
    expect(r.problems[0]).toMatchObject({ line: 6, message: expect.stringMatching(/1 entry missing/) });
  });

  it('re-ordered records', async () => {
    const lines = await run;
    const swapped = [...lines];
    [swapped[4], swapped[5]] = [swapped[5], swapped[4]];
    expect(codes(await verify(swapped))).toEqual(['chain', 'sequence']);
  });

  it('an inserted record, even a well-formed copy', async () => {
    const lines = await run;
    const r = await verify([...lines.slice(0, 8), lines[2], ...lines.slice(8)]);
    expect(codes(r)).toEqual(['chain', 'sequence']);
  });

  it('a checkpoint whose signature was altered or made with another key', async () => {
    const lines = await run;
    const i = entries(lines).findIndex((e) => e.kind === 'checkpoint');
    const cp = JSON.parse(lines[i]) as { jws: string };
    const [h, p, s] = cp.jws.split('.');
    const flipped = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    const forged = [...lines];
    forged[i] = JSON.stringify({ ...cp, jws: flipped });
    const r0 = await verify(forged);
    expect(r0.problems).toContainEqual(expect.objectContaining({ line: i + 1, code: 'signature', message: expect.stringMatching(/does not verify/) }));
    // Verifying with a key that did not sign fails every checkpoint.
    const r = await verifyAuditLog(lines.join('\n') + '\n', await loadVerificationKeys(stranger.publicPem));
    expect(codes(r)).toEqual(['signature', 'unsealed']);
  });

  it('a tail cut after the last checkpoint, and a torn last line', async () => {
    const lines = await run;
    const es = entries(lines);
    // Cut two decisions after the first checkpoint (checkpoints land asynchronously, so look for them).
    let end = es.findIndex((e) => e.kind === 'checkpoint') + 1;
    while (!(es[end].kind === 'decision' && es[end + 1].kind === 'decision')) end++;
    const cut = lines.slice(0, end + 2);
    const kept = entries(cut);
    // Unsigned: the decisions after the entry the last kept checkpoint covers.
    const covered = (kept[kept.map((e) => e.kind).lastIndexOf('checkpoint')].covers as { seq: number }).seq;
    const unsigned = kept.filter((e) => e.kind === 'decision' && (e.seq as number) > covered).length;
    expect(unsigned).toBeGreaterThanOrEqual(2);
    const r = await verify(cut);
    expect(r).toMatchObject({ ok: false, sealed: false, uncovered: unsigned });
    expect(r.problems).toEqual([expect.objectContaining({ code: 'unsealed', message: expect.stringMatching(new RegExp(`${unsigned} decisions after the last valid checkpoint`)) })]);
    // A live log may be checked with allowUnsealed: the unsigned tail is counted, not failed.
    expect(await verify(cut, { allowUnsealed: true })).toMatchObject({ ok: true, uncovered: unsigned });
    const torn = [...lines.slice(0, -1), lines[lines.length - 1].slice(0, 40)];
    expect(codes(await verify(torn))).toEqual(['malformed', 'unsealed']);
  });
});

describe('the JSON-lines file sink', () => {
  it('appends synchronously, continues the chain when reopened, and survives a torn line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const path = join(dir, 'decisions.jsonl');
    const b = await bundle;
    for (let run = 0; run < 2; run++) {
      const audit = createFileAuditLog(path, { signingKey: auditKeys.privatePem, checkpointEvery: 4 });
      const enforcer = await createEnforcer({ bundle: b, keys: keys.publicPem, audit });
      for (let i = 0; i < 6; i++) {
        const before = readFileSync(path, 'utf8').length;
        enforcer.decide({ user: 'alice', run, i });
        // Written before decide returned.
        expect(readFileSync(path, 'utf8').length).toBeGreaterThan(before);
      }
      await enforcer.close();
    }
    const keysSet = await loadVerificationKeys(auditKeys.publicPem);
    const report = await verifyAuditLog(readFileSync(path, 'utf8'), keysSet);
    expect(report).toMatchObject({ ok: true, decisions: 12, sealed: true });

    // A crash inside a write leaves a torn line; the next run terminates it and chains on.
    appendFileSync(path, '{"kind":"decision","seq":99,"tor');
    const audit = createFileAuditLog(path, { signingKey: auditKeys.privatePem });
    const enforcer = await createEnforcer({ bundle: b, keys: keys.publicPem, audit });
    enforcer.decide({ user: 'alice' });
    await enforcer.close();
    const after = await verifyAuditLog(readFileSync(path, 'utf8'), keysSet);
    expect(after.problems).toEqual([expect.objectContaining({ code: 'malformed' })]);
    expect(after).toMatchObject({ decisions: 13, sealed: true });
  });
});

describe('policy audit verify', () => {
  it('exits 0 for an intact log, 2 for a tampered one, 1 for unreadable input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    const keyFile = join(dir, 'audit.pub.pem');
    writeFileSync(keyFile, auditKeys.publicPem);
    const lines = await auditedRun(12, 5);
    const good = join(dir, 'good.jsonl');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(good, lines.join('\n') + '\n');
    writeFileSync(bad, [...lines.slice(0, 2), ...lines.slice(3)].join('\n') + '\n');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await runCli(['audit', 'verify', good, '--verification-key', keyFile])).toBe(0);
      expect(log.mock.calls.at(-1)?.[0]).toMatch(/^ok: \d+ entries \(12 decisions, \d+ checkpoints\).*sealed$/);
      expect(await runCli(['audit', 'verify', bad, '--verification-key', keyFile])).toBe(2);
      expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/bad\.jsonl:3: sequence: seq 3 where 2 was expected/);
      expect(await runCli(['audit', 'verify', bad, '--verification-key', keyFile, '--json'])).toBe(2);
      expect(JSON.parse(String(log.mock.calls.at(-1)?.[0]))).toMatchObject({ ok: false, decisions: 11 });
      expect(await runCli(['audit', 'verify', join(dir, 'missing.jsonl'), '--verification-key', keyFile])).toBe(1);
      expect(await runCli(['audit', 'verify', good, '--verification-key', join(dir, 'nokey.pem')])).toBe(1);
      expect(await runCli(['audit', 'verify', good])).toBe(1);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });
});
