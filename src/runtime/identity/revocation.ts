// The revocation list: token ids (jti) and agent ids that must be refused even
// while their tokens are otherwise valid. Loaded from a file or URL and
// reloaded on an interval; a failed reload keeps the last good list until it
// is older than maxStale, after which every identity is refused (fail closed).
//
// Format: { "jti": ["<token id>", …], "agents": ["spiffe://…", …] }

import { IdentityError } from './errors.js';
import { describeSource, fetchJson, type FetchJsonOptions, type JsonSource } from './fetch-json.js';

export interface RevocationDocument {
  jti?: string[];
  agents?: string[];
}

export interface RevocationListOptions extends FetchJsonOptions {
  /** Reload every this many milliseconds; default 60 s. */
  intervalMs?: number;
  /** Refuse every identity when the last good load is older than this; default 5 × interval. */
  maxStaleMs?: number;
  now?: () => number;
}

export class RevocationList {
  /** Successful loads so far (tests, metrics). */
  loads = 0;
  private jti = new Set<string>();
  private agents = new Set<string>();
  private loadedAt = -Infinity;
  private lastError = 'not loaded yet';
  private timer?: NodeJS.Timeout;
  private first?: Promise<void>;
  private readonly intervalMs: number;
  private readonly maxStaleMs: number;
  private readonly now: () => number;
  readonly description: string;

  constructor(
    private readonly source: JsonSource | RevocationDocument,
    private readonly opts: RevocationListOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 60_000;
    this.maxStaleMs = opts.maxStaleMs ?? 5 * this.intervalMs;
    this.now = opts.now ?? Date.now;
    this.description = typeof source === 'string' || source instanceof URL ? describeSource(source) : 'inline revocation list';
  }

  /** Load once and start the reload timer (idempotent); resolves after the first load attempt. */
  ready(): Promise<void> {
    if (!this.first) {
      this.first = this.refresh();
      if (typeof this.source === 'string' || this.source instanceof URL) {
        this.timer = setInterval(() => void this.refresh(), this.intervalMs);
        this.timer.unref();
      }
    }
    return this.first;
  }

  /** Reload now; a failure keeps the previous list and is reported by check(). */
  async refresh(): Promise<void> {
    try {
      const doc = typeof this.source === 'string' || this.source instanceof URL ? await fetchJson(this.source, this.opts) : this.source;
      const parsed = parseDocument(doc);
      this.jti = new Set(parsed.jti);
      this.agents = new Set(parsed.agents);
      this.loadedAt = this.now();
      this.loads++;
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
    }
  }

  /** Throw `revoked` when the token id or any agent of the chain is listed; `revocation_unavailable` when the list cannot be trusted. */
  check(jti: string, agentIds: readonly string[]): void {
    const age = this.now() - this.loadedAt;
    if (!(age <= this.maxStaleMs) && !this.isInline()) {
      throw new IdentityError('revocation_unavailable', `revocation list ${this.description} is unavailable: ${this.lastError}`);
    }
    if (this.loadedAt === -Infinity) throw new IdentityError('revocation_unavailable', `revocation list is invalid: ${this.lastError}`);
    if (this.jti.has(jti)) throw new IdentityError('revoked', `delegation token ${jti} is revoked`);
    // Any revoked agent in the chain taints the delegation, not only the current actor.
    for (const id of agentIds) if (this.agents.has(id)) throw new IdentityError('revoked', `agent ${id} is revoked`);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private isInline(): boolean {
    return !(typeof this.source === 'string' || this.source instanceof URL);
  }
}

function parseDocument(doc: unknown): Required<RevocationDocument> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('revocation list must be a JSON object');
  const out: Required<RevocationDocument> = { jti: [], agents: [] };
  for (const [key, value] of Object.entries(doc)) {
    if (key !== 'jti' && key !== 'agents') throw new Error(`revocation list has unknown key ${JSON.stringify(key)} (expected jti, agents)`);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`revocation list ${key} must be an array of strings`);
    out[key] = value;
  }
  return out;
}

export function revocationList(source: JsonSource | RevocationDocument, opts?: RevocationListOptions): RevocationList {
  return new RevocationList(source, opts);
}
