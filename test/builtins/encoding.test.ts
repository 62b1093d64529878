import { describe, expect, it } from 'vitest';
import { errorOf, rego } from '../helpers/rego.js';

// Expected values follow OPA's topdown (Go's encoding/base64, encoding/hex,
// net/url, encoding/json), including error texts under strict errors.

const strictErr = (expr: string, input?: unknown) => errorOf(() => rego(expr, { strict: true, input }));
const b64u = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const jwt = (header: string, payload: string, sig = 'c2ln') => `${b64u(header)}.${b64u(payload)}.${sig}`;

describe('base64', () => {
  it('encodes and decodes bytes, including UTF-8 and empty strings', () => {
    expect(rego('base64.encode("hello")')).toBe('aGVsbG8=');
    expect(rego('base64.encode("subjects?_d")')).toBe('c3ViamVjdHM/X2Q=');
    expect(rego('base64.encode("")')).toBe('');
    expect(rego('base64.encode("héllo😀")')).toBe(Buffer.from('héllo😀').toString('base64'));
    expect(rego('base64.decode("aGVsbG8=")')).toBe('hello');
    expect(rego('base64.decode("")')).toBe('');
    expect(rego(`base64.decode("${Buffer.from('héllo😀').toString('base64')}")`)).toBe('héllo😀');
    // arbitrary bytes survive (checked through hex)
    expect(rego('hex.encode(base64.decode("/+8A"))')).toBe('ffef00');
  });

  it('ignores CR/LF like Go, and requires padding', () => {
    expect(rego('base64.decode("aGVs\\nbG8=\\r\\n")')).toBe('hello');
    expect(rego('base64.decode("aGVsbG8")')).toBeUndefined();
  });

  it('reports Go CorruptInputError offsets under strict errors', () => {
    expect(strictErr('base64.decode("aGVsbG8")')).toContain('eval_builtin_error: base64.decode: illegal base64 data at input byte 4');
    expect(strictErr('base64.decode("a")')).toContain('illegal base64 data at input byte 0');
    expect(strictErr('base64.decode("aGVsbG8=x")')).toContain('illegal base64 data at input byte 8');
    expect(strictErr('base64.decode("aG=sbG8=")')).toContain('illegal base64 data at input byte 2');
    expect(strictErr('base64.decode("__4=")')).toContain('illegal base64 data at input byte 0');
    expect(strictErr('base64.decode("aGVsbG=")')).toContain('illegal base64 data at input byte 7');
  });

  it('is_valid is false for invalid data and non-strings', () => {
    expect(rego('base64.is_valid("aGVsbG8=")')).toBe(true);
    expect(rego('base64.is_valid("")')).toBe(true);
    expect(rego('base64.is_valid("aGVsbG8")')).toBe(false);
    expect(rego('base64.is_valid("a$==")')).toBe(false);
    expect(rego('base64.is_valid(input.x)', { input: { x: 1 }, strict: true })).toBe(false);
  });

  it('type-checks operands at run time', () => {
    expect(rego('base64.encode(input.x)', { input: { x: 1 } })).toBeUndefined();
    expect(strictErr('base64.encode(input.x)', { x: 1 })).toContain('eval_type_error: base64.encode: operand 1 must be string but got number');
    expect(strictErr('base64.decode(input.x)', { x: [1] })).toContain('operand 1 must be string but got array');
  });
});

describe('base64url', () => {
  it('uses the URL alphabet with and without padding', () => {
    expect(rego('base64url.encode("hello")')).toBe('aGVsbG8=');
    expect(rego('base64url.encode_no_pad("hello")')).toBe('aGVsbG8');
    expect(rego('base64url.encode(hex.decode("fffe"))')).toBe('__4=');
    expect(rego('base64url.encode_no_pad(hex.decode("fffe"))')).toBe('__4');
    expect(rego('base64url.encode_no_pad("")')).toBe('');
  });

  it('decodes with missing padding (RFC 7515 appendix C)', () => {
    expect(rego('base64url.decode("aGVsbG8=")')).toBe('hello');
    expect(rego('base64url.decode("aGVsbG8")')).toBe('hello');
    expect(rego('base64url.decode("aGk")')).toBe('hi');
    expect(rego('base64url.decode("aGVs")')).toBe('hel');
    expect(rego('hex.encode(base64url.decode("__4"))')).toBe('fffe');
  });

  it('reports malformed input like OPA', () => {
    expect(rego('base64url.decode("a")')).toBeUndefined();
    expect(strictErr('base64url.decode("abcde")')).toContain('eval_builtin_error: base64url.decode: illegal base64url string: abcde');
    expect(strictErr('base64url.decode("//4=")')).toContain('illegal base64 data at input byte 0');
    expect(strictErr('base64url.decode("ab$d")')).toContain('illegal base64 data at input byte 2');
  });
});

describe('hex', () => {
  it('encodes lowercase and decodes either case', () => {
    expect(rego('hex.encode("hello")')).toBe('68656c6c6f');
    expect(rego('hex.encode("é")')).toBe('c3a9');
    expect(rego('hex.encode("")')).toBe('');
    expect(rego('hex.decode("68656C6c6f")')).toBe('hello');
    expect(rego('hex.decode("")')).toBe('');
  });

  it('reports Go encoding/hex errors', () => {
    expect(rego('hex.decode("fghijkl")')).toBeUndefined();
    expect(strictErr('hex.decode("fghijkl")')).toContain("eval_builtin_error: hex.decode: encoding/hex: invalid byte: U+0067 'g'");
    expect(strictErr('hex.decode("abc")')).toContain('encoding/hex: odd length hex string');
    expect(strictErr('hex.decode("abz")')).toContain("encoding/hex: invalid byte: U+007A 'z'");
    expect(strictErr('hex.decode("a ")')).toContain("invalid byte: U+0020 ' '");
    expect(strictErr('hex.decode("0\\n")')).toMatch(/invalid byte: U\+000A$/);
  });
});

describe('urlquery', () => {
  it('escapes like url.QueryEscape', () => {
    expect(rego('urlquery.encode("a=b+1")')).toBe('a%3Db%2B1');
    expect(rego('urlquery.encode("a b&c/é~-_.")')).toBe('a+b%26c%2F%C3%A9~-_.');
    expect(rego('urlquery.encode("")')).toBe('');
  });

  it('unescapes like url.QueryUnescape', () => {
    expect(rego('urlquery.decode("a+b%26c%2F%C3%A9")')).toBe('a b&c/é');
    expect(rego('urlquery.decode("%41%7a")')).toBe('Az');
    expect(rego('urlquery.decode("%zz")')).toBeUndefined();
    expect(strictErr('urlquery.decode("%zz")')).toContain('eval_builtin_error: urlquery.decode: invalid URL escape "%zz"');
    expect(strictErr('urlquery.decode("ab%4")')).toContain('invalid URL escape "%4"');
    expect(strictErr('urlquery.decode("100%")')).toContain('invalid URL escape "%"');
  });

  it('encode_object sorts keys and expands arrays and sets', () => {
    expect(rego('urlquery.encode_object({"a": "b", "c": "d"})')).toBe('a=b&c=d');
    expect(rego('urlquery.encode_object({"c": ["x", "y"], "a b": "1&2", "e": {"z", "w"}, "f": []})')).toBe('a+b=1%262&c=x&c=y&e=w&e=z');
    expect(rego('urlquery.encode_object({})')).toBe('');
    expect(rego('urlquery.encode_object(input)', { input: { a: 1 } })).toBeUndefined();
    expect(strictErr('urlquery.encode_object(input)', { a: ['x', 1] })).toContain(
      'eval_type_error: urlquery.encode_object: operand 1 values must be string, array[string], or set[string]',
    );
  });

  it('decode_object collects repeated keys like url.ParseQuery', () => {
    expect(rego('urlquery.decode_object("a=value_a1&b=value_b&a=value_a2")')).toEqual({ a: ['value_a1', 'value_a2'], b: ['value_b'] });
    expect(rego('urlquery.decode_object("a=1&b")')).toEqual({ a: ['1'], b: [''] });
    expect(rego('urlquery.decode_object("")')).toEqual({});
    expect(rego('urlquery.decode_object("&&x+y=%C3%A9=2&")')).toEqual({ 'x y': ['é=2'] });
    expect(rego('urlquery.decode_object("=v")')).toEqual({ '': ['v'] });
  });

  it('decode_object errors on semicolons and bad escapes', () => {
    expect(rego('urlquery.decode_object("a=1;b=2")')).toBeUndefined();
    expect(strictErr('urlquery.decode_object("a=1;b=2")')).toContain('eval_builtin_error: urlquery.decode_object: invalid semicolon separator in query');
    expect(strictErr('urlquery.decode_object("a=%zz&b=%yy")')).toContain('invalid URL escape "%zz"');
    expect(strictErr('urlquery.decode_object("a=%zz&b;c")')).toContain('invalid semicolon separator in query');
  });
});

describe('json.marshal', () => {
  it('emits compact Go-style JSON with sorted keys and sets as arrays', () => {
    expect(rego('json.marshal([{"foo": {1, 2, 3}}])')).toBe('[{"foo":[1,2,3]}]');
    expect(rego('json.marshal({"b": 1, "a": [true, null, 2.5, "x"], "c": {}, "d": [], "e": set()})')).toBe(
      '{"a":[true,null,2.5,"x"],"b":1,"c":{},"d":[],"e":[]}',
    );
    expect(rego('json.marshal("héllo😀")')).toBe('"héllo😀"');
    expect(rego('json.marshal(12345678901234567890123)')).toBe('12345678901234567890123');
    expect(rego('json.marshal(-0.5)')).toBe('-0.5');
  });

  it('escapes strings like Go (HTML-safe, \\u2028, control characters)', () => {
    expect(rego('json.marshal("<a href=\\"x\\">&</a>")')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
    expect(rego('json.marshal("\\u2028\\u2029")')).toBe('"\\u2028\\u2029"');
    expect(rego('json.marshal("\\n\\t\\r\\b\\f\\u0001\\u001f\\\\\\u007f")')).toBe('"\\n\\t\\r\\b\\f\\u0001\\u001f\\\\\u007f"');
    expect(rego('json.marshal(base64.decode("Iv8i"))')).toBe('"\\"\\ufffd\\""'); // invalid UTF-8
  });

  it('turns non-string keys into their JSON text, sorted bytewise', () => {
    expect(rego('json.marshal({1: "a", [1, "<"]: "b", "0": "c", {"k": 1}: "d"})')).toBe(
      '{"0":"c","1":"a","[1,\\"\\\\u003c\\"]":"b","{\\"k\\":1}":"d"}',
    );
  });

  it('marshal_with_options pretty-prints like json.MarshalIndent', () => {
    expect(rego('json.marshal_with_options({"a": [1, 2], "b": {}, "c": []}, {"indent": "  "})')).toBe(
      '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {},\n  "c": []\n}',
    );
    expect(rego('json.marshal_with_options({"a": [1]}, {"pretty": true})')).toBe('{\n\t"a": [\n\t\t1\n\t]\n}');
    expect(rego('json.marshal_with_options([1], {"prefix": "--", "indent": " "})')).toBe('--[\n-- 1\n--]');
    expect(rego('json.marshal_with_options({"a": 1}, {"prefix": "--", "pretty": false})')).toBe('{"a":1}');
    expect(rego('json.marshal_with_options({"a": "<"}, {})')).toBe('{"a":"\\u003c"}');
    expect(rego('json.marshal_with_options([], {"pretty": true})')).toBe('[]');
  });

  it('marshal_with_options rejects bad options', () => {
    expect(rego('json.marshal_with_options(1, input)', { input: { foo: 1 } })).toBeUndefined();
    expect(strictErr('json.marshal_with_options(1, input)', { foo: 1 })).toContain(
      'eval_type_error: json.marshal_with_options: operand 2 object contained unknown key foo',
    );
    expect(strictErr('json.marshal_with_options(1, input)', { pretty: 'yes' })).toContain('operand 2 key pretty failed cast to bool');
    expect(strictErr('json.marshal_with_options(1, input)', { indent: 1 })).toContain(
      'operand 2 key indent failed cast to string: operand 0 must be string but got number',
    );
  });
});

describe('json.unmarshal / json.is_valid', () => {
  it('parses JSON documents', () => {
    expect(rego('json.unmarshal(`{"a": [1, 2.5, "x", null, true], "b": {}}`)')).toEqual({ a: [1, 2.5, 'x', null, true], b: {} });
    expect(rego('json.unmarshal(" 3 ")')).toBe(3);
    expect(rego('json.unmarshal(`"\\u00e9\\ud83d\\ude00\\ud800"`)')).toBe('é😀\ufffd');
    expect(rego('json.unmarshal(`{"a": 1, "a": 2}`)')).toEqual({ a: 2 });
    expect(rego('json.marshal(json.unmarshal("123456789012345678901234567890"))')).toBe('123456789012345678901234567890');
    expect(rego('json.unmarshal(base64.decode("Iv8i"))')).toBe('\ufffd'); // invalid UTF-8 → U+FFFD
  });

  it('accepts what util.UnmarshalJSON accepts after the first value', () => {
    expect(rego('json.unmarshal("{} null")')).toEqual({});
    expect(rego('json.unmarshal("[1]  ")')).toEqual([1]);
  });

  it('reports Go decoder errors', () => {
    expect(rego('json.unmarshal("{")')).toBeUndefined();
    const cases: Array<[string, string]> = [
      ['{', 'unexpected EOF'],
      ['', 'EOF'],
      ['tru', 'unexpected EOF'],
      ['[1,]', "invalid character ']' looking for beginning of value"],
      ['{\\"a\\" 1}', "invalid character '1' after object key"],
      ['{\\"a\\": 1 2}', "invalid character '2' after object key:value pair"],
      ['[1 2]', "invalid character '2' after array element"],
      ['{1: 2}', "invalid character '1' looking for beginning of object key string"],
      ['trux', "invalid character 'x' in literal true (expecting 'e')"],
      ['nil', "invalid character 'i' in literal null (expecting 'u')"],
      ['1.x', "invalid character 'x' after decimal point in numeric literal"],
      ['1ex', "invalid character 'x' in exponent of numeric literal"],
      ['-a', "invalid character 'a' in numeric literal"],
      ['\\"\\\\x\\"', "invalid character 'x' in string escape code"],
      ['\\"\\\\u12g4\\"', "invalid character 'g' in \\\\u hexadecimal character escape"],
      ['\\"a\\tb\\"', "invalid character '\\\\t' in string literal"],
      ["'a'", "invalid character '\\\\'' looking for beginning of value"],
      ['{} {}', "error: invalid character '{' after top-level value"],
      ['01', "error: invalid character '1' after top-level value"],
      ['1 true', "error: invalid character '%!s(bool=true)' after top-level value"],
      ['{} \\"abc\\"', "error: invalid character 'abc' after top-level value"],
      ['{} ]', "invalid character ']' looking for beginning of value"],
    ];
    for (const [doc, msg] of cases) {
      expect(strictErr(`json.unmarshal("${doc}")`)).toContain(`eval_builtin_error: json.unmarshal: ${msg.replace(/\\\\/g, '\\')}`);
    }
  });

  it('is_valid follows json.Valid and is false for non-strings', () => {
    expect(rego('json.is_valid(`{"json": "ok"}`)')).toBe(true);
    expect(rego('json.is_valid(" [1, 2.5e-3, -0, null] ")')).toBe(true);
    expect(rego('json.is_valid("{")')).toBe(false);
    expect(rego('json.is_valid("")')).toBe(false);
    expect(rego('json.is_valid("{} null")')).toBe(false);
    expect(rego('json.is_valid("01")')).toBe(false);
    expect(rego('json.is_valid(base64.decode("Iv8i"))')).toBe(true); // Go accepts invalid UTF-8 in strings
    expect(rego('json.is_valid(input.x)', { input: { x: 1 }, strict: true })).toBe(false);
    expect(rego(`json.is_valid("${'['.repeat(10001)}${']'.repeat(10001)}")`)).toBe(false);
    expect(rego(`json.is_valid("${'['.repeat(10000)}${']'.repeat(10000)}")`)).toBe(true);
  });
});

describe('io.jwt.decode', () => {
  it('returns [header, payload, signature hex]', () => {
    const token =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuZXciOiJJIGFtIGEgdXNlciBjcmVhdGVkIGZpZWxkIiwiaXNzIjoib3BhIn0.6UmjsclVDGD9jcmX_F8RJzVgHtUZuLu2pxkF_UEQCrE';
    expect(rego(`io.jwt.decode("${token}")`)).toEqual([
      { alg: 'HS256', typ: 'JWT' },
      { iss: 'opa', new: 'I am a user created field' },
      'e949a3b1c9550c60fd8dc997fc5f112735601ed519b8bbb6a71905fd41100ab1',
    ]);
    expect(rego(`io.jwt.decode("${jwt('{"alg":"none"}', '{"n":1.5,"a":[1]}', '')}")`)).toEqual([{ alg: 'none' }, { n: 1.5, a: [1] }, '']);
  });

  it('decodes nested tokens (cty JWT), stripping quotes', () => {
    const inner = jwt('{"alg":"HS256"}', '{"sub":"0"}', 'AQI');
    const outer = jwt('{"alg":"HS256","cty":"JWT"}', `"${inner}"`, 'junk$');
    expect(rego(`io.jwt.decode("${outer}")`)).toEqual([{ alg: 'HS256' }, { sub: '0' }, '0102']);
  });

  it('reports malformed tokens like OPA', () => {
    expect(rego('io.jwt.decode("abc")')).toBeUndefined();
    const cases: Array<[string, string]> = [
      ['abc', 'encoded JWT had no period separators'],
      ['a.b', 'encoded JWT must have 3 sections, found 2'],
      ['a.b.c.d', 'encoded JWT must have 3 sections, found 4'],
      ['eyJhbGciOiJIU^%zI1NiI+sInR5cCI6IkpXVCJ9.e30.', 'JWT header had invalid encoding: illegal base64 data at input byte 13'],
      ['abcde.e30.', 'JWT header had invalid encoding: illegal base64url string: abcde'],
      [jwt('nope', '{}'), "bad JWT header: invalid JSON: invalid character 'o' in literal null (expecting 'u')"],
      [jwt('[1]', '{}'), 'bad JWT header: decoded JSON type was not an Object'],
      [jwt('{"enc":"x"}', '{}'), 'JWT is a JWE object, which is not supported'],
      [`${b64u('{}')}.a/b.`, 'JWT payload had invalid encoding: illegal base64 data at input byte 1'],
      [jwt('{}', '{'), 'invalid JSON: unexpected EOF'],
      [jwt('{}', '"x"'), 'decoded JSON type was not an Object'],
      [jwt('{}', '{}', 'a+'), 'JWT signature had invalid encoding: illegal base64 data at input byte 1'],
    ];
    for (const [token, msg] of cases) {
      expect(strictErr(`io.jwt.decode("${token}")`)).toContain(`eval_builtin_error: io.jwt.decode: ${msg}`);
    }
    expect(strictErr('io.jwt.decode(input.t)', { t: 1 })).toContain('eval_type_error: io.jwt.decode: operand 1 must be string but got number');
  });
});
