// The compiled module's ABI used directly (no SDK): the legacy eval-context
// path and the opa_eval fast path with both output formats.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';

type Exports = Record<string, (...a: number[]) => number> & { opa_wasm_abi_version: { value: number }; opa_wasm_abi_minor_version: { value: number } };

async function instantiate(src: string, entrypoints: string[]) {
  const { wasm } = compile([{ path: 'p.rego', text: src }], { entrypoints });
  const memory = new WebAssembly.Memory({ initial: 5 });
  const env = {
    memory,
    opa_abort: (addr: number) => { throw new Error(`abort: ${cstr(memory, addr)}`); },
    opa_println: () => {},
    opa_builtin0: () => 0, opa_builtin1: () => 0, opa_builtin2: () => 0, opa_builtin3: () => 0, opa_builtin4: () => 0,
  };
  const { instance } = await WebAssembly.instantiate(wasm, { env });
  return { x: instance.exports as unknown as Exports, memory };
}

function cstr(memory: WebAssembly.Memory, addr: number): string {
  const bytes = new Uint8Array(memory.buffer);
  let end = addr;
  while (bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(addr, end));
}

function writeJSON(x: Exports, memory: WebAssembly.Memory, value: unknown): number {
  const b = new TextEncoder().encode(JSON.stringify(value));
  const p = x.opa_malloc(b.length);
  new Uint8Array(memory.buffer).set(b, p);
  const v = x.opa_json_parse(p, b.length);
  expect(v).not.toBe(0);
  return v;
}

const SRC = 'package t\nallow if input.user == data.owner\nnames contains n if some n in input.names\n';

describe('compiled module ABI', () => {
  it('reports ABI 1.3 and its entrypoints', async () => {
    const { x, memory } = await instantiate(SRC, ['t/allow', 't/names']);
    expect(x.opa_wasm_abi_version.value).toBe(1);
    expect(x.opa_wasm_abi_minor_version.value).toBe(3);
    expect(JSON.parse(cstr(memory, x.opa_json_dump(x.entrypoints())))).toEqual({ 't/allow': 0, 't/names': 1 });
    expect(JSON.parse(cstr(memory, x.opa_json_dump(x.builtins())))).toEqual({});
  });

  it('evaluates through the eval context (legacy path)', async () => {
    const { x, memory } = await instantiate(SRC, ['t/allow', 't/names']);
    const data = writeJSON(x, memory, { owner: 'alice' });
    const heap = x.opa_heap_ptr_get();
    for (const [user, want] of [['alice', [{ result: true }]], ['bob', []]] as const) {
      x.opa_heap_ptr_set(heap);
      const ctx = x.opa_eval_ctx_new();
      x.opa_eval_ctx_set_input(ctx, writeJSON(x, memory, { user }));
      x.opa_eval_ctx_set_data(ctx, data);
      x.opa_eval_ctx_set_entrypoint(ctx, 0);
      expect(x.eval(ctx)).toBe(0);
      expect(JSON.parse(cstr(memory, x.opa_json_dump(x.opa_eval_ctx_get_result(ctx))))).toEqual(want);
    }
  });

  it('evaluates through opa_eval with JSON and Rego-value output', async () => {
    const { x, memory } = await instantiate(SRC, ['t/allow', 't/names']);
    const data = writeJSON(x, memory, {});
    const input = new TextEncoder().encode('{"names": ["b", "a", "b"]}');
    const base = x.opa_heap_ptr_get();
    new Uint8Array(memory.buffer).set(input, base);
    const json = x.opa_eval(0, 1, data, base, input.length, base + input.length, 0);
    expect(JSON.parse(cstr(memory, json))).toEqual([{ result: ['a', 'b'] }]);
    new Uint8Array(memory.buffer).set(input, base);
    const value = x.opa_eval(0, 1, data, base, input.length, base + input.length, 1);
    expect(cstr(memory, value)).toBe('{{"result":{"a","b"}}}');
  });

  it('aborts on an invalid entrypoint id', async () => {
    const { x } = await instantiate(SRC, ['t/allow']);
    const ctx = x.opa_eval_ctx_new();
    x.opa_eval_ctx_set_entrypoint(ctx, 7);
    expect(() => x.eval(ctx)).toThrow(/abort: invalid entrypoint id/);
  });
});
