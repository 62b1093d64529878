// Where base data and rules share a path, a `data.…` reference sees one
// document: each key once, objects from both sides merged, base data winning
// any other conflict (as OPA's planner merges them). References that fall to
// base data read number keys as OPA's store does.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array) => { setData(d: unknown): void; evaluate(i?: unknown, e?: string): Array<{ result: unknown }> };
};

function run(modules: string[], entrypoint: string, data: unknown): unknown {
  const files = modules.map((text, i) => ({ path: `m${i}.rego`, text }));
  const policy = loadPolicySync(compile(files, { entrypoints: [entrypoint] }).wasm);
  policy.setData(data);
  const rs = policy.evaluate({}, entrypoint);
  return rs.length ? rs[0].result : undefined;
}

const data = { a: { b: { metadata: 'base-b' }, c: { metadata: 'base-c' } } };

describe('enumerating base data and virtual documents together', () => {
  it('yields a key present in both once, and keys only in base data too', () => {
    const keys = run(['package t\n\np := sort([k | data.a[k].metadata])\n', 'package a.b\n\nq := 1\n'], 't/p', data);
    expect(keys).toEqual(['b', 'c']);
  });

  it('yields keys only in the virtual document', () => {
    const mods = ['package t\n\np := sort([k | data.a[k].metadata])\n', 'package a.b\n\nother := 1\n', 'package a.d\n\nmetadata := "virtual"\n'];
    expect(run(mods, 't/p', data)).toEqual(['b', 'c', 'd']);
  });

  it('merges the objects under a shared key', () => {
    const doc = run(['package t\n\np := data.a\n', 'package a.b\n\nq := 1\n'], 't/p', data);
    expect(doc).toEqual({ b: { metadata: 'base-b', q: 1 }, c: { metadata: 'base-c' } });
  });

  it('merges an object-valued rule with the base object at its path', () => {
    const doc = run(['package t\n\np := data.a\n', 'package a\n\nb := {"extra": true}\n'], 't/p', data);
    expect(doc).toEqual({ b: { metadata: 'base-b', extra: true }, c: { metadata: 'base-c' } });
  });

  it('keeps the base value when a rule of the same name conflicts with it', () => {
    const mods = ['package t\n\np := data.c\n', 'package c\n\nk := "virtual"\n\nother := 2\n'];
    expect(run(mods, 't/p', { c: { k: 'base' } })).toEqual({ k: 'base', other: 2 });
  });

  it('keeps the base value when an undefined rule shares its key', () => {
    const mods = ['package t\n\np := data.c\n', 'package c\n\nk if false\n'];
    expect(run(mods, 't/p', { c: { k: 'base' } })).toEqual({ k: 'base' });
  });
});

describe('number keys in references to base data', () => {
  const nested = { nested: { '2': 'bar' }, list: ['x', 'y', 'z'] };

  it('read an object key by its text', () => {
    expect(run(['package t\n\np := data.nested[2]\n'], 't/p', nested)).toBe('bar');
  });

  it('still index arrays by number', () => {
    expect(run(['package t\n\np := data.list[2]\n'], 't/p', nested)).toBe('z');
  });

  it('do not apply once the value is held in a variable', () => {
    expect(run(['package t\n\np := obj[2] if { obj := data.nested }\n'], 't/p', nested)).toBeUndefined();
  });
});
