import { describe, expect, it } from 'vitest';
import { errorOf, rego } from '../helpers/rego.js';

const strict = { strict: true };

describe('round, ceil, floor (native)', () => {
  it('rounds half away from zero, and ceil/floor toward +/- infinity', () => {
    expect(rego('[round(2.5), round(-2.5), round(2.4), round(-2.6), round(0.49999999999999994)]')).toEqual([3, -3, 2, -3, 0]);
    expect(rego('[ceil(1.2), ceil(-1.2), ceil(-0.5), floor(1.8), floor(-1.001), floor(99.99999)]')).toEqual([2, -1, 0, 1, -2, 99]);
    expect(rego('[round(-5), ceil(7), floor(10.00)]')).toEqual([-5, 7, 10]);
  });

  it('is exact on integers and decimals beyond a double', () => {
    expect(rego('round(9223372036854775807) == 9223372036854775807')).toBe(true);
    expect(rego('floor(123456789012345678901234567890.5) == 123456789012345678901234567890')).toBe(true);
    expect(rego('ceil(123456789012345678901234567890.5) == 123456789012345678901234567891')).toBe(true);
    expect(rego('ceil(-123456789012345678901234567890.5) == -123456789012345678901234567890')).toBe(true);
    expect(rego('round(-123456789012345678901234567890.5) == -123456789012345678901234567891')).toBe(true);
    expect(rego('round(99999999999999999999.5) == 100000000000000000000')).toBe(true);
    expect(rego('floor(0.0000000000000000000000001)')).toBe(0);
    expect(rego('ceil(1e400) == 1e400')).toBe(true);
  });

  it('reports non-numbers as type errors', () => {
    expect(rego('round(input.x)', { input: { x: 'a' } })).toBeUndefined();
    expect(errorOf(() => rego('floor(input.x)', { input: { x: 'a' }, strict: true }))).toMatch(
      'eval_type_error: floor: operand 1 must be number but got string',
    );
  });
});

describe('numbers.range and numbers.range_step (native)', () => {
  it('counts up or down, inclusive', () => {
    expect(rego('numbers.range(-2, 3)')).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(rego('numbers.range(2, -1)')).toEqual([2, 1, 0, -1]);
    expect(rego('numbers.range(0, 0)')).toEqual([0]);
    expect(rego('numbers.range_step(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(rego('numbers.range_step(10, 3, 2)')).toEqual([10, 8, 6, 4]);
    expect(rego('numbers.range_step(1024, 4096, 1024)')).toEqual([1024, 2048, 3072, 4096]);
  });

  it('works beyond i64', () => {
    expect(rego('numbers.range(18446744073709551614, 18446744073709551616) == [18446744073709551614, 18446744073709551615, 18446744073709551616]')).toBe(true);
    expect(rego('numbers.range_step(9223372036854775806, 9223372036854775810, 2) == [9223372036854775806, 9223372036854775808, 9223372036854775810]')).toBe(true);
    expect(rego('count(numbers.range(9223372036854775800, 9223372036854775807))')).toBe(8);
  });

  it('rejects non-integers and non-positive steps', () => {
    expect(rego('numbers.range(1, 2.5)')).toBeUndefined();
    expect(errorOf(() => rego('numbers.range(1, 2.5)', strict))).toMatch(
      'eval_type_error: numbers.range: operand 2 must be integer number but got floating-point number',
    );
    expect(errorOf(() => rego('numbers.range(input.x, 2)', { input: { x: 'a' }, strict: true }))).toMatch(
      'numbers.range: operand 1 must be integer but got string',
    );
    expect(rego('numbers.range_step(0, 10, 0)')).toBeUndefined();
    expect(errorOf(() => rego('numbers.range_step(0, 10, -2)', strict))).toMatch(
      'eval_builtin_error: numbers.range_step: step must be a positive number above zero',
    );
  });
});

describe('bits.* (native)', () => {
  it('operates on i64 two\'s complement', () => {
    expect(rego('[bits.and(12, 10), bits.or(12, 10), bits.xor(12, 10), bits.negate(12)]')).toEqual([8, 14, 6, -13]);
    expect(rego('[bits.and(-1, 255), bits.or(-256, 15), bits.xor(-1, 5), bits.negate(-1)]')).toEqual([255, -241, -6, 0]);
    expect(rego('[bits.lsh(1, 10), bits.rsh(1024, 3), bits.rsh(-9, 1), bits.rsh(-1, 100), bits.rsh(5, 64)]')).toEqual([1024, 128, -5, -1, 0]);
  });

  it('grows past i64 like Go big.Int', () => {
    expect(rego('bits.lsh(2147483647, 1)')).toBe(4294967294);
    expect(rego('bits.lsh(9223372036854775807, 1) == 18446744073709551614')).toBe(true);
    expect(rego('bits.lsh(-1, 100) == -1267650600228229401496703205376')).toBe(true);
    expect(rego('bits.rsh(-1267650600228229401496703205376, 99)')).toBe(-2);
    expect(rego('bits.and(-18446744073709551616, 18446744073709551615)')).toBe(0);
    expect(rego('bits.or(-18446744073709551616, 1) == -18446744073709551615')).toBe(true);
    expect(rego('bits.xor(-5, 18446744073709551616) == -18446744073709551621')).toBe(true);
    expect(rego('bits.negate(18446744073709551616) == -18446744073709551617')).toBe(true);
    expect(rego('bits.or(1267650600228229401496703205376, 255) == 1267650600228229401496703205631')).toBe(true);
    expect(rego('bits.and(340282366920938463463374607431768211455, 255)')).toBe(0); // 2^128 - 1 rounds to 2^128
  });

  it('rounds huge operands to 64 significant bits as OPA does', () => {
    // 2^64 + 1 has 65 significant bits: OPA's NumberToInt sees 2^64
    expect(rego('bits.and(18446744073709551617, 3)')).toBe(0);
  });

  it('rejects floats and negative shifts as type errors', () => {
    expect(rego('bits.and(7.2, 42)')).toBeUndefined();
    expect(errorOf(() => rego('bits.or(7.2, 42)', strict))).toMatch(
      'eval_type_error: bits.or: operand 1 must be integer number but got floating-point number',
    );
    expect(errorOf(() => rego('bits.xor(1, 0.5)', strict))).toMatch('bits.xor: operand 2 must be integer number but got floating-point number');
    expect(errorOf(() => rego('bits.lsh(1, -1)', strict))).toMatch(
      'eval_type_error: bits.lsh: operand 2 must be an unsigned integer number but got a negative integer',
    );
    expect(errorOf(() => rego('bits.negate(input.x)', { input: { x: true }, strict: true }))).toMatch(
      'bits.negate: operand 1 must be integer but got boolean',
    );
  });
});

describe('to_number (native)', () => {
  it('converts null, booleans, numbers and numeric strings', () => {
    expect(rego('[to_number(null), to_number(true), to_number(false), to_number(-3.5)]')).toEqual([0, 1, 0, -3.5]);
    expect(rego('[to_number("3"), to_number("+3"), to_number("-0.5"), to_number(".5"), to_number("5."), to_number("1e3"), to_number("1E-2")]')).toEqual([
      3, 3, -0.5, 0.5, 5, 1000, 0.01,
    ]);
    expect(rego('[to_number("007"), to_number("1_000"), to_number("0x1p-2"), to_number("0X10P0")]')).toEqual([7, 1000, 0.25, 16]);
  });

  it('keeps big and precise strings exact', () => {
    expect(rego('to_number("12345678901234567890123") == 12345678901234567890123')).toBe(true);
    expect(rego('to_number("0.1000000000000000055511151231257827") == 0.1')).toBe(false);
    expect(rego('to_number("1e-400") > 0')).toBe(true);
  });

  it('rejects invalid strings like strconv.ParseFloat', () => {
    expect(rego('to_number("broken")')).toBeUndefined();
    expect(errorOf(() => rego('to_number("broken")', strict))).toMatch(
      'eval_builtin_error: to_number: strconv.ParseFloat: parsing "broken": invalid syntax',
    );
    expect(errorOf(() => rego('to_number("1e400")', strict))).toMatch('parsing "1e400": value out of range');
    for (const s of ['', '1_', '_1', '1__0', '0x10', '1e', '--1', '1.2.3', ' 1']) {
      expect(errorOf(() => rego(`to_number(${JSON.stringify(s)})`, strict))).toMatch('invalid syntax');
    }
  });

  it('rejects inf and nan spellings as type errors', () => {
    for (const s of ['inf', '-Inf', '+infinity', 'NaN', '-nan', 'iNf']) {
      expect(errorOf(() => rego(`to_number(${JSON.stringify(s)})`, strict))).toMatch(
        'eval_type_error: to_number: operand 1 must be valid number string but got string',
      );
    }
  });
});

describe('units.parse and units.parse_bytes (native)', () => {
  it('parses SI and binary units', () => {
    expect(rego('[units.parse("10K"), units.parse("10Ki"), units.parse("1.5M"), units.parse("2Gi"), units.parse("12345")]')).toEqual([
      10000, 10240, 1500000, 2147483648, 12345,
    ]);
    expect(rego('[units.parse("500m"), units.parse("1.1Ki"), units.parse("-3.5E2m"), units.parse("1e-2")]')).toEqual([0.5, 1126.4, -0.35, 0.01]);
    expect(rego('units.parse("10e") == 10000000000000000000')).toBe(true);
    expect(rego('units.parse("10Ei") == 11529215046068469760')).toBe(true);
    expect(rego('units.parse("1e30Ei") == 1152921504606846976000000000000000000000000000000')).toBe(true);
    expect(rego('units.parse("\\"100TI\\"")')).toBe(109951162777600);
  });

  it('distinguishes m (milli) from M (mega), rounding to 10 decimals like big.Rat.FloatString', () => {
    expect(rego('units.parse("1m")')).toBe(0.001);
    expect(rego('units.parse("1M")')).toBe(1000000);
    // 0.001 is the double 0.001000000000000000020816..., as in OPA
    expect(rego('units.parse("1e12m") == 1000000000.0000000208')).toBe(true);
    expect(rego('units.parse("0.00000000005")')).toBe(1e-10);
    expect(rego('units.parse("0.00000000004")')).toBe(0);
  });

  it('parses byte units case-insensitively into integers', () => {
    expect(rego('[units.parse_bytes("10KB"), units.parse_bytes("10kib"), units.parse_bytes("1.1KiB"), units.parse_bytes(".5kb"), units.parse_bytes("1e-2KB")]')).toEqual([
      10000, 10240, 1126, 500, 10,
    ]);
    expect(rego('[units.parse_bytes("0"), units.parse_bytes("-1.5kib"), units.parse_bytes("4.5e1GiB")]')).toEqual([0, -1536, 48318382080]);
    expect(rego('units.parse_bytes("10eib") == 11529215046068469760')).toBe(true);
    // beyond 64 bits OPA rounds the amount to a 64-bit mantissa
    expect(rego('units.parse_bytes("1e30") == 1000000000000000000024696061952')).toBe(true);
  });

  it('reports errors as OPA words them', () => {
    const cases: Array<[string, string]> = [
      ['units.parse("")', 'units.parse: no amount provided'],
      ['units.parse("G")', 'units.parse: no amount provided'],
      ['units.parse(".5.2")', 'units.parse: could not parse amount to a number'],
      ['units.parse("--5")', 'units.parse: could not parse amount to a number'],
      ['units.parse("100 k")', 'units.parse: spaces not allowed in resource strings'],
      ['units.parse("10e10000000Ei")', 'units.parse: exponent too large'],
      ['units.parse("10KB")', 'units.parse: unit Kb not recognized'],
      ['units.parse_bytes("GB")', 'units.parse_bytes: no byte amount provided'],
      ['units.parse_bytes("0.0.0")', 'units.parse_bytes: could not parse byte amount to a number'],
      ['units.parse_bytes(" 327MiB ")', 'units.parse_bytes: spaces not allowed in resource strings'],
      ['units.parse_bytes("5XB")', 'units.parse_bytes: byte unit xb not recognized'],
    ];
    for (const [expr, msg] of cases) {
      expect(rego(expr)).toBeUndefined();
      expect(errorOf(() => rego(expr, strict))).toMatch(`eval_builtin_error: ${msg}`);
    }
    expect(rego('units.parse("5E") == 5')).toBe(false);
  });
});

describe('exact arithmetic on whole numbers beyond i64 and 2^53', () => {
  const text = (expr: string) => rego(`sprintf("%v", [${expr}])`, strict);
  it('takes remainders of big integers exactly, the sign following the dividend', () => {
    expect(text('10 % 18446744073709551616')).toBe('10');
    expect(text('18446744073709551617 % 18446744073709551616')).toBe('1');
    expect(text('-18446744073709551617 % 10')).toBe('-7');
    expect(text('100 % -18446744073709551616')).toBe('100');
    expect(text('1e400 % 7')).toBe('4');
    expect(text('3.0 % 18446744073709551616')).toBe('3');
  });
  it('keeps the errors for fractions and zero divisors', () => {
    expect(errorOf(() => rego('1.5 % 18446744073709551616', strict))).toMatch(/rem: modulo on floating-point number$/);
    expect(errorOf(() => rego('18446744073709551616 % 0', strict))).toMatch(/rem: modulo by zero$/);
  });
  it('adds, subtracts and multiplies whole floats exactly past 2^53', () => {
    expect(text('1e30 + 1')).toBe('1000000000000000000000000000001');
    expect(text('9007199254740993.0 - 1e16')).toBe('-992800745259007');
    expect(text('1e17 * 3 + 1')).toBe('300000000000000001');
    expect(text('0.5 + 1.5')).toBe('2');
  });
});
