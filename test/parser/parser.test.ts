import { describe, expect, it } from 'vitest';
import { termToString, type ExprLiteral, type Rule } from '../../src/compiler/ast.js';
import { parseModule, parseQuery, parseTerm } from '../../src/compiler/parser.js';

function rules(src: string): Rule[] {
  const { value, errors } = parseModule(src, 'p.rego');
  expect(errors.map((e) => e.message)).toEqual([]);
  return value.rules;
}

function exprOf(src: string): string {
  const { value, errors } = parseQuery(src);
  expect(errors.map((e) => e.message)).toEqual([]);
  return termToString((value[0] as ExprLiteral).term);
}

describe('rule forms', () => {
  it('classifies complete, set, object, function and ref-head rules', () => {
    const rs = rules(`package a.b
p := 1
q contains x if { some x in input.xs }
r[k] := v if { some k, v in input.m }
f(x, y) := x + y
a.b[x].c := 1 if { x := "k" }
g(x) if x > 1
`);
    expect(rs.map((r) => r.kind)).toEqual(['complete', 'partial_set', 'partial_object', 'function', 'partial_object', 'function']);
    expect(rs[3].head.args?.length).toBe(2);
    expect(termToString(rs[5].head.value!)).toBe('true');
    expect(rs.every((r) => r.pkg.join('.') === 'a.b')).toBe(true);
  });

  it('parses default, else chains and one-line bodies', () => {
    const rs = rules(`package x
default allow := false
v := 1 if input.a else := 2 if input.b else := 3
allow if input.user == "alice"
`);
    expect(rs[0].isDefault).toBe(true);
    expect(termToString(rs[1].else!.head.value!)).toBe('2');
    expect(termToString(rs[1].else!.else!.head.value!)).toBe('3');
    expect(rs[2].body).toHaveLength(1);
  });

  it('splits multiple bodies into several definitions', () => {
    const rs = rules(`package x
p if { input.a } { input.b }
`);
    expect(rs).toHaveLength(2);
    expect(rs.map((r) => termToString((r.body[0] as ExprLiteral).term))).toEqual(['input.a', 'input.b']);
  });

  it('keeps locations on every node', () => {
    const [r] = rules(`package x

allow if {
\tinput.role == "admin"
}
`);
    expect(r.loc).toMatchObject({ file: 'p.rego', row: 3, col: 1 });
    expect(r.body[0].loc).toMatchObject({ row: 4, col: 2 });
  });

  it('attaches METADATA annotations to the next rule', () => {
    const [r] = rules(`package x

# METADATA
# title: Allow admins
# entrypoint: true
allow if input.admin
`);
    expect(r.annotations).toMatchObject({ title: 'Allow admins', entrypoint: true, scope: 'rule' });
  });
});

describe('expressions', () => {
  it('follows Rego operator precedence', () => {
    expect(exprOf('x := 1 + 2 * 3')).toBe('assign(x, plus(1, mul(2, 3)))');
    expect(exprOf('a | b & c')).toBe('or(a, and(b, c))');
    expect(exprOf('1 + 2 == 3')).toBe('equal(plus(1, 2), 3)');
    expect(exprOf('x in xs == true')).toBe('internal.member_2(x, equal(xs, true))');
    expect(exprOf('k, v in {"a": 1}')).toBe('internal.member_3(k, v, {"a": 1})');
    expect(exprOf('(1 + 2) * 3')).toBe('mul(plus(1, 2), 3)');
    expect(exprOf('x = -1')).toBe('eq(x, -1)');
  });

  it('parses refs, calls and composite terms', () => {
    expect(exprOf('input.a["b"][x].c')).toBe('input.a.b[x].c');
    expect(exprOf('strings.reverse("ab")')).toBe('strings.reverse("ab")');
    expect(exprOf('contains("abc", "b")')).toBe('contains("abc", "b")');
    expect(exprOf('x := {1, 2, set()}')).toBe('assign(x, {1, 2, set()})');
    expect(exprOf('[x | x := 1]')).toBe('[x | ...]');
    expect(exprOf('{k: v | some k, v in m}')).toBe('{k: v | ...}');
    expect(exprOf('[1, 2][0]')).toBe('[1, 2][0]');
  });

  it('keeps numbers as written', () => {
    expect(exprOf('x := 123456789012345678901234567890')).toBe('assign(x, 123456789012345678901234567890)');
    expect(exprOf('x := 1.50e10')).toBe('assign(x, 1.50e10)');
  });

  it('unescapes strings and keeps raw strings verbatim', () => {
    const t = parseTerm('["a\\nb\\u00e9", `c\\d`]').value!;
    expect(t).toMatchObject({ type: 'array', items: [{ value: 'a\nbé' }, { value: 'c\\d' }] });
  });

  it('parses some, every, not and with', () => {
    const { value, errors } = parseQuery(`some x in xs
every k, v in m { k != v }
not p with input as {} with data.a as 1`);
    expect(errors).toEqual([]);
    expect(value.map((l) => l.kind)).toEqual(['somein', 'every', 'expr']);
    expect(value[2].negated).toBe(true);
    expect(value[2].with).toHaveLength(2);
  });

  it('parses input terms with sets and trailing commas', () => {
    const t = parseTerm('{"a": {"b", "c"}, "d": [1, 2,],}').value!;
    expect(termToString(t)).toBe('{"a": {"b", "c"}, "d": [1, 2]}');
  });
});

describe('parse errors', () => {
  const errs = (src: string) => parseModule(src, 'bad.rego').errors.map((e) => e.message);

  it('reports file:line:col and the OPA code', () => {
    expect(errs('package x\np if {\n  x := \n}\n')[0]).toMatch(/^bad\.rego:4:1: rego_parse_error: unexpected token "}"/);
  });

  it('requires `if` before a body in Rego v1', () => {
    expect(errs('package x\np { true }\n')).toEqual(['bad.rego:2:3: rego_parse_error: `if` keyword is required before rule body']);
  });

  it('reports several errors in one file', () => {
    const e = errs('package x\np if { 1 + }\nq := 2\nr if { ( }\n');
    expect(e).toHaveLength(2);
    expect(e[0]).toMatch(/^bad\.rego:2:/);
    expect(e[1]).toMatch(/^bad\.rego:4:/);
  });

  it('rejects a missing package, bad strings and bad imports', () => {
    expect(errs('p := 1\n')[0]).toMatch(/1:1: rego_parse_error: unexpected identifier p: expected package declaration/);
    expect(errs('package x\np := "abc\n')[0]).toMatch(/2:6: rego_parse_error: non-terminated string/);
    expect(errs('package x\nimport foo.bar\n')[0]).toMatch(/2:8: rego_parse_error: invalid import foo\.bar/);
  });

  it('rejects a dangling METADATA block', () => {
    expect(errs('package x\np := 1\n# METADATA\n# title: t\n')[0]).toMatch(/3:1: rego_parse_error: annotation block is not followed/);
  });
});

describe('rego.v2 negated bodies', () => {
  it('desugars `not { … }` to an empty-comprehension test when enabled by import', () => {
    const { value, errors } = parseModule('package x\nimport rego.v2\np if {\n\tnot { input.a; input.b }\n}\n', 'v2.rego');
    expect(errors).toEqual([]);
    const lit = value.rules[0].body[0] as ExprLiteral;
    expect(lit.negated).toBe(false);
    expect(termToString(lit.term)).toBe('equal([true | ...], [])');
  });

  it('is not enabled without the import', () => {
    expect(parseModule('package x\np if {\n\tnot { input.a; input.b }\n}\n', 'v1.rego').errors.length).toBeGreaterThan(0);
  });
});
