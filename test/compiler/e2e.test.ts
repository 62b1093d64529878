// The compiler end to end: Rego → WASM → loaded by @open-policy-agent/opa-wasm
// exactly as an OPA SDK user would, evaluated, and checked.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { RegoErrors } from '../../src/compiler/errors.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array) => { setData(d: unknown): void; evaluate(i?: unknown, e?: string | number): Array<{ result: unknown }>; entrypoints: Record<string, number> };
};

function load(src: string, entrypoints: string[], opts: { strict?: boolean; data?: unknown } = {}) {
  const out = compile([{ path: 'policy.rego', text: src }], { entrypoints, strictBuiltinErrors: opts.strict });
  const policy = loadPolicySync(out.wasm);
  policy.setData(opts.data ?? {});
  return { policy, out, eval: (input: unknown, ep = entrypoints[0]) => policy.evaluate(input, ep) };
}

const GATEWAY = `package gateway
import rego.v1

default allow := false

allow if {
	route := data.routes[input.route]
	input.method in route.methods
	some role in input.roles
	role in route.roles
	not denied
}

denied if input.user in data.blocked

reasons contains "unknown route" if not data.routes[input.route]
reasons contains "blocked user" if denied
`;

const DATA = { routes: { '/chat': { methods: ['POST'], roles: ['planner'] } }, blocked: ['mallory'] };

describe('compiled policies evaluate in the OPA SDK', () => {
  it('decides allow and deny with data and input', () => {
    const p = load(GATEWAY, ['gateway/allow', 'gateway/reasons'], { data: DATA });
    expect(p.eval({ route: '/chat', method: 'POST', roles: ['planner'], user: 'alice' })).toEqual([{ result: true }]);
    expect(p.eval({ route: '/chat', method: 'GET', roles: ['planner'], user: 'alice' })).toEqual([{ result: false }]);
    expect(p.eval({ route: '/chat', method: 'POST', roles: ['planner'], user: 'mallory' })).toEqual([{ result: false }]);
    expect(p.eval({ route: '/nope', user: 'mallory' }, 'gateway/reasons')).toEqual([{ result: ['blocked user', 'unknown route'] }]);
  });

  it('exports the ABI version and entrypoints the SDK expects', () => {
    const p = load(GATEWAY, ['gateway/allow', 'gateway/reasons'], { data: DATA });
    expect(p.policy.entrypoints).toEqual({ 'gateway/allow': 0, 'gateway/reasons': 1 });
    expect(p.out.hostBuiltins).toEqual([]);
  });

  it('returns an empty result set when the entrypoint is undefined', () => {
    const p = load('package t\np if input.x == 1\n', ['t/p']);
    expect(p.eval({ x: 2 })).toEqual([]);
  });

  it('builds whole packages as documents merged with base data', () => {
    const p = load('package t\na := 1\nb contains x if some x in [1, 2]\nf(x) := x\n', ['t'], { data: { t: { base: true } } });
    expect(p.eval({})).toEqual([{ result: { a: 1, b: [1, 2], base: true } }]);
  });

  it('supports every, comprehensions, else and functions', () => {
    const p = load(`package t
all_pos if every x in input.xs { x > 0 }
doubled := [y | some x in input.xs; y := x * 2]
sign(x) := "neg" if x < 0
else := "zero" if x == 0
else := "pos"
signs := {s | some x in input.xs; s := sign(x)}
`, ['t/all_pos', 't/doubled', 't/signs']);
    expect(p.eval({ xs: [1, 2] }, 't/all_pos')).toEqual([{ result: true }]);
    expect(p.eval({ xs: [1, -2] }, 't/all_pos')).toEqual([]);
    expect(p.eval({ xs: [1, 2] }, 't/doubled')).toEqual([{ result: [2, 4] }]);
    expect(p.eval({ xs: [-1, 0, 5] }, 't/signs')).toEqual([{ result: ['neg', 'pos', 'zero'] }]);
  });

  it('applies with to input, data and functions for one expression only', () => {
    const p = load(`package t
p := x if { x := input.v with input.v as 7 }
q := n if { n := count(input.xs) with count as 42 }
r := n if { n := data.limit with data.limit as 3 }
`, ['t/p', 't/q', 't/r']);
    expect(p.eval({ v: 1 }, 't/p')).toEqual([{ result: 7 }]);
    expect(p.eval({ xs: [1] }, 't/q')).toEqual([{ result: 42 }]);
    expect(p.eval({}, 't/r')).toEqual([{ result: 3 }]);
  });

  it('reports conflicts as eval_conflict_error naming the rule', () => {
    const p = load('package t\np := 1 if input.a\np := 2 if input.b\n', ['t/p']);
    expect(p.eval({ a: true })).toEqual([{ result: 1 }]);
    expect(() => p.eval({ a: true, b: true })).toThrow(/eval_conflict_error: rule data\.t\.p produced conflicting values/);
  });

  it('makes builtin errors undefined, or errors with strict builtin errors', () => {
    const src = 'package t\np := input.a / input.b\n';
    expect(load(src, ['t/p']).eval({ a: 1, b: 0 })).toEqual([]);
    expect(() => load(src, ['t/p'], { strict: true }).eval({ a: 1, b: 0 })).toThrow(/eval_builtin_error: div: divide by zero/);
    expect(() => load('package t\np := input.a + 1\n', ['t/p'], { strict: true }).eval({ a: 'x' })).toThrow(/eval_type_error: plus: operand 1 must be number but got string/);
  });

  it('ends a runaway policy with an out-of-memory abort, not a host crash', () => {
    const src = 'package t\npairs := [[a, b] | some a in input.xs; some b in input.xs]\n';
    const out = compile([{ path: 'p.rego', text: src }], { entrypoints: ['t/pairs'], maxMemoryBytes: 8 << 20 });
    const policy = loadPolicySync(out.wasm);
    const xs = Array.from({ length: 3000 }, (_, i) => i);
    expect(() => policy.evaluate({ xs }, 't/pairs')).toThrow(/out of memory/);
    // The same module still answers small requests afterwards.
    expect(policy.evaluate({ xs: [1] }, 't/pairs')).toEqual([{ result: [[1, 1]] }]);
  });

  it('finds entrypoints from METADATA annotations', () => {
    const out = compile([{ path: 'p.rego', text: 'package t\n# METADATA\n# entrypoint: true\nallow := true\n' }]);
    expect(out.entrypoints).toEqual(['t/allow']);
  });

  it('rejects a policy without entrypoints, and compile errors, with located messages', () => {
    expect(() => compile([{ path: 'p.rego', text: 'package t\nallow := true\n' }])).toThrow(/no entrypoints/);
    try {
      compile([{ path: 'p.rego', text: 'package t\nallow if x\n' }], { entrypoints: ['t/allow'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RegoErrors);
      expect((e as RegoErrors).errors[0].message).toBe('p.rego:2:10: rego_unsafe_var_error: var x is unsafe');
    }
  });
});
