// Compiler benchmark: warm compile time per module (target < 50 ms) and
// module size (target < 100 KB for a small policy), for the example policies
// and a generated 5,000-line policy. Baseline in the same run: parse + check
// alone, so the planner + codegen cost reads as a ratio.

import { compile } from '../src/compiler/compile.js';
import { findRegoFiles, parseAndCheck, readSources } from '../src/compiler/frontend.js';
import { generatePolicy } from './generate.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs: number): number {
  fn(); // warm
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export function benchCompile(): Record<string, number> {
  const results: Record<string, number> = {};
  const cases: [string, { path: string; text: string }[], string[]][] = [
    ['examples (policies/)', readSources(findRegoFiles(['policies'])), []],
    ['small policy (1 rule)', [{ path: 'small.rego', text: 'package small\nallow if input.user == "alice"\n' }], ['small/allow']],
    ['generated 5,000 lines', [{ path: 'gen.rego', text: generatePolicy(5000) }], ['bench/gateway/allow']],
  ];
  console.log('compile (warm, median):');
  for (const [name, files, eps] of cases) {
    const runs = files[0].text.length > 50_000 ? 5 : 20;
    const front = time(() => parseAndCheck(files), runs);
    const total = time(() => compile(files, { entrypoints: eps }), runs);
    const size = compile(files, { entrypoints: eps }).wasm.length;
    console.log(`  ${name.padEnd(24)} ${total.toFixed(1).padStart(7)} ms  (parse+check ${front.toFixed(1)} ms, plan+codegen ${(total - front).toFixed(1)} ms = ${(total / Math.max(front, 0.01)).toFixed(1)}x front end)  module ${(size / 1024).toFixed(1)} KB`);
    results[`${name} ms`] = total;
    results[`${name} bytes`] = size;
  }
  const small = results['small policy (1 rule) ms'];
  console.log(`  targets: small module compile < 50 ms: ${small < 50 ? 'met' : 'NOT met'}; small module < 100 KB: ${results['small policy (1 rule) bytes'] < 100 * 1024 ? 'met' : 'NOT met'}`);
  return results;
}
