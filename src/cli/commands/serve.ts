// `policy serve`: the authorisation server nginx (auth_request) and Envoy
// (HTTP ext_authz) ask before forwarding a request. It loads and verifies a
// signed bundle, verifies each request's identity (delegation token, workload
// proof, revocation list), decides with the bundle's policy, audits, and
// answers 200 / 401 / 403 with decision headers. Runs until SIGINT/SIGTERM,
// then seals the audit log. Exit codes: 1 bad flags or unreadable input, 2 a
// bundle that does not verify.

import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Command } from 'commander';
import { readBundle } from '../../bundle/read.js';
import { createFileAuditLog } from '../../runtime/audit-file-sink.js';
import type { AuditLog } from '../../runtime/audit.js';
import { createEnforcer, EnforcerError, type Enforcer } from '../../runtime/enforcer.js';
import { jwksSource, revocationList, type IdentityOptions, type RevocationList } from '../../runtime/identity/index.js';
import { Authorizer, routeTemplates as routeTemplatesAt } from '../../runtime/http/authorize.js';
import { createAuthzServer } from '../../runtime/http/authz-server.js';
import { reasonCodes } from '../../runtime/http/answer.js';
import { findBundleSchema } from '../../runtime/schema.js';
import { EXIT, setExit } from '../exit.js';
import { collect } from '../options.js';

export interface ServeFlags {
  bundle: string;
  verificationKey: string;
  keyId?: string;
  scope?: string;
  entrypoint?: string;
  issuer: string[];
  audience: string[];
  jwks: string;
  workload: 'wit' | 'forwarded';
  witJwks?: string;
  witIssuer: string[];
  workloadHeader?: string;
  clockSkew?: string;
  revocations?: string;
  revocationsInterval: string;
  listen: string;
  audit?: string;
  auditSigningKey?: string;
  watch?: string;
  interval: string;
  routeTable: string;
  extAuthzPrefix: string;
  modelHeader: string;
  logDecisions?: boolean;
}

export interface RunningServe {
  url: string;
  server: Server;
  enforcer: Enforcer;
  close(): Promise<void>;
}

class ServeUsageError extends Error {}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Authorisation server for nginx auth_request and Envoy ext_authz: verified identity + signed bundle → 200 / 401 / 403 with decision headers.')
    .requiredOption('--bundle <path|url>', 'signed bundle (.tar.gz) to enforce')
    .requiredOption('--verification-key <pem|jwks>', 'public key PEM or JWKS file that signed the bundle')
    .option('--key-id <kid>', 'require this bundle signing key id')
    .option('--scope <scope>', 'require this bundle signature scope')
    .option('-e, --entrypoint <pkg/rule>', "decision to enforce (default: the manifest's first wasm entrypoint)")
    .option('--issuer <iss>', 'accepted delegation token issuer (repeatable)', collect, [])
    .option('--audience <aud>', "this gateway's audience (repeatable)", collect, [])
    .requiredOption('--jwks <file|url>', "the authorisation server's JWKS (delegation tokens)")
    .option('--workload <wit|forwarded>', 'workload proof: WIMSE WIT + proof token, or a SPIFFE ID header set by the mTLS proxy', 'wit')
    .option('--wit-jwks <file|url>', 'JWKS of the workload identity issuer (with --workload wit)')
    .option('--wit-issuer <iss>', 'accepted WIT issuer (repeatable)', collect, [])
    .option('--workload-header <name>', 'header carrying the SPIFFE ID (with --workload forwarded)')
    .option('--clock-skew <seconds>', 'tolerated clock skew on token times (default 30, at most 300)')
    .option('--revocations <file|url>', 'revocation list {"jti": [...], "agents": [...]}, reloaded on an interval')
    .option('--revocations-interval <seconds>', 'revocation list reload interval', '60')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8181')
    .option('--audit <file.jsonl>', 'append a hash-chained audit record per request')
    .option('--audit-signing-key <pem>', 'private key signing audit checkpoints')
    .option('--watch <url>', 'poll this URL for new bundles (ETag) and hot-swap verified ones')
    .option('--interval <seconds>', 'bundle polling interval', '60')
    .option('--route-table <data.path>', 'bundle data whose keys are the route templates', 'gateway.route_table')
    .option('--ext-authz-prefix <path>', 'path prefix of Envoy ext_authz check requests', '/ext_authz')
    .option('--model-header <name>', 'header naming the model when the proxy forwards no body', 'x-model')
    .option('--log-decisions', 'print one JSON line per decision')
    .action(async (flags: ServeFlags) => {
      let running: RunningServe;
      try {
        running = await startServe(flags);
      } catch (e) {
        console.error(`policy serve: ${e instanceof Error ? e.message : String(e)}`);
        setExit(e instanceof EnforcerError && /signature/.test(e.message) ? EXIT.failed : EXIT.usage);
        return;
      }
      const s = running.enforcer.status();
      console.log(`policy serve: listening on ${running.url} (nginx: X-Original-URI on any path; Envoy: ${flags.extAuthzPrefix}/…; /health)`);
      console.log(`policy serve: bundle revision ${s.revision ?? '(none)'} sha256:${s.digest}, entrypoint ${s.entrypoint}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.close();
      console.log('policy serve: stopped');
    });
}

/** Load everything, start listening; the caller closes. */
export async function startServe(flags: ServeFlags): Promise<RunningServe> {
  const { host, port } = parseListen(flags.listen);
  if (flags.issuer.length === 0) throw new ServeUsageError('--issuer is required (the issuer of the delegation tokens)');
  if (flags.audience.length === 0) throw new ServeUsageError('--audience is required (the audience of this gateway)');
  const bytes = await readBundleBytes(flags.bundle);
  const audit: AuditLog | undefined = flags.audit ? createFileAuditLog(flags.audit, { signingKey: flags.auditSigningKey }) : undefined;
  let enforcer: Enforcer | undefined;
  let revocations: RevocationList | undefined;
  try {
    // Every bundle, the first and each hot reload, must hold the route table
    // (the authoriser re-reads the templates after each swap).
    const checkBundle = (b: { data: unknown }) => void routeTemplates(b.data, flags.routeTable);
    enforcer = await createEnforcer({ bundle: bytes, keys: flags.verificationKey, keyId: flags.keyId, scope: flags.scope, entrypoint: flags.entrypoint, audit, checkBundle });
    // The same bytes the enforcer verified: the identity schema.
    const bundle = readBundle(bytes);
    revocations = flags.revocations ? revocationList(flags.revocations, { intervalMs: seconds(flags.revocationsInterval, '--revocations-interval') * 1000 }) : undefined;
    const identity: Omit<IdentityOptions, 'request'> = {
      delegation: {
        keys: jwksSource(flags.jwks),
        issuer: flags.issuer,
        audience: flags.audience,
        clockToleranceSec: flags.clockSkew !== undefined ? seconds(flags.clockSkew, '--clock-skew') : undefined,
      },
      workload: workloadOptions(flags),
      revocations,
      schema: findBundleSchema(bundle.files)?.schema as object | undefined,
    };
    const authorizer = new Authorizer({
      enforcer,
      identity,
      routeTable: flags.routeTable,
      onAuditError: (e) => console.error(`policy serve: audit: ${e instanceof Error ? e.message : String(e)}`),
    });
    const server = createAuthzServer({
      authorizer,
      enforcer,
      extAuthzPrefix: flags.extAuthzPrefix,
      modelHeader: flags.modelHeader,
      onDecision: flags.logDecisions
        ? (o, mode) => console.log(JSON.stringify({ mode, status: o.status, decision_id: o.decisionId, reason: reasonCodes(o), route: o.request?.route, agent: o.identity?.agent.id }))
        : undefined,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    if (flags.watch) {
      enforcer.watch(flags.watch, {
        interval: seconds(flags.interval, '--interval') * 1000,
        onReload: (i) => console.log(`policy serve: loaded bundle revision ${i.revision ?? '(none)'} sha256:${i.digest}`),
        onError: (e) => console.error(`policy serve: bundle reload failed [${e.code}]: ${e.message}`),
      });
    }
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const loaded = enforcer;
    return {
      url: `http://${shown}:${address.port}`,
      server,
      enforcer: loaded,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        revocations?.close();
        await loaded.close(); // stops watching, seals the audit log
      },
    };
  } catch (e) {
    revocations?.close();
    if (enforcer) await enforcer.close();
    else await audit?.close();
    throw e;
  }
}

function workloadOptions(flags: ServeFlags): IdentityOptions['workload'] {
  if (flags.workload === 'forwarded') return { proof: 'forwarded', header: flags.workloadHeader };
  if (flags.workload !== 'wit') throw new ServeUsageError(`--workload must be wit or forwarded, not ${JSON.stringify(flags.workload)}`);
  if (!flags.witJwks) throw new ServeUsageError('--workload wit needs --wit-jwks (the keys of the workload identity issuer)');
  return { proof: 'wit', keys: jwksSource(flags.witJwks), issuer: flags.witIssuer.length > 0 ? flags.witIssuer : undefined };
}

/** The keys of the object at a dotted data path: the route templates. */
export function routeTemplates(data: unknown, path: string): string[] {
  try {
    return routeTemplatesAt(data, path);
  } catch (e) {
    throw new ServeUsageError(`${(e as Error).message} (pass --route-table <data.path>)`);
  }
}

function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new ServeUsageError(`--listen must be host:port, not ${JSON.stringify(listen)}`);
  return { host: m[1] ?? m[2], port };
}

function seconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ServeUsageError(`${flag} must be a number of seconds, not ${JSON.stringify(value)}`);
  return n;
}

async function readBundleBytes(src: string): Promise<Uint8Array> {
  try {
    if (/^https?:\/\//i.test(src)) {
      const res = await fetch(src, { signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    }
    return await readFile(src);
  } catch (e) {
    throw new ServeUsageError(`cannot read bundle ${src}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
