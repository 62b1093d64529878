import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWasm, ensureRuntimeBuilt, instantiate, staticDataEnd, RUNTIME_META, type Runtime } from './helpers.js';

/** alloc.ts PERSIST_BYTES: memory below the heap that resets never reclaim. */
const PERSISTENT_BYTES = 16384;

const require = createRequire(import.meta.url);
const opaWasm = require('@open-policy-agent/opa-wasm') as {
  loadPolicy: (wasm: BufferSource, mem?: number | WebAssembly.MemoryDescriptor, builtins?: Record<string, Function>) => Promise<any>;
  loadPolicySync: (wasm: BufferSource, mem?: number | WebAssembly.MemoryDescriptor, builtins?: Record<string, Function>) => any;
};

/** Runtime exports: name -> parameter count (the contract with generated code and hosts). */
const RUNTIME_FUNCTIONS: Record<string, number> = {
  opa_malloc: 1, opa_free: 1, opa_heap_ptr_get: 0, opa_heap_ptr_set: 1,
  opa_json_parse: 2, opa_value_parse: 2, opa_json_dump: 1, opa_value_dump: 1,
  opa_value_add_path: 3, opa_value_remove_path: 2, opa_value_free: 1, opa_value_type: 1,
  opa_heap_blocks_stash: 0, opa_heap_blocks_restore: 0, opa_heap_stash_clear: 0,
  rt_null: 0, rt_true: 0, rt_false: 0, rt_boolean: 1, rt_int: 1, rt_float: 1, rt_number_ref: 2,
  rt_string: 2, rt_array: 1, rt_object: 0, rt_set: 0,
  rt_array_append: 2, rt_object_insert: 3, rt_set_add: 2,
  rt_length: 1, rt_get: 2, rt_is_true: 1, rt_is_false: 1, rt_compare: 2, rt_equal: 2, rt_hash: 1,
  rt_iter: 2, rt_array_get: 2, rt_object_keys: 1, rt_merge: 2, rt_copy: 1, rt_number_to_i32: 2,
  rt_string_ptr: 1, rt_string_len: 1, rt_abort: 1, rt_result_set_new: 0, rt_result_add: 2,
  rt_call_builtin0: 2, rt_call_builtin1: 3, rt_call_builtin2: 4, rt_call_builtin3: 5, rt_call_builtin4: 6,
  // extras (documented in src/wasm-runtime/README.md)
  rt_shallow_copy: 1, rt_number_to_i64: 2, rt_number_to_f64: 1, rt_println: 1,
};

/** Exports the SDK uses that generated policy code supplies, not the runtime. */
const COMPILER_PROVIDED = [
  'builtins', 'entrypoints', 'eval', 'opa_eval', 'opa_eval_ctx_new', 'opa_eval_ctx_set_input',
  'opa_eval_ctx_set_data', 'opa_eval_ctx_set_entrypoint', 'opa_eval_ctx_get_result',
];

// ---- minimal wasm binary editing, as a linker would do it --------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

function readU(b: Uint8Array, pos: number): [number, number] {
  let v = 0, shift = 0, byte;
  do {
    byte = b[pos++];
    v += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [v, pos];
}

/** Rewrite the initialiser of the exported global `name` to i32.const value. */
function patchGlobalInit(wasm: Uint8Array, name: string, value: number): Uint8Array {
  const sections: Array<{ id: number; start: number; end: number }> = [];
  for (let pos = 8; pos < wasm.length; ) {
    const id = wasm[pos];
    const [size, body] = readU(wasm, pos + 1);
    sections.push({ id, start: body, end: body + size });
    pos = body + size;
  }
  const exp = sections.find((s) => s.id === 7)!;
  let [count, pos] = readU(wasm, exp.start);
  let globalIndex = -1;
  for (let i = 0; i < count; i++) {
    let len;
    [len, pos] = readU(wasm, pos);
    const exportName = new TextDecoder().decode(wasm.subarray(pos, pos + len));
    pos += len;
    const kind = wasm[pos++];
    let index;
    [index, pos] = readU(wasm, pos);
    if (kind === 3 && exportName === name) globalIndex = index;
  }
  expect(globalIndex).toBeGreaterThanOrEqual(0);
  const glob = sections.find((s) => s.id === 6)!;
  [count, pos] = readU(wasm, glob.start);
  for (let i = 0; i < count; i++) {
    pos += 2; // valtype, mutability
    const initStart = pos;
    while (wasm[pos] !== 0x0b) pos++;
    pos++;
    if (i === globalIndex) {
      const content = [...wasm.subarray(glob.start, initStart), 0x41, ...sleb(value), 0x0b, ...wasm.subarray(pos, glob.end)];
      const headerStart = glob.start - uleb(glob.end - glob.start).length - 1;
      return new Uint8Array([...wasm.subarray(0, headerStart), 6, ...uleb(content.length), ...content, ...wasm.subarray(glob.end)]);
    }
  }
  throw new Error(`global ${name} not found`);
}

let runtimePath: string;
let rt: Runtime;
let tmp: string;
let fixture: Buffer;

beforeAll(async () => {
  runtimePath = await ensureRuntimeBuilt();
  rt = await instantiate(runtimePath);
  tmp = mkdtempSync(join(tmpdir(), 'wasm-runtime-fixture-'));
  const out = join(tmp, 'policy.wasm');
  await buildWasm({ entry: fileURLToPath(new URL('./fixtures/policy.ts', import.meta.url)), outFile: out, textFile: null });
  fixture = readFileSync(out);
}, 120_000); // compiling the fixture with asc takes tens of seconds on a busy machine

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('module interface', () => {
  it('imports exactly env.memory, opa_abort, opa_println and opa_builtin0..4', () => {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(runtimePath)));
    const got = imports.map((i) => `${i.module}.${i.name}:${i.kind}`).sort();
    expect(got).toEqual([
      'env.memory:memory', 'env.opa_abort:function', 'env.opa_builtin0:function', 'env.opa_builtin1:function',
      'env.opa_builtin2:function', 'env.opa_builtin3:function', 'env.opa_builtin4:function', 'env.opa_println:function',
    ]);
  });

  it('exports every contract function with the documented arity', () => {
    for (const [name, arity] of Object.entries(RUNTIME_FUNCTIONS)) {
      expect(typeof rt.x[name], name).toBe('function');
      expect(rt.x[name].length, name).toBe(arity);
    }
    expect(rt.x.memory).toBeInstanceOf(WebAssembly.Memory);
  });

  it('exports ABI version globals 1.3 readable through .value', () => {
    expect(rt.x.opa_wasm_abi_version).toBeInstanceOf(WebAssembly.Global);
    expect(rt.x.opa_wasm_abi_version.value).toBe(1);
    expect(rt.x.opa_wasm_abi_minor_version.value).toBe(3);
    expect(rt.x.rt_heap_base).toBeInstanceOf(WebAssembly.Global);
  });

  it('covers every export the npm SDK touches, apart from compiler-provided ones', () => {
    // main is src/index.cjs; the loader lives next to it
    const src = readFileSync(join(dirname(require.resolve('@open-policy-agent/opa-wasm')), 'opa.js'), 'utf8');
    const used = [...new Set([...src.matchAll(/exports\.(\w+)/g)].map((m) => m[1]))].sort();
    expect(used.length).toBeGreaterThan(10);
    const missing = used.filter((n) => !(n in rt.x) && !COMPILER_PROVIDED.includes(n));
    expect(missing).toEqual([]);
    // if the SDK starts calling something new, this list needs a look
    expect(used.filter((n) => !(n in rt.x)).sort()).toEqual([...COMPILER_PROVIDED].sort());
  });

  it('writes runtime.json with the end of static data, where the heap starts', async () => {
    const { heapBase } = JSON.parse(readFileSync(RUNTIME_META, 'utf8'));
    const wasm = readFileSync(runtimePath);
    expect(heapBase).toBe(staticDataEnd(wasm));
    expect(heapBase % 16).toBe(0);
    const fresh = await instantiate(runtimePath);
    // after the interned ints and the persistent area (compiled patterns)
    expect(fresh.x.opa_heap_ptr_get()).toBe(heapBase + 256 * 16 + PERSISTENT_BYTES);
  });

  it('moves the heap after linked data when a linker patches rt_heap_base', async () => {
    const linkedEnd = 65536 + 8;
    const patched = patchGlobalInit(readFileSync(runtimePath), 'rt_heap_base', linkedEnd);
    const file = join(tmp, 'patched.wasm');
    writeFileSync(file, patched);
    const p = await instantiate(file);
    expect(p.x.rt_heap_base.value).toBe(linkedEnd);
    expect(p.x.opa_heap_ptr_get()).toBe(linkedEnd + 256 * 16 + PERSISTENT_BYTES);
    // "generated" static bytes below the new base are referenced, not copied
    p.bytes().set(new TextEncoder().encode('allow'), 60000);
    const s = p.x.rt_string(60000, 5);
    expect(p.x.rt_string_ptr(s)).toBe(60000);
    expect(p.dump(s)).toBe('"allow"');
    const heapString = p.str('deny');
    expect(p.x.rt_string_ptr(heapString)).toBeGreaterThan(linkedEnd);
    p.x.opa_free(60000); // static: ignored
    expect(p.dump(p.json('{"still":"works"}'))).toBe('{"still":"works"}');
  });

  it('has no start function side effects: a fresh instance starts with an empty heap', async () => {
    const a = await instantiate(runtimePath);
    const p = a.x.opa_heap_ptr_get();
    const b = await instantiate(runtimePath);
    expect(b.x.opa_heap_ptr_get()).toBe(p);
  });
});

describe('end to end through @open-policy-agent/opa-wasm (fixture policy)', () => {
  const builtins = { 'custom.double': (n: number) => n * 2 };

  it('loads, lists entrypoints and evaluates via the ABI 1.2 fast path', async () => {
    const policy = await opaWasm.loadPolicy(fixture, undefined, builtins);
    expect(policy.minorVersion).toBe(3);
    expect(policy.entrypoints).toEqual({ 'fixture/echo': 0, 'fixture/double': 1, 'fixture/set': 2, 'fixture/keys': 3 });
    const input = { user: 'alice', n: 12345678901234567890, f: 0.1, s: 'é😀', nested: { b: [1, { c: null }], a: true } };
    expect(policy.evaluate(input, 'fixture/echo')).toEqual([{ result: { input, data: {} } }]);
    expect(policy.evaluate({ x: 21 }, 'fixture/double')).toEqual([{ result: 42 }]);
    expect(policy.evaluate([3, 'b', 1, 'a', 3, 1.0], 'fixture/set')).toEqual([{ result: [1, 3, 'a', 'b'] }]);
    expect(policy.evaluate({ zeta: 1, alpha: 2, mid: 3 }, 'fixture/keys')).toEqual([{ result: ['alpha', 'mid', 'zeta'] }]);
    expect(policy.evaluate({}, 'fixture/double')).toEqual([]); // undefined result
  });

  it('uses data from setData and keeps the heap flat across evaluations', async () => {
    const policy = await opaWasm.loadPolicy(fixture, 5, builtins);
    policy.setData({ roles: { alice: ['admin'] }, big: 'x'.repeat(100_000) });
    const heap = () => policy.wasmInstance.exports.opa_heap_ptr_get();
    const first = policy.evaluate({ i: 0 }, 0)[0].result;
    expect(first.data.roles).toEqual({ alice: ['admin'] });
    let high = 0;
    for (let i = 0; i < 300; i++) {
      const [{ result }] = policy.evaluate({ i }, 0);
      expect(result.input.i).toBe(i);
      high = Math.max(high, heap());
    }
    expect(high - policy.dataHeapPtr).toBeLessThan(300_000); // one eval's worth, not 300
  });

  it('works with loadPolicySync and accepts raw JSON input buffers', () => {
    const policy = opaWasm.loadPolicySync(fixture, { initial: 5 }, builtins);
    const raw = new TextEncoder().encode('{"x": 2.5}');
    expect(policy.evaluate(raw.buffer, 'fixture/double')).toEqual([{ result: 5 }]);
  });

  it('surfaces opa_abort messages from the module', async () => {
    const policy = await opaWasm.loadPolicy(fixture, undefined, builtins);
    expect(() => policy.evaluate({}, 9)).toThrow('internal: illegal entrypoint id');
    expect(() => policy.evaluate({ x: 1 }, 'fixture/double')).not.toThrow();
  });

  it('grows memory for large inputs', async () => {
    const policy = await opaWasm.loadPolicy(fixture, undefined, builtins);
    const items = Array.from({ length: 50_000 }, (_, i) => `item-${(i * 7919) % 50_000}`);
    const [{ result }] = policy.evaluate(items, 'fixture/set');
    expect(result.length).toBe(50_000);
    expect(result).toEqual([...items].sort());
  });
});
