// Rule indexing must never change a decision: every policy here is compiled
// with indexing on and off and evaluated over the same inputs (route hits and
// misses, missing keys, keys of the wrong type, 1 vs 1.0, else chains,
// conflicts, `with`), and the results (or errors) must be identical.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { generateRoutePolicy, route } from '../../bench/routes.js';
import { compile } from '../../src/compiler/compile.js';
import { printPolicy } from '../../src/compiler/ir/print.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array) => { setData(d: unknown): void; evaluate(i?: unknown, e?: string): Array<{ result: unknown }> };
};

interface Compiled {
  run(input: unknown): string;
  ir: string;
}

function build(rego: string, entrypoint: string, ruleIndexing: boolean, data: unknown = {}): Compiled {
  const out = compile([{ path: 'policy.rego', text: rego }], { entrypoints: [entrypoint], ruleIndexing });
  const policy = loadPolicySync(out.wasm);
  policy.setData(data);
  return {
    ir: printPolicy(out.policy),
    run: (input) => {
      try {
        return JSON.stringify(policy.evaluate(input, entrypoint));
      } catch (e) {
        return `error: ${e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e)}`;
      }
    },
  };
}

/** Both builds over the inputs; returns the (shared) results so tests can also pin expected values. */
function sameDecisions(rego: string, entrypoint: string, inputs: unknown[], data: unknown = {}): string[] {
  const on = build(rego, entrypoint, true, data);
  const off = build(rego, entrypoint, false, data);
  expect(on.ir).toContain('index %');
  expect(off.ir).not.toContain('index %');
  const results = inputs.map((i) => on.run(i));
  expect(results).toEqual(inputs.map((i) => off.run(i)));
  return results;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

describe('rule indexing gives the decisions of full evaluation', () => {
  it('on a generated route table, over random requests including wrong types and missing keys', () => {
    const n = 60;
    const p = generateRoutePolicy(n);
    const rnd = prng(7);
    const routes = Array.from({ length: n }, (_, i) => route(i));
    const inputs: unknown[] = [...p.inputs];
    for (let k = 0; k < 150; k++) {
      const r = pick(rnd, routes);
      const routeValue = pick(rnd, [r.path, r.path, r.path + '/', '/v1/public/x', '/v1/admin/y', 42, null, ['x'], { p: r.path }, undefined]);
      const method = pick(rnd, [r.method, r.method, 'GET', 'POST', 'PATCH', 1, undefined]);
      const role = pick(rnd, [...r.roles, 'intruder', 'admin']);
      const request: Record<string, unknown> = {};
      if (routeValue !== undefined) request.route = routeValue;
      if (method !== undefined) request.method = method;
      inputs.push({ request, agent: { role, id: pick(rnd, ['ops-1', 'a-2']) }, delegation: { scopes: pick(rnd, [[r.scope], [], ['other']]) } });
    }
    inputs.push({}, { request: 'not an object' }, [], 'string input');
    const results = sameDecisions(p.rego, p.entrypoint, inputs, p.data);
    // Not vacuous: both allowed and denied decisions occur.
    expect(results.some((r) => r.includes('"allow":true'))).toBe(true);
    expect(results.some((r) => r.includes('"allow":false'))).toBe(true);
    expect(results.some((r) => r.includes('role not allowed'))).toBe(true);
  });

  it('matches numbers by value (1 == 1.0) and never across types', () => {
    const rules = [
      'v := "one" if input.x == 1',
      'v := "one" if input.x == 1.0',
      'v := "two-and-a-half" if input.x == 2.5',
      'v := "string one" if input.x == "1"',
      'v := "true" if input.x == true',
      'v := "null" if input.x == null',
      'v := "big" if input.x == 100000000000000000000000',
      'v := "exp" if input.x == 1e3',
      'v := "neg" if input.x = -7',
    ];
    const rego = `package t\n\n${rules.join('\n')}\n`;
    const values = [1, 1.0, 2.5, '1', true, false, null, 0, 1000, -7, '-7', 100000000000000000000000, [1], { x: 1 }];
    const inputs = [...values.map((x) => ({ x })), {}, { y: 1 }];
    const results = sameDecisions(rego, 't/v', inputs);
    expect(results[0]).toBe('[{"result":"one"}]');
    expect(results[3]).toBe('[{"result":"string one"}]');
    expect(results[8]).toBe('[{"result":"exp"}]');
    expect(results[9]).toBe('[{"result":"neg"}]');
    expect(results[values.length]).toBe('[]');
  });

  it('keeps else chains, defaults and conflicts', () => {
    const rego = `package t

default d := "default"

d := "a" if input.k == "a"
d := "b" if input.k == "b"
d := "b again" if input.k == "b"
d := "c" if input.k == "c"
d := "c" if input.k == "c"
d := "e1" if { input.k == "e"; input.flag } else := "e2" if { input.k == "e" }
d := "f1" if { input.k == "f"; input.flag } else := "any" if { input.other }
d := "g" if { input.k == "g" }
d := "h" if { input.k in {"h", "hh"} }
d := "unindexed" if { startswith(input.k, "zz") }
d := "not a" if { input.k != "a"; startswith(input.k, "q") }
`;
    const inputs = ['a', 'b', 'c', 'e', 'f', 'g', 'h', 'hh', 'zz1', 'x', 1, null, 'q'].flatMap((k) => [
      { k }, { k, flag: true }, { k, other: true }, { k, flag: true, other: true },
    ]);
    inputs.push({}, { other: true });
    const results = sameDecisions(rego, 't/d', inputs);
    expect(results[0]).toBe('[{"result":"a"}]');
    expect(results[4]).toContain('conflicting');
    expect(results[8]).toBe('[{"result":"c"}]');
    expect(results[12]).toBe('[{"result":"e2"}]');
    expect(results[13]).toBe('[{"result":"e1"}]');
    expect(results[18]).toBe('[{"result":"any"}]');
    expect(results[inputs.length - 2]).toBe('[{"result":"default"}]');
  });

  it('indexes partial sets and objects, ref heads, aliases and membership', () => {
    const rego = `package t

s contains "get" if input.r.m == "GET"
s contains "get-or-head" if input.r.m in {"GET", "HEAD"}
s contains "post" if { req := input.r; req.m == "POST" }
s contains "put" if { "PUT" = input.r.m }
s contains "del" if { m := input.r.m; m == "DELETE" }
s contains x if { input.r.m == "OPTIONS"; some x in input.r.extra }
s contains "patch" if input.r.m == "PATCH"
s contains "always" if input.r

o[k] := v if { input.r.m == "GET"; k := "g"; v := 1 }
o[k] := v if { input.r.m == "GET"; k := "g2"; v := 2 }
o[k] := v if { input.r.m == "POST"; k := "g"; v := 3 }
o[k] := v if { input.r.m == "HEAD"; k := "g"; v := 1 }
o[k] := v if { input.r.m == "PUT"; k := input.r.key; v := 4 }
o[k] := v if { input.r.m == "PUT"; k := "fixed"; v := 5 }
o[k] := v if { input.r.m == "DELETE"; k := "x"; v := input.r.v }
o[k] := v if { input.r.m == "DELETE"; k := "x"; v := 9 }

both := {"s": s, "o": o}
`;
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 7, null];
    const inputs = methods.flatMap((m) => [{ r: { m } }, { r: { m, key: 'g', extra: ['a', 'b'], v: 9 } }, { r: { m, v: 8 } }]);
    inputs.push({}, { r: {} });
    const results = sameDecisions(rego, 't/both', inputs);
    expect(results[0]).toBe('[{"result":{"o":{"g":1,"g2":2},"s":["always","get","get-or-head"]}}]');
    expect(results[14]).toContain('eval_conflict_error');
  });

  it('indexes function definitions on constant arguments and argument equalities', () => {
    const rego = `package t

f("a") := 1
f("b") := 2
f(x) := 3 if x == "c"
f(x) := 4 if { x == "d" }
f(1) := 5
f(x) := 6 if x in {"e", "ee"}
f(x) := 7 if { y := x; y == "g" }
f(x) := 8 if { x == "h" } else := 9 if { x == "h2" }
f(x) := 10 if startswith(x, "pre")
f(x) := 11 if x == "b"

r := [f(x) | some x in input.xs]
`;
    const inputs = [
      { xs: ['a', 'c', 'd', 1, 1.0, 'e', 'ee', 'g', 'h', 'h2', 'pre-x', 'zzz', 2, null] },
      { xs: ['b'] },
      { xs: [] },
    ];
    const results = sameDecisions(rego, 't/r', inputs);
    expect(results[0]).toBe('[{"result":[1,3,4,5,5,6,6,7,8,9,10]}]');
    expect(results[1]).toContain('conflicting');
  });

  it('reads the key from the input in force under `with`', () => {
    const rules = Array.from({ length: 12 }, (_, i) => `p := ${i} if input.route == "/r/${i}"`).join('\n');
    const rego = `package t

${rules}

q1 := x if { x := p with input.route as "/r/3" }
q2 := x if { x := p with input as {"route": "/r/11"} }
default pv := "none"
pv := p
q := [q1, q2, pv]
`;
    const results = sameDecisions(rego, 't/q', [{ route: '/r/5' }, { route: '/r/99' }, {}]);
    expect(results[0]).toBe('[{"result":[3,11,5]}]');
    expect(results[1]).toBe('[{"result":[3,11,"none"]}]');
  });
});

describe('large groups (each definition in its own function)', () => {
  it('give the same values for complete, partial set, partial object and function rules', () => {
    const n = 40;
    const lines = ['package t', ''];
    for (let i = 0; i < n; i++) {
      lines.push(`c := ${i % 7} if input.k == "k${i}"`);
      lines.push(`s contains "s${i}" if input.k == "k${i}"`);
      lines.push(`s contains "even" if { input.k == "k${i}"; ${i % 2} == 0 }`);
      lines.push(`o[input.k] := ${i % 3} if input.k == "k${i}"`);
      lines.push(`f("k${i}") := ${i}`);
    }
    lines.push('c := 0 if input.k == "k0"', 'c := 99 if input.k == "k1"', 'f(x) := 100 if startswith(x, "z")', 'f("k5") := 5');
    lines.push('o[x] := 1 if { x := input.k; startswith(x, "z") }');
    lines.push('default cv := null', 'cv := c', 'all := {"c": cv, "s": s, "o": o, "f": [f(k) | some k in input.ks]}');
    const rego = lines.join('\n') + '\n';
    const keys = ['k0', 'k1', 'k2', 'k5', 'k39', 'k40', 'z1', 7, null];
    const inputs = keys.flatMap((k) => [{ k, ks: [] }, { k, ks: ['k3', 'k5', 'z9', 'nope'] }, { k, ks: ['k1'] }]);
    const results = sameDecisions(rego, 't/all', inputs);
    expect(results[1]).toBe('[{"result":{"c":0,"f":[3,5,100],"o":{"k0":0},"s":["even","s0"]}}]');
    expect(results[3]).toContain('eval_conflict_error');
    expect(results[18]).toBe('[{"result":{"c":null,"f":[],"o":{"z1":1},"s":[]}}]');
  });
});

describe('index selection', () => {
  it('leaves small groups unindexed and indexes on the most selective reference', () => {
    const small = compile([{ path: 'p.rego', text: 'package t\np if input.a == 1\np if input.a == 2\n' }], { entrypoints: ['t/p'] });
    expect(printPolicy(small.policy)).not.toContain('index %');

    const p = generateRoutePolicy(20);
    const ir = printPolicy(compile([{ path: 'r.rego', text: p.rego }], { entrypoints: [p.entrypoint] }).policy);
    // Keyed on the route (20 values), not the method (4 values).
    expect(ir).toMatch(/index %\d+ \{"\/v1\/tools\/t0\/invoke": \[\d+\]/);
  });
});
