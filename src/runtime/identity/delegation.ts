// The delegation token: a JWT from the user's authorisation server (the
// result of an RFC 8693 token exchange) that says who the user is, which
// scopes they granted, and which agent acts for them. Its `act` claim is the
// actor chain, outermost = current actor (RFC 8693 §4.1); the current actor
// carries the agent's crew `role`. `may_act` (§4.4), when present, must name
// the current actor.

import type { JWTPayload } from 'jose';
import { IdentityError } from './errors.js';
import { bearerToken, singleHeader, type HeaderBag } from './headers.js';
import { DEFAULT_ALGORITHMS, MAX_CLOCK_TOLERANCE_SEC, checkAlgorithmList, issuerKeys, verifyToken, type TokenKeys } from './jwt.js';
import type { Actor, IdentityObject } from './types.js';

export interface DelegationOptions {
  /** Keys of the authorisation server: a JwksSource (file or URL, cached) or a jose key resolver. */
  keys: TokenKeys;
  /** Accepted `iss` value(s). */
  issuer: string | string[];
  /** This gateway's `aud` value(s). */
  audience: string | string[];
  /** Allow-list of signature algorithms; default ES256, ES384, EdDSA, Ed25519, RS256, PS256. */
  algorithms?: string[];
  /** Clock skew tolerated on exp, nbf and iat, in seconds; default 30, at most 300. */
  clockToleranceSec?: number;
  /** Longest exp − iat accepted; default 24 h. */
  maxLifetimeSec?: number;
  /** Header carrying the token; default `authorization` (as `Bearer <jwt>`). Another header may carry the bare JWT. */
  header?: string;
  /** Claim naming the user's tenant; default `tenant`. */
  tenantClaim?: string;
  /** Required `typ` header, e.g. `at+jwt` (RFC 9068); default: not checked. */
  typ?: string;
}

export interface VerifiedDelegation {
  /** The compact token, for the workload proof's `ath` binding. */
  token: string;
  user: IdentityObject['user'];
  delegation: IdentityObject['delegation'];
  role: string;
}

const MAX_CHAIN = 8;
const DEFAULT_MAX_LIFETIME_SEC = 86_400;

export function checkDelegationOptions(opts: DelegationOptions): void {
  checkAlgorithmList(opts.algorithms ?? DEFAULT_ALGORITHMS, 'delegation');
  const tolerance = opts.clockToleranceSec ?? 30;
  if (!(tolerance >= 0 && tolerance <= MAX_CLOCK_TOLERANCE_SEC)) throw new Error(`delegation: clockToleranceSec must be between 0 and ${MAX_CLOCK_TOLERANCE_SEC}`);
  if (!opts.issuer || (Array.isArray(opts.issuer) && opts.issuer.length === 0)) throw new Error('delegation: issuer is required');
  if (!opts.audience || (Array.isArray(opts.audience) && opts.audience.length === 0)) throw new Error('delegation: audience is required');
}

export async function verifyDelegation(headers: HeaderBag, opts: DelegationOptions, nowMs: number): Promise<VerifiedDelegation> {
  const headerName = opts.header ?? 'authorization';
  const raw = singleHeader(headers, headerName);
  if (raw === undefined) throw new IdentityError('missing_identity', `no delegation token (header ${headerName})`);
  const token = headerName.toLowerCase() === 'authorization' || /^bearer /i.test(raw) ? bearerToken(raw, headerName) : raw;
  const { payload } = await verifyToken(token, {
    label: 'delegation token',
    ...issuerKeys(opts),
    issuer: opts.issuer,
    audience: opts.audience,
    typ: opts.typ,
    requiredClaims: ['iat', 'iss', 'sub', 'jti'],
    clockToleranceSec: opts.clockToleranceSec ?? 30,
    maxLifetimeSec: opts.maxLifetimeSec ?? DEFAULT_MAX_LIFETIME_SEC,
    nowMs,
  });
  const tenantClaim = opts.tenantClaim ?? 'tenant';
  const tenant = payload[tenantClaim];
  if (tenant === undefined) throw new IdentityError('missing_claim', `delegation token has no ${tenantClaim} claim`);
  const actors = actorChain(payload);
  checkMayAct(payload, actors[0]);
  const role = (payload.act as Record<string, unknown>).role;
  if (role === undefined) throw new IdentityError('missing_claim', 'delegation token act claim has no role');
  const user = { sub: stringClaim(payload, 'sub'), iss: stringClaim(payload, 'iss'), tenant: stringValue(tenant, tenantClaim) };
  const delegation: IdentityObject['delegation'] = {
    jti: stringClaim(payload, 'jti'),
    iat: payload.iat as number,
    exp: payload.exp as number,
    scopes: scopes(payload.scope),
    actors,
  };
  if (payload.client_id !== undefined) delegation.client_id = stringClaim(payload, 'client_id');
  return { token, user, delegation, role: stringValue(role, 'act.role') };
}

/** The act chain, current actor first; every level needs a string sub. */
function actorChain(payload: JWTPayload): Actor[] {
  if (payload.act === undefined) throw new IdentityError('missing_actor', 'delegation token has no act claim: no agent acts for the user');
  const chain: Actor[] = [];
  let level: unknown = payload.act;
  while (level !== undefined) {
    if (chain.length === MAX_CHAIN) throw new IdentityError('malformed', `act chain is deeper than ${MAX_CHAIN}`);
    if (!isObject(level)) throw new IdentityError('malformed', 'act claim must be an object');
    if (typeof level.sub !== 'string' || level.sub === '') throw new IdentityError('malformed', 'every act level needs a sub string');
    const actor: Actor = { sub: level.sub };
    if (level.iss !== undefined) actor.iss = stringValue(level.iss, 'act.iss');
    chain.push(actor);
    level = level.act;
  }
  return chain;
}

/** RFC 8693 §4.4: when the token says who may act, the current actor must be that party. */
function checkMayAct(payload: JWTPayload, current: Actor): void {
  const mayAct = payload.may_act;
  if (mayAct === undefined) return;
  if (!isObject(mayAct) || typeof mayAct.sub !== 'string') throw new IdentityError('malformed', 'may_act claim must be an object with a sub string');
  if (mayAct.sub !== current.sub || (mayAct.iss !== undefined && mayAct.iss !== current.iss)) {
    throw new IdentityError('actor_not_permitted', `may_act permits ${mayAct.sub}, not the current actor ${current.sub}`);
  }
}

/** RFC 8693 §4.2: scope is a space-delimited string. */
function scopes(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') throw new IdentityError('malformed', 'scope claim must be a space-delimited string');
  return [...new Set(value.split(' ').filter((s) => s !== ''))];
}

function stringClaim(payload: JWTPayload, name: string): string {
  return stringValue(payload[name], name);
}

function stringValue(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new IdentityError('malformed', `${name} claim must be a non-empty string`);
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
