// Audit trail: one record per decision, hash-chained, with signed checkpoints.
//
// Every entry carries `seq` (0, 1, 2, …), `prev` (the previous entry's hash;
// GENESIS for the first) and `hash` = sha256 of the entry's canonical JSON
// without `hash`. Editing, dropping, inserting or re-ordering an entry breaks
// the chain. Every `checkpointEvery` decisions (and on close) a checkpoint
// entry signs the head of the chain as a compact JWS (jose); an edit that
// recomputes every later hash still fails against the next checkpoint. The
// checkpoint is itself chained in where it lands: signing is asynchronous, so
// a few decisions may come between the head it covers and the checkpoint.
// On close, a final checkpoint seals the log; a log whose last entry is not a
// final checkpoint has an unsealed (possibly truncated) tail, and
// `policy audit verify` says so.

import { createHash } from 'node:crypto';
import { CompactSign } from 'jose';
import { loadSigningKey, type SigningOptions } from '../bundle/sign.js';

export const GENESIS = '0'.repeat(64);
export const CHECKPOINT_TYPE = 'audit-checkpoint+jws';

/** What the enforcer hands the sink: one per decision, before decide() returns. */
export interface DecisionRecord {
  kind: 'decision';
  decisionId: string;
  /** ISO 8601 time of the decision. */
  time: string;
  /** The identity object (the decision's input) verbatim. */
  identity: unknown;
  /** The request part of the input (input.request), when present. */
  request?: unknown;
  result: { allow: boolean };
  reasons: string[];
  policy: { revision?: string; digest: string };
}

export interface AuditSink {
  /** Must not return before the record is on its way (it is part of the decision). Throwing denies the decision. */
  write(record: DecisionRecord): void;
  /** Flush, seal and release. */
  close?(): Promise<void>;
}

/** Chain fields every entry carries. */
export interface ChainFields {
  seq: number;
  prev: string;
  hash: string;
}

export interface CheckpointEntry extends ChainFields {
  kind: 'checkpoint';
  time: string;
  /** The entry whose hash the JWS signs (everything up to it is covered). */
  covers: { seq: number; hash: string };
  /** Compact JWS over {seq, hash, count, iat}. */
  jws: string;
  /** Written on close: nothing follows. */
  final?: boolean;
}

export type AuditEntry = (DecisionRecord & ChainFields) | CheckpointEntry;

/**
 * Sorted keys, no whitespace; scalars as JSON.stringify writes them, and the
 * same omissions (undefined, functions, symbols) and toJSON, so that
 * JSON.parse → canonicalJson gives back the text that was hashed. Written as
 * one string builder: this runs inside every audited decision.
 */
export function canonicalJson(v: unknown): string {
  const out = write(v);
  return out === undefined ? 'null' : out;
}

// Strings that JSON writes as-is between quotes (the common case).
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
const quote = (s: string): string => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

// Object keys repeat from decision to decision (the identity object has a schema).
const quotedKeys = new Map<string, string>();
function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = quote(k);
    if (quotedKeys.size < 4096) quotedKeys.set(k, q);
  }
  return q;
}

function write(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object': {
      if (v === null) return 'null';
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return write((v as { toJSON(): unknown }).toJSON());
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (write(v[i]) ?? 'null');
        return s + ']';
      }
      const keys = Object.keys(v).sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        const w = write((v as Record<string, unknown>)[k]);
        if (w === undefined) continue;
        s += (first ? '' : ',') + quoteKey(k) + ':' + w;
        first = false;
      }
      return s + '}';
    }
    default:
      return undefined; // undefined, functions, symbols: omitted like JSON.stringify does
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash an entry must carry: over its canonical JSON without `hash`. */
export function entryHash(entry: Record<string, unknown>): string {
  const { hash: _omit, ...rest } = entry;
  return sha256Hex(canonicalJson(rest));
}

/** Where chained lines go (the JSON-lines file sink, or memory in tests). */
export interface LineWriter {
  writeLine(line: string): void;
  /** Make what was written durable (fsync); called after each checkpoint and on close. */
  sync?(): void;
  close?(): void;
  /** The last complete line already present (to continue the chain of an existing log). */
  lastLine?(): string | undefined;
}

/** A private key (PEM text or file, JWK text, KeyObject) or an HMAC secret, as bundle signing takes it. */
export type SigningKeySource = SigningOptions['key'];

export interface AuditLogOptions {
  out: LineWriter;
  /** Signs checkpoints (same forms as bundle signing keys); without it no checkpoints are written. */
  signingKey?: SigningKeySource;
  /** JWS alg (default from the key: ES256/ES384/ES512, RS256, EdDSA, HS256). */
  alg?: string;
  keyId?: string;
  /** Decisions between checkpoints (default 1000). */
  checkpointEvery?: number;
  /** Also checkpoint after this long with unsigned decisions (default 60 s; 0 = never). */
  checkpointIntervalMs?: number;
  /** Called when a checkpoint cannot be signed or written (the log goes on; the next one retries). */
  onError?: (e: Error) => void;
}

/**
 * The chain. `write` is synchronous (it runs inside decide); checkpoint
 * signing runs in the background and its entry is appended when ready.
 */
export class AuditLog implements AuditSink {
  private seq = 0;
  private prev = GENESIS;
  private sinceCheckpoint = 0;
  private pending: Promise<void> | undefined;
  private closed = false;
  private readonly every: number;
  private readonly key?: ReturnType<typeof loadSigningKey>;
  private readonly timer?: NodeJS.Timeout;

  constructor(private readonly opts: AuditLogOptions) {
    this.every = Math.max(1, opts.checkpointEvery ?? 1000);
    if (opts.signingKey !== undefined) this.key = loadSigningKey(opts.signingKey, opts.alg);
    this.resume();
    const interval = opts.checkpointIntervalMs ?? 60_000;
    if (this.key && interval > 0) {
      this.timer = setInterval(() => {
        if (this.sinceCheckpoint > 0 && !this.pending) this.startCheckpoint(false);
      }, interval);
      this.timer.unref();
    }
  }

  /** Continue an existing log's chain from its last complete entry. */
  private resume(): void {
    const last = this.opts.out.lastLine?.();
    if (!last) return;
    let entry: Partial<ChainFields>;
    try {
      entry = JSON.parse(last) as Partial<ChainFields>;
    } catch {
      throw new Error('audit log: the last line is not a JSON entry; cannot continue its chain (rotate the file)');
    }
    if (typeof entry.seq !== 'number' || typeof entry.hash !== 'string') throw new Error('audit log: the last entry has no seq/hash; cannot continue its chain');
    this.seq = entry.seq + 1;
    this.prev = entry.hash;
  }

  /** Entries written so far in the chain (including earlier runs of a resumed log). */
  get length(): number {
    return this.seq;
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.seq - 1, hash: this.prev };
  }

  write(record: DecisionRecord): void {
    if (this.closed) throw new Error('audit log is closed');
    this.append(record as unknown as Record<string, unknown>);
    this.sinceCheckpoint++;
    if (this.key && this.sinceCheckpoint >= this.every && !this.pending) this.startCheckpoint(false);
  }

  /** Chain one entry and hand its line to the writer. */
  private append(fields: Record<string, unknown>): string {
    const entry = { ...fields, seq: this.seq, prev: this.prev };
    const canonical = canonicalJson(entry);
    const hash = sha256Hex(canonical);
    // The line is the canonical text plus the hash; any key order would verify.
    this.opts.out.writeLine(`${canonical.slice(0, -1)},"hash":"${hash}"}`);
    this.seq++;
    this.prev = hash;
    return hash;
  }

  private startCheckpoint(final: boolean): Promise<void> {
    const key = this.key!;
    const covers = { seq: this.seq - 1, hash: this.prev };
    const count = this.sinceCheckpoint;
    this.sinceCheckpoint = 0;
    const payload = new TextEncoder().encode(JSON.stringify({ seq: covers.seq, hash: covers.hash, count, iat: Math.floor(Date.now() / 1000) }));
    const header = { alg: key.alg, typ: CHECKPOINT_TYPE, ...(this.opts.keyId ? { kid: this.opts.keyId } : {}) };
    const job = new CompactSign(payload)
      .setProtectedHeader(header)
      .sign(key.key)
      .then((jws) => {
        const entry: Omit<CheckpointEntry, keyof ChainFields> = { kind: 'checkpoint', time: new Date().toISOString(), covers, jws };
        if (final) entry.final = true;
        this.append(entry as unknown as Record<string, unknown>);
        this.opts.out.sync?.();
      })
      .catch((e: unknown) => {
        this.sinceCheckpoint += count; // still unsigned: the next checkpoint covers them
        const err = e instanceof Error ? e : new Error(String(e));
        if (final) throw err;
        if (this.opts.onError) this.opts.onError(err);
        else process.emitWarning(`audit checkpoint not written: ${err.message}`);
      })
      .finally(() => {
        if (this.pending === job) this.pending = undefined;
      });
    this.pending = job;
    return job;
  }

  /** Wait for the checkpoint being signed, if any. */
  async flush(): Promise<void> {
    while (this.pending) await this.pending;
    this.opts.out.sync?.();
  }

  /** Seal with a final checkpoint (when signing), sync and close the writer. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    // Every run seals its own end, so a cut after it is visible as an unsealed tail.
    if (this.key && this.seq > 0) await this.startCheckpoint(true);
    this.opts.out.sync?.();
    this.opts.out.close?.();
  }
}

/** A LineWriter that keeps lines in memory (tests, or a caller that ships them elsewhere). */
export class MemoryLineWriter implements LineWriter {
  readonly lines: string[] = [];
  writeLine(line: string): void {
    this.lines.push(line);
  }
  lastLine(): string | undefined {
    return this.lines[this.lines.length - 1];
  }
  text(): string {
    return this.lines.map((l) => `${l}\n`).join('');
  }
}
