// Verify an audit log (JSON lines written by AuditLog): every entry's hash,
// the chain of `prev` hashes and `seq` numbers, every checkpoint's JWS and
// that it signs the hash the chain holds at the entry it covers, and whether
// the log ends sealed. Each problem names its line.

import { compactVerify, decodeProtectedHeader } from 'jose';
import type { KeySet } from '../bundle/keys.js';
import { CHECKPOINT_TYPE, GENESIS, entryHash } from './audit.js';

export type AuditProblemCode =
  | 'malformed' // not a JSON entry (a torn line, or garbage)
  | 'edited' // content does not match its own hash
  | 'sequence' // seq out of order: dropped, inserted or re-ordered entries
  | 'chain' // prev is not the previous entry's hash
  | 'signature' // a checkpoint's JWS does not verify with the keys given
  | 'checkpoint' // a checkpoint signs a hash the chain does not hold
  | 'unsealed'; // entries after the last valid checkpoint (truncated tail, or not closed)

export interface AuditProblem {
  line: number;
  code: AuditProblemCode;
  message: string;
}

export interface AuditVerifyReport {
  ok: boolean;
  entries: number;
  decisions: number;
  checkpoints: number;
  /** The last checkpoint that verified: the chain up to `covers` is signed. */
  lastCheckpoint?: { line: number; seq: number; covers: number; final: boolean };
  /** Decisions after the last valid checkpoint (not covered by any signature). */
  uncovered: number;
  sealed: boolean;
  problems: AuditProblem[];
}

export interface AuditVerifyOptions {
  /** Report an unsealed tail without failing (a log that is still being written). */
  allowUnsealed?: boolean;
  /** Only accept checkpoints signed by this key id. */
  keyId?: string;
}

type Entry = Record<string, unknown> & { seq: number; prev: string; hash: string; kind: string };

export async function verifyAuditLog(text: string, keys: KeySet, opts: AuditVerifyOptions = {}): Promise<AuditVerifyReport> {
  const problems: AuditProblem[] = [];
  const report = (line: number, code: AuditProblemCode, message: string) => problems.push({ line, code, message });
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let expectSeq = 0;
  let expectPrev = GENESIS;
  let entries = 0;
  let decisions = 0;
  let checkpoints = 0;
  // Decisions not yet covered by a valid checkpoint.
  let unsigned: number[] = [];
  let lastEntry: { entry: Entry; valid: boolean } | undefined;
  let lastCheckpoint: AuditVerifyReport['lastCheckpoint'];
  // Hashes since the last valid checkpoint's covered entry: all a later checkpoint can cover.
  let recent = new Map<number, string>();

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const entry = parseEntry(raw);
    if (typeof entry === 'string') {
      report(lineNo, 'malformed', entry);
      continue;
    }
    entries++;
    if (entryHash(entry) !== entry.hash) report(lineNo, 'edited', `entry seq ${entry.seq} does not match its hash: its content was changed`);
    if (entry.seq !== expectSeq) {
      const what = entry.seq > expectSeq ? `${entry.seq - expectSeq} entr${entry.seq - expectSeq === 1 ? 'y' : 'ies'} missing (dropped or re-ordered)` : 'an entry was repeated, inserted or re-ordered';
      report(lineNo, 'sequence', `seq ${entry.seq} where ${expectSeq} was expected: ${what}`);
    }
    if (entry.prev !== expectPrev) report(lineNo, 'chain', `prev of seq ${entry.seq} is not the hash of the entry before it: the chain is broken here`);
    expectSeq = entry.seq + 1;
    expectPrev = entry.hash;
    recent.set(entry.seq, entry.hash);
    let valid = true;
    if (entry.kind === 'decision') {
      decisions++;
      unsigned.push(entry.seq);
    } else {
      checkpoints++;
      const problem = await checkCheckpoint(entry, keys, recent, opts.keyId);
      if (problem) {
        valid = false;
        report(lineNo, problem.code, problem.message);
      } else {
        const covers = (entry.covers as { seq: number }).seq;
        lastCheckpoint = { line: lineNo, seq: entry.seq, covers, final: entry.final === true };
        unsigned = unsigned.filter((s) => s > covers);
        recent = new Map([...recent].filter(([s]) => s >= covers));
      }
    }
    lastEntry = { entry, valid };
  }

  const uncovered = unsigned.length;
  const sealed = !!lastEntry && lastEntry.valid && lastEntry.entry.kind === 'checkpoint' && lastEntry.entry.final === true;
  if (!sealed && entries > 0) {
    const after = lastCheckpoint ? `after the last valid checkpoint (line ${lastCheckpoint.line}, covering seq ${lastCheckpoint.covers})` : 'and no checkpoint verified';
    const msg = `log is not sealed: ${uncovered} decision${uncovered === 1 ? '' : 's'} ${after} are covered by no signature; the tail may have been truncated, or the log was not closed`;
    if (!opts.allowUnsealed) report(lines.length, 'unsealed', msg);
  }
  if (entries === 0 && problems.length === 0) report(0, 'malformed', 'the log holds no entries');
  return { ok: problems.length === 0, entries, decisions, checkpoints, lastCheckpoint, uncovered, sealed, problems };
}

function parseEntry(raw: string): Entry | string {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return 'not a complete JSON entry (a torn write or a damaged line)';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const e = v as Record<string, unknown>;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 0) return 'entry without a valid seq';
  if (typeof e.prev !== 'string' || typeof e.hash !== 'string') return 'entry without prev/hash';
  if (e.kind !== 'decision' && e.kind !== 'checkpoint') return `unknown entry kind ${JSON.stringify(e.kind)}`;
  return e as Entry;
}

async function checkCheckpoint(entry: Entry, keys: KeySet, recent: Map<number, string>, keyId?: string): Promise<{ code: AuditProblemCode; message: string } | undefined> {
  const covers = entry.covers as { seq?: unknown; hash?: unknown } | undefined;
  if (typeof entry.jws !== 'string' || !covers || typeof covers.seq !== 'number' || typeof covers.hash !== 'string') {
    return { code: 'checkpoint', message: `checkpoint seq ${entry.seq} lacks covers/jws` };
  }
  let header: { alg?: string; kid?: string; typ?: string };
  try {
    header = decodeProtectedHeader(entry.jws);
  } catch {
    return { code: 'signature', message: `checkpoint seq ${entry.seq}: the JWS is malformed` };
  }
  if (header.typ !== CHECKPOINT_TYPE) return { code: 'signature', message: `checkpoint seq ${entry.seq}: JWS typ is ${JSON.stringify(header.typ)}, not ${CHECKPOINT_TYPE}` };
  if (keyId !== undefined && header.kid !== keyId) return { code: 'signature', message: `checkpoint seq ${entry.seq}: signed by key id ${JSON.stringify(header.kid)}, not ${JSON.stringify(keyId)}` };
  const alg = header.alg ?? '';
  const candidates = keys.keys.filter((k) => k.algorithms.includes(alg) && (k.kid === undefined || header.kid === undefined || k.kid === header.kid));
  let payload: Uint8Array | undefined;
  for (const k of candidates) {
    try {
      payload = (await compactVerify(entry.jws, k.key, { algorithms: [alg] })).payload;
      break;
    } catch {
      // try the next key (rotation)
    }
  }
  if (!payload) {
    const why = candidates.length === 0 ? `no key fits alg ${alg}${header.kid ? ` and kid ${header.kid}` : ''}` : 'the signature does not verify';
    return { code: 'signature', message: `checkpoint seq ${entry.seq}: ${why}` };
  }
  let claims: { seq?: unknown; hash?: unknown };
  try {
    claims = JSON.parse(new TextDecoder().decode(payload)) as typeof claims;
  } catch {
    return { code: 'checkpoint', message: `checkpoint seq ${entry.seq}: signed payload is not JSON` };
  }
  if (claims.seq !== covers.seq || claims.hash !== covers.hash) {
    return { code: 'checkpoint', message: `checkpoint seq ${entry.seq}: its covers field differs from what it signed (seq ${String(claims.seq)})` };
  }
  const held = recent.get(covers.seq);
  if (held !== claims.hash) {
    const what = held === undefined ? 'an entry that is not in the chain before it' : `hash ${claims.hash.slice(0, 12)}… but the chain holds ${held.slice(0, 12)}… there`;
    return { code: 'checkpoint', message: `checkpoint seq ${entry.seq} signs seq ${covers.seq} with ${what}: entries up to it were altered` };
  }
  return undefined;
}
