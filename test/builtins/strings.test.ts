import { describe, expect, it } from 'vitest';
import { errorOf, rego } from '../helpers/rego.js';

const input = { n: 1, f: 1.5, s: 'str', arr: [1], nums: [1, 2], strs: ['a/b', 'c/d'] };
const strictError = (expr: string) => errorOf(() => rego(expr, { input, strict: true }));

describe('strings builtins (native)', () => {
  it('concat joins arrays and sets (sets in sorted order)', () => {
    expect(rego('concat("/", ["", "foo", "bar"])')).toBe('/foo/bar');
    expect(rego('concat(", ", {"b", "a", "c"})')).toBe('a, b, c');
    expect(rego('concat("-", [])')).toBe('');
    expect(rego('concat("-", ["only"])')).toBe('only');
    expect(rego('concat("", ["é", "😀"])')).toBe('é😀');
  });

  it('concat type errors', () => {
    expect(rego('concat(",", input.arr)', { input })).toBeUndefined();
    expect(strictError('concat(",", input.arr)')).toMatch(/eval_type_error: concat: operand 2 must be array of strings but got array containing number/);
    expect(strictError('concat(",", {x | x := input.arr[_]})')).toMatch(/operand 2 must be set of strings but got set containing number/);
    expect(strictError('concat(",", input.n)')).toMatch(/operand 2 must be one of \{set, array\} but got number/);
    expect(strictError('concat(input.n, [])')).toMatch(/eval_type_error: concat: operand 1 must be string but got number/);
  });

  it('contains / startswith / endswith / strings.count', () => {
    expect(rego('contains("abcdefgh", "defg")')).toBe(true);
    expect(rego('contains("abc", "")')).toBe(true);
    expect(rego('contains("abc", "x")')).toBe(false);
    expect(rego('startswith("héllo", "hé")')).toBe(true);
    expect(rego('endswith("héllo", "lo")')).toBe(true);
    expect(rego('endswith("lo", "héllo")')).toBe(false);
    expect(rego('strings.count("cheese", "e")')).toBe(3);
    expect(rego('strings.count("11111", "11")')).toBe(2);
    expect(rego('strings.count("ééé", "")')).toBe(4); // runes + 1
    expect(strictError('contains("a", input.n)')).toMatch(/contains: operand 2 must be string but got number/);
  });

  it('indexof / indexof_n count code points', () => {
    expect(rego('indexof("skön var våren", "vår")')).toBe(9);
    expect(rego('indexof("😀a😀b", "b")')).toBe(3);
    expect(rego('indexof("μ", "μμ")')).toBe(-1);
    expect(rego('indexof_n("aaaa", "aa")')).toEqual([0, 1, 2]); // overlapping
    expect(rego('indexof_n("😇😀😇😀", "😀")')).toEqual([1, 3]);
    expect(rego('indexof_n("dogcat", "rabbit")')).toEqual([]);
    expect(rego('indexof("abc", "")')).toBeUndefined();
    expect(strictError('indexof("abc", "")')).toMatch(/eval_builtin_error: indexof: empty search character/);
    expect(strictError('indexof_n("abc", "")')).toMatch(/eval_builtin_error: indexof_n: empty search character/);
  });

  it('substring: runes, negative length = rest, errors', () => {
    expect(rego('substring("abcdefgh", 2, 3)')).toBe('cde');
    expect(rego('substring("abcdefgh", 2, -1)')).toBe('cdefgh');
    expect(rego('substring("aåäö", 1, 2)')).toBe('åä');
    expect(rego('substring("😀a😀b", 1, 2)')).toBe('a😀');
    expect(rego('substring("abc", 0, 100)')).toBe('abc');
    expect(rego('substring("åäö", 4, -1)')).toBe('');
    expect(rego('substring("", 0, 1)')).toBe('');
    expect(rego('substring("abc", -1, 1)')).toBeUndefined();
    expect(strictError('substring("abc", -1, 1)')).toMatch(/eval_builtin_error: substring: negative offset/);
    expect(strictError('substring("abc", input.f, 1)')).toMatch(/eval_type_error: substring: operand 2 must be integer number but got floating-point number/);
    expect(strictError('substring("abc", 0, input.s)')).toMatch(/substring: operand 3 must be number but got string/);
  });

  it('lower / upper are Unicode-aware (simple case mapping, as Go)', () => {
    expect(rego('lower("AbCdEf")')).toBe('abcdef');
    expect(rego('upper("héllo wörld")')).toBe('HÉLLO WÖRLD');
    expect(rego('upper("ÿ µ ǆ ı ſ ß")')).toBe('Ÿ Μ Ǆ I S ß'); // ß has no single-rune upper case
    expect(rego('lower("İ Ÿ Ǆ Ω K Å ẞ")')).toBe('i ÿ ǆ ω k å ß');
    expect(rego('upper("αβγ ς ϐ")')).toBe('ΑΒΓ Σ Β');
    expect(rego('lower("ΑΒΓΣ ΆΈΉ")')).toBe('αβγσ άέή');
    expect(rego('upper("привет ёж ѣ")')).toBe('ПРИВЕТ ЁЖ Ѣ');
    expect(rego('lower("ЖЯ ԱՖ Ａ 𐐀 Ⅰ Ⓐ")')).toBe('жя աֆ ａ 𐐨 ⅰ ⓐ');
    expect(rego('upper("ąčęėįšųūž")')).toBe('ĄČĘĖĮŠŲŪŽ');
    expect(rego('upper("日本")')).toBe('日本');
    expect(strictError('upper(input.n)')).toMatch(/eval_type_error: upper: operand 1 must be string but got number/);
  });

  it('strings.reverse reverses code points', () => {
    expect(rego('strings.reverse("héllo😀")')).toBe('😀olléh');
    expect(rego('strings.reverse("")')).toBe('');
  });

  it('split and strings.split_n', () => {
    expect(rego('split("a,b,,c", ",")')).toEqual(['a', 'b', '', 'c']);
    expect(rego('split("abc", "x")')).toEqual(['abc']);
    expect(rego('split("héllo", "")')).toEqual(['h', 'é', 'l', 'l', 'o']);
    expect(rego('split("", "")')).toEqual([]);
    expect(rego('split("", ".")')).toEqual(['']);
    expect(rego('strings.split_n("a.b.c.d", ".", 2)')).toEqual(['a', 'b.c.d']);
    expect(rego('strings.split_n("a.b.c", ".", 0)')).toEqual([]);
    expect(rego('strings.split_n("a;b;c;d", ";", -2)')).toEqual(['c', 'd']);
    expect(rego('strings.split_n("a.b", ".", -5)')).toEqual(['a', 'b']);
    expect(rego('strings.split_n("héllo", "", 3)')).toEqual(['h', 'é', 'llo']);
    expect(strictError('strings.split_n("a", ".", input.f)')).toMatch(/operand 3 must be integer number but got floating-point number/);
  });

  it('replace and strings.replace_n follow Go strings.Replacer', () => {
    expect(rego('replace("foo...bar", "..", ",,")')).toBe('foo,,.bar');
    expect(rego('replace("aaa", "a", "bb")')).toBe('bbbbbb');
    expect(rego('replace("abc", "", "-")')).toBe('-a-b-c-');
    expect(rego('replace("abc", "x", "y")')).toBe('abc');
    expect(rego('strings.replace_n({"a": "b", "b": "a"}, "abba")')).toBe('baab');
    expect(rego('strings.replace_n({"info": "X", "anotherinfo": "Y"}, "anotherinfo")')).toBe('Y');
    expect(rego('strings.replace_n({"": "-", "é": "e"}, "aéb")')).toBe('-a-e-b-');
    expect(rego('strings.replace_n({}, "abc")')).toBe('abc');
    expect(strictError('strings.replace_n({"a": input.n}, "abc")')).toMatch(/eval_type_error: strings.replace_n: operand 1 non-string value found in pattern object/);
    expect(strictError('strings.replace_n({input.n: "x"}, "abc")')).toMatch(/operand 1 non-string key found in pattern object/);
    expect(strictError('strings.replace_n({"a": "b"}, input.n)')).toMatch(/operand 2 must be string but got number/);
  });

  it('trim family', () => {
    expect(rego('trim("...foo.bar...", ".o")')).toBe('foo.bar');
    expect(rego('trim("¡¡¡foo, bar!!!", "¡!")')).toBe('foo, bar');
    expect(rego('trim("abc", "")')).toBe('abc');
    expect(rego('trim_left("¡¡¡foo¡", "¡")')).toBe('foo¡');
    expect(rego('trim_right("¡foo¡¡", "¡")')).toBe('¡foo');
    expect(rego('trim_prefix("¡¡¡foo, bar!!!", "¡¡¡foo")')).toBe(', bar!!!');
    expect(rego('trim_prefix("foo", "bar")')).toBe('foo');
    expect(rego('trim_suffix("¡¡¡foo, bar!!!", ", bar!!!")')).toBe('¡¡¡foo');
    expect(rego('trim_space("\\t\\n hello \\u00a0\\u3000")')).toBe('hello');
    expect(rego('trim_space("\\u0085x\\u2028")')).toBe('x');
    expect(strictError('trim("x", input.n)')).toMatch(/eval_type_error: trim: operand 2 must be string but got number/);
  });

  it('strings.any_prefix_match / any_suffix_match', () => {
    expect(rego('strings.any_prefix_match(input.strs, ["x/", "c/"])', { input })).toBe(true);
    expect(rego('strings.any_prefix_match("a/b", {"a/"})')).toBe(true);
    expect(rego('strings.any_prefix_match(input.strs, "d/")', { input })).toBe(false);
    expect(rego('strings.any_prefix_match([], "a")')).toBe(false);
    expect(rego('strings.any_suffix_match(input.strs, "/d")', { input })).toBe(true);
    expect(rego('strings.any_suffix_match("a/b", [])')).toBe(false);
    expect(rego('strings.any_prefix_match(input.nums, "a")', { input })).toBeUndefined();
    expect(strictError('strings.any_prefix_match(input.nums, "a")')).toMatch(
      /eval_type_error: strings.any_prefix_match: operand 1 must be array of strings but got array containing number/,
    );
    expect(strictError('strings.any_suffix_match("a", input.n)')).toMatch(
      /strings.any_suffix_match: operand 2 must be one of \{string, set, array\} but got number/,
    );
  });

  it('format_int: bases, truncation toward zero, exact big integers', () => {
    expect(rego('format_int(15.5, 16)')).toBe('f');
    expect(rego('format_int(-15.9, 16)')).toBe('-f');
    expect(rego('format_int(255, 2)')).toBe('11111111');
    expect(rego('format_int(-8, 8)')).toBe('-10');
    expect(rego('format_int(3.1, 10)')).toBe('3');
    expect(rego('format_int(-9223372036854775808, 16)')).toBe('-8000000000000000');
    expect(rego('format_int(18446744073709551617, 16)')).toBe('10000000000000001');
    expect(rego('format_int(123456789012345678901234567890, 10)')).toBe('123456789012345678901234567890');
    // non-integer text goes through a 64-bit big.Float, as in OPA
    expect(rego('format_int(1e30, 16)')).toBe('c9f2c9cd04674edf000000000');
    expect(rego('format_int(10, 3)')).toBeUndefined();
    expect(strictError('format_int(10, 3)')).toMatch(/eval_type_error: format_int: operand 2 must be one of \{2, 8, 10, 16\}/);
    expect(strictError('format_int(input.s, 10)')).toMatch(/format_int: operand 1 must be number but got string/);
  });
});

describe('sprintf (Go fmt semantics)', () => {
  it('formats strings, ints, floats and composites as OPA does', () => {
    expect(rego('sprintf("hi %s", ["there"])')).toBe('hi there');
    expect(rego('sprintf("hi %02X.%02X", [127, 1])')).toBe('hi 7F.01');
    expect(rego('sprintf("hi %.2f", [3.1415])')).toBe('hi 3.14');
    expect(rego('sprintf("hi %s", [true])')).toBe('hi true');
    expect(rego('sprintf("hi %v", [["there", 5, 3.14]])')).toBe('hi ["there", 5, 3.14]');
    expect(rego('sprintf("%v %v %v %v", [null, {"b": 1, "a": [1, "x"]}, {3, 1, 2}, set()])')).toBe(
      'null {"a": [1, "x"], "b": 1} {1, 2, 3} set()',
    );
    expect(rego('sprintf("%s", [["é\\n"]])')).toBe('["é\\n"]');
  });

  it('prints big integers exactly', () => {
    expect(rego('sprintf("%s", [123456789123456789123])')).toBe('123456789123456789123');
    expect(rego('sprintf("%d", [1208925819614629174706175])')).toBe('1208925819614629174706175');
    expect(rego('sprintf("%x|%v|%+d", [123456789123456789123, -123456789123456789123, 123456789123456789123])')).toBe(
      '6b14e9f9b0df36a83|-123456789123456789123|+123456789123456789123',
    );
    expect(rego('sprintf("%b", [1208925819614629174706175])')).toBe('1'.repeat(80));
    expect(rego('sprintf("%f", [123456789123456789123])')).toBe('%!f(big.Int=123456789123456789123)');
    expect(rego('sprintf("%d", [9223372036854775807])')).toBe('9223372036854775807');
    expect(rego('sprintf("%d", [100000000000000000000])')).toBe('100000000000000000000');
  });

  it('integer verbs and flags', () => {
    expect(rego('sprintf("%d|%5d|%-5d|%05d|%+d|% d", [42, 42, 42, -42, 42, 42])')).toBe('42|   42|42   |-0042|+42| 42');
    expect(rego('sprintf("%x|%X|%o|%O|%b|%#x|%#o|%#b", [255, 255, 8, 8, 5, 255, 8, 5])')).toBe('ff|FF|10|0o10|101|0xff|010|0b101');
    expect(rego('sprintf("%c|%q|%U|%#U", [65, 955, 955, 955])')).toBe("A|'λ'|U+03BB|U+03BB 'λ'");
    expect(rego('sprintf("%.3d|%.0d|%8.3x", [5, 0, 255])')).toBe('005||     0ff');
    expect(rego('sprintf("%*d|%-*d", [5, 1, 5, 2])')).toBe('    1|2    ');
    expect(rego('sprintf("%[2]d %[1]d", [1, 2])')).toBe('2 1');
  });

  it('float verbs round from the exact binary value', () => {
    expect(rego('sprintf("%f|%.2f|%e|%E|%g", [3.14159, 2.675, 123456.789, 0.000123, 1.5e-7])')).toBe(
      '3.141590|2.67|1.234568e+05|1.230000E-04|1.5e-07',
    );
    expect(rego('sprintf("%.0f %.0f %.0f %.1f", [0.5, 1.5, 2.5, 0.25])')).toBe('0 2 2 0.2');
    expect(rego('sprintf("%.20f", [0.1])')).toBe('0.10000000000000000555');
    expect(rego('sprintf("%v|%v|%g|%.3g", [0.1, 1e21, 1000000.5, 3.14159])')).toBe('0.1|1e+21|1.0000005e+06|3.14');
    expect(rego('sprintf("%8.3f|%-8.3f|%08.3f|%+.1f", [3.14159, 3.14159, -3.14159, 2.5])')).toBe('   3.142|3.142   |-003.142|+2.5');
    expect(rego('sprintf("%x|%b", [3.5, 0.5])')).toBe('0x1.cp+01|4503599627370496p-53');
  });

  it('string verbs', () => {
    expect(rego('sprintf("%q|%x|%10s|%-4s|%.2s", ["tab\\there", "hi", "r", "l", "héllo"])')).toBe('"tab\\there"|6869|         r|l   |hé');
    expect(rego('sprintf("%q", ["\\u00ad é😀\\u0000"])')).toBe('"\\u00ad é😀\\x00"');
    expect(rego('sprintf("%+q|%#q", ["é", "a\\tb"])')).toBe('"\\u00e9"|`a\tb`');
    expect(rego('sprintf("% x|%#X", ["abc", "abc"])')).toBe('61 62 63|0X616263');
  });

  it('reports bad verbs, missing and extra arguments inline', () => {
    expect(rego('sprintf("%s", [5])')).toBe('%!s(int=5)');
    expect(rego('sprintf("%d", ["x"])')).toBe('%!d(string=x)');
    expect(rego('sprintf("%d", [1.5])')).toBe('%!d(float64=1.5)');
    expect(rego('sprintf("%t", [true])')).toBe('%!t(string=true)');
    expect(rego('sprintf("%d %s", [1])')).toBe('1 %!s(MISSING)');
    expect(rego('sprintf("%d", [1, 2, "x"])')).toBe('1%!(EXTRA int=2, string=x)');
    expect(rego('sprintf("%", [])')).toBe('%!(NOVERB)');
    expect(rego('sprintf("%[3]d", [1])')).toBe('%!d(BADINDEX)');
    expect(rego('sprintf("%*d", ["x", 3])')).toBe('%!(BADWIDTH)3');
    expect(rego('sprintf("100%%", [])')).toBe('100%');
    expect(rego('sprintf("%T %T %T %T", [1, 1.5, "s", [1]])')).toBe('int float64 string string');
  });

  it('operand type errors', () => {
    expect(rego('sprintf("%d", input.n)', { input })).toBeUndefined();
    expect(strictError('sprintf("%d", input.n)')).toMatch(/eval_type_error: sprintf: operand 2 must be array but got number/);
    expect(strictError('sprintf(input.n, [])')).toMatch(/eval_type_error: sprintf: operand 1 must be string but got number/);
  });
});
