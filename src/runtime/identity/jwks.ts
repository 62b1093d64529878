// A JSON Web Key Set loaded from a file, a URL or an object, cached, and
// refreshed when a token names a kid the cached set lacks, at most once per
// cooldown so a flood of tokens with made-up kids cannot hammer the issuer.
// Refreshes also happen when the set is older than maxAge; if they keep
// failing, the set stops being trusted after maxStale (fail closed).

import { createLocalJWKSet, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput, type CryptoKey, type KeyObject } from 'jose';
import { errors } from 'jose';
import { IdentityError } from './errors.js';
import { describeSource, fetchJson, type FetchJsonOptions, type JsonSource } from './fetch-json.js';

export interface JwksSourceOptions extends FetchJsonOptions {
  /** Minimum time between two loads (unknown-kid refreshes and retries after failures); default 30 s. */
  cooldownMs?: number;
  /** Reload a set older than this on the next use; default 10 min. */
  maxAgeMs?: number;
  /** Refuse keys from a set older than this when reloads fail; default 1 h. */
  maxStaleMs?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

type KeyResolver = ReturnType<typeof createLocalJWKSet>;
type Key = CryptoKey | KeyObject | Uint8Array;

export class JwksSource {
  /** How many times the set was (re)loaded from its source; for tests and metrics. */
  loads = 0;
  readonly description: string;
  private resolver?: KeyResolver;
  private loadedAt = -Infinity;
  private lastAttemptAt = -Infinity;
  private lastError = '';
  private successes = 0;
  private inflight?: Promise<void>;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;
  private readonly maxStaleMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: JsonSource | JSONWebKeySet,
    private readonly opts: JwksSourceOptions = {},
  ) {
    this.cooldownMs = opts.cooldownMs ?? 30_000;
    this.maxAgeMs = opts.maxAgeMs ?? 600_000;
    this.maxStaleMs = opts.maxStaleMs ?? 3_600_000;
    this.now = opts.now ?? Date.now;
    this.description = typeof source === 'string' || source instanceof URL ? describeSource(source) : 'inline JWKS';
    if (!isLoadable(source)) {
      this.resolver = createLocalJWKSet(source);
      this.loadedAt = Infinity;
    }
  }

  /** The key resolver jose's jwtVerify calls with the token's protected header. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<Key> => {
    const now = this.now();
    if (!this.resolver || now - this.loadedAt > this.maxAgeMs) await this.reload(now);
    if (!this.resolver) throw new IdentityError('keys_unavailable', `keys from ${this.description} are unavailable: ${this.lastError}`);
    if (now - this.loadedAt > this.maxStaleMs) {
      throw new IdentityError('keys_unavailable', `keys from ${this.description} are stale (last reload failed: ${this.lastError})`);
    }
    try {
      return await this.resolver(header, token);
    } catch (e) {
      if (!(e instanceof errors.JWKSNoMatchingKey) || !isLoadable(this.source)) throw e;
      // An unknown kid may be a freshly rotated key: reload once per cooldown.
      if (!(await this.reload(now))) throw e;
      return await this.resolver(header, token);
    }
  };

  /**
   * Load now unless a load was attempted within the cooldown; concurrent
   * callers share one load. True when a load succeeded meanwhile.
   */
  private async reload(now: number): Promise<boolean> {
    if (!isLoadable(this.source)) return false;
    const before = this.successes;
    if (!this.inflight) {
      if (now - this.lastAttemptAt < this.cooldownMs) return false;
      this.lastAttemptAt = now;
      this.inflight = this.load(now).finally(() => (this.inflight = undefined));
    }
    await this.inflight;
    return this.successes > before;
  }

  private async load(now: number): Promise<void> {
    this.loads++;
    try {
      const jwks = await fetchJson(this.source as JsonSource, this.opts);
      this.resolver = createLocalJWKSet(jwks as JSONWebKeySet);
      this.loadedAt = now;
      this.successes++;
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
    }
  }
}

function isLoadable(source: JsonSource | JSONWebKeySet): source is JsonSource {
  return typeof source === 'string' || source instanceof URL;
}

/** A key set from a JWKS file path, an http(s) URL, or a JWKS object. */
export function jwksSource(source: JsonSource | JSONWebKeySet, opts?: JwksSourceOptions): JwksSource {
  return new JwksSource(source, opts);
}
