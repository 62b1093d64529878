import { describe, expect, it } from 'vitest';
import { errorOf, rego } from '../helpers/rego.js';

describe('comparison, arithmetic and type builtins (native)', () => {
  it('compares across types with Rego ordering', () => {
    expect(rego('1 < "a"')).toBe(true);
    expect(rego('null < false')).toBe(true);
    expect(rego('[1, 2] < [1, 3]')).toBe(true);
    expect(rego('1 == 1.0')).toBe(true);
  });

  it('keeps integers exact and divides to floats', () => {
    expect(rego('9007199254740993 + 0')).toBe(9007199254740992); // JSON.parse rounding on the JS side only
    expect(rego('7 / 2')).toBe(3.5);
    expect(rego('-7 % 3')).toBe(-1);
    expect(rego('abs(-3)')).toBe(3);
  });

  it('keeps big integers and exact decimals exact through + - *', () => {
    expect(rego('18446744073709551615 + 3 == 18446744073709551618')).toBe(true);
    expect(rego('9223372036854775807 + 1 == 9223372036854775808')).toBe(true);
    expect(rego('-9223372036854775807 - 10 == -9223372036854775817')).toBe(true);
    expect(rego('4294967296 * 4294967296 == 18446744073709551616')).toBe(true);
    expect(rego('123456789012345678901234567890 + 1 == 123456789012345678901234567891')).toBe(true);
    expect(rego('100000000000000000000 * 0.5 == 50000000000000000000')).toBe(true);
    expect(rego('1e400 + 1e400 == 2e400')).toBe(true);
    expect(rego('18446744073709551616 - 18446744073709551616')).toBe(0);
  });

  it('is undefined on errors unless strict', () => {
    expect(rego('1 / input.z', { input: { z: 0 } })).toBeUndefined();
    expect(errorOf(() => rego('1 / input.z', { input: { z: 0 }, strict: true }))).toMatch(/eval_builtin_error: div: divide by zero/);
    expect(errorOf(() => rego('1.5 % input.z', { input: { z: 1 }, strict: true }))).toMatch(/modulo on floating-point number/);
  });

  it('counts runes, not bytes', () => {
    expect(rego('count("héllo😀")')).toBe(6);
    expect(rego('type_name(set())')).toBe('set');
  });
});
