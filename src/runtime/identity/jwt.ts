// JWT verification with jose, with every failure mapped to its reason code.
// One function serves the delegation token, the workload identity token and
// the transaction token; each passes its own expectations.

import { decodeProtectedHeader, jwtVerify, errors, type JWTPayload, type JWTHeaderParameters, type GetKeyFunction, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';
import { IdentityError, type ReasonCode } from './errors.js';
import type { JwksSource } from './jwks.js';

export interface TokenExpectations {
  /** What the token is, for messages: "delegation token", "workload identity token", … */
  label: string;
  getKey: GetKeyFunction<JWSHeaderParameters, FlattenedJWSInput>;
  algorithms: readonly string[];
  issuer?: string | string[];
  audience?: string | string[];
  /** Required `typ` header (compared case-insensitively, as jose does). */
  typ?: string;
  /** Claims that must be present besides exp. */
  requiredClaims?: string[];
  clockToleranceSec: number;
  /** Longest exp − iat accepted, in seconds. */
  maxLifetimeSec?: number;
  /** Current time in milliseconds. */
  nowMs: number;
}

export interface VerifiedToken {
  payload: JWTPayload;
  header: JWTHeaderParameters;
}

/** Algorithms accepted when nobody configures a list: asymmetric only. */
export const DEFAULT_ALGORITHMS = ['ES256', 'ES384', 'EdDSA', 'Ed25519', 'RS256', 'PS256'] as const;
/** The bound on configurable clock skew, so a misconfiguration cannot disable expiry. */
export const MAX_CLOCK_TOLERANCE_SEC = 300;

// The signature may be empty so that alg "none" tokens are reported as such (alg_not_allowed).
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Where a token's verification keys come from: a JwksSource or a jose key resolver. */
export type TokenKeys = JwksSource | GetKeyFunction<JWSHeaderParameters, FlattenedJWSInput>;

/** The key resolver and algorithm allow-list of a configured token issuer, as verifyToken expects them. */
export function issuerKeys(opts: { keys: TokenKeys; algorithms?: readonly string[] }): Pick<TokenExpectations, 'getKey' | 'algorithms'> {
  return {
    getKey: typeof opts.keys === 'function' ? opts.keys : opts.keys.getKey,
    algorithms: opts.algorithms ?? DEFAULT_ALGORITHMS,
  };
}

/** Refuse algorithm lists a gateway must never use: none, and shared secrets the gateway would have to hold. */
export function checkAlgorithmList(algorithms: readonly string[], what: string): void {
  if (algorithms.length === 0) throw new Error(`${what}: the algorithm allow-list is empty`);
  for (const alg of algorithms) {
    if (alg === 'none' || /^HS/i.test(alg)) throw new Error(`${what}: algorithm ${alg} is not allowed (only asymmetric signatures)`);
  }
}

export async function verifyToken(token: string, expect: TokenExpectations): Promise<VerifiedToken> {
  if (!COMPACT_JWS.test(token)) throw new IdentityError('malformed', `${expect.label} is not a compact JWS (header.payload.signature)`);
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new IdentityError('malformed', `${expect.label} header is not base64url JSON`);
  }
  if (typeof alg !== 'string' || !expect.algorithms.includes(alg)) {
    throw new IdentityError('alg_not_allowed', `${expect.label} algorithm ${JSON.stringify(alg)} is not one of ${expect.algorithms.join(', ')}`);
  }
  const options = {
    algorithms: [...expect.algorithms],
    issuer: expect.issuer,
    audience: expect.audience,
    typ: expect.typ,
    clockTolerance: expect.clockToleranceSec,
    currentDate: new Date(expect.nowMs),
    requiredClaims: ['exp', ...(expect.requiredClaims ?? [])],
  };
  let result: VerifiedToken;
  try {
    const verified = await jwtVerify(token, expect.getKey, options);
    result = { payload: verified.payload, header: verified.protectedHeader };
  } catch (e) {
    if (!(e instanceof errors.JWKSMultipleMatchingKeys)) throw toIdentityError(e, expect.label);
    result = await verifyWithCandidates(token, e, options, expect.label);
  }
  checkIssuedAt(result.payload, expect);
  return result;
}

/** A token without kid that several keys could have signed: try each (jose hands them out as an async iterator). */
async function verifyWithCandidates(token: string, multiple: errors.JWKSMultipleMatchingKeys, options: Parameters<typeof jwtVerify>[2], label: string): Promise<VerifiedToken> {
  for await (const key of multiple as unknown as AsyncIterable<Parameters<typeof jwtVerify>[1]>) {
    try {
      const verified = await jwtVerify(token, key as Uint8Array, options);
      return { payload: verified.payload, header: verified.protectedHeader };
    } catch (e) {
      if (!(e instanceof errors.JWSSignatureVerificationFailed)) throw toIdentityError(e, label);
    }
  }
  throw new IdentityError('bad_signature', `${label} signature does not verify against any key`);
}

/** jose checks iat only against a maximum age; a token issued in the future is not valid yet, and lifetimes are bounded. */
function checkIssuedAt(payload: JWTPayload, expect: TokenExpectations): void {
  const now = Math.floor(expect.nowMs / 1000);
  const iat = payload.iat;
  if (iat === undefined) return;
  if (iat > now + expect.clockToleranceSec) throw new IdentityError('not_yet_valid', `${expect.label} is issued in the future (iat ${iat}, now ${now})`);
  if (expect.maxLifetimeSec !== undefined && (payload.exp as number) - iat > expect.maxLifetimeSec) {
    throw new IdentityError('lifetime_too_long', `${expect.label} lives ${(payload.exp as number) - iat} s, more than ${expect.maxLifetimeSec} s`);
  }
}

function toIdentityError(e: unknown, label: string): IdentityError {
  if (e instanceof IdentityError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const fail = (code: ReasonCode, what: string) => new IdentityError(code, `${label}: ${what}`);
  if (e instanceof errors.JWTExpired) return fail('expired', message);
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.reason === 'missing') return fail('missing_claim', message);
    if (e.reason === 'check_failed') {
      if (e.claim === 'nbf') return fail('not_yet_valid', message);
      if (e.claim === 'iss') return fail('wrong_issuer', message);
      if (e.claim === 'aud') return fail('wrong_audience', message);
    }
    return fail('malformed', message);
  }
  if (e instanceof errors.JOSEAlgNotAllowed) return fail('alg_not_allowed', message);
  if (e instanceof errors.JWKSNoMatchingKey) return fail('unknown_key', 'no key in the key set matches the token (kid and alg)');
  if (e instanceof errors.JWSSignatureVerificationFailed) return fail('bad_signature', 'signature verification failed');
  if (e instanceof errors.JWKSInvalid) return fail('keys_unavailable', message);
  return fail('malformed', message);
}
