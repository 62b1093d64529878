import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, fileDigest, goJsonString, isStructuredDoc, parseStructured } from '../../src/bundle/canonical.js';
import { parseLiteralJson } from '../../src/bundle/json-literal.js';

const enc = (s: string) => new TextEncoder().encode(s);
const stream = (json: string | Uint8Array) => new TextDecoder().decode(canonicalBytes(parseLiteralJson(json)));
const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

describe('canonical hashing stream (OPA hash.go walk + Go encoding/json, SetEscapeHTML(false))', () => {
  it('sorts object keys at every depth and drops whitespace', () => {
    expect(stream('{ "b": 1, "a": { "d": [1, 2, "x"], "c": null }, "A": true }')).toBe('{"A":true,"a":{"c":null,"d":[1,2,"x"]},"b":1}');
  });

  it('orders keys bytewise over UTF-8 like Go sort.Strings, not by UTF-16 code unit', () => {
    // UTF-16 puts U+1F600 (surrogates D83D..) before U+E000; UTF-8 puts it after U+FFFF.
    const keys = ['😀', '\uffff', '\ue000', 'é', 'z', 'a', 'Z'];
    const doc = `{${keys.map((k, i) => `${JSON.stringify(k)}:${i}`).join(',')}}`;
    expect(stream(doc)).toBe('{"Z":6,"a":5,"z":4,"é":3,"\ue000":2,"\uffff":1,"😀":0}');
  });

  it('keeps number literals exactly as written (Go UseNumber)', () => {
    expect(stream('[1.0, 1e3, 1E+3, -0, 0.10, -1.5e-7, 12345678901234567890123456789]')).toBe('[1.0,1e3,1E+3,-0,0.10,-1.5e-7,12345678901234567890123456789]');
  });

  it('escapes like Go: quote, backslash, short control escapes, \\u00xx, U+2028/2029; leaves <>& / and non-ASCII raw', () => {
    const src = '"q\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u0000\\u001f\\u007f <a>&amp; é 😀 \\u2028\\u2029"';
    expect(stream(src)).toBe('"q\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0000\\u001f\u007f <a>&amp; é 😀 \\u2028\\u2029"');
    expect(goJsonString('\u0001\u000b\u001b')).toBe('"\\u0001\\u000b\\u001b"');
  });

  it('turns invalid UTF-8 and lone surrogate escapes into U+FFFD, as Go decoding does', () => {
    const bytes = new Uint8Array([...enc('{"k":"a'), 0xff, 0xe2, 0x82, ...enc('b\\ud800c\\udc00"}')]);
    // Go's DecodeRune replaces each invalid byte on its own: 0xff, then the truncated 0xe2 0x82 → two more.
    expect(stream(bytes)).toBe('{"k":"a\ufffd\ufffd\ufffdb\ufffdc\ufffd"}');
    expect(stream('"\\ud83d\\ude00"')).toBe('"😀"');
    expect(goJsonString('x\ud800y')).toBe('"x\\ufffdy"');
  });

  it('lets the last of repeated keys win and strips a UTF-8 BOM', () => {
    expect(stream('{"a":1,"a":2}')).toBe('{"a":2}');
    expect(stream(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('{"a":1}')]))).toBe('{"a":1}');
  });

  it('rejects JSON that Go rejects', () => {
    for (const bad of ['{"a":1,}', '[01]', '"\u0001"', '{a:1}', '[1] x', "'s'", '1.', '-', '"\\x"', '[1,]']) {
      expect(() => parseLiteralJson(bad), bad).toThrow(/invalid JSON/);
    }
  });

  it('hashes data.json and .manifest through the stream, other files as raw bytes', () => {
    const manifest = '{\n  "roots": ["gateway"],\n  "revision": "r1"\n}\n';
    expect(fileDigest('.manifest', enc(manifest))).toBe(sha256('{"revision":"r1","roots":["gateway"]}'));
    expect(fileDigest('x/data.json', enc('{"n": 1.50}'))).toBe(sha256('{"n":1.50}'));
    expect(fileDigest('authz.rego', enc('package x\n'))).toBe(sha256('package x\n'));
    expect(fileDigest('identity.schema.json', enc('{ "b": 1, "a": 2 }'))).toBe(sha256('{ "b": 1, "a": 2 }'));
    expect(isStructuredDoc('a/b/data.yaml')).toBe(true);
    expect(isStructuredDoc('a/b/data.yml')).toBe(false); // OPA's IsStructuredDoc lists data.yaml only
  });

  it('hashes YAML data as the equivalent JSON document', () => {
    expect(fileDigest('data.yaml', enc('b: [1, two]\na:\n  c: true\n'))).toBe(sha256('{"a":{"c":true},"b":[1,"two"]}'));
    expect(new TextDecoder().decode(canonicalBytes(parseStructured('data.yaml', enc('big: 123456789012345678901\n'))))).toBe('{"big":123456789012345678901}');
  });

  // Expected digests from OPA's own test suite (opa v1/bundle/bundle_test.go TestVerifyBundleFileHash
  // and the digest_mismatch case of TestReadWithSignatures): computed by OPA's Go implementation.
  it.each([
    ['.manifest', '{"revision": "quickbrownfaux"}', 'MD5', 'a005c38a509dc2d5a7407b9494efb2ad'],
    ['.manifest', '{"revision": "quickbrownfaux"}', 'SHA-256', '507a2c38a1441db58d2cb87982c42aa91a4342ef422a6b542eddebeef6f0412f'],
    ['a/b/c/data.json', '[1,2,3]', 'SHA-512', '60f7b5dc86ded48785436192a08dbfd04894d7f1b417c4f8d3714679a7f78cb3c833f16a8559a1cf1f32968747dc1d95ef34826263dacf125ded8f5c374be4c0'],
    ['a/b/c/data.json', '[1,2,3]', 'SHA-256', 'a615eeaee21de5179de080de8c3052c8da901138406ba71c38c032845f7d54f4'],
    ['a/b/d/data.json', 'true', 'MD5', 'b326b5062b2f0e69046810717534cb09'],
    ['a/b/y/data.yaml', 'foo: 1', 'SHA-512', '20f27a640a233e6524fe7d138898583cd43475724806feb26be7f214e1d10b29edf6a0d3cb08f82107a45686b61b8fdabab6406cf4e70efe134f42238dbd70ab'],
    ['example/example.rego', 'package example', 'MD5', 'ceecc199d432a4eeae305914ea4816cb'],
    ['policy.wasm', 'modules-compiled-as-wasm-binary', 'SHA-512', '4f73765168fd8b5c294b739436da312cc5e979faf09f67bf576d36ea79a4f79c70cbb3c33d06ff65f531a9f42abd0a8f4daacc554cb521837e876dc28f56ce89'],
    ['data.json', '{"x": {"y": true}, "a": {"b": {"z": true}}}', 'MD5', '36669864a622563256817033b1fc53db'],
  ])('matches OPA for %s with %s', (name, content, alg, want) => {
    expect(fileDigest(name, enc(content), alg)).toBe(want);
  });

  it('rejects unknown hashing algorithms', () => {
    expect(() => fileDigest('x', enc('x'), 'SHA-3')).toThrow(/unsupported hashing algorithm/);
  });
});
