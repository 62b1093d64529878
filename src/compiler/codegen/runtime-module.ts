// The precompiled value runtime (built once by `npm run build` into
// dist/wasm-runtime/), parsed once per process and cloned per policy.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WasmModule } from '../wasm/module.js';
import { allBuiltins } from '../builtins/registry.js';
import { nativeBuiltinName } from './codegen.js';

export interface RuntimeModule {
  module: WasmModule;
  /** First free address after the runtime's static data: where policy data goes. */
  heapBase: number;
}

let cached: RuntimeModule | undefined;

/** Locate dist/wasm-runtime by walking up from this file (works from src/ and dist/src/). */
export function runtimeDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'dist', 'wasm-runtime');
    if (existsSync(join(candidate, 'runtime.wasm'))) return candidate;
    if (existsSync(join(dir, 'wasm-runtime', 'runtime.wasm'))) return join(dir, 'wasm-runtime');
    dir = dirname(dir);
  }
  throw new Error('value runtime not built: run `npm run build` (dist/wasm-runtime/runtime.wasm is missing)');
}

export function loadRuntime(): RuntimeModule {
  if (cached) return cached;
  const dir = runtimeDir();
  const module = WasmModule.parse(readFileSync(join(dir, 'runtime.wasm')));
  const meta = JSON.parse(readFileSync(join(dir, 'runtime.json'), 'utf8')) as { heapBase: number };
  cached = { module, heapBase: meta.heapBase };
  return cached;
}

/** Rego names of the builtins the runtime implements natively (`builtin_strings_reverse` → `strings.reverse`). */
export function nativeBuiltins(): Set<string> {
  const exported = new Set(loadRuntime().module.exports.map((e) => e.name));
  const out = new Set<string>();
  for (const d of allBuiltins()) if (exported.has(nativeBuiltinName(d.name))) out.add(d.name);
  return out;
}
