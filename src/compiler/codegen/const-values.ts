// Run-time forms of scalar constants, computed by the value runtime itself:
// a rule index is a hash table in the policy's static data, so its hashes
// and its constant values must be exactly what the runtime computes for the
// same values at evaluation (`1.0` is the int 1, numbers hash by decimal
// value, strings by MurmurHash3). Rather than re-implement that here, the
// compiler runs the runtime's own `rt_hash`, `rt_number_ref` and `rt_equal`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexConst } from '../ir/ir.js';
import { runtimeDir } from './runtime-module.js';

const T_NULL = 1, T_BOOLEAN = 2, T_NUMBER = 3, T_STRING = 4;
const N_REF = 2;

/** A constant as the runtime would build it, plus how to lay it out in static data. */
export interface ConstValue {
  hash: number;
  /** The value's address inside the oracle (for `equal`). */
  handle: number;
  /** Static layout: the record bytes; `text` (if set) is referenced at +8 with its length at +4. */
  record: Uint8Array;
  text?: string;
}

interface RuntimeExports {
  opa_malloc(n: number): number;
  opa_heap_ptr_get(): number;
  opa_heap_ptr_set(p: number): void;
  rt_string(p: number, n: number): number;
  rt_number_ref(p: number, n: number): number;
  rt_hash(v: number): number;
  rt_equal(a: number, b: number): number;
}

// The project compiles without lib "dom": the slice of the WebAssembly JS API used here.
interface Memory { readonly buffer: ArrayBuffer }
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (d: { initial: number }) => Memory;
  Instance: new (m: object, imports: object) => { exports: object };
};

let shared: { exports: RuntimeExports; memory: Memory } | undefined;

function runtime(): { exports: RuntimeExports; memory: Memory } {
  if (shared) return shared;
  const module = new WebAssembly.Module(readFileSync(join(runtimeDir(), 'runtime.wasm')));
  const memory = new WebAssembly.Memory({ initial: 2 });
  const none = () => 0;
  const env = {
    memory,
    opa_abort: (addr: number) => {
      const bytes = new Uint8Array(memory.buffer, addr);
      throw new Error(`value runtime: ${new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)))}`);
    },
    opa_println: none, opa_builtin0: none, opa_builtin1: none, opa_builtin2: none, opa_builtin3: none, opa_builtin4: none,
  };
  const instance = new WebAssembly.Instance(module, { env });
  shared = { exports: instance.exports as unknown as RuntimeExports, memory };
  return shared;
}

/** One batch of constants (one compile): their run-time memory is released by `close`. */
export class ConstValues {
  private readonly rt = runtime();
  private readonly heapMark = this.rt.exports.opa_heap_ptr_get();
  private readonly enc = new TextEncoder();

  of(c: IndexConst, strings: string[]): ConstValue {
    const x = this.rt.exports;
    switch (c.kind) {
      case 'null':
      case 'bool': {
        const rec = c.kind === 'null' ? [T_NULL] : [T_BOOLEAN, c.value ? 1 : 0];
        const handle = this.record(rec, 8);
        return { hash: x.rt_hash(handle) >>> 0, handle, record: bytes(rec, 8) };
      }
      case 'string': {
        const text = strings[c.index];
        const handle = x.rt_string(...this.put(text));
        return { hash: x.rt_hash(handle) >>> 0, handle, record: bytes([T_STRING], 12), text };
      }
      case 'number': {
        const text = strings[c.index];
        const handle = x.rt_number_ref(...this.put(text));
        const record = new Uint8Array(this.rt.memory.buffer, handle, 16).slice();
        if (record[0] !== T_NUMBER) throw new Error(`not a number: ${text}`);
        // A decimal kept as text points at its digits: those go to static data too.
        return { hash: x.rt_hash(handle) >>> 0, handle, record, text: record[1] === N_REF ? text : undefined };
      }
    }
  }

  equal(a: ConstValue, b: ConstValue): boolean {
    return this.rt.exports.rt_equal(a.handle, b.handle) !== 0;
  }

  close(): void {
    this.rt.exports.opa_heap_ptr_set(this.heapMark);
  }

  private put(text: string): [number, number] {
    const b = this.enc.encode(text);
    const p = this.rt.exports.opa_malloc(Math.max(b.length, 1));
    new Uint8Array(this.rt.memory.buffer, p, b.length).set(b);
    return [p, b.length];
  }

  private record(rec: number[], size: number): number {
    const p = this.rt.exports.opa_malloc(size);
    new Uint8Array(this.rt.memory.buffer, p, size).set(bytes(rec, size));
    return p;
  }
}

function bytes(prefix: number[], size: number): Uint8Array {
  const b = new Uint8Array(size);
  b.set(prefix);
  return b;
}
