// Base documents from `data.json` / `data.yaml` files, each placed at the data
// path of its directory relative to the root it was found under, as OPA's
// bundles and `opa eval -b` do (`policies/gateway/data.json` → data.gateway).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';

export class DataFileError extends Error {}

export function loadDataFiles(roots: string[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const root of roots) {
    for (const file of findDataFiles(root)) {
      const dir = relative(root, join(file, '..'));
      const path = dir === '' ? [] : dir.split(sep);
      let doc: unknown;
      const text = readFileSync(file, 'utf8');
      try {
        doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
      } catch (e) {
        throw new DataFileError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      insertAt(merged, path, doc, file);
    }
  }
  return merged;
}

function findDataFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.') && name !== 'node_modules') walk(join(p, name));
    } else if (/(^|[\\/])data\.(json|ya?ml)$/.test(p)) out.push(p);
  };
  walk(root);
  return out;
}

function insertAt(target: Record<string, unknown>, path: string[], doc: unknown, file: string): void {
  let node = target;
  for (const seg of path) {
    const next = node[seg];
    if (next === undefined) node[seg] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new DataFileError(`${file}: data path ${path.join('.')} conflicts with another data file`);
    node = node[seg] as Record<string, unknown>;
  }
  if (path.length === 0 || (doc && typeof doc === 'object' && !Array.isArray(doc))) {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new DataFileError(`${file}: a root data file must hold an object`);
    mergeInto(node, doc as Record<string, unknown>, file);
  } else {
    throw new DataFileError(`${file}: data files must hold an object`);
  }
}

function mergeInto(target: Record<string, unknown>, src: Record<string, unknown>, file: string): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = target[k];
    if (cur === undefined) target[k] = v;
    else if (isObject(cur) && isObject(v)) mergeInto(cur, v, file);
    else throw new DataFileError(`${file}: key ${k} is defined by two data files`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
