// A real nginx on loopback in front of a recording upstream, with
// `auth_request` pointed at `policy serve`: allowed, denied, expired, revoked,
// tampered, malformed and missing identities go through nginx, and nothing
// reaches the upstream unless the policy allowed it. Also measures the
// end-to-end latency of allowed requests (nginx → serve → upstream).
//
// Needs `nginx` on PATH (Debian nginx-light has auth_request); skipped with a
// message otherwise. Everything nginx writes goes to a temp prefix.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../src/cli/commands/serve.js';
import { gatewayWorld, nowSec, percentile, send, serveFlags, swapSubject, type GatewayWorld } from './kit.js';

const NGINX = spawnSync('sh', ['-c', 'command -v nginx || { test -x /usr/sbin/nginx && echo /usr/sbin/nginx; }'], { encoding: 'utf8' }).stdout.trim();
if (!NGINX) console.warn('test/gateway/nginx.test.ts skipped: nginx is not on PATH (apt-get install nginx-light)');

let w: GatewayWorld;
let serve: RunningServe;
let upstream: Server;
let nginx: ChildProcess | undefined;
let nginxLog = '';
let gatewayUrl = '';
/** X-Test-Id of every request the upstream received. */
const reached: string[] = [];

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function nginxConfig(dir: string, port: number, authzPort: number, upstreamPort: number): string {
  return `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream authz { server 127.0.0.1:${authzPort}; keepalive 8; }
  upstream app { server 127.0.0.1:${upstreamPort}; keepalive 8; }
  server {
    listen 127.0.0.1:${port};
    location = /_authz {
      internal;
      proxy_pass http://authz;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      # Replace whatever the client sent under these names.
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Original-Method $request_method;
    }
    location / {
      auth_request /_authz;
      auth_request_set $decision_id $upstream_http_x_decision_id;
      auth_request_set $decision_reason $upstream_http_x_decision_reason;
      auth_request_set $policy_revision $upstream_http_x_policy_revision;
      add_header X-Decision-Id $decision_id always;
      add_header X-Decision-Reason $decision_reason always;
      add_header X-Policy-Revision $policy_revision always;
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Decision-Id $decision_id;
    }
  }
}
`;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (nginx?.exitCode !== null && nginx?.exitCode !== undefined) throw new Error(`nginx exited (${nginx.exitCode}): ${nginxLog}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port}: ${nginxLog}`);
}

describe.skipIf(!NGINX)('nginx auth_request → policy serve → upstream', () => {
  beforeAll(async () => {
    w = await gatewayWorld();
    serve = await startServe(serveFlags(w));
    upstream = createServer((req, res) => {
      reached.push(String(req.headers['x-test-id']));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, decision: req.headers['x-decision-id'] }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const dir = join(w.dir, 'nginx');
    mkdirSync(join(dir, 'logs'), { recursive: true });
    const port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, Number(new URL(serve.url).port), (upstream.address() as AddressInfo).port));
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stderr!.on('data', (d: Buffer) => (nginxLog += d.toString()));
    await waitForPort(port, 10_000);
    gatewayUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (nginx.exitCode === null) nginx.kill('SIGKILL');
    }
    await serve?.close();
    await new Promise((r) => upstream?.close(r));
  });

  const through = async (id: string, method: string, path: string, headers: Record<string, string> | [string, string][], model?: string) => {
    const extra: [string, string][] = [['x-test-id', id], ...(model ? ([['x-model', model]] as [string, string][]) : [])];
    const all = Array.isArray(headers) ? [...headers, ...extra] : [...Object.entries(headers), ...extra];
    return send(gatewayUrl, { method, path, headers: all });
  };

  it('drives every scenario through nginx; only allowed requests reach the upstream', async () => {
    const planner = () => w.headers({ who: w.crew.planner, role: 'planner' });
    const good = await planner();
    const scenarios: { id: string; method: string; path: string; headers: Record<string, string> | [string, string][]; model?: string; status: number; reason?: string; byNginx?: boolean }[] = [
      { id: 'allowed-chat', method: 'POST', path: '/v1/chat/completions', headers: await planner(), model: 'gpt-4o-mini', status: 200 },
      { id: 'allowed-models', method: 'GET', path: '/v1/models', headers: await w.headers({ who: w.crew.critic, role: 'critic' }), status: 200 },
      { id: 'denied-role', method: 'POST', path: '/v1/embeddings', headers: await w.headers({ who: w.crew.critic, role: 'critic', scope: 'embeddings' }), model: 'text-embedding-3-small', status: 403, reason: 'role_not_allowed' },
      { id: 'denied-classification', method: 'POST', path: '/v1/chat/completions', headers: await w.headers({ who: w.crew.planner, role: 'planner', classification: 'restricted' }), model: 'gpt-4o', status: 403, reason: 'model_classification_exceeded' },
      { id: 'denied-admin', method: 'POST', path: '/admin/revocations', headers: await planner(), status: 403, reason: 'delegation_chain_too_long,role_not_allowed,scope_missing' },
      { id: 'expired', method: 'GET', path: '/v1/models', headers: await w.headers({ who: w.crew.planner, role: 'planner', claims: { iat: nowSec() - 2000, exp: nowSec() - 1000 } }), status: 401, reason: 'expired' },
      { id: 'revoked-agent', method: 'GET', path: '/v1/models', headers: await w.headers({ who: w.revokedAgent, role: 'planner' }), status: 401, reason: 'revoked' },
      { id: 'tampered', method: 'GET', path: '/v1/models', headers: await w.headers({ who: w.crew.planner, role: 'planner', tamper: (t) => swapSubject(t, 'mallory') }), status: 401, reason: 'bad_signature' },
      { id: 'malformed-scheme', method: 'GET', path: '/v1/models', headers: { ...good, authorization: 'Basic YWxpY2U6c2VjcmV0' }, status: 401, reason: 'malformed' },
      { id: 'malformed-repeated-proof', method: 'GET', path: '/v1/models', headers: [...Object.entries(await planner()), ['workload-proof-token', good['workload-proof-token']]], status: 401, reason: 'malformed' },
      // nginx itself refuses a repeated Authorization header (400) before asking anyone.
      { id: 'repeated-authorization', method: 'GET', path: '/v1/models', headers: [...Object.entries(await planner()), ['authorization', good.authorization]], status: 400, byNginx: true },
      { id: 'malformed-context', method: 'GET', path: '/v1/models', headers: { ...(await planner()), 'policy-context': '{not json' }, status: 401, reason: 'malformed' },
      { id: 'missing-identity', method: 'GET', path: '/v1/models', headers: {}, status: 401, reason: 'missing_identity' },
      { id: 'proof-first-use', method: 'GET', path: '/v1/models', headers: good, status: 200 },
      { id: 'proof-replayed', method: 'GET', path: '/v1/models', headers: good, status: 401, reason: 'bad_proof' },
      { id: 'traversal', method: 'GET', path: '/v1/models/%2e%2e/admin/revocations', headers: await planner(), status: 403, reason: 'malformed_request' },
      { id: 'spoofed-original-uri', method: 'POST', path: '/admin/revocations', headers: { ...(await planner()), 'x-original-uri': '/v1/models', 'x-original-method': 'GET' }, status: 403, reason: 'delegation_chain_too_long,role_not_allowed,scope_missing' },
    ];
    const seen: Record<string, [number, string | undefined]> = {};
    for (const s of scenarios) {
      const r = await through(s.id, s.method, s.path, s.headers, s.model);
      seen[s.id] = [r.status, r.headers['x-decision-reason'] as string | undefined];
      if (r.status === 200) expect(r.json().decision).toBe(r.headers['x-decision-id']);
      if (s.byNginx) continue;
      expect(r.headers['x-decision-id'], s.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers['x-policy-revision'], s.id).toBe('gateway-test-1');
    }
    expect(seen).toEqual(Object.fromEntries(scenarios.map((s) => [s.id, [s.status, s.reason]])));
    expect(reached.sort()).toEqual(scenarios.filter((s) => s.status === 200).map((s) => s.id).sort());
  });

  it('measures end-to-end latency of allowed requests through nginx', async () => {
    const n = 200;
    const requests = await Promise.all(Array.from({ length: n }, () => w.headers({ who: w.crew.planner, role: 'planner' })));
    const before = reached.length;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = await through(`latency-${i}`, 'POST', '/v1/chat/completions', requests[i], 'gpt-4o-mini');
      times.push(performance.now() - t0);
      expect(r.status).toBe(200);
    }
    expect(reached.length - before).toBe(n);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(`gateway e2e through nginx (auth_request → policy serve → upstream), ${n} allowed requests: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`);
    expect(p50).toBeLessThan(100);
  });

  it('answers Envoy ext_authz style checks directly, and measures the check alone', async () => {
    const check = (headers: Record<string, string>, model: string) =>
      send(serve.url, { method: 'POST', path: '/ext_authz/v1/chat/completions', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ model }) });
    const denied = await check(await w.headers({ who: w.crew.critic, role: 'critic', scope: 'models.read' }), 'gpt-4o-mini');
    expect([denied.status, denied.headers['x-decision-reason']]).toEqual([403, 'scope_missing']);
    const n = 200;
    const requests = await Promise.all(Array.from({ length: n }, () => w.headers({ who: w.crew.planner, role: 'planner' })));
    const times: number[] = [];
    for (const headers of requests) {
      const t0 = performance.now();
      const r = await check(headers, 'gpt-4o-mini');
      times.push(performance.now() - t0);
      expect(r.status).toBe(200);
    }
    console.log(`policy serve ext_authz check alone (3 signature verifications + policy), ${n} allowed requests: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
  });

  it('nginx logged no errors from the auth subrequests', () => {
    const log = readFileSync(join(w.dir, 'nginx', 'error.log'), 'utf8');
    expect(log).not.toMatch(/auth request unexpected status|\[(error|crit|alert|emerg)\]/);
  });
});
