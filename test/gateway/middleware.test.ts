// The Node middleware in front of a real handler: only allowed requests reach
// it (with the verified identity on req), refusals are answered 401 / 403 /
// 500 with a JSON reason, the model comes from the JSON body, resource facts
// from the gateway's lookup, and every request leaves exactly one record in
// the enforcer's audit chain.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { loadVerificationKeys } from '../../src/bundle/keys.js';
import { AuditLog, MemoryLineWriter, createEnforcer, verifyAuditLog, type Enforcer } from '../../src/runtime/index.js';
import { jwksSource, revocationList } from '../../src/runtime/identity/index.js';
import { createMiddleware, type GatewayRequest, type MiddlewareOptions, type Outcome } from '../../src/runtime/http/index.js';
import { AUDIENCE, ISSUER, TRUST_DOMAIN_ISSUER, gatewayWorld, nowSec, send, swapSubject, type GatewayWorld } from './kit.js';

let w: GatewayWorld;
let enforcer: Enforcer;
let lines: MemoryLineWriter;
const auditKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const served: string[] = [];
const outcomes: Outcome[] = [];
let url = '';
let server: Server;
let expressUrl = '';
let expressServer: Server;
const fileOwners: Record<string, string> = { 'file-acme-1': 'acme', 'file-globex-q3-report': 'globex' };

function handler(req: IncomingMessage, res: ServerResponse) {
  const r = req as GatewayRequest;
  served.push(`${req.method} ${req.url}`);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ served: true, user: r.identity?.user.sub, agent: r.identity?.agent.id, decision: r.decision?.decisionId, model: (r.body as { model?: string } | undefined)?.model }));
}

async function listen(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  w = await gatewayWorld();
  lines = new MemoryLineWriter();
  const audit = new AuditLog({ out: lines, signingKey: auditKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), checkpointEvery: 5 });
  enforcer = await createEnforcer({ bundle: w.bundleBytes, keys: readFileSync(w.bundleKeyPath, 'utf8'), audit });
  const options: MiddlewareOptions = {
    enforcer,
    identity: {
      delegation: { keys: jwksSource(w.jwksPath), issuer: ISSUER, audience: AUDIENCE },
      workload: { proof: 'wit', keys: jwksSource(w.witJwksPath), issuer: TRUST_DOMAIN_ISSUER },
      revocations: revocationList(w.revocationsPath),
    },
    routeTable: 'gateway.route_table',
    resource: (request) => {
      if (request.route !== '/v1/files/{file_id}') return undefined;
      const id = request.path!.split('/').pop()!;
      if (id === 'file-explodes') throw new Error('owner lookup failed');
      return { tenant: fileOwners[id] };
    },
    onDecision: (o) => outcomes.push(o),
  };
  const gate = createMiddleware(options);
  server = createServer(gate.wrap(handler));
  url = await listen(server);
  // Express-style: the same middleware as (req, res, next).
  expressServer = createServer((req, res) => gate(req, res, (err?: unknown) => (err ? res.end('error') : handler(req, res))));
  expressUrl = await listen(expressServer);
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await new Promise((r) => expressServer?.close(r));
});

const chat = (headers: Record<string, string>, model = 'gpt-4o-mini') =>
  send(url, { method: 'POST', path: '/v1/chat/completions', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }) });

describe('createMiddleware', () => {
  it('lets an allowed request through with the verified identity, the decision and the parsed body', async () => {
    const r = await chat(await w.headers({ who: w.crew.planner, role: 'planner' }));
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ served: true, user: 'alice', agent: w.crew.planner.id, model: 'gpt-4o-mini' });
    expect(r.headers['x-decision-id']).toBe(body.decision);
  });

  it('answers a policy denial 403 with the reasons, and the handler never runs', async () => {
    const before = served.length;
    const r = await chat(await w.headers({ who: w.crew.planner, role: 'planner', classification: 'restricted' }), 'gpt-4o');
    expect(r.status).toBe(403);
    expect(r.json()).toMatchObject({ error: 'denied', reasons: ['model_classification_exceeded'] });
    expect(served.length).toBe(before);
  });

  it.each([
    ['expired', { claims: { iat: nowSec() - 2000, exp: nowSec() - 1000 } }],
    ['not_yet_valid', { claims: { iat: nowSec() + 600, exp: nowSec() + 1200 } }],
    ['revoked', { claims: { jti: 'dlg-revoked' } }],
    ['bad_signature', { tamper: (t: string) => swapSubject(t, 'mallory') }],
    ['wrong_audience', { claims: { aud: 'https://other.example' } }],
  ])('answers an identity failure 401 %s', async (code, opts) => {
    const before = served.length;
    const r = await chat(await w.headers({ who: w.crew.planner, role: 'planner', ...opts }));
    expect(r.status).toBe(401);
    expect(r.json()).toMatchObject({ error: code });
    expect(r.headers['x-decision-reason']).toBe(code);
    expect(served.length).toBe(before);
  });

  it('an agent acting for a token that names another agent: 401 actor_mismatch', async () => {
    const headers = await w.headers({ who: w.crew.executor, role: 'planner', claims: { act: { sub: w.crew.planner.id, role: 'planner' } } });
    const r = await chat(headers);
    expect([r.status, r.json().error]).toEqual([401, 'actor_mismatch']);
  });

  it('uses the gateway resource lookup: a file of another tenant is denied', async () => {
    const headers = () => w.headers({ who: w.crew.researcher, role: 'researcher', scope: 'files.read' });
    expect((await send(url, { path: '/v1/files/file-acme-1', headers: await headers() })).status).toBe(200);
    const other = await send(url, { path: '/v1/files/file-globex-q3-report', headers: await headers() });
    expect([other.status, other.json().reasons]).toEqual([403, ['resource_in_other_tenant']]);
  });

  it('fails closed: a failing lookup is a 500 and nothing is served', async () => {
    const before = served.length;
    const r = await send(url, { path: '/v1/files/file-explodes', headers: await w.headers({ who: w.crew.researcher, role: 'researcher', scope: 'files.read' }) });
    expect([r.status, r.json().error]).toEqual([500, 'internal_error']);
    expect(served.length).toBe(before);
  });

  it('refuses malformed bodies and paths with 403 malformed_request', async () => {
    const headers = await w.headers({ who: w.crew.planner, role: 'planner' });
    const junk = await send(url, { method: 'POST', path: '/v1/chat/completions', headers: { ...headers, 'content-type': 'application/json' }, body: '{"model":' });
    expect([junk.status, junk.json().error]).toEqual([403, 'malformed_request']);
    const numeric = await send(url, { method: 'POST', path: '/v1/chat/completions', headers: { ...headers, 'content-type': 'application/json' }, body: '{"model": 4}' });
    expect(numeric.status).toBe(403);
    const traversal = await send(url, { path: '/v1/models/%2e%2e/admin/revocations', headers });
    expect([traversal.status, traversal.json().error]).toEqual([403, 'malformed_request']);
  });

  it('works as Express-style (req, res, next): next only when allowed', async () => {
    const ok = await send(expressUrl, { path: '/v1/models', headers: await w.headers({ who: w.crew.critic, role: 'critic' }) });
    expect(ok.status).toBe(200);
    const missing = await send(expressUrl, { path: '/v1/models' });
    expect([missing.status, missing.json().error]).toEqual([401, 'missing_identity']);
  });

  it('records every request exactly once in the audit chain, which verifies', async () => {
    const decided = new Set(outcomes.map((o) => o.decisionId));
    const records = lines.lines.map((l) => JSON.parse(l) as { kind: string; decisionId?: string; reasons?: string[]; identity?: unknown }).filter((e) => e.kind === 'decision');
    expect(records.length).toBe(outcomes.length);
    expect(new Set(records.map((r) => r.decisionId))).toEqual(decided);
    const expired = records.find((r) => r.reasons?.[0]?.startsWith('identity: expired:'));
    expect(expired?.identity).toBeNull();
    // A request too malformed to describe is recorded as sent.
    const traversal = records.find((r) => (r as { request?: { target?: string } }).request?.target === '/v1/models/%2e%2e/admin/revocations');
    expect(traversal?.reasons?.[0]).toMatch(/^request: path must not contain \. or \.\. segments/);
    await enforcer.close();
    const report = await verifyAuditLog(lines.text(), await loadVerificationKeys(auditKey.publicKey.export({ type: 'spki', format: 'pem' }).toString()));
    expect(report).toMatchObject({ ok: true, sealed: true, decisions: outcomes.length });
  });
});
