// Random and mutated Rego must only ever produce located parse errors: no
// exception, no hang. The checker must not throw on what parses.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/compiler/frontend.js';
import { parseModule, parseQuery } from '../../src/compiler/parser.js';
import { RegoError } from '../../src/compiler/errors.js';

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const FRAGMENTS = [
  'package', 'import', 'data.x', 'input', 'p', 'q', 'f', 'x', 'y', '_', ':=', '=', '==', '!=', '<', '>=', '+', '-', '*', '/', '%',
  '&', '|', 'if', 'contains', 'else', 'default', 'not', 'some', 'every', 'in', 'with', 'as', 'true', 'false', 'null', 'set()',
  '{', '}', '[', ']', '(', ')', ',', ';', '.', ':', '"s"', '`raw`', '1', '-2.5e3', '\n', ' ', '\t', '# c\n', '# METADATA\n# title: t\n',
  '"unterminated', '\\', '@', '"\\q"', '1.', '0x1',
];

const seedCorpus: string[] = [
  'package a\n\nimport rego.v1\n\ndefault allow := false\n\nallow if {\n\tsome r in input.roles\n\tr == "admin"\n}\n',
  'package b\n\np contains x if { x := [y | some y in input.xs; y > 1][_] }\nf(a, b) := a + b\nq[k] := v if { some k, v in input.m }\n',
  'package c\n\nv := 1 if input.a else := 2\nevery_ok if { every k, v in input.m { k != v } }\n',
];

function mutate(src: string, r: () => number): string {
  const ops = 1 + Math.floor(r() * 4);
  let s = src;
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(r() * (s.length + 1));
    const k = r();
    if (k < 0.4) s = s.slice(0, at) + FRAGMENTS[Math.floor(r() * FRAGMENTS.length)] + s.slice(at);
    else if (k < 0.8) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 5));
    else s = s.slice(0, at) + s.slice(at, at + 8) + s.slice(at);
  }
  return s;
}

function assertOnlyLocatedErrors(src: string): void {
  let result;
  try {
    result = parseModule(src, 'fuzz.rego');
    parseQuery(src, 'fuzz-query');
  } catch (e) {
    throw new Error(`parser threw on input ${JSON.stringify(src)}: ${e instanceof Error ? e.stack : String(e)}`);
  }
  for (const e of result.errors) {
    expect(e).toBeInstanceOf(RegoError);
    expect(e.code).toBe('rego_parse_error');
    expect(e.loc?.row).toBeGreaterThan(0);
    expect(e.loc?.col).toBeGreaterThan(0);
  }
  if (result.errors.length === 0) {
    try {
      parseAndCheck([{ path: 'fuzz.rego', text: src }]);
    } catch (e) {
      throw new Error(`checker threw on input ${JSON.stringify(src)}: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }
}

const conformanceRoot = fileURLToPath(new URL('../../../shared/conformance/opa/v1', import.meta.url));

function conformanceModules(limit: number): string[] {
  const root = conformanceRoot;
  const out: string[] = [];
  try {
    for (const dir of readdirSync(root).sort()) {
      for (const f of readdirSync(join(root, dir)).sort()) {
        const text = readFileSync(join(root, dir, f), 'utf8');
        const m = text.match(/package [\s\S]*?(?=\n {0,6}[a-z_]+:)/);
        if (m) out.push(m[0].replace(/^ {8}/gm, ''));
        if (out.length >= limit) return out;
      }
    }
  } catch {
    // The shared suite is optional for this test; the seed corpus still runs.
  }
  return out;
}

describe('parser fuzzing', () => {
  it('random token soup yields only located parse errors', () => {
    const r = rng(42);
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(r() * 40);
      let s = '';
      for (let j = 0; j < n; j++) s += FRAGMENTS[Math.floor(r() * FRAGMENTS.length)] + (r() < 0.5 ? ' ' : '');
      assertOnlyLocatedErrors(s);
    }
  });

  it('mutated real policies yield only located parse errors and never hang', () => {
    const r = rng(7);
    const shared = conformanceModules(150);
    const corpus = [...seedCorpus, ...shared];
    if (existsSync(conformanceRoot)) expect(shared.length).toBeGreaterThan(100);
    const started = Date.now();
    for (let i = 0; i < 3000; i++) assertOnlyLocatedErrors(mutate(corpus[i % corpus.length], r));
    // Generous bound: a hang (infinite loop) would blow far past it.
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('pathological nesting and long inputs terminate', () => {
    assertOnlyLocatedErrors('package x\np := ' + '['.repeat(2000));
    assertOnlyLocatedErrors('package x\np := ' + '('.repeat(500) + '1' + ')'.repeat(500));
    assertOnlyLocatedErrors('package x\n' + 'p if { x := 1 }\n'.repeat(2000));
    assertOnlyLocatedErrors('"'.repeat(5000));
  });
});
