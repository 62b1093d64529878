// Test kit for the runtime: signed bundles built in the test from our
// compiler's output (as `policy build` would), keys, and a loopback bundle
// server.

import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AddressInfo } from 'node:net';
import { compile, type CompileOptions } from '../../src/compiler/compile.js';
import { signEntries } from '../../src/bundle/sign.js';
import { writeTarGz, type BundleEntry } from '../../src/bundle/tar.js';

export interface KeyPair {
  privatePem: string;
  publicPem: string;
}

export function ecKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface BundleSpec {
  /** path → Rego text */
  rego: Record<string, string>;
  entrypoints: string[];
  data?: unknown;
  revision?: string;
  /** Extra files at their bundle path (e.g. identity.schema.json). */
  files?: Record<string, string | Uint8Array>;
  /** Signing key; omit for an unsigned bundle. */
  sign?: { key: string; keyId?: string; scope?: string };
  compile?: CompileOptions;
}

export async function buildBundle(spec: BundleSpec): Promise<Uint8Array> {
  const sources = Object.entries(spec.rego).map(([path, text]) => ({ path, text }));
  const { wasm, entrypoints } = compile(sources, { ...spec.compile, entrypoints: spec.entrypoints });
  const manifest = {
    revision: spec.revision ?? 'test-1',
    roots: [''],
    wasm: entrypoints.map((e) => ({ entrypoint: e, module: '/policy.wasm' })),
  };
  const text = (s: string) => new TextEncoder().encode(s);
  let entries: BundleEntry[] = [
    { name: '.manifest', bytes: text(JSON.stringify(manifest)) },
    { name: 'policy.wasm', bytes: wasm },
    { name: 'data.json', bytes: text(JSON.stringify(spec.data ?? {})) },
    ...sources.map((s) => ({ name: s.path, bytes: text(s.text) })),
    ...Object.entries(spec.files ?? {}).map(([name, v]) => ({ name, bytes: typeof v === 'string' ? text(v) : v })),
  ];
  if (spec.sign) entries = await signEntries(entries, { key: spec.sign.key, keyId: spec.sign.keyId, scope: spec.sign.scope });
  return writeTarGz(entries);
}

/** The example gateway policy (policies/gateway): every .rego except tests, its data and schema. */
export function gatewaySpec(sign?: BundleSpec['sign']): BundleSpec {
  const root = 'policies/gateway';
  const rego: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.rego') && !name.endsWith('_test.rego')) rego[relative('policies', p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return {
    rego,
    entrypoints: ['gateway/authz/allow', 'gateway/authz/reasons'],
    data: { gateway: JSON.parse(readFileSync(join(root, 'data.json'), 'utf8')) },
    files: { 'gateway/identity.schema.json': readFileSync(join(root, 'identity.schema.json'), 'utf8') },
    sign,
  };
}

/** The example inputs shipped with the gateway policy. */
export function gatewayExamples(): { name: string; input: Record<string, unknown> }[] {
  const dir = 'policies/gateway/examples';
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => ({ name, input: JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown> }));
}

/** A loopback bundle server with ETags; `bundle` can be swapped, `status` forced. */
export interface BundleServer {
  url: string;
  bundle: Uint8Array;
  etag: string;
  /** Forces this HTTP status for every request when set. */
  status?: number;
  requests: { ifNoneMatch?: string; status: number }[];
  close(): Promise<void>;
}

export async function startBundleServer(initial: Uint8Array): Promise<BundleServer> {
  let version = 1;
  const state: BundleServer = {
    url: '',
    bundle: initial,
    etag: `"v${version}"`,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve()); // resolves on a second close too (with an error we ignore)
        server.closeAllConnections(); // fetch keeps connections alive
      }),
  };
  let current = initial;
  const server: Server = createServer((req, res) => {
    if (state.bundle !== current) {
      current = state.bundle;
      state.etag = `"v${++version}"`;
    }
    const inm = req.headers['if-none-match'];
    let status = state.status ?? 200;
    if (status === 200 && inm === state.etag) status = 304;
    state.requests.push({ ifNoneMatch: inm, status });
    if (status !== 200) {
      res.writeHead(status, status === 304 ? { ETag: state.etag } : {});
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/gzip', ETag: state.etag, 'Content-Length': current.length });
    res.end(Buffer.from(current));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bundles/gateway.tar.gz`;
  return state;
}
