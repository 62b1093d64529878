// The linker's WASM encoding: a module built from nothing validates and runs,
// and a parsed module re-emits to an equivalent one with functions appended.

import { describe, expect, it } from 'vitest';
import { I32, I64, KIND } from '../../src/compiler/wasm/binary.js';
import { CodeBuilder } from '../../src/compiler/wasm/code.js';
import { i32ConstExpr, readI32ConstExpr, WasmModule } from '../../src/compiler/wasm/module.js';

function base(): WasmModule {
  const m = new WasmModule();
  m.imports.push({ module: 'env', name: 'memory', kind: KIND.memory, raw: new Uint8Array([3, 101, 110, 118, 6, 109, 101, 109, 111, 114, 121, 2, 0, 1]) });
  const add = new CodeBuilder(2).get(0).get(1).add();
  const fn = m.addFunction({ params: [I32, I32], results: [I32] }, add.finish());
  m.export('add', KIND.func, fn);
  const g = m.addGlobal({ type: I32, mutable: false, init: i32ConstExpr(-123456) });
  m.export('g', KIND.global, g);
  return m;
}

async function instantiate(bytes: Uint8Array) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  return { exports: instance.exports as Record<string, unknown>, memory };
}

describe('wasm module encoding', () => {
  it('emits a valid module that runs', async () => {
    const bytes = base().emit();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const { exports } = await instantiate(bytes);
    expect((exports.add as (a: number, b: number) => number)(2, 40)).toBe(42);
    expect((exports.g as WebAssembly.Global).value).toBe(-123456);
  });

  it('round-trips through parse and appends functions that call existing ones', async () => {
    const m = WasmModule.parse(base().emit());
    expect(readI32ConstExpr(m.globals[0].init)).toBe(-123456);
    const add = m.funcIndex('add')!;
    // f(x) = add(x, x) looped 3 times with a block/br_if exit: exercises control flow and locals.
    const b = new CodeBuilder(1);
    const i = b.local(I32);
    const acc = b.local(I32);
    const wide = b.local(I64);
    b.i64(-(2n ** 40n)).set(wide);
    b.block().loop();
    b.get(i).i32(3).geS().brIf(1);
    b.get(acc).get(0).call(add).set(acc);
    b.get(i).i32(1).add().set(i);
    b.br(0).end().end();
    b.get(acc);
    const f = m.addFunction({ params: [I32], results: [I32] }, b.finish());
    m.export('triple', KIND.func, f);
    m.addedData.push({ offset: 1024, bytes: new TextEncoder().encode('hello') });
    const bytes = m.emit();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const { exports, memory } = await instantiate(bytes);
    expect((exports.triple as (x: number) => number)(5)).toBe(15);
    expect(new TextDecoder().decode(new Uint8Array(memory.buffer, 1024, 5))).toBe('hello');
  });

  it('rejects unbalanced control flow when building', () => {
    const b = new CodeBuilder(0).block();
    expect(() => b.finish()).toThrow(/left open/);
    expect(() => new CodeBuilder(0).br(1)).toThrow(/label 1/);
  });
});

describe('dead-function elimination', () => {
  it('empties functions no export reaches and keeps indices stable', async () => {
    const { shakeFunctions, calledFunctions } = await import('../../src/compiler/wasm/shake.js');
    const m = new WasmModule();
    const t = { params: [I32], results: [I32] };
    const leaf = m.addFunction(t, new CodeBuilder(1).get(0).i32(1).add().finish());
    const unused = m.addFunction(t, new CodeBuilder(1).get(0).call(leaf).call(leaf).finish());
    const used = m.addFunction(t, new CodeBuilder(1).get(0).call(leaf).finish());
    m.export('f', KIND.func, used);
    expect(calledFunctions(m.code[unused])).toEqual([leaf, leaf]);
    expect(shakeFunctions(m)).toBe(1);
    expect(m.code[unused]).toEqual(new Uint8Array([0, 0, 0x0b]));
    const bytes = m.emit();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const { instance } = await WebAssembly.instantiate(bytes, {});
    expect((instance.exports.f as (x: number) => number)(41)).toBe(42);
  });
});
