// `policy serve` as nginx auth_request and Envoy ext_authz see it: the
// original request arrives as X-Original-* headers or under a path prefix,
// the answer is 200 / 401 / 403 with decision headers, every request leaves
// one audit record (refused identities included), and malformed requests of
// any kind are refused without stopping the server.

import { connect } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { startServe, type RunningServe } from '../../src/cli/commands/serve.js';
import { runCli } from '../../src/cli/program.js';
import { gatewayWorld, nowSec, send, serveFlags, swapSubject, type GatewayWorld } from './kit.js';

let w: GatewayWorld;
let serve: RunningServe;
const auditKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
let auditPath: string;
let auditKeyPath: string;

beforeAll(async () => {
  w = await gatewayWorld();
  auditPath = join(w.dir, 'audit.jsonl');
  auditKeyPath = join(w.dir, 'audit-public.pem');
  const privatePath = join(w.dir, 'audit-private.pem');
  writeFileSync(privatePath, auditKey.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(auditKeyPath, auditKey.publicKey.export({ type: 'spki', format: 'pem' }));
  serve = await startServe(serveFlags(w, { audit: auditPath, auditSigningKey: privatePath }));
});

afterAll(async () => {
  await serve?.close();
});

/** An nginx auth_request subrequest for the original request line. */
function nginxCheck(method: string, uri: string, headers: Record<string, string>, model?: string) {
  return send(serve.url, { path: '/_authz', headers: { 'x-original-method': method, 'x-original-uri': uri, ...(model ? { 'x-model': model } : {}), ...headers } });
}

describe('nginx auth_request checks', () => {
  it('allow: 200 with the decision id and policy revision, no reason', async () => {
    const r = await nginxCheck('POST', '/v1/chat/completions', await w.headers({ who: w.crew.planner, role: 'planner' }), 'gpt-4o-mini');
    expect(r.status).toBe(200);
    expect(r.headers['x-decision-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers['x-policy-revision']).toBe('gateway-test-1');
    expect(r.headers['x-decision-reason']).toBeUndefined();
  });

  it('denied by policy: 403 with the policy reasons', async () => {
    const r = await nginxCheck('POST', '/v1/embeddings', await w.headers({ who: w.crew.critic, role: 'critic', scope: 'embeddings' }), 'text-embedding-3-small');
    expect(r.status).toBe(403);
    expect(r.headers['x-decision-reason']).toBe('role_not_allowed');
    expect(r.json()).toMatchObject({ error: 'denied', reasons: ['role_not_allowed'] });
  });

  it('the route template and tool come from the path', async () => {
    const headers = await w.headers({ who: w.crew.executor, role: 'executor', scope: 'tools tool:code_interpreter', classification: 'confidential' });
    expect((await nginxCheck('POST', '/v1/tools/code_interpreter/invoke?trace=1', headers)).status).toBe(200);
    const web = await w.headers({ who: w.crew.executor, role: 'executor', scope: 'tools tool:web_search', classification: 'public' });
    const r = await nginxCheck('POST', '/v1/tools/web_search/invoke', web);
    expect(r.status).toBe(403);
    expect(r.headers['x-decision-reason']).toBe('tool_role_not_allowed');
  });

  it.each([
    ['expired', { claims: { iat: nowSec() - 2000, exp: nowSec() - 1000 } }],
    ['revoked', { claims: { jti: 'dlg-revoked' } }],
    ['bad_signature', { tamper: (t: string) => swapSubject(t, 'mallory') }],
  ])('identity refused: 401 %s', async (code, opts) => {
    const r = await nginxCheck('POST', '/v1/chat/completions', await w.headers({ who: w.crew.planner, role: 'planner', ...opts }), 'gpt-4o-mini');
    expect(r.status).toBe(401);
    expect(r.headers['x-decision-reason']).toBe(code);
    expect(r.json()).toMatchObject({ error: code });
  });

  it('a revoked agent is refused even with a valid token and proof', async () => {
    const r = await nginxCheck('GET', '/v1/models', await w.headers({ who: w.revokedAgent, role: 'planner' }));
    expect([r.status, r.headers['x-decision-reason']]).toEqual([401, 'revoked']);
  });

  it('missing, malformed and repeated identity headers: 401', async () => {
    const good = await w.headers({ who: w.crew.planner, role: 'planner' });
    const base = { 'x-original-method': 'GET', 'x-original-uri': '/v1/models' };
    const none = await send(serve.url, { path: '/_authz', headers: base });
    expect([none.status, none.headers['x-decision-reason']]).toEqual([401, 'missing_identity']);
    const basic = await send(serve.url, { path: '/_authz', headers: { ...base, ...good, authorization: 'Basic YWxpY2U6c2VjcmV0' } });
    expect([basic.status, basic.headers['x-decision-reason']]).toEqual([401, 'malformed']);
    const notJwt = await send(serve.url, { path: '/_authz', headers: { ...base, ...good, authorization: 'Bearer not-a-jwt' } });
    expect([notJwt.status, notJwt.headers['x-decision-reason']]).toEqual([401, 'malformed']);
    const repeated = await send(serve.url, { path: '/_authz', headers: [...Object.entries(base), ...Object.entries(good), ['authorization', good.authorization]] });
    expect([repeated.status, repeated.headers['x-decision-reason']]).toEqual([401, 'malformed']);
  });

  it('ambiguous paths and a missing original method: 403 malformed_request', async () => {
    const headers = await w.headers({ who: w.crew.planner, role: 'planner' });
    for (const uri of ['/v1/models/../admin/revocations', '/v1/%2e%2e/admin/revocations', '/v1//models', '/v1/files/a%2Fb', 'v1/models', '/v1/mo\\dels']) {
      const r = await nginxCheck('GET', uri, headers);
      expect([uri, r.status, r.headers['x-decision-reason']]).toEqual([uri, 403, 'malformed_request']);
    }
    const noMethod = await send(serve.url, { path: '/_authz', headers: { 'x-original-uri': '/v1/models', ...headers } });
    expect([noMethod.status, noMethod.headers['x-decision-reason']]).toEqual([403, 'malformed_request']);
    const options = await nginxCheck('OPTIONS', '/v1/models', headers);
    expect(options.status).toBe(403);
  });
});

describe('Envoy ext_authz checks', () => {
  it('takes the original method and path under the prefix, and the model from a forwarded body', async () => {
    const headers = await w.headers({ who: w.crew.planner, role: 'planner' });
    const r = await send(serve.url, { method: 'POST', path: '/ext_authz/v1/chat/completions', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }) });
    expect(r.status).toBe(200);
    const restricted = await w.headers({ who: w.crew.planner, role: 'planner', classification: 'restricted' });
    const denied = await send(serve.url, { method: 'POST', path: '/ext_authz/v1/chat/completions', headers: { ...restricted, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o' }) });
    expect([denied.status, denied.headers['x-decision-reason']]).toEqual([403, 'model_classification_exceeded']);
  });

  it('refuses a body over the limit and a body that is not JSON', async () => {
    const headers = { ...(await w.headers({ who: w.crew.planner, role: 'planner' })), 'content-type': 'application/json' };
    const big = await send(serve.url, { method: 'POST', path: '/ext_authz/v1/chat/completions', headers, body: JSON.stringify({ model: 'gpt-4o-mini', pad: 'x'.repeat(70_000) }) });
    expect([big.status, big.headers['x-decision-reason']]).toEqual([403, 'malformed_request']);
    const junk = await send(serve.url, { method: 'POST', path: '/ext_authz/v1/chat/completions', headers, body: '{"model": ' });
    expect([junk.status, junk.headers['x-decision-reason']]).toEqual([403, 'malformed_request']);
  });
});

describe('the server itself', () => {
  it('answers /health with the loaded bundle and 404 elsewhere', async () => {
    const h = await send(serve.url, { path: '/health' });
    expect(h.status).toBe(200);
    expect(h.json()).toMatchObject({ status: 'ok', revision: 'gateway-test-1', entrypoint: 'gateway/authz/allow' });
    expect((await send(serve.url, { path: '/elsewhere' })).status).toBe(404);
  });

  it('survives garbage on the socket and oversized headers', async () => {
    const port = Number(new URL(serve.url).port);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('\x00\x01GARBAGE \r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    const huge = await send(serve.url, { path: '/_authz', headers: { 'x-original-method': 'GET', 'x-original-uri': '/v1/models', 'x-pad': 'y'.repeat(40_000) } });
    expect(huge.status).toBe(431);
    expect((await send(serve.url, { path: '/health' })).status).toBe(200);
  });

  it('writes one audit record per check, refused identities included, and the log verifies once sealed', async () => {
    const before = readFileSync(auditPath, 'utf8').trim().split('\n').length;
    const expired = await w.headers({ who: w.crew.planner, role: 'planner', claims: { iat: nowSec() - 2000, exp: nowSec() - 1000 } });
    const r = await nginxCheck('GET', '/v1/models', expired);
    const lines = readFileSync(auditPath, 'utf8').trim().split('\n');
    expect(lines.length).toBe(before + 1);
    const record = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    expect(record).toMatchObject({ kind: 'decision', decisionId: r.headers['x-decision-id'], identity: null, result: { allow: false }, request: { method: 'GET', route: '/v1/models' } });
    expect((record.reasons as string[])[0]).toMatch(/^identity: expired: /);
    await serve.close();
    expect(await runCli(['audit', 'verify', auditPath, '--verification-key', auditKeyPath])).toBe(0);
  });
});

describe('policy serve command line', () => {
  it('exits 2 on a bundle that does not verify and 1 on missing flags', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const strangerPath = join(w.dir, 'stranger.pem');
    writeFileSync(strangerPath, stranger);
    const args = (key: string) => ['serve', '--bundle', w.bundlePath, '--verification-key', key, '--jwks', w.jwksPath, '--wit-jwks', w.witJwksPath, '--audience', 'https://gateway.acme.example', '--listen', '127.0.0.1:0'];
    expect(await runCli([...args(strangerPath), '--issuer', 'https://auth.acme.example'])).toBe(2);
    expect(await runCli(args(w.bundleKeyPath))).toBe(1); // no --issuer
  });
});
