// The policy engine under the enforcer: memory stays flat across decisions
// (the heap restarts after the input on every call), a heap spike is given
// back by rebuilding the instance, and schemas are compiled strictly.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { PolicyEngine, classifyResultSet, compileModule } from '../../src/runtime/fast-eval.js';
import { compileInputSchema } from '../../src/runtime/schema.js';

function engine(rego: string, entrypoints: string[], opts = {}): PolicyEngine {
  const { wasm } = compile([{ path: 'p.rego', text: rego }], { entrypoints });
  return new PolicyEngine(compileModule(wasm), { limits: { n: 3 } }, opts);
}

describe('PolicyEngine', () => {
  it('keeps WASM memory flat over many decisions', () => {
    const e = engine('package p\nimport rego.v1\nallow if { some i in numbers.range(1, data.limits.n); input.xs[i] == "y" }\n', ['p/allow']);
    const before = e.memoryBytes();
    for (let i = 0; i < 20_000; i++) {
      const v = e.verdictJson(0, JSON.stringify({ xs: ['a', 'b', i % 2 ? 'y' : 'n', 'd'], pad: 'z'.repeat(i % 500) }));
      expect(v.kind).toBe(i % 2 ? 'true' : 'undefined');
    }
    expect(e.memoryBytes()).toBe(before);
    expect(e.instances).toBe(1);
  });

  it('rebuilds the instance after a heap spike so memory is given back', () => {
    const e = engine('package p\nimport rego.v1\nallow if count([x | some x in numbers.range(1, input.n)]) > 0\n', ['p/allow'], { rebuildAboveBytes: 8 * 1024 * 1024 });
    const before = e.memoryBytes();
    expect(e.verdictJson(0, '{"n": 400000}').kind).toBe('true');
    expect(e.memoryBytes()).toBeGreaterThan(8 * 1024 * 1024);
    e.afterDecision();
    expect(e.memoryBytes()).toBe(before);
    expect(e.instances).toBe(2);
    expect(e.verdictJson(0, '{"n": 5}').kind).toBe('true');
  });

  it('classifies result sets: only a single exact true is true', () => {
    expect(classifyResultSet([{ result: true }])).toEqual({ kind: 'true' });
    expect(classifyResultSet([{ result: false }])).toEqual({ kind: 'false' });
    expect(classifyResultSet([])).toEqual({ kind: 'undefined' });
    expect(classifyResultSet([{ result: 'true' }])).toEqual({ kind: 'other', detail: 'not a boolean (got string)' });
    expect(classifyResultSet([{ result: true }, { result: true }])).toEqual({ kind: 'other', detail: '2 results' });
    expect(classifyResultSet([{ x: true }]).kind).toBe('other');
    expect(classifyResultSet({ result: true }).kind).toBe('other');
  });

  it('classifies decision objects: allow exactly boolean, reasons only strings', () => {
    expect(classifyResultSet([{ result: { allow: true, reasons: [] } }])).toEqual({ kind: 'decision', allow: true, reasons: [] });
    expect(classifyResultSet([{ result: { allow: false, reasons: ['a'] } }])).toEqual({ kind: 'decision', allow: false, reasons: ['a'] });
    expect(classifyResultSet([{ result: { allow: 'true', reasons: [] } }])).toEqual({ kind: 'other', detail: 'decision "allow" is not a boolean (got string)' });
    expect(classifyResultSet([{ result: { allow: true, reasons: {} } }])).toEqual({ kind: 'other', detail: 'decision "reasons" is not a set or array (got object)' });
    expect(classifyResultSet([{ result: { allow: true } }]).kind).toBe('other');
    expect(classifyResultSet([{ result: {} }]).kind).toBe('other');
  });
});

describe('input schemas', () => {
  it('refuse unknown keywords and formats instead of validating less', () => {
    expect(() => compileInputSchema({ type: 'object', requird: ['user'] })).toThrow(/unknown keyword: "requird"/);
    expect(() => compileInputSchema({ type: 'string', format: 'date-tme' })).toThrow(/unknown format "date-tme"/);
    const time = compileInputSchema({ type: 'string', format: 'date-time' });
    expect(time('2026-01-02T03:04:05Z')).toBeUndefined();
    expect(time('yesterday')).toBe('/: must match format "date-time"');
    expect(() => compileInputSchema('not a schema')).toThrow(/must be an object/);
  });

  it('report the first problem with its path', () => {
    const v = compileInputSchema({ type: 'object', properties: { agent: { type: 'object', required: ['role'] } } });
    expect(v({ agent: {} })).toBe("/agent: must have required property 'role'");
    expect(v({ agent: { role: 'x' } })).toBeUndefined();
  });
});
