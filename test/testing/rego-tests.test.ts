import { describe, expect, it } from 'vitest';
import { runTests } from '../../src/testing/runner.js';
import type { TestResult } from '../../src/testing/results.js';
import { tempTree } from './helpers.js';

const statuses = (rs: TestResult[]) => Object.fromEntries(rs.map((r) => [r.name, r.status]));

describe('Rego unit tests', () => {
  it('passes defined-and-true tests, fails undefined or non-true ones, errors on aborts, skips todo_', async () => {
    const dir = tempTree({
      'p.rego': `package p

import rego.v1

allow if input.user == "alice"

conflict := x if some x in [1, 2]

test_true if allow with input as {"user": "alice"}
test_undefined if allow with input as {"user": "bob"}
test_false := false
test_value := 7
test_conflict_errors if conflict == 1
todo_later if false
helper_not_a_test if false
`,
    });
    const { results } = await runTests({ paths: [dir] });
    expect(statuses(results)).toEqual({
      test_true: 'pass',
      test_undefined: 'fail',
      test_false: 'fail',
      test_value: 'fail',
      test_conflict_errors: 'error',
      todo_later: 'skip',
    });
    const byName = new Map(results.map((r) => [r.name, r]));
    expect(byName.get('test_undefined')!.message).toMatch(/undefined/);
    expect(byName.get('test_value')!.message).toContain('7');
    expect(byName.get('test_conflict_errors')!.message).toContain('eval_conflict_error');
    expect(byName.get('test_true')!.location).toEqual({ file: `${dir}/p.rego`, row: 9, col: 1 });
    expect(byName.get('test_true')!.suite).toBe('data.p');
  });

  it('mocks input, data, functions and builtins with `with`', async () => {
    const dir = tempTree({
      'data.json': '{"limits": {"max": 3}}',
      'm.rego': `package m

import rego.v1

over if count(input.items) > data.limits.max

double(x) := x * 2

doubled := double(input.n)

stamp := time.now_ns()
`,
      'm_test.rego': `package m_test

import rego.v1

import data.m

test_input_mock if m.over with input as {"items": [1, 2, 3, 4]}
test_data_mock if m.over with input as {"items": [1, 2]} with data.limits.max as 1
test_base_data_unmocked if not m.over with input as {"items": [1, 2]}
triple(x) := x * 3
test_function_replaced_by_function if m.doubled == 9 with input.n as 3 with m.double as triple
test_function_replaced_by_value if m.doubled == 42 with input.n as 3 with m.double as 42
test_builtin_replaced_by_value if m.stamp == 1700000000 with time.now_ns as 1700000000
many(_) := 100
test_builtin_replaced_by_function if m.over with input as {"items": [1]} with count as many
test_virtual_document_mocked if m.over with m.over as true
`,
    });
    const { results } = await runTests({ paths: [dir] });
    expect(results.length).toBe(8);
    for (const r of results) expect({ name: r.name, status: r.status, message: r.message }).toEqual({ name: r.name, status: 'pass', message: undefined });
  });

  it('reports each case of a parameterised test, the failing ones included', async () => {
    const dir = tempTree({
      'p.rego': `package p

import rego.v1

cases := {
	"small": {"n": 1, "big": false},
	"large": {"n": 100, "big": true},
	"wrong": {"n": 5, "big": true},
}

big(n) if n > 10

test_big[note] if {
	some note, tc in cases
	got := big(tc.n)
	got == tc.big
}

test_not_big[note] if {
	some note, tc in cases
	not tc.big
	not big(tc.n)
}
`,
    });
    const { results } = await runTests({ paths: [dir] });
    expect(statuses(results)).toEqual({
      'test_big["large"]': 'pass',
      'test_big["small"]': 'fail', // big(1) is undefined, so the body is
      'test_big["wrong"]': 'fail',
      'test_not_big["large"]': 'fail',
      'test_not_big["small"]': 'pass',
      'test_not_big["wrong"]': 'fail',
    });
  });

  it('captures print() output per test, undefined operands included', async () => {
    const dir = tempTree({
      'p.rego': `package p

import rego.v1

test_quiet if true

test_loud if {
	print("user is", input.user, "roles", {"a", "b"}, [1, "x"], 2.5)
	x := 1
	print(x, input.missing.field)
	false
}
`,
    });
    const { results } = await runTests({ paths: [dir] });
    const byName = new Map(results.map((r) => [r.name, r]));
    expect(byName.get('test_quiet')!.output).toEqual([]);
    expect(byName.get('test_loud')!.status).toBe('fail');
    expect(byName.get('test_loud')!.output).toEqual(['user is <undefined> roles {"a", "b"} [1, "x"] 2.5', '1 <undefined>']);
  });

  it('--run keeps only tests whose data.pkg.test_name (or case) matches', async () => {
    const dir = tempTree({
      'p.rego': `package p

import rego.v1

test_alpha if true
test_beta if true
cases := {"one": 1, "two": 2}
test_param[k] if some k, _ in cases
`,
    });
    const names = async (re: string) => (await runTests({ paths: [dir], run: new RegExp(re) })).results.map((r) => r.name);
    expect(await names('alpha')).toEqual(['test_alpha']);
    expect(await names('^data\\.p\\.test_(alpha|beta)$')).toEqual(['test_alpha', 'test_beta']);
    expect(await names('"two"')).toEqual(['test_param["two"]']);
    expect(await names('test_param')).toEqual(['test_param["one"]', 'test_param["two"]']);
  });

  it('falls back to passing cases, with a warning, when the cases cannot be listed on their own', async () => {
    const dir = tempTree({
      'p.rego': `package p

import rego.v1

cases := {"a": 1, "b": 2}

test_x[note] if {
	cases[note] == y
	y = 1
}

test_listed[note] if {
	some note, v in cases
	v == 1
}
`,
    });
    const { results, warnings } = await runTests({ paths: [dir] });
    expect(statuses(results)).toEqual({ 'test_x["a"]': 'pass', 'test_listed["a"]': 'pass', 'test_listed["b"]': 'fail' });
    expect(warnings).toEqual([`${dir}/p.rego:7: test_x: its cases cannot be listed apart from the rest of the body, so only passing cases are reported`]);
  });
});
