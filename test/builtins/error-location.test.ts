// Strict builtin errors carry OPA's `file:row:` prefix: the row of the
// builtin call, in whichever rule or function it sits.
import { describe, expect, it } from 'vitest';
import { errorOf, evaluate } from '../helpers/rego.js';

const strictError = (src: string, entrypoint: string, input?: unknown) =>
  errorOf(() => evaluate(src, entrypoint, { strict: true, input }));

describe('strict builtin error locations', () => {
  it('prefixes a type error with the file and row of the call', () => {
    const src = ['package t', '', 'p if {', '\tstrings.any_prefix_match(input.s, input.p)', '}', ''].join('\n');
    expect(strictError(src, 't/p', { s: ['a'], p: 1 })).toBe(
      'test.rego:4: eval_type_error: strings.any_prefix_match: operand 2 must be one of {string, set, array} but got number',
    );
  });

  it('reports the row inside a function, not where the function is called', () => {
    const src = ['package t', '', 'f(x) := y if {', '\ty := upper(x)', '}', '', 'p := f(1)', ''].join('\n');
    expect(strictError(src, 't/p')).toBe('test.rego:4: eval_type_error: upper: operand 1 must be string but got number');
  });

  it('covers builtin errors with composed messages', () => {
    const src = ['package t', '', 'a := 1', '', 'p if regex.match(input.pattern, "x")', ''].join('\n');
    expect(strictError(src, 't/p', { pattern: '(' })).toBe(
      'test.rego:5: eval_builtin_error: regex.match: error parsing regexp: missing closing ): `(`',
    );
    const units = ['package t', '', 'p := units.parse(input.u)', ''].join('\n');
    expect(strictError(units, 't/p', { u: '' })).toBe('test.rego:3: eval_builtin_error: units.parse: no amount provided');
  });

  it('names the call that failed when one rule has several', () => {
    const src = ['package t', '', 'p := [x, y] if {', '\tx := upper("a")', '\ty := lower(input.n)', '}', ''].join('\n');
    expect(strictError(src, 't/p', { n: 2 })).toMatch(/^test\.rego:5: eval_type_error: lower: /);
  });

  it('stays undefined without strict errors', () => {
    const src = ['package t', '', 'p := upper(input.n)', ''].join('\n');
    expect(evaluate(src, 't/p', { input: { n: 1 } })).toEqual([]);
  });
});
