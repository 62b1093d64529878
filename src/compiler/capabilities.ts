// OPA's capabilities JSON: which builtins (with their declarations), ABI
// versions and language features a compiler supports. `policy capabilities`
// prints ours; `--capabilities <file>` restricts a compile to a given set.

import { readFileSync } from 'node:fs';
import type { BuiltinDecl } from './builtins/decl.js';
import { allBuiltins } from './builtins/registry.js';
import type { RegoType } from './types.js';

type TypeJson = Record<string, unknown>;

export function typeToJson(t: RegoType): TypeJson {
  switch (t.k) {
    case 'any':
      return t.of.length ? { type: 'any', of: t.of.map(typeToJson) } : { type: 'any' };
    case 'array':
      return t.static ? { type: 'array', static: t.static.map(typeToJson) } : { type: 'array', dynamic: typeToJson(t.of) };
    case 'set':
      return { type: 'set', of: typeToJson(t.of) };
    case 'object': {
      const out: TypeJson = { type: 'object' };
      if (t.static) out.static = t.static.map(([key, value]) => ({ key, value: typeToJson(value) }));
      out.dynamic = { key: typeToJson(t.key), value: typeToJson(t.value) };
      return out;
    }
    default:
      return { type: t.k };
  }
}

function declToJson(d: BuiltinDecl): TypeJson {
  const decl: TypeJson = { args: d.args.map((a) => typeToJson(a.type)), type: 'function' };
  if (d.result) decl.result = typeToJson(d.result.type);
  if (d.variadic) decl.variadic = typeToJson(d.variadic);
  const out: TypeJson = { name: d.name, decl };
  if (d.infix) out.infix = d.infix;
  if (d.relation) out.relation = true;
  if (d.nondeterministic) out.nondeterministic = true;
  return out;
}

/** Our capabilities: builtins that run natively or that the host provides. */
export function capabilities(available: (name: string) => boolean): Record<string, unknown> {
  return {
    builtins: allBuiltins().filter((d) => available(d.name)).map(declToJson),
    future_keywords: ['contains', 'every', 'if', 'in'],
    wasm_abi_versions: [{ version: 1, minor_version: 3 }],
    features: ['rego_v1'],
  };
}

export class CapabilitiesError extends Error {}

/** The builtin names a capabilities file allows. */
export function readCapabilities(path: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CapabilitiesError(`${path}: not a readable capabilities JSON file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const builtins = (doc as { builtins?: unknown }).builtins;
  if (!Array.isArray(builtins)) throw new CapabilitiesError(`${path}: capabilities must have a "builtins" array`);
  const names = new Set<string>();
  for (const b of builtins) {
    if (!b || typeof (b as { name?: unknown }).name !== 'string') throw new CapabilitiesError(`${path}: every builtin needs a "name"`);
    names.add((b as { name: string }).name);
  }
  return names;
}
