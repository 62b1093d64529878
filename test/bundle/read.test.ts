import { describe, expect, it } from 'vitest';
import { BundleError, readBundle } from '../../src/bundle/read.js';
import { rawTarGz, type RawEntry } from './helpers.js';

const read = (entries: RawEntry[]) => readBundle(rawTarGz(entries));
const errorOf = (entries: RawEntry[]): string => {
  try {
    read(entries);
    return 'no error';
  } catch (e) {
    if (e instanceof BundleError) return `${e.code}: ${e.message}`;
    throw e;
  }
};

describe('readBundle', () => {
  it('reads an OPA-built layout: leading "/" names, manifest, wasm, merged data, signatures, digest', () => {
    const b = read([
      { name: '/.manifest', data: '{"revision":"abc","roots":["http/example"],"wasm":[{"entrypoint":"http/example/authz/allow","module":"/policy.wasm"}]}' },
      { name: '/policy.wasm', data: new Uint8Array([0, 0x61, 0x73, 0x6d]) },
      { name: '/data.json', data: '{"http":{"example":{"x":1}}}' },
      { name: '/http/example/y/data.yaml', data: 'on: yes\nlist: [a, b]\n' },
      { name: '/.signatures.json', data: '{"signatures":["a.b.c"]}' },
    ]);
    expect(b.manifest).toEqual({ revision: 'abc', roots: ['http/example'], wasm: [{ entrypoint: 'http/example/authz/allow', module: '/policy.wasm' }] });
    expect(b.wasm).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
    // YAML 1.1 as OPA reads it: `on`/`yes` are booleans.
    expect(b.data).toEqual({ http: { example: { x: 1, y: { true: true, list: ['a', 'b'] } } } });
    expect(b.signatures).toEqual(['a.b.c']);
    expect(b.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives {} data and no signatures for a bare bundle', () => {
    const b = read([{ name: 'x.rego', data: 'package x' }]);
    expect(b.data).toEqual({});
    expect(b.signatures).toBeUndefined();
    expect(b.manifest).toEqual({});
    expect(b.wasm).toBeUndefined();
  });

  it('keeps "__proto__" keys as data and never touches a prototype', () => {
    const b = read([
      { name: 'data.json', data: '{"__proto__": {"polluted": true}, "a": {"__proto__": {"x": 1}}}' },
      { name: 'a/data.json', data: '{"__proto__": {"y": 2}}' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const data = b.data as Record<string, Record<string, unknown>>;
    expect(Object.keys(data).sort()).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toEqual({ polluted: true });
    expect(JSON.parse(JSON.stringify(Object.getOwnPropertyDescriptor(data.a, '__proto__')?.value))).toEqual({ x: 1, y: 2 });
  });

  it.each([
    ['manifest not JSON', [{ name: '.manifest', data: '{revision' }], /bad_json: bundle: \.manifest is not valid JSON/],
    ['manifest not object', [{ name: '.manifest', data: '[]' }], /bad_manifest: .*must be a JSON object/],
    ['revision not string', [{ name: '.manifest', data: '{"revision": 1}' }], /revision must be a string/],
    ['roots not strings', [{ name: '.manifest', data: '{"roots": [1]}' }], /roots must be an array of strings/],
    ['bad wasm entry', [{ name: '.manifest', data: '{"wasm": [{"entrypoint": 1}]}' }], /wasm\[0\] must be/],
    ['bad rego_version', [{ name: '.manifest', data: '{"rego_version": 2}' }], /rego_version must be 0 or 1/],
    ['missing module', [{ name: '.manifest', data: '{"wasm": [{"entrypoint": "a/b", "module": "/policy.wasm"}]}' }], /missing_module: .*does not exist/],
    ['overlapping roots', [{ name: '.manifest', data: '{"roots": ["a/b", "a"]}' }], /overlapped roots: 'a\/b' and 'a'/],
    ['data outside roots', [{ name: '.manifest', data: '{"roots": ["a"]}' }, { name: 'b/data.json', data: '{"x": 1}' }], /do not permit data at path '\/b'/],
    ['entrypoint outside roots', [{ name: '.manifest', data: '{"roots": ["a"], "wasm": [{"entrypoint": "b/allow", "module": "/policy.wasm"}]}' }, { name: 'policy.wasm', data: 'x' }], /do not permit 'b\/allow' entrypoint/],
    ['conflicting data', [{ name: 'data.json', data: '{"a": {"x": 1}}' }, { name: 'a/data.json', data: '{"x": 2}' }], /key x is defined by two data files/],
    ['root data not object', [{ name: 'data.json', data: '[1]' }], /must hold an object/],
    ['bad yaml', [{ name: 'data.yaml', data: 'a: [1,\n' }], /bad_yaml: bundle: data\.yaml is not valid YAML/],
    ['invalid UTF-8 JSON', [{ name: 'data.json', data: new Uint8Array([0x7b, 0xff, 0x7d]) }], /bad_encoding/],
    ['signatures not object', [{ name: '.signatures.json', data: '"x"' }], /bad_signatures/],
  ] as [string, RawEntry[], RegExp][])('rejects %s', (_label, entries, message) => {
    expect(errorOf(entries)).toMatch(message);
  });

  it('accepts data under a deeper root and roots that only share a prefix', () => {
    expect(() => read([{ name: '.manifest', data: '{"roots": ["a/b", "another"]}' }, { name: 'a/b/c/data.json', data: '{"x": 1}' }])).not.toThrow();
    expect(() => read([{ name: '.manifest', data: '{"roots": ["a", "ab"]}' }])).not.toThrow();
  });
});
