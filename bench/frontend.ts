// Front-end benchmark: parse + check time for a generated 5,000-line policy
// (target: under 300 ms). Reports the median of several warm runs next to
// the time to only tokenize the same text, as a same-run baseline.

import { parseAndCheck } from '../src/compiler/frontend.js';
import { lex } from '../src/compiler/lexer.js';
import { parseModule } from '../src/compiler/parser.js';
import { generatePolicy } from './generate.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs: number): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export function benchFrontend(): Record<string, number> {
  const src = generatePolicy(5000);
  const lines = src.split('\n').length;
  const file = { path: 'bench.rego', text: src };
  const check = parseAndCheck([file]);
  if (check.errors.length) throw new Error(`generated policy does not check: ${check.errors[0].message}`);
  for (let i = 0; i < 3; i++) parseAndCheck([file]); // warm up the JIT
  const runs = 9;
  const baseline = time(() => lex(src, 'bench.rego'), runs);
  const parseMs = time(() => parseModule(src, 'bench.rego'), runs);
  const totalMs = time(() => parseAndCheck([file]), runs);
  console.log(`front end: ${lines} lines, ${check.modules[0].rules.length} rules`);
  console.log(`  parse            ${parseMs.toFixed(1)} ms  (${((lines / parseMs) * 1000).toFixed(0)} lines/s)`);
  console.log(`  parse + check    ${totalMs.toFixed(1)} ms  (target < 300 ms: ${totalMs < 300 ? 'met' : 'NOT met'})`);
  console.log(`  baseline: tokenize only ${baseline.toFixed(1)} ms; parse = ${(parseMs / baseline).toFixed(1)}x, parse + check = ${(totalMs / baseline).toFixed(1)}x`);
  return { lines, parseMs, totalMs, baselineMs: baseline };
}
