import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuntime, type Runtime } from './helpers.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await loadRuntime();
});

/** parse → dump must give `expected` (default: the input) and stay valid JSON. */
function roundTrip(input: string, expected = input): void {
  const out = rt.dump(rt.json(input));
  expect(out).toBe(expected);
  expect(() => JSON.parse(out)).not.toThrow();
}

describe('opa_json_parse → opa_json_dump', () => {
  it('round-trips scalars and nested structures compactly', () => {
    roundTrip('null');
    roundTrip('true');
    roundTrip('false');
    roundTrip('"hello"');
    roundTrip('[]');
    roundTrip('{}');
    roundTrip('[1,[2,[3,[]]],{"a":{"b":{"c":[null,true,false]}}}]');
    roundTrip(' { "a" : [ 1 , 2 ] ,\n\t"b":\r\n{} } ', '{"a":[1,2],"b":{}}');
  });

  it('dumps object keys in sorted order at every level', () => {
    roundTrip('{"z":1,"a":2,"m":{"y":[{"d":1,"c":2}],"b":3}}', '{"a":2,"m":{"b":3,"y":[{"c":2,"d":1}]},"z":1}');
    roundTrip('{"b":1,"B":2,"a":3,"":4,"é":5}', '{"":4,"B":2,"a":3,"b":1,"é":5}');
  });

  it('keeps the last value of duplicate keys', () => {
    roundTrip('{"a":1,"b":2,"a":[3]}', '{"a":[3],"b":2}');
  });

  it('decodes escapes and unicode, including astral-plane surrogate pairs', () => {
    const v = rt.json('"caf\\u00e9 \\ud83d\\ude00 é 😀 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t"');
    expect(rt.x.rt_string_len(v)).toBe(new TextEncoder().encode('café 😀 é 😀 "q" \\ / \b\f\n\r\t').length);
    const out = rt.dump(v);
    expect(JSON.parse(out)).toBe('café 😀 é 😀 "q" \\ / \b\f\n\r\t');
    expect(out).toBe('"café 😀 é 😀 \\"q\\" \\\\ / \\b\\f\\n\\r\\t"');
  });

  it('escapes every control character, including NUL', () => {
    const s = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f';
    const out = rt.dump(rt.json(JSON.stringify(s)));
    expect(JSON.parse(out)).toBe(s);
    expect(out).toContain('\\u0000');
    expect(out).toContain('\\u001f');
  });

  it('replaces lone surrogates with U+FFFD like Go', () => {
    expect(JSON.parse(rt.dump(rt.json('"a\\ud800b"')))).toBe('a\ufffdb');
    expect(JSON.parse(rt.dump(rt.json('"\\udc00"')))).toBe('\ufffd');
    expect(JSON.parse(rt.dump(rt.json('"\\ud83d\\u0041"')))).toBe('\ufffdA');
  });

  it('keeps big integers and out-of-range exponents exact', () => {
    roundTrip('123456789012345678901234567890');
    roundTrip('-123456789012345678901234567890');
    roundTrip('1e400');
    roundTrip('-1E400');
    roundTrip('[9223372036854775807,-9223372036854775808,9223372036854775808]');
    roundTrip('0.1000000000000000055511151231257827');
    roundTrip('1e-400');
  });

  it('normalises integral numbers to ints and -0 to 0', () => {
    roundTrip('-0', '0');
    roundTrip('-0.0', '0');
    roundTrip('1.0', '1');
    roundTrip('100e-2', '1');
    roundTrip('1.5e3', '1500');
    roundTrip('12345678901234567e2', '1234567890123456700');
  });

  it('prints floats in shortest round-trip form', () => {
    roundTrip('[0.1,0.5,-2.5,3.14159,1.1,0.30000000000000004]');
    roundTrip('1.10', '1.1');
    roundTrip('[1e-7,1.5e-7,1E21,2.5e+300]', '[1e-7,1.5e-7,1e+21,2.5e+300]');
    roundTrip('1.7976931348623157e308', '1.7976931348623157e+308');
    roundTrip('5e-324');
  });

  it('prints every double exactly as JS does (shortest, closest) and parses it back exactly', () => {
    const buf = new DataView(new ArrayBuffer(8));
    let seed = 0x2545f491;
    const rand32 = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    const base = rt.x.opa_heap_ptr_get();
    let checked = 0;
    for (let i = 0; checked < 5000; i++) {
      buf.setUint32(0, rand32());
      buf.setUint32(4, rand32());
      const x = buf.getFloat64(0);
      if (!Number.isFinite(x) || (Number.isInteger(x) && Math.abs(x) < 2 ** 63)) continue;
      checked++;
      rt.x.opa_heap_ptr_set(base);
      const f = rt.x.rt_float(x);
      expect(rt.dump(f)).toBe(String(x));
      const p = rt.json(String(x));
      expect(rt.x.rt_equal(f, p)).toBe(1);
      expect(rt.x.rt_hash(f)).toBe(rt.x.rt_hash(p));
      expect(rt.x.rt_number_to_f64(p)).toBe(x);
    }
  });

  it('parses decimal text to the correctly rounded double', () => {
    const cases = [
      '2.2250738585072011e-308', '2.2250738585072012e-308', '4.9406564584124654e-324',
      '2.4703282292062327e-324', '2.4703282292062328e-324', '1.7976931348623158e308',
      '1.7976931348623159e308', '9007199254740993', '9007199254740992.5000000000000000000001',
      '7.2057594037927933e16', '0.1e-400', '1' + '0'.repeat(900) + 'e-900', '1.' + '0'.repeat(900) + '1',
      '123456789012345678901234567890e-10', '8.98846567431158e307',
    ];
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let i = 0; i < 3000; i++) {
      let digits = '';
      for (let d = 1 + rnd(25); d > 0; d--) digits += rnd(10);
      cases.push(`${digits.replace(/^0+/, '') || '7'}e${rnd(700) - 350}`);
    }
    const base = rt.x.opa_heap_ptr_get();
    for (const s of cases) {
      rt.x.opa_heap_ptr_set(base);
      expect(rt.x.rt_number_to_f64(rt.json(s))).toBe(Number(s));
    }
  });

  it('dumps non-finite floats as null (JSON has no NaN/Infinity)', () => {
    expect(rt.dump(rt.x.rt_float(NaN))).toBe('null');
    expect(rt.dump(rt.x.rt_float(Infinity))).toBe('null');
  });
});

describe('opa_json_parse rejects invalid input with 0', () => {
  const invalid = [
    '', ' ', '[1,', '[1,]', '{"a":1,}', '{"a"}', '{"a" 1}', '{1:2}', '{a:1}', '[1] x', '{}{}',
    '"abc', '"\\x"', '"\\u12"', '"\\u12G4"', '"a\u0001"', 'tru', 'nul', 'falsey', 'True',
    '01', '-01', '1.', '.5', '-', '+1', '1e', '1e+', '0x10', 'NaN', 'Infinity',
    '{1,2}', 'set()', "'a'", '[1 2]', '/* c */1',
  ];
  it.each(invalid)('%j', (s) => {
    expect(rt.parse(s)).toBe(0);
  });

  it('rejects invalid UTF-8', () => {
    for (const bytes of [[0x22, 0xff, 0x22], [0x22, 0xc0, 0xaf, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xe2, 0x82, 0x22]]) {
      expect(rt.x.opa_json_parse(...rt.write(new Uint8Array(bytes)))).toBe(0);
    }
    expect(rt.x.opa_json_parse(...rt.write(new Uint8Array([0x22, 0xe2, 0x82, 0xac, 0x22])))).not.toBe(0);
  });

  it('limits nesting to 1000 levels without crashing', () => {
    expect(rt.parse('['.repeat(1000) + ']'.repeat(1000))).not.toBe(0);
    expect(rt.parse('['.repeat(1001) + ']'.repeat(1001))).toBe(0);
    expect(rt.parse('{"a":'.repeat(1001) + '1' + '}'.repeat(1001))).toBe(0);
    expect(rt.parse('['.repeat(200000))).toBe(0);
    expect(rt.parse('[1,'.repeat(50000) + '1' + ']'.repeat(50000))).toBe(0);
  });

  it('frees partial values on failure', () => {
    rt.parse('[0]'); // warm up
    const before = rt.x.opa_heap_ptr_get();
    for (let i = 0; i < 50; i++) expect(rt.parse('[{"a":[1,2,"' + 'x'.repeat(100) + '"]}, 3, tru]')).toBe(0);
    // each failed parse returns its blocks; only the input buffers remain
    expect(rt.x.opa_heap_ptr_get() - before).toBeLessThan(50 * 300);
  });
});

describe('opa_value_parse / opa_value_dump (Rego literal syntax)', () => {
  it('parses sets and set()', () => {
    const s = rt.value('{3, 1, "a", [1], 2}');
    expect(rt.x.opa_value_type(s)).toBe(7);
    expect(rt.x.rt_length(s)).toBe(5);
    expect(rt.vdump(s)).toBe('{1,2,3,"a",[1]}');
    expect(rt.dump(s)).toBe('[1,2,3,"a",[1]]');
    const e = rt.value('set()');
    expect(rt.x.opa_value_type(e)).toBe(7);
    expect(rt.vdump(e)).toBe('set()');
    expect(rt.dump(e)).toBe('[]');
    expect(rt.x.opa_value_type(rt.value('{}'))).toBe(6);
  });

  it('deduplicates set elements by Rego equality', () => {
    expect(rt.vdump(rt.value('{1, 1.0, 2, 1e0, {2, 1}, {1, 2}}'))).toBe('{1,2,{1,2}}');
  });

  it('accepts non-string object keys and dumps them as JSON strings in JSON mode', () => {
    const o = rt.value('{1: "one", [1, "a"]: 2, {"k"}: 3, "s": {true: null}}');
    expect(rt.vdump(o)).toBe('{1:"one","s":{true:null},[1,"a"]:2,{"k"}:3}');
    expect(rt.dump(o)).toBe('{"1":"one","s":{"true":null},"[1,\\"a\\"]":2,"[\\"k\\"]":3}');
  });

  it('round-trips its own output', () => {
    for (const text of ['{1,2,{3,set()}}', '{[1]:{2:set()}}', '[set(),{},{"a":{1}}]', '"x"', '12345678901234567890123']) {
      const once = rt.vdump(rt.value(text));
      expect(rt.vdump(rt.value(once))).toBe(once);
    }
  });

  it('rejects malformed literals', () => {
    for (const s of ['{1,}', '{1:}', '{1:2,3}', 'set(', 'set(1)', '{,}', '{1 2}']) expect(rt.vparse(s)).toBe(0);
  });
});
