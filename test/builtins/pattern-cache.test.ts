// Compiled regex and glob programs are kept in memory that heap resets never
// reclaim (one compile per pattern per instance), with the per-evaluation
// heap cache behind it once that area or its table is full. Either way,
// every evaluation of one instance must see correct programs.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array) => { setData(d: unknown): void; evaluate(i?: unknown, e?: string): Array<{ result: unknown }> };
};

function instance(rule: string) {
  const { wasm } = compile([{ path: 'p.rego', text: `package p\n\n${rule}\n` }], { entrypoints: ['p/r'] });
  const policy = loadPolicySync(wasm);
  policy.setData({});
  return (input: unknown) => policy.evaluate(input, 'p/r')[0]?.result;
}

describe('pattern programs across evaluations', () => {
  it('regex.match stays right over many patterns and many evaluations of one instance', () => {
    const run = instance('r := [regex.match(c[0], c[1]) | some c in input]');
    // 150 distinct patterns: more than the persistent table holds, so both caches are used.
    const patterns = Array.from({ length: 150 }, (_, i) => `^(ab|c${i})+[0-9]{${1 + (i % 3)}}x$`);
    for (let round = 0; round < 4; round++) {
      const cases = patterns.map((p, i) => {
        const subject = (i + round) % 2 === 0 ? `abc${i}${'7'.repeat(1 + (i % 3))}x` : `abc${i}x`;
        return [p, subject];
      });
      const expected = cases.map(([p, s]) => new RegExp(p).test(s));
      expect(run(cases), `round ${round}`).toEqual(expected);
    }
  });

  it('a pattern compiled in one evaluation matches the same way in later ones', () => {
    const run = instance('r := [regex.match("^[a-z]+-[0-9]+$", s) | some s in input]');
    for (let round = 0; round < 5; round++) {
      expect(run(['abc-12', 'ABC-12', 'x-1', `y-${round}z`])).toEqual([true, false, true, false]);
    }
  });

  it('globs on the compiled path (nested alternatives) stay right across evaluations', () => {
    const run = instance('r := [glob.match(c[0], ["/"], c[1]) | some c in input]');
    const patterns = Array.from({ length: 80 }, (_, i) => `/v${i}/{a,{b,c}}/*`);
    for (let round = 0; round < 3; round++) {
      const cases = patterns.map((p, i) => [p, `/v${i}/${['a', 'c', 'd'][(i + round) % 3]}/x`]);
      expect(run(cases), `round ${round}`).toEqual(patterns.map((_, i) => (i + round) % 3 !== 2));
    }
  });
});
