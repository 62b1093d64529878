// The agent's workload identity, distinct from the user it acts for. Two ways
// to establish it:
// - `wit`: a WIMSE Workload Identity Token (Workload-Identity-Token header,
//   typ wit+jwt, signed by the trust domain's issuer, sub = SPIFFE ID, cnf.jwk
//   = the workload's key) plus a Workload Proof Token (Workload-Proof-Token,
//   typ wpt+jwt, signed with that key) that binds the WIT (wth) and the
//   delegation token (ath) to this request, so neither works when stolen;
// - `forwarded`: a SPIFFE ID in a header set by the mTLS-terminating proxy
//   from the client certificate (the proxy must drop any client-sent value).
// Either way the ID only counts when the signed delegation token names it as
// the current actor; a header alone identifies nobody.

import { createHash } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { IdentityError } from './errors.js';
import { singleHeader, type HeaderBag } from './headers.js';
import { DEFAULT_ALGORITHMS, checkAlgorithmList, issuerKeys, verifyToken, type TokenKeys } from './jwt.js';
import { parseSpiffeId, type SpiffeId } from './spiffe.js';

export interface WitOptions {
  proof: 'wit';
  /** Keys of the workload identity issuer(s) of the trust domain. */
  keys: TokenKeys;
  issuer?: string | string[];
  algorithms?: string[];
  /** `aud` the proof token must carry; default: the delegation audience. */
  proofAudience?: string | string[];
  /** Longest a proof token may still live, in seconds; default 300. */
  maxProofLifetimeSec?: number;
  /** Seen proof-token ids; default: one cache per options object. */
  replayCache?: ReplayCache;
}

export interface ForwardedOptions {
  proof: 'forwarded';
  /** Header the proxy sets; default `workload-identity`. */
  header?: string;
}

export type WorkloadOptions = WitOptions | ForwardedOptions;

export interface VerifiedWorkload {
  spiffe: SpiffeId;
  proof: 'wit' | 'forwarded';
}

export interface WorkloadContext {
  delegationToken: string;
  nowMs: number;
  clockToleranceSec: number;
  delegationAudience: string | string[];
}

/** Proof-token ids already used, kept until they expire; the oldest go first when full. */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly maxEntries = 100_000) {}

  /** Record jti; false when it was already recorded and has not expired. */
  remember(jti: string, expSec: number, nowSec: number): boolean {
    const known = this.seen.get(jti);
    if (known !== undefined && known >= nowSec) return false;
    if (this.seen.size >= this.maxEntries) this.prune(nowSec);
    this.seen.set(jti, expSec);
    return true;
  }

  private prune(nowSec: number): void {
    for (const [jti, exp] of this.seen) if (exp < nowSec) this.seen.delete(jti);
    for (const jti of this.seen.keys()) {
      if (this.seen.size < this.maxEntries) break;
      this.seen.delete(jti);
    }
  }
}

const replayCaches = new WeakMap<WitOptions, ReplayCache>();

export function checkWorkloadOptions(opts: WorkloadOptions): void {
  if (opts.proof === 'wit') checkAlgorithmList(opts.algorithms ?? DEFAULT_ALGORITHMS, 'workload');
  else if (opts.proof !== 'forwarded') throw new Error(`workload: proof must be "wit" or "forwarded"`);
}

export async function verifyWorkload(headers: HeaderBag, opts: WorkloadOptions, ctx: WorkloadContext): Promise<VerifiedWorkload> {
  if (opts.proof === 'forwarded') {
    const header = opts.header ?? 'workload-identity';
    const id = singleHeader(headers, header);
    if (id === undefined) throw new IdentityError('missing_identity', `no workload identity (header ${header})`);
    return { spiffe: spiffeOrThrow(id), proof: 'forwarded' };
  }
  const wit = singleHeader(headers, 'workload-identity-token');
  if (wit === undefined) throw new IdentityError('missing_identity', 'no workload identity token (header Workload-Identity-Token)');
  const { payload } = await verifyToken(wit, {
    label: 'workload identity token',
    ...issuerKeys(opts),
    issuer: opts.issuer,
    typ: 'wit+jwt',
    requiredClaims: ['sub', 'cnf'],
    clockToleranceSec: ctx.clockToleranceSec,
    nowMs: ctx.nowMs,
  });
  if (typeof payload.sub !== 'string') throw new IdentityError('malformed', 'workload identity token sub must be a string');
  const spiffe = spiffeOrThrow(payload.sub);
  await verifyProof(headers, wit, confirmationKey(payload.cnf, opts), opts, ctx);
  return { spiffe, proof: 'wit' };
}

function spiffeOrThrow(id: string): SpiffeId {
  const parsed = parseSpiffeId(id);
  if (!parsed.ok) throw new IdentityError('invalid_workload_id', `workload identity ${JSON.stringify(id.slice(0, 80))} is not a SPIFFE ID: ${parsed.error}`);
  return parsed.spiffe;
}

function confirmationKey(cnf: unknown, opts: WitOptions): JWK & { alg: string } {
  const jwk = (cnf as { jwk?: unknown } | null)?.jwk as JWK | undefined;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new IdentityError('malformed', 'workload identity token cnf.jwk must be a JWK');
  if (typeof jwk.alg !== 'string') throw new IdentityError('malformed', 'workload identity token cnf.jwk has no alg');
  if ('d' in jwk || jwk.kty === 'oct') throw new IdentityError('malformed', 'workload identity token cnf.jwk must be a public key');
  if (!(opts.algorithms ?? (DEFAULT_ALGORITHMS as readonly string[])).includes(jwk.alg)) throw new IdentityError('alg_not_allowed', `workload key algorithm ${jwk.alg} is not allowed`);
  return jwk as JWK & { alg: string };
}

async function verifyProof(headers: HeaderBag, wit: string, jwk: JWK & { alg: string }, opts: WitOptions, ctx: WorkloadContext): Promise<void> {
  const wpt = singleHeader(headers, 'workload-proof-token');
  if (wpt === undefined) throw new IdentityError('bad_proof', 'no workload proof token (header Workload-Proof-Token)');
  const key = await importConfirmationKey(jwk);
  const { payload } = await verifyToken(wpt, {
    label: 'workload proof token',
    getKey: async () => key,
    algorithms: [jwk.alg],
    audience: opts.proofAudience ?? ctx.delegationAudience,
    typ: 'wpt+jwt',
    requiredClaims: ['jti', 'wth', 'ath'],
    clockToleranceSec: ctx.clockToleranceSec,
    nowMs: ctx.nowMs,
  });
  const nowSec = Math.floor(ctx.nowMs / 1000);
  const maxLifetime = opts.maxProofLifetimeSec ?? 300;
  if ((payload.exp as number) - nowSec > maxLifetime + ctx.clockToleranceSec) {
    throw new IdentityError('bad_proof', `workload proof token must expire within ${maxLifetime} s`);
  }
  if (payload.wth !== sha256url(wit)) throw new IdentityError('bad_proof', 'workload proof token wth does not match the workload identity token');
  if (payload.ath !== sha256url(ctx.delegationToken)) throw new IdentityError('bad_proof', 'workload proof token ath does not match the delegation token');
  const cache = opts.replayCache ?? replayCacheFor(opts);
  if (typeof payload.jti !== 'string' || !cache.remember(payload.jti, payload.exp as number, nowSec)) {
    throw new IdentityError('bad_proof', 'workload proof token was already used (jti replay)');
  }
}

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;
const importedKeys = new Map<string, ImportedKey>();
const MAX_IMPORTED_KEYS = 1_000;

/** Import the workload's key, cached: a workload presents the same WIT (and key) on many requests. */
async function importConfirmationKey(jwk: JWK & { alg: string }): Promise<ImportedKey> {
  const id = JSON.stringify([jwk.kty, jwk.crv, jwk.x, jwk.y, jwk.n, jwk.e, jwk.alg]);
  const cached = importedKeys.get(id);
  if (cached) return cached;
  let key: ImportedKey;
  try {
    key = await importJWK(jwk, jwk.alg);
  } catch (e) {
    throw new IdentityError('malformed', `workload identity token cnf.jwk does not import: ${(e as Error).message}`);
  }
  if (importedKeys.size >= MAX_IMPORTED_KEYS) importedKeys.delete(importedKeys.keys().next().value as string);
  importedKeys.set(id, key);
  return key;
}

function replayCacheFor(opts: WitOptions): ReplayCache {
  let cache = replayCaches.get(opts);
  if (!cache) replayCaches.set(opts, (cache = new ReplayCache()));
  return cache;
}

export function sha256url(text: string): string {
  return createHash('sha256').update(text, 'ascii').digest('base64url');
}
