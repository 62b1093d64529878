// Test kit for the gateway: the example bundle built and signed in the test,
// an authorisation server, a workload identity issuer and crew agents with
// keys generated here (files in a temp dir, as `policy serve` reads them),
// tokens minted on the real clock, and a plain HTTP client that can send
// what fetch refuses to (repeated headers).

import { randomUUID, generateKeyPairSync } from 'node:crypto';
import { request as httpRequest, Agent as HttpAgent, type IncomingHttpHeaders } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../../src/bundle/build.js';
import type { ServeFlags } from '../../src/cli/commands/serve.js';
import { AUDIENCE, ISSUER, ORCHESTRATOR, TRUST_DOMAIN_ISSUER, agent, jwks, sign, signingKey, wit, wpt, type Agent, type SigningKey } from '../identity/kit.js';

export { AUDIENCE, ISSUER, TRUST_DOMAIN_ISSUER };
export const POLICIES = new URL('../../policies/', import.meta.url).pathname;
export const CREW = 'spiffe://acme.example/crew/research';

export interface GatewayWorld {
  dir: string;
  bundlePath: string;
  bundleBytes: Uint8Array;
  /** Public key PEM file that verifies the bundle. */
  bundleKeyPath: string;
  /** Build and sign another revision of the example bundle (same key), its data.json changed by `editData`. */
  rebuildBundle(revision: string, editData: (data: Record<string, unknown>) => void): Promise<Uint8Array>;
  jwksPath: string;
  witJwksPath: string;
  revocationsPath: string;
  auth: SigningKey;
  witIssuer: SigningKey;
  crew: Record<'planner' | 'researcher' | 'executor' | 'critic', Agent>;
  /** A revoked agent (listed in the revocation file). */
  revokedAgent: Agent;
  /** Headers of a request from `who` acting as `role` for alice; pieces can be replaced. */
  headers(opts: HeaderOptions): Promise<Record<string, string>>;
}

export interface HeaderOptions {
  who: Agent;
  role: string;
  scope?: string;
  /** Delegation claims to override (exp, iat, jti, …). */
  claims?: Record<string, unknown>;
  classification?: string;
  /** Change the signed token after signing (tampering). */
  tamper?: (token: string) => string;
  nowSec?: number;
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);

/** Build and sign the example bundle and write every key file `policy serve` reads. */
export async function gatewayWorld(): Promise<GatewayWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const bundleKeyPath = join(dir, 'bundle-public.pem');
  writeFileSync(bundleKeyPath, publicKey.export({ type: 'spki', format: 'pem' }));
  const built = await buildBundle({
    paths: [POLICIES],
    entrypoints: ['gateway/authz/allow', 'gateway/authz/reasons'],
    revision: 'gateway-test-1',
    signing: { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), keyId: 'bundle-1' },
  });
  const bundlePath = join(dir, 'gateway.tar.gz');
  writeFileSync(bundlePath, built.bytes);
  const rebuildBundle = async (revision: string, editData: (data: Record<string, unknown>) => void): Promise<Uint8Array> => {
    const copy = mkdtempSync(join(dir, 'policies-'));
    cpSync(POLICIES, copy, { recursive: true });
    const dataPath = join(copy, 'gateway', 'data.json');
    const data = JSON.parse(readFileSync(dataPath, 'utf8')) as Record<string, unknown>;
    editData(data);
    writeFileSync(dataPath, JSON.stringify(data));
    const next = await buildBundle({
      paths: [copy],
      entrypoints: ['gateway/authz/allow', 'gateway/authz/reasons'],
      revision,
      signing: { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), keyId: 'bundle-1' },
    });
    return next.bytes;
  };

  const auth = await signingKey('ES256', 'auth-1');
  const witIssuer = await signingKey('ES256', 'wit-1');
  const crew = {
    planner: await agent(`${CREW}/planner`),
    researcher: await agent(`${CREW}/researcher`),
    executor: await agent(`${CREW}/executor`),
    critic: await agent(`${CREW}/critic`),
  };
  const revokedAgent = await agent(`${CREW}/planner-compromised`);
  const jwksPath = join(dir, 'jwks.json');
  const witJwksPath = join(dir, 'wit-jwks.json');
  const revocationsPath = join(dir, 'revocations.json');
  writeFileSync(jwksPath, JSON.stringify(jwks(auth)));
  writeFileSync(witJwksPath, JSON.stringify(jwks(witIssuer)));
  writeFileSync(revocationsPath, JSON.stringify({ jti: ['dlg-revoked'], agents: [revokedAgent.id] }));

  return {
    dir,
    bundlePath,
    bundleBytes: built.bytes,
    bundleKeyPath,
    rebuildBundle,
    jwksPath,
    witJwksPath,
    revocationsPath,
    auth,
    witIssuer,
    crew,
    revokedAgent,
    async headers(o) {
      const now = o.nowSec ?? nowSec();
      const claims = {
        iss: ISSUER,
        aud: AUDIENCE,
        sub: 'alice',
        tenant: 'acme',
        jti: `dlg-${randomUUID()}`,
        iat: now - 60,
        exp: now + 900,
        scope: o.scope ?? 'chat models.read',
        client_id: o.who.id,
        act: { sub: o.who.id, role: o.role, act: { sub: ORCHESTRATOR } },
        ...o.claims,
      };
      let token = await sign(auth, claims);
      const witToken = await wit(witIssuer, o.who, {}, now);
      const proof = await wpt(o.who, witToken, token, {}, now);
      if (o.tamper) token = o.tamper(token);
      return {
        authorization: `Bearer ${token}`,
        'workload-identity-token': witToken,
        'workload-proof-token': proof,
        'policy-context': JSON.stringify({ classification: o.classification ?? 'internal' }),
      };
    },
  };
}

/** Flip the payload: a token claiming a different user under the original signature. */
export function swapSubject(token: string, sub: string): string {
  const [h, p, s] = token.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  payload.sub = sub;
  return [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json(): Record<string, unknown>;
}

const keepAlive = new HttpAgent({ keepAlive: true, maxSockets: 4 });

/** One HTTP request; `headers` may be raw [name, value] pairs to repeat a header. */
export function send(url: string, opts: { method?: string; path: string; headers?: Record<string, string> | [string, string][]; body?: string }): Promise<Reply> {
  const u = new URL(url);
  // Raw pairs bypass Node's header handling, Host included.
  const flat = Array.isArray(opts.headers) ? [['host', u.host], ...opts.headers].flat() : opts.headers ?? {};
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: flat as never, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) as Record<string, unknown> });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('request timed out')));
    req.end(opts.body);
  });
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Flags for `policy serve` over the world's files (as the CLI would parse them). */
export function serveFlags(w: GatewayWorld, extra: Partial<ServeFlags> = {}): ServeFlags {
  return {
    bundle: w.bundlePath,
    verificationKey: w.bundleKeyPath,
    issuer: [ISSUER],
    audience: [AUDIENCE],
    jwks: w.jwksPath,
    workload: 'wit',
    witJwks: w.witJwksPath,
    witIssuer: [TRUST_DOMAIN_ISSUER],
    revocations: w.revocationsPath,
    revocationsInterval: '60',
    listen: '127.0.0.1:0',
    interval: '60',
    routeTable: 'gateway.route_table',
    extAuthzPrefix: '/ext_authz',
    modelHeader: 'x-model',
    ...extra,
  };
}
