// A bundle .tar.gz → files, manifest, merged data, wasm module and
// signatures, validated the way OPA's bundle reader validates them (manifest
// shape, roots that do not overlap, wasm modules that exist, data under the
// roots). Reading does not verify signatures; verify.ts does. Runtime-safe: no
// compiler imports.

import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { readTarGz, TarError, type TarLimits } from './tar.js';

export interface Manifest {
  revision?: string;
  roots?: string[];
  wasm?: { entrypoint: string; module: string }[];
  rego_version?: number;
  metadata?: Record<string, unknown>;
}

export interface Bundle {
  files: Map<string, Uint8Array>;
  manifest: Manifest;
  /** Every data.json / data.yaml merged at its directory's path; {} when there are none. */
  data: unknown;
  wasm?: Uint8Array;
  /** JWS strings from .signatures.json; undefined when the file is absent. */
  signatures?: string[];
  /** sha256 hex of the .tar.gz bytes. */
  digest: string;
}

export class BundleError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

export const MANIFEST_FILE = '.manifest';
export const SIGNATURES_FILE = '.signatures.json';
export const WASM_FILE = 'policy.wasm';

export function readBundle(tarGz: Uint8Array, limits?: TarLimits): Bundle {
  let entries;
  try {
    entries = readTarGz(tarGz, limits);
  } catch (e) {
    if (e instanceof TarError) throw new BundleError(e.code, `bundle: ${e.message}`);
    throw e;
  }
  const files = new Map(entries.map((e) => [e.name, e.bytes] as const));
  const digest = createHash('sha256').update(tarGz).digest('hex');
  const manifest = files.has(MANIFEST_FILE) ? parseManifest(files.get(MANIFEST_FILE)!) : {};
  const signatures = files.has(SIGNATURES_FILE) ? parseSignatures(files.get(SIGNATURES_FILE)!) : undefined;
  const data = mergeDataFiles(files);
  const wasm = pickWasm(files, manifest);
  validateRoots(manifest, data);
  return { files, manifest, data, wasm, signatures, digest };
}

function decode(name: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new BundleError('bad_encoding', `bundle: ${name} is not valid UTF-8`);
  }
}

function parseJsonFile(name: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decode(name, bytes));
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError('bad_json', `bundle: ${name} is not valid JSON: ${(e as Error).message}`);
  }
}

export function parseManifest(bytes: Uint8Array): Manifest {
  const m = parseJsonFile(MANIFEST_FILE, bytes);
  const bad = (why: string): never => {
    throw new BundleError('bad_manifest', `bundle: .manifest ${why}`);
  };
  if (!isObject(m)) return bad('must be a JSON object');
  const out: Manifest = {};
  if (m.revision !== undefined) out.revision = typeof m.revision === 'string' ? m.revision : bad('revision must be a string');
  if (m.roots !== undefined && m.roots !== null) {
    if (!Array.isArray(m.roots) || !m.roots.every((r) => typeof r === 'string')) bad('roots must be an array of strings');
    out.roots = (m.roots as string[]).map((r) => r.replace(/^\/+|\/+$/g, ''));
  }
  if (m.wasm !== undefined && m.wasm !== null) {
    if (!Array.isArray(m.wasm)) bad('wasm must be an array');
    out.wasm = (m.wasm as unknown[]).map((w, i) => {
      if (!isObject(w) || typeof w.entrypoint !== 'string' || typeof w.module !== 'string') return bad(`wasm[${i}] must be {"entrypoint": string, "module": string}`);
      return { entrypoint: w.entrypoint, module: w.module };
    });
  }
  if (m.rego_version !== undefined && m.rego_version !== null) {
    if (m.rego_version !== 0 && m.rego_version !== 1) bad('rego_version must be 0 or 1');
    out.rego_version = m.rego_version as number;
  }
  if (m.metadata !== undefined && m.metadata !== null) out.metadata = isObject(m.metadata) ? m.metadata : bad('metadata must be an object');
  return out;
}

function parseSignatures(bytes: Uint8Array): string[] {
  const s = parseJsonFile(SIGNATURES_FILE, bytes);
  if (!isObject(s)) throw new BundleError('bad_signatures', 'bundle: .signatures.json must be a JSON object {"signatures": [...]}');
  if (s.plugin !== undefined && s.plugin !== '') {
    throw new BundleError('bad_signatures', `bundle: .signatures.json names a signing plugin (${String(s.plugin)}); only the default JWS verifier is supported`);
  }
  if (s.signatures === undefined || s.signatures === null) return [];
  if (!Array.isArray(s.signatures) || !s.signatures.every((x) => typeof x === 'string')) {
    throw new BundleError('bad_signatures', 'bundle: .signatures.json "signatures" must be an array of JWS strings');
  }
  return s.signatures as string[];
}

/** data.json / data.yaml / data.yml anywhere, merged at the path of its directory (OPA semantics). */
function mergeDataFiles(files: Map<string, Uint8Array>): Record<string, unknown> {
  const data: Record<string, unknown> = Object.create(null);
  const names = [...files.keys()].filter((n) => /(^|\/)data\.(json|ya?ml)$/.test(n)).sort();
  for (const name of names) {
    const bytes = files.get(name)!;
    let doc: unknown;
    if (name.endsWith('.json')) doc = parseJsonFile(name, bytes);
    else {
      try {
        doc = parseYaml(decode(name, bytes), { version: '1.1' });
      } catch (e) {
        if (e instanceof BundleError) throw e;
        throw new BundleError('bad_yaml', `bundle: ${name} is not valid YAML: ${(e as Error).message}`);
      }
    }
    const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')).split('/') : [];
    insertData(data, dir, doc, name);
  }
  return toPlainObject(data);
}

function insertData(root: Record<string, unknown>, path: string[], doc: unknown, file: string): void {
  if (path.length === 0) {
    if (!isObject(doc)) throw new BundleError('bad_data', `bundle: ${file} at the bundle root must hold an object`);
    mergeInto(root, doc, file);
    return;
  }
  let node = root;
  for (const seg of path.slice(0, -1)) {
    if (own(node, seg) === undefined) setOwn(node, seg, Object.create(null));
    const next = own(node, seg);
    if (!isObject(next)) throw new BundleError('bad_data', `bundle: ${file}: data path ${path.join('/')} conflicts with another data file`);
    node = next;
  }
  const last = path[path.length - 1];
  const cur = own(node, last);
  if (cur === undefined) setOwn(node, last, doc);
  else if (isObject(cur) && isObject(doc)) mergeInto(cur, doc, file);
  else throw new BundleError('bad_data', `bundle: ${file}: data path ${path.join('/')} conflicts with another data file`);
}

function mergeInto(target: Record<string, unknown>, src: Record<string, unknown>, file: string): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = own(target, k);
    if (cur === undefined) setOwn(target, k, v);
    else if (isObject(cur) && isObject(v)) mergeInto(cur, v, file);
    else throw new BundleError('bad_data', `bundle: ${file}: key ${k} is defined by two data files`);
  }
}

/** Own properties only, so keys such as `__proto__` stay data and never reach a prototype. */
function own(o: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function toPlainObject(o: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
}

function pickWasm(files: Map<string, Uint8Array>, manifest: Manifest): Uint8Array | undefined {
  for (const w of manifest.wasm ?? []) {
    const name = w.module.replace(/^\/+/, '');
    if (!files.has(name)) throw new BundleError('missing_module', `bundle: manifest references wasm module '${w.module}' but the module file does not exist`);
  }
  const seen = new Set<string>();
  for (const w of manifest.wasm ?? []) {
    if (seen.has(w.entrypoint)) throw new BundleError('bad_manifest', `bundle: entrypoint '${w.entrypoint}' cannot be used by more than one wasm module`);
    seen.add(w.entrypoint);
  }
  const modules = new Set((manifest.wasm ?? []).map((w) => w.module.replace(/^\/+/, '')));
  if (modules.size > 1) throw new BundleError('multiple_modules', `bundle: holds several wasm modules (${[...modules].join(', ')}); one module per bundle is supported`);
  const name = modules.size === 1 ? [...modules][0] : WASM_FILE;
  return files.get(name);
}

function validateRoots(manifest: Manifest, data: unknown): void {
  const roots = manifest.roots ?? [''];
  for (let i = 0; i < roots.length; i++) {
    for (let j = i + 1; j < roots.length; j++) {
      if (rootContains(roots[i], roots[j]) || rootContains(roots[j], roots[i])) {
        throw new BundleError('bad_manifest', `bundle: manifest has overlapped roots: '${roots[i]}' and '${roots[j]}'`);
      }
    }
  }
  for (const w of manifest.wasm ?? []) {
    if (!roots.some((r) => rootContains(r, w.entrypoint))) {
      throw new BundleError('bad_manifest', `bundle: manifest roots ${JSON.stringify(roots)} do not permit '${w.entrypoint}' entrypoint for wasm module '${w.module}'`);
    }
  }
  checkDataUnderRoots(data, '', roots);
}

function checkDataUnderRoots(node: unknown, path: string, roots: string[]): void {
  if (roots.some((r) => rootContains(r, path))) return;
  if (isObject(node) && roots.some((r) => rootContains(path, r))) {
    for (const [k, v] of Object.entries(node)) checkDataUnderRoots(v, path ? `${path}/${k}` : k, roots);
    return;
  }
  throw new BundleError('bad_manifest', `bundle: manifest roots ${JSON.stringify(roots)} do not permit data at path '/${path}'`);
}

/** OPA's rootContains: root "" owns everything; otherwise a segment-wise prefix. */
export function rootContains(root: string, path: string): boolean {
  if (root === '') return true;
  const r = root.split('/');
  const p = path === '' ? [''] : path.split('/');
  if (r.length > p.length) return false;
  return r.every((seg, i) => seg === p[i]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
