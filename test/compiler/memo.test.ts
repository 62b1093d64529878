// Per-evaluation memoization of rules without arguments and of constant
// input/data paths: each is computed once per evaluation, recomputed for the
// input or data a `with` puts in place, and never carried into the next
// evaluation (even when the next input is written at the same address).

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { parseAndCheck } from '../../src/compiler/frontend.js';
import { planPolicy } from '../../src/compiler/planner/planner.js';
import { generate } from '../../src/compiler/codegen/codegen.js';
import { loadRuntime } from '../../src/compiler/codegen/runtime-module.js';
import { printPolicy } from '../../src/compiler/ir/print.js';
import { evaluate } from '../helpers/rego.js';

type Exports = Record<string, (...a: number[]) => number>;

async function instantiate(src: string, entrypoint: string) {
  const { wasm } = compile([{ path: 'p.rego', text: src }], { entrypoints: [entrypoint] });
  const memory = new WebAssembly.Memory({ initial: 4 });
  const printed: string[] = [];
  const env = {
    memory,
    opa_abort: (addr: number) => { throw new Error(`abort: ${cstr(memory, addr)}`); },
    opa_println: (addr: number) => { printed.push(cstr(memory, addr)); },
    opa_builtin0: () => 0, opa_builtin1: () => 0, opa_builtin2: () => 0, opa_builtin3: () => 0, opa_builtin4: () => 0,
  };
  const { instance } = await WebAssembly.instantiate(wasm, { env });
  const x = instance.exports as unknown as Exports;
  const data = x.opa_json_parse(...put(x, memory, '{}'));
  const base = x.opa_heap_ptr_get();
  /** One opa_eval with the input always written at the same address, as the enforcer's fast path does. */
  const run = (input: unknown): unknown => {
    const bytes = new TextEncoder().encode(JSON.stringify(input));
    new Uint8Array(memory.buffer).set(bytes, base);
    return JSON.parse(cstr(memory, x.opa_eval(0, 0, data, base, bytes.length, base + bytes.length, 0)));
  };
  return { run, printed };
}

function put(x: Exports, memory: WebAssembly.Memory, text: string): [number, number] {
  const b = new TextEncoder().encode(text);
  const p = x.opa_malloc(b.length);
  new Uint8Array(memory.buffer).set(b, p);
  return [p, b.length];
}

function cstr(memory: WebAssembly.Memory, addr: number): string {
  const bytes = new Uint8Array(memory.buffer);
  let end = addr;
  while (bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(addr, end));
}

describe('per-evaluation memoization', () => {
  const SRC = `package t
p := v if {
  print("p evaluated")
  v := input.n * 2
}
q := [p, p + 1, p] if p > 0
`;

  it('evaluates a rule once per evaluation however often it is referenced', async () => {
    const { run, printed } = await instantiate(SRC, 't/q');
    expect(run({ n: 1 })).toEqual([{ result: [2, 3, 2] }]);
    expect(printed).toEqual(['p evaluated']);
  });

  it('does not carry a value into the next evaluation, even for an input at the same address', async () => {
    const { run, printed } = await instantiate(SRC, 't/q');
    expect(run({ n: 1 })).toEqual([{ result: [2, 3, 2] }]);
    expect(run({ n: 4 })).toEqual([{ result: [8, 9, 8] }]);
    expect(run({ n: 0 })).toEqual([]);
    expect(printed).toHaveLength(3);
  });

  it('recomputes a rule under `with input` and uses the outer value again afterwards', () => {
    const src = `package t
p := input.n * 2
q := [a, b, c] if {
  a := p
  b := p with input.n as 5
  c := p
}
`;
    expect(evaluate(src, 't/q', { input: { n: 1 } })).toEqual([{ result: [2, 10, 2] }]);
  });

  it('recomputes a rule under `with data` (base data) and for a replaced rule', () => {
    const src = `package t
r := data.k + 1
s := r * 10
q := [a, b, c, d] if {
  a := s
  b := s with data.k as 10
  c := s with r as 100
  d := s
}
`;
    expect(evaluate(src, 't/q', { data: { k: 1 } })).toEqual([{ result: [20, 110, 1000, 20] }]);
  });

  it('reads a constant input path again under `with` on a prefix of it', () => {
    const src = `package t
q := [a, b, c] if {
  a := input.a.b
  b := input.a.b with input.a as {"b": 7}
  c := input.a.b
}
`;
    expect(evaluate(src, 't/q', { input: { a: { b: 1 } } })).toEqual([{ result: [1, 7, 1] }]);
  });

  it('marks rules without arguments as memoized, functions not', () => {
    const src = 'package t\np := input.x\nf(y) := y + 1\nq := f(p)\n';
    const ir = printPolicy(compile([{ path: 'p.rego', text: src }], { entrypoints: ['t/q'] }).policy);
    expect(ir).toMatch(/func \d+:data\.t\.p\(%0, %1\) memo \{/);
    expect(ir).toMatch(/func \d+:data\.t\.f\(%0, %1, %2\) \{/);
    expect(ir).toMatch(/func \d+:ref:input\.x\(%0, %1\) memo \{/);
  });
});

describe('function names for profiling', () => {
  it('emits a name section with the policy functions only when asked', () => {
    const src = 'package t\nallow if input.user == "alice"\n';
    const { program } = parseAndCheck([{ path: 'p.rego', text: src }]);
    const policy = planPolicy(program!, [{ name: 't/allow', path: ['data', 't', 'allow'] }]);
    const rt = loadRuntime();
    const names = (wasm: Uint8Array) => WebAssembly.Module.customSections(new WebAssembly.Module(wasm), 'name');
    expect(names(generate(rt.module, policy, rt.heapBase).wasm)).toHaveLength(0);
    const [section] = names(generate(rt.module, policy, rt.heapBase, { functionNames: true }).wasm);
    const text = new TextDecoder().decode(section);
    expect(text).toContain('policy:0:data.t.allow');
    expect(text).toContain('plan:t/allow');
    expect(text).toContain('opa_eval');
  });
});
