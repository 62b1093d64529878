// `policy build`: Rego sources + data + schemas → an OPA bundle (.tar.gz)
// holding /.manifest, /policy.wasm, /data.json (merged, numbers kept as
// written), the .rego sources and every *.schema.json, optionally signed.
// Reproducible: the same inputs give byte-identical output (no timestamps
// unless asked, sorted entries, canonical JSON).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { compile } from '../compiler/compile.js';
import { readCapabilities } from '../compiler/capabilities.js';
import { parseModule } from '../compiler/parser.js';
import { VERSION } from '../cli/package-info.js';
import { canonicalBytes, parseStructured } from './canonical.js';
import { JsonNumber, type LiteralJson } from './json-literal.js';
import { rootContains, type Manifest } from './read.js';
import { signEntries, type SigningOptions } from './sign.js';
import { writeTarGz, type BundleEntry } from './tar.js';

export interface BuildOptions {
  /** Files and directories; a directory's files keep their path relative to it. */
  paths: string[];
  entrypoints: string[];
  /** Manifest revision; default: `git rev-parse HEAD` of the first path's repository (omitted outside git). */
  revision?: string;
  /** OPA capabilities JSON file: builtins it does not list are compile errors. */
  capabilities?: string;
  includeBuildTime?: boolean;
  strictBuiltinErrors?: boolean;
  signing?: SigningOptions;
}

export interface BuildResult {
  bytes: Uint8Array;
  manifest: Manifest;
  files: { name: string; size: number }[];
  entrypoints: string[];
  hostBuiltins: string[];
}

export class BuildError extends Error {}

const IGNORED_DIRS = new Set(['node_modules']);

interface Collected {
  rego: { name: string; path: string; text: string }[];
  data: { dir: string[]; path: string; doc: LiteralJson }[];
  schemas: { name: string; bytes: Uint8Array }[];
}

export async function buildBundle(opts: BuildOptions): Promise<BuildResult> {
  const inputs = collectInputs(opts.paths);
  if (inputs.rego.length === 0) throw new BuildError(`no .rego files under ${opts.paths.join(', ')}`);
  const compiled = compile(
    inputs.rego.map((r) => ({ path: r.path, text: r.text })),
    {
      entrypoints: opts.entrypoints,
      strictBuiltinErrors: opts.strictBuiltinErrors,
      allowedBuiltins: opts.capabilities ? readCapabilities(opts.capabilities) : undefined,
    },
  );
  const data = mergeData(inputs.data);
  const packages = inputs.rego.map((r) => parseModule(r.text, r.path).value.package.path.join('/'));
  const commit = gitHead(opts.paths[0]);
  const manifest: Manifest = {
    ...(opts.revision !== undefined ? { revision: opts.revision } : commit ? { revision: commit } : {}),
    roots: deriveRoots(packages, data),
    wasm: compiled.entrypoints.map((entrypoint) => ({ entrypoint, module: '/policy.wasm' })),
    rego_version: 1,
    metadata: sortKeys({
      compiler: { name: 'agent-policy', version: VERSION },
      builtins: compiled.policy.builtins.filter((b) => !INTERNAL.has(b)).sort(),
      host_builtins: [...compiled.hostBuiltins].sort(),
      ...(commit ? { source_commit: commit } : {}),
      ...(opts.includeBuildTime ? { build_time: new Date().toISOString() } : {}),
    }) as Record<string, unknown>,
  };
  let entries: BundleEntry[] = [
    { name: '.manifest', bytes: new TextEncoder().encode(JSON.stringify(manifest) + '\n') },
    { name: 'policy.wasm', bytes: compiled.wasm },
    { name: 'data.json', bytes: concat(canonicalBytes(data), '\n') },
    ...inputs.rego.map((r) => ({ name: r.name, bytes: new TextEncoder().encode(r.text) })),
    ...inputs.schemas,
  ];
  checkUnique(entries);
  if (opts.signing) entries = await signEntries(entries, opts.signing);
  return {
    bytes: writeTarGz(entries),
    manifest,
    files: entries.map((e) => ({ name: e.name, size: e.bytes.length })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    entrypoints: compiled.entrypoints,
    hostBuiltins: compiled.hostBuiltins,
  };
}

const INTERNAL = new Set(['eq', 'assign', 'internal.member_2', 'internal.member_3']);

function collectInputs(paths: string[]): Collected {
  const out: Collected = { rego: [], data: [], schemas: [] };
  for (const input of paths) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new BuildError(`no such file or directory: ${input}`);
    }
    const root = st.isDirectory() ? input : dirname(input);
    const visit = (p: string) => {
      const s = statSync(p);
      if (s.isDirectory()) {
        for (const name of readdirSync(p).sort()) {
          if (name.startsWith('.') || IGNORED_DIRS.has(name)) continue;
          visit(join(p, name));
        }
        return;
      }
      const rel = relative(root, p).split(sep).join('/');
      const base = basename(p);
      if (base.endsWith('.rego')) out.rego.push({ name: rel, path: p, text: readFileSync(p, 'utf8') });
      else if (/^data\.(json|ya?ml)$/.test(base)) {
        const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')).split('/') : [];
        try {
          out.data.push({ dir, path: p, doc: parseStructured(base, readFileSync(p)) });
        } catch (e) {
          throw new BuildError(`${p}: ${(e as Error).message}`);
        }
      } else if (base.endsWith('.schema.json')) {
        const bytes = readFileSync(p);
        try {
          JSON.parse(bytes.toString('utf8'));
        } catch (e) {
          throw new BuildError(`${p}: not valid JSON: ${(e as Error).message}`);
        }
        out.schemas.push({ name: rel, bytes: new Uint8Array(bytes) });
      }
    };
    if (!st.isDirectory() && !/(\.rego|^data\.(json|ya?ml)|\.schema\.json)$/.test(basename(input))) {
      throw new BuildError(`${input}: not a .rego, data.json/data.yaml or *.schema.json file`);
    }
    visit(input);
  }
  return out;
}

/** data.json/data.yaml documents merged at their directory's path; a conflict is an error naming the file. */
function mergeData(docs: Collected['data']): Map<string, LiteralJson> {
  const root = new Map<string, LiteralJson>();
  for (const { dir, path, doc } of docs) {
    if (!(doc instanceof Map)) {
      if (dir.length === 0) throw new BuildError(`${path}: a data file at the root of a path must hold an object`);
    }
    let node = root;
    for (const seg of dir.slice(0, -1)) {
      const next = node.get(seg) ?? new Map<string, LiteralJson>();
      if (!(next instanceof Map)) throw new BuildError(`${path}: data path ${dir.join('/')} conflicts with another data file`);
      node.set(seg, next);
      node = next;
    }
    if (dir.length === 0) mergeInto(root, doc as Map<string, LiteralJson>, path);
    else {
      const last = dir[dir.length - 1];
      const cur = node.get(last);
      if (cur === undefined) node.set(last, doc);
      else if (cur instanceof Map && doc instanceof Map) mergeInto(cur, doc, path);
      else throw new BuildError(`${path}: data path ${dir.join('/')} conflicts with another data file`);
    }
  }
  return root;
}

function mergeInto(target: Map<string, LiteralJson>, src: Map<string, LiteralJson>, path: string): void {
  for (const [k, v] of src) {
    const cur = target.get(k);
    if (cur === undefined) target.set(k, v);
    else if (cur instanceof Map && v instanceof Map) mergeInto(cur, v, path);
    else throw new BuildError(`${path}: key ${k} is defined by two data files`);
  }
}

/**
 * Roots the bundle owns: each package path and each top-level data path,
 * minus those another root contains (OPA rejects overlapping roots).
 */
export function deriveRoots(packages: string[], data: Map<string, LiteralJson>): string[] {
  const candidates = [...packages, ...data.keys()].filter((r) => r !== '');
  const roots = [...new Set(candidates)].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const r of roots) if (!kept.some((k) => rootContains(k, r))) kept.push(r);
  return kept.sort();
}

function gitHead(path: string): string | undefined {
  try {
    const st = statSync(path);
    const dir = resolve(st.isDirectory() ? path : dirname(path));
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function checkUnique(entries: BundleEntry[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) throw new BuildError(`two inputs map to the same bundle file ${e.name}`);
    seen.add(e.name);
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof JsonNumber)) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

function concat(bytes: Uint8Array, suffix: string): Uint8Array {
  const s = new TextEncoder().encode(suffix);
  const out = new Uint8Array(bytes.length + s.length);
  out.set(bytes);
  out.set(s, bytes.length);
  return out;
}
