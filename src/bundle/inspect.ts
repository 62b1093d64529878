// `policy inspect`: what a bundle holds, without running its policy —
// manifest, entrypoints, builtins the module calls, files with sizes and
// digests, and the signature's status (verified when keys are given).

import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SIGNATURES_FILE, type Bundle, type Manifest } from './read.js';
import { BundleVerificationError, verifyBundle, type VerifyOptions } from './verify.js';

export interface InspectReport {
  digest: string;
  manifest: Manifest;
  entrypoints: string[];
  module?: { abiVersion?: string; entrypoints: string[]; builtins: string[]; error?: string };
  builtins: string[];
  files: { name: string; size: number; sha256: string }[];
  signature: {
    status: 'absent' | 'present' | 'verified' | 'invalid';
    count: number;
    alg?: string;
    kid?: string;
    scope?: string;
    error?: { code: string; message: string };
  };
}

export async function inspectBundle(bundle: Bundle, verify?: VerifyOptions): Promise<InspectReport> {
  const files = [...bundle.files]
    .map(([name, bytes]) => ({ name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const module = bundle.wasm ? await probeModule(bundle.wasm) : undefined;
  const declared = bundle.manifest.metadata?.builtins;
  // Our builds record every builtin the policy calls; a module's builtins() lists only those the host supplies.
  const builtins = Array.isArray(declared) ? declared.map(String) : module && !module.error ? module.builtins : [];
  return {
    digest: bundle.digest,
    manifest: bundle.manifest,
    entrypoints: (bundle.manifest.wasm ?? []).map((w) => w.entrypoint),
    module,
    builtins,
    files,
    signature: await signatureStatus(bundle, verify),
  };
}

async function signatureStatus(bundle: Bundle, verify?: VerifyOptions): Promise<InspectReport['signature']> {
  const sigs = bundle.signatures;
  if (sigs === undefined) return { status: 'absent', count: 0 };
  const header = sigs.length === 1 ? decodeHeader(sigs[0]) : {};
  const base = { count: sigs.length, alg: header.alg, kid: header.kid };
  if (!verify) return { status: 'present', ...base };
  try {
    const v = await verifyBundle(bundle, verify);
    return { status: 'verified', ...base, alg: v.alg, kid: v.kid, scope: v.scope };
  } catch (e) {
    if (e instanceof BundleVerificationError) return { status: 'invalid', ...base, error: { code: e.code, message: e.message } };
    throw e;
  }
}

function decodeHeader(token: string): { alg?: string; kid?: string } {
  try {
    const h = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    return { alg: typeof h.alg === 'string' ? h.alg : undefined, kid: typeof h.kid === 'string' ? h.kid : undefined };
  } catch {
    return {};
  }
}

type ModuleInfo = NonNullable<InspectReport['module']>;

/**
 * Runs in a worker: instantiate the module with inert imports and read its
 * `entrypoints()` and `builtins()` tables through the ABI (OPA's host flow
 * without evaluating anything). Plain JS text so that it runs as is.
 */
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const memory = new WebAssembly.Memory({ initial: 5 });
  const refuse = () => { throw new Error('inspect does not evaluate policies'); };
  const env = { memory, opa_abort: refuse, opa_println: () => undefined };
  for (let i = 0; i <= 4; i++) env['opa_builtin' + i] = refuse;
  const x = new WebAssembly.Instance(new WebAssembly.Module(workerData), { env }).exports;
  const mem = x.memory || memory;
  const dump = (addr) => {
    const str = x.opa_json_dump(addr);
    const bytes = new Uint8Array(mem.buffer);
    let end = str;
    while (end < bytes.length && bytes[end] !== 0) end++;
    return JSON.parse(new TextDecoder().decode(bytes.subarray(str, end)));
  };
  const major = x.opa_wasm_abi_version && x.opa_wasm_abi_version.value;
  const minor = x.opa_wasm_abi_minor_version && x.opa_wasm_abi_minor_version.value;
  parentPort.postMessage({
    abiVersion: major !== undefined ? major + '.' + (minor ?? 0) : undefined,
    entrypoints: Object.keys(dump(x.entrypoints())),
    builtins: Object.keys(dump(x.builtins())).sort(),
  });
} catch (e) {
  parentPort.postMessage({ entrypoints: [], builtins: [], error: 'cannot read the wasm module: ' + (e && e.message) });
}
`;

/**
 * The module's entrypoints and host builtins. The untrusted module runs in a
 * worker with a deadline and a heap cap, so a hostile one cannot hang or
 * exhaust the inspecting process. Failures are reported, not thrown.
 */
export function probeModule(wasm: Uint8Array, timeoutMs = 5000): Promise<ModuleInfo> {
  return new Promise((resolve) => {
    const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: wasm, resourceLimits: { maxOldGenerationSizeMb: 128 } });
    const done = (info: ModuleInfo) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(info);
    };
    const timer = setTimeout(() => done({ entrypoints: [], builtins: [], error: `cannot read the wasm module: no answer within ${timeoutMs} ms` }), timeoutMs);
    worker.once('message', (m: ModuleInfo) => done(m));
    worker.once('error', (e) => done({ entrypoints: [], builtins: [], error: `cannot read the wasm module: ${e.message}` }));
    worker.once('exit', () => done({ entrypoints: [], builtins: [], error: 'cannot read the wasm module: probe exited' }));
  });
}

/** Human-readable report. */
export function formatReport(r: InspectReport): string {
  const lines: string[] = [];
  const m = r.manifest;
  lines.push(`digest:      sha256:${r.digest}`);
  lines.push(`revision:    ${m.revision ?? '(none)'}`);
  lines.push(`roots:       ${(m.roots ?? ['']).map((x) => (x === '' ? '"" (all)' : x)).join(', ')}`);
  if (m.rego_version !== undefined) lines.push(`rego:        v${m.rego_version}`);
  const compiler = m.metadata?.compiler as { name?: string; version?: string } | undefined;
  if (compiler) lines.push(`compiler:    ${compiler.name ?? '?'} ${compiler.version ?? ''}`.trimEnd());
  if (typeof m.metadata?.source_commit === 'string') lines.push(`source:      ${m.metadata.source_commit}`);
  if (typeof m.metadata?.build_time === 'string') lines.push(`built:       ${m.metadata.build_time}`);
  lines.push(`entrypoints: ${r.entrypoints.length ? r.entrypoints.join(', ') : '(none)'}`);
  if (r.module) lines.push(r.module.error ? `module:      ${r.module.error}` : `module:      OPA wasm ABI ${r.module.abiVersion ?? '?'}`);
  lines.push(`builtins:    ${r.builtins.length ? r.builtins.join(', ') : '(none)'}`);
  if (r.module && !r.module.error) lines.push(`host calls:  ${r.module.builtins.length ? r.module.builtins.join(', ') : '(none: every builtin is native)'}`);
  const s = r.signature;
  const sig = s.status === 'absent' ? 'absent (unsigned bundle)' : `${s.status}${s.alg ? ` ${s.alg}` : ''}${s.kid ? ` kid=${s.kid}` : ''}${s.scope ? ` scope=${s.scope}` : ''}${s.count > 1 ? ` (${s.count} signatures)` : ''}`;
  lines.push(`signature:   ${sig}${s.error ? `: ${s.error.message}` : ''}`);
  lines.push('files:');
  const width = Math.max(...r.files.map((f) => String(f.size).length), 1);
  for (const f of r.files) lines.push(`  ${String(f.size).padStart(width)}  ${f.sha256.slice(0, 16)}  ${f.name}${f.name === SIGNATURES_FILE ? ' (not signed itself)' : ''}`);
  return lines.join('\n');
}
