// Shared harness for the AssemblyScript value runtime tests: builds
// dist/wasm-runtime/runtime.wasm when stale and wraps the exports.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-ignore -- plain .mjs build script without type declarations
import { buildWasm, RUNTIME_WASM, RUNTIME_META, staticDataEnd } from '../../scripts/build-wasm-runtime.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const srcDir = join(root, 'src/wasm-runtime');
const buildScript = join(root, 'scripts/build-wasm-runtime.mjs');

function newestSourceMtime(): number {
  let newest = statSync(buildScript).mtimeMs;
  for (const f of readdirSync(srcDir)) {
    if (f.endsWith('.ts')) newest = Math.max(newest, statSync(join(srcDir, f)).mtimeMs);
  }
  return newest;
}

/** Path of a fresh runtime.wasm, rebuilding it when any source is newer. */
export async function ensureRuntimeBuilt(): Promise<string> {
  const wasm: string = RUNTIME_WASM;
  if (!existsSync(wasm) || !existsSync(RUNTIME_META) || statSync(wasm).mtimeMs < newestSourceMtime()) {
    await buildWasm();
  }
  return wasm;
}

export { buildWasm, staticDataEnd, RUNTIME_META };

export type Exports = Record<string, any>;

export class Runtime {
  readonly x: Exports;
  readonly printed: string[] = [];
  readonly builtinCalls: Array<{ id: number; args: number[] }> = [];

  constructor(
    readonly instance: WebAssembly.Instance,
    readonly memory: WebAssembly.Memory,
  ) {
    this.x = instance.exports as Exports;
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  /** Copy UTF-8 text into a fresh opa_malloc block. */
  write(s: string | Uint8Array): [number, number] {
    const b = typeof s === 'string' ? new TextEncoder().encode(s) : s;
    const p = this.x.opa_malloc(b.length);
    this.bytes().set(b, p);
    return [p, b.length];
  }

  cstr(p: number): string {
    const b = this.bytes();
    let e = p;
    while (b[e] !== 0) e++;
    return new TextDecoder().decode(b.subarray(p, e));
  }

  parse(json: string): number {
    return this.x.opa_json_parse(...this.write(json));
  }

  vparse(text: string): number {
    return this.x.opa_value_parse(...this.write(text));
  }

  /** Parse, failing the test on a parse error. */
  json(text: string): number {
    const v = this.parse(text);
    if (v === 0) throw new Error(`opa_json_parse rejected ${text}`);
    return v;
  }

  value(text: string): number {
    const v = this.vparse(text);
    if (v === 0) throw new Error(`opa_value_parse rejected ${text}`);
    return v;
  }

  dump(v: number): string {
    return this.cstr(this.x.opa_json_dump(v));
  }

  vdump(v: number): string {
    return this.cstr(this.x.opa_value_dump(v));
  }

  str(s: string): number {
    return this.x.rt_string(...this.write(s));
  }

  /** Keys returned by rt_iter, in order. */
  iterKeys(v: number): number[] {
    const keys: number[] = [];
    for (let k = this.x.rt_iter(v, 0); k !== 0; k = this.x.rt_iter(v, k)) {
      keys.push(k);
      if (keys.length > 1e6) throw new Error('runaway iteration');
    }
    return keys;
  }
}

function decode(memory: WebAssembly.Memory, p: number): string {
  const b = new Uint8Array(memory.buffer);
  let e = p;
  while (b[e] !== 0) e++;
  return new TextDecoder().decode(b.subarray(p, e));
}

/** Instantiate a module with stub OPA imports; opa_abort throws its message. */
export async function instantiate(
  wasmPath: string,
  memory = new WebAssembly.Memory({ initial: 5 }),
  builtin?: (id: number, args: number[]) => number,
): Promise<Runtime> {
  let rt!: Runtime;
  const env: Record<string, unknown> = {
    memory,
    opa_abort: (p: number) => {
      throw new Error(decode(memory, p));
    },
    opa_println: (p: number) => {
      rt.printed.push(decode(memory, p));
    },
  };
  for (let n = 0; n <= 4; n++) {
    env[`opa_builtin${n}`] = (id: number, _ctx: number, ...args: number[]) => {
      rt.builtinCalls.push({ id, args });
      return builtin ? builtin(id, args) : 0;
    };
  }
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { env });
  rt = new Runtime(instance, memory);
  return rt;
}

export async function loadRuntime(memory?: WebAssembly.Memory): Promise<Runtime> {
  return instantiate(await ensureRuntimeBuilt(), memory);
}
