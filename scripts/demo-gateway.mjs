#!/usr/bin/env node
// The gateway demo: a Node HTTP server with the policy middleware in front of
// a stand-in model API, enforcing the signed bundle. An authorisation server,
// a workload identity issuer and a research crew (keys generated here) mint
// real tokens; each scenario sends one request and prints the decision, its
// reason and the audit record it left. Ends by verifying the audit log.
//
//   node scripts/demo-gateway.mjs --bundle bundles/gateway.tar.gz --verification-key keys/demo.public.pem [--audit bundles/demo-audit.jsonl]
//
// Uses dist/ (npm run build).

import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, request } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { AuditLog, JsonlFileWriter, createEnforcer, verifyAuditLog } from '../dist/src/runtime/index.js';
import { jwksSource, revocationList } from '../dist/src/runtime/identity/index.js';
import { createMiddleware } from '../dist/src/runtime/http/index.js';
import { routeTemplates } from '../dist/src/cli/commands/serve.js';
import { readBundle } from '../dist/src/bundle/read.js';
import { loadVerificationKeys } from '../dist/src/bundle/keys.js';

const { values: args } = parseArgs({
  options: {
    bundle: { type: 'string', default: 'bundles/gateway.tar.gz' },
    'verification-key': { type: 'string', default: 'bundles/keys/demo.public.pem' },
    audit: { type: 'string', default: 'bundles/demo-audit.jsonl' },
  },
});

const ISSUER = 'https://auth.acme.example';
const AUDIENCE = 'https://gateway.acme.example';
const WIT_ISSUER = 'https://wit.acme.example';
const CREW = 'spiffe://acme.example/crew/research';
const now = () => Math.floor(Date.now() / 1000);

// --- the parties: authorisation server, workload identity issuer, agents ---
async function key(kid) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}
const authServer = await key('auth-1');
const witIssuer = await key('wit-1');
const agents = {};
for (const name of ['planner', 'researcher', 'executor', 'critic', 'rogue']) agents[name] = { id: `${CREW}/${name}`, key: await key(name) };
const sha256url = (s) => createHash('sha256').update(s, 'ascii').digest('base64url');

/** The headers an agent sends: delegation token (from the user's auth server), WIT and a fresh proof. */
async function headersFor({ agent, role, scope, classification = 'internal', claims = {}, tamper }) {
  const t = now();
  let token = await new SignJWT({
    sub: 'alice', tenant: 'acme', jti: `dlg-${randomUUID().slice(0, 8)}`, scope, client_id: agent.id,
    act: { sub: agent.id, role, act: { sub: 'spiffe://acme.example/orchestrator' } },
    iat: t - 60, exp: t + 900, ...claims,
  }).setProtectedHeader({ alg: 'ES256', kid: authServer.kid }).setIssuer(ISSUER).setAudience(AUDIENCE).sign(authServer.privateKey);
  const { kid: _k, use: _u, ...cnf } = agent.key.jwk;
  const wit = await new SignJWT({ sub: agent.id, cnf: { jwk: cnf }, jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: witIssuer.kid, typ: 'wit+jwt' }).setIssuer(WIT_ISSUER).setIssuedAt(t - 30).setExpirationTime(t + 3600).sign(witIssuer.privateKey);
  const wpt = await new SignJWT({ aud: AUDIENCE, jti: randomUUID(), wth: sha256url(wit), ath: sha256url(token) })
    .setProtectedHeader({ alg: 'ES256', typ: 'wpt+jwt' }).setIssuedAt(t).setExpirationTime(t + 60).sign(agent.key.privateKey);
  if (tamper) token = tamper(token);
  return { authorization: `Bearer ${token}`, 'workload-identity-token': wit, 'workload-proof-token': wpt, 'policy-context': JSON.stringify({ classification }) };
}

// --- the gateway: enforcer (signed bundle) + identity + middleware + audit ---
const bundleBytes = readFileSync(args.bundle);
rmSync(args.audit, { force: true });
const auditKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const file = new JsonlFileWriter(args.audit);
const lines = [];
const audit = new AuditLog({
  out: { writeLine: (l) => (lines.push(l), file.writeLine(l)), sync: () => file.sync(), close: () => file.close(), lastLine: () => undefined },
  signingKey: auditKey.privateKey,
  keyId: 'demo-audit',
});
const enforcer = await createEnforcer({ bundle: bundleBytes, keys: args['verification-key'], audit });
const fileOwners = { 'file-acme-roadmap': 'acme', 'file-globex-q3-report': 'globex' };
const gate = createMiddleware({
  enforcer, // audits decisions and refusals alike
  identity: {
    delegation: { keys: jwksSource({ keys: [authServer.jwk] }), issuer: ISSUER, audience: AUDIENCE },
    workload: { proof: 'wit', keys: jwksSource({ keys: [witIssuer.jwk] }), issuer: WIT_ISSUER },
    revocations: revocationList({ jti: [], agents: [agents.rogue.id] }),
  },
  routes: routeTemplates(readBundle(bundleBytes).data, 'gateway.route_table'),
  // The gateway knows who owns a file; the policy keeps tenants apart.
  resource: (req) => (req.route === '/v1/files/{file_id}' ? { tenant: fileOwners[req.path.split('/').pop()] } : undefined),
});
const upstream = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'stand-in', route: req.url, for: req.identity.user.sub, via: req.identity.agent.id }));
};
const server = createServer(gate.wrap(upstream));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
const status = enforcer.status();
console.log(`gateway on http://127.0.0.1:${port}: bundle ${status.revision ?? '(no revision)'} sha256:${status.digest.slice(0, 16)}…, signed by ${status.signature?.kid ?? '?'}; identity schema ${status.schema}`);

function send(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: body ? { ...headers, 'content-type': 'application/json' } : headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const swapUser = (token) => {
  const [h, p, s] = token.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  return [h, Buffer.from(JSON.stringify({ ...payload, sub: 'mallory' })).toString('base64url'), s].join('.');
};
const replayed = await headersFor({ agent: agents.planner, role: 'planner', scope: 'chat models.read' });
const scenarios = [
  ['planner chats with gpt-4o-mini about internal data', 'POST', '/v1/chat/completions', { agent: agents.planner, role: 'planner', scope: 'chat models.read' }, { model: 'gpt-4o-mini' }],
  ['executor runs the code interpreter on confidential data', 'POST', '/v1/tools/code_interpreter/invoke', { agent: agents.executor, role: 'executor', scope: 'tools tool:code_interpreter', classification: 'confidential' }],
  ['critic asks for embeddings (not its role)', 'POST', '/v1/embeddings', { agent: agents.critic, role: 'critic', scope: 'embeddings' }, { model: 'text-embedding-3-small' }],
  ['planner sends restricted data to an external model', 'POST', '/v1/chat/completions', { agent: agents.planner, role: 'planner', scope: 'chat', classification: 'restricted' }, { model: 'gpt-4o' }],
  ["researcher reads another tenant's file", 'GET', '/v1/files/file-globex-q3-report', { agent: agents.researcher, role: 'researcher', scope: 'files.read' }],
  ['expired delegation token', 'GET', '/v1/models', { agent: agents.planner, role: 'planner', scope: 'models.read', claims: { iat: now() - 2000, exp: now() - 1000 } }],
  ['revoked agent', 'GET', '/v1/models', { agent: agents.rogue, role: 'planner', scope: 'models.read' }],
  ['tampered token (user swapped after signing)', 'GET', '/v1/models', { agent: agents.planner, role: 'planner', scope: 'models.read', tamper: swapUser }],
  ['proof token used once', 'GET', '/v1/models', replayed],
  ['same proof token replayed', 'GET', '/v1/models', replayed],
  ['no identity at all', 'GET', '/v1/models', null],
];

for (const [title, method, path, who, body] of scenarios) {
  const headers = who === null ? {} : who.authorization ? who : await headersFor(who);
  const t0 = performance.now();
  const r = await send(method, path, headers, body);
  const ms = (performance.now() - t0).toFixed(1);
  const reason = r.status === 200 ? 'allowed' : (r.headers['x-decision-reason'] ?? JSON.parse(r.body).error);
  console.log(`\n● ${title}\n  ${method} ${path} → ${r.status} ${reason}  (${ms} ms)`);
  const record = JSON.parse(lines.filter((l) => l.includes('"kind":"decision"')).at(-1));
  const who2 = record.identity ? `${record.identity.user.sub} via ${record.identity.agent.id.replace(CREW, '…')} (${record.identity.agent.role})` : 'no verified identity';
  console.log(`  audit #${record.seq} ${record.decisionId}: allow=${record.result.allow} reasons=${JSON.stringify(record.reasons)} identity=${who2} hash=${record.hash.slice(0, 12)}…`);
}

server.close();
await enforcer.close(); // seals the audit log with a signed checkpoint
const report = await verifyAuditLog(readFileSync(args.audit, 'utf8'), await loadVerificationKeys(auditKey.publicKey.export({ type: 'spki', format: 'pem' })));
console.log(`\naudit log ${args.audit}: ${report.ok ? 'verified' : 'FAILED'}: ${report.decisions} decisions, ${report.checkpoints} signed checkpoint(s), ${report.sealed ? 'sealed' : 'not sealed'}`);
process.exitCode = report.ok ? 0 : 2;
