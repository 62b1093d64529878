// Test kit: an authorisation server, a workload identity issuer and an agent,
// each with keys generated here, minting the tokens a real deployment would
// send, plus a loopback HTTP server for key sets and revocation lists.

import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { sha256url } from '../../src/runtime/identity/workload.js';
import { jwksSource, type IdentityOptions } from '../../src/runtime/identity/index.js';

export const ISSUER = 'https://auth.acme.example';
export const AUDIENCE = 'https://gateway.acme.example';
export const TRUST_DOMAIN_ISSUER = 'https://wit.acme.example';
export const PLANNER = 'spiffe://acme.example/crew/research/planner';
export const EXECUTOR = 'spiffe://acme.example/crew/research/executor';
export const ORCHESTRATOR = 'spiffe://acme.example/orchestrator';
/** 2026-11-17T00:00:00Z, the fixed clock of these tests. */
export const NOW_SEC = 1_795_000_000;
export const NOW_MS = NOW_SEC * 1000;

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(alg = 'ES256', kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

export function jwks(...keys: SigningKey[]): { keys: JWK[] } {
  return { keys: keys.map((k) => k.jwk) };
}

export async function sign(key: SigningKey, payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}

/** Claims of a delegation token: alice at acme delegated chat to the planner, via the orchestrator. */
export function delegationClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'alice',
    tenant: 'acme',
    jti: 'dlg-1',
    iat: NOW_SEC - 60,
    exp: NOW_SEC + 900,
    scope: 'chat models.read',
    client_id: PLANNER,
    act: { sub: PLANNER, role: 'planner', act: { sub: ORCHESTRATOR } },
    ...overrides,
  };
}

export interface Agent {
  id: string;
  key: SigningKey;
}

export async function agent(id = PLANNER): Promise<Agent> {
  return { id, key: await signingKey('ES256') };
}

/** A workload identity token for the agent, signed by the trust domain's issuer. */
export async function wit(issuerKey: SigningKey, who: Agent, overrides: Record<string, unknown> = {}, nowSec = NOW_SEC): Promise<string> {
  const { kid: _kid, use: _use, ...publicJwk } = who.key.jwk;
  return sign(issuerKey, { iss: TRUST_DOMAIN_ISSUER, sub: who.id, iat: nowSec - 30, exp: nowSec + 3600, jti: randomUUID(), cnf: { jwk: publicJwk }, ...overrides }, { typ: 'wit+jwt' });
}

/** A workload proof token binding the WIT and the delegation token to one request. */
export async function wpt(who: Agent, witToken: string, delegationToken: string, overrides: Record<string, unknown> = {}, nowSec = NOW_SEC): Promise<string> {
  return new SignJWT({ aud: AUDIENCE, iat: nowSec, exp: nowSec + 60, jti: randomUUID(), wth: sha256url(witToken), ath: sha256url(delegationToken), ...overrides })
    .setProtectedHeader({ alg: who.key.alg, typ: 'wpt+jwt' })
    .sign(who.key.privateKey);
}

export interface World {
  auth: SigningKey;
  witIssuer: SigningKey;
  planner: Agent;
  options(extra?: Partial<IdentityOptions>): IdentityOptions;
  /** Headers of a well-formed request from the planner; pieces can be replaced. */
  headers(opts?: { claims?: Record<string, unknown>; token?: string; who?: Agent; witClaims?: Record<string, unknown>; wptClaims?: Record<string, unknown> }): Promise<Record<string, string>>;
}

/** The test world; its clock (milliseconds) drives both the builder and the tokens it mints for workloads. */
export async function world(clock = { ms: NOW_MS }): Promise<World> {
  const auth = await signingKey('ES256', 'auth-1');
  const witIssuer = await signingKey('ES256', 'wit-1');
  const planner = await agent(PLANNER);
  const base: Omit<IdentityOptions, 'request'> = {
    delegation: { keys: jwksSource(jwks(auth)), issuer: ISSUER, audience: AUDIENCE },
    workload: { proof: 'wit', keys: jwksSource(jwks(witIssuer)), issuer: TRUST_DOMAIN_ISSUER },
    now: () => clock.ms,
    newTxnId: () => 'txn-test',
  };
  return {
    auth,
    witIssuer,
    planner,
    options: (extra = {}) => ({ ...base, request: { method: 'POST', route: '/v1/chat/completions', model: 'gpt-4o-mini' }, ...extra }),
    async headers(o = {}) {
      const who = o.who ?? planner;
      const token = o.token ?? (await sign(auth, delegationClaims(o.claims)));
      const nowSec = Math.floor(clock.ms / 1000);
      const witToken = await wit(witIssuer, who, o.witClaims, nowSec);
      return {
        authorization: `Bearer ${token}`,
        'workload-identity-token': witToken,
        'workload-proof-token': await wpt(who, witToken, token, o.wptClaims, nowSec),
      };
    },
  };
}

/** A loopback HTTP server answering JSON from a function; counts requests per path. */
export async function jsonServer(answer: (path: string) => { status?: number; body: unknown }): Promise<{ url: string; hits: Map<string, number>; close(): Promise<void> }> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const { status = 200, body } = answer(path);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
