import { describe, it, expect } from 'vitest';
import { BUILTINS, allBuiltins, builtinByInfix, lookupBuiltin } from '../../src/compiler/builtins/registry.js';
import { ANY, BOOL, NUM, STR, T, typeToString } from '../../src/compiler/types.js';

const sig = (name: string): string => {
  const d = lookupBuiltin(name);
  if (!d) throw new Error(`no builtin ${name}`);
  const args = d.args.map((a) => typeToString(a.type)).join(', ');
  return `${name}(${args})${d.result ? ` => ${typeToString(d.result.type)}` : ''}`;
};

describe('builtin registry', () => {
  it('has no duplicate names and matches allBuiltins()', () => {
    const names = allBuiltins().map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(BUILTINS.size);
  });

  it('covers the OPA v1 builtin list', () => {
    expect(BUILTINS.size).toBeGreaterThanOrEqual(180);
    for (const name of ['http.send', 'io.jwt.decode_verify', 'net.cidr_merge', 'graphql.parse', 'providers.aws.sign_req', 'rego.metadata.chain', 'internal.print', 'trace', 'opa.runtime']) {
      expect(lookupBuiltin(name), name).toBeDefined();
    }
  });

  it('sorts allBuiltins() by name', () => {
    const names = allBuiltins().map((d) => d.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('returns undefined for unknown names', () => {
    expect(lookupBuiltin('nosuch')).toBeUndefined();
    expect(lookupBuiltin('strings.nosuch')).toBeUndefined();
  });

  it('declares count exactly', () => {
    const d = lookupBuiltin('count')!;
    expect(d.args).toHaveLength(1);
    expect(d.args[0].type).toEqual(T.any(STR, T.array(ANY), T.object(ANY, ANY), T.set(ANY)));
    expect(d.result?.type).toEqual(NUM);
    expect(sig('count')).toBe('count(any<string, array[any], object[any: any], set[any]>) => number');
    expect(d.categories).toEqual(['aggregates']);
  });

  it('declares plus as infix +', () => {
    const d = lookupBuiltin('plus')!;
    expect(d.infix).toBe('+');
    expect(sig('plus')).toBe('plus(number, number) => number');
    expect(builtinByInfix('+')).toBe(d);
  });

  it('maps every infix operator', () => {
    const expected: Record<string, string> = {
      '=': 'eq', ':=': 'assign', '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte',
      '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem', '&': 'and', '|': 'or', in: 'internal.member_2',
    };
    for (const [op, name] of Object.entries(expected)) expect(builtinByInfix(op)?.name, op).toBe(name);
    expect(builtinByInfix('in', 3)?.name).toBe('internal.member_3');
    expect(builtinByInfix('in', 2)?.name).toBe('internal.member_2');
    expect(builtinByInfix('^')).toBeUndefined();
    expect(sig('minus')).toBe('minus(any<number, set[any]>, any<number, set[any]>) => any<number, set[any]>');
  });

  it('declares sprintf exactly', () => {
    expect(sig('sprintf')).toBe('sprintf(string, array[any]) => string');
    expect(lookupBuiltin('sprintf')!.args.map((a) => a.name)).toEqual(['format', 'values']);
  });

  it('io.jwt.decode returns a 3-tuple', () => {
    const r = lookupBuiltin('io.jwt.decode')!.result!.type;
    expect(r.k).toBe('array');
    expect(r.k === 'array' && r.static).toEqual([T.object(ANY, ANY), T.object(ANY, ANY), STR]);
  });

  it('walk is a relation', () => {
    const d = lookupBuiltin('walk')!;
    expect(d.relation).toBe(true);
    expect(sig('walk')).toBe('walk(any) => array<array[any], any>');
  });

  it('marks nondeterministic builtins', () => {
    expect(lookupBuiltin('time.now_ns')!.nondeterministic).toBe(true);
    expect(lookupBuiltin('time.now_ns')!.args).toEqual([]);
    const nondet = allBuiltins().filter((d) => d.nondeterministic).map((d) => d.name);
    expect(nondet.sort()).toEqual([
      'http.send', 'io.jwt.decode_verify', 'io.jwt.encode_sign', 'io.jwt.encode_sign_raw', 'net.lookup_ip_addr',
      'opa.runtime', 'rand.intn', 'time.now_ns', 'uuid.rfc4122',
    ]);
  });

  it('marks deprecated builtins', () => {
    const dep = allBuiltins().filter((d) => d.deprecated).map((d) => d.name);
    expect(dep.sort()).toEqual([
      'all', 'any', 'cast_array', 'cast_boolean', 'cast_null', 'cast_object', 'cast_set', 'cast_string',
      'net.cidr_overlap', 're_match', 'set_diff',
    ]);
  });

  it('print is variadic without a result', () => {
    const d = lookupBuiltin('print')!;
    expect(d.variadic).toEqual(ANY);
    expect(d.args).toEqual([]);
    expect(d.result).toBeUndefined();
  });

  it('only print and the internal print/test-case builtins lack a result', () => {
    const none = allBuiltins().filter((d) => !d.result).map((d) => d.name);
    expect(none.sort()).toEqual(['internal.print', 'internal.test_case', 'print']);
  });

  it('every decl has a category and every arg and result a name', () => {
    for (const d of allBuiltins()) {
      expect(d.categories.length, d.name).toBeGreaterThan(0);
      for (const a of d.args) expect(a.name, d.name).toMatch(/\S/);
      if (d.result) expect(d.result.name, d.name).toMatch(/\S/);
    }
  });

  it('has some other exact signatures', () => {
    expect(sig('startswith')).toBe('startswith(string, string) => boolean');
    expect(sig('to_number')).toBe('to_number(any<null, boolean, number, string>) => number');
    expect(sig('time.date')).toBe('time.date(any<number, array<number, string>>) => array<number, number, number>');
    expect(sig('glob.match')).toBe('glob.match(string, any<null, array[string]>, string) => boolean');
    expect(sig('object.get')).toBe('object.get(object[any: any], any, any) => any');
    expect(lookupBuiltin('trace')!.result!.type).toEqual(BOOL);
  });
});
