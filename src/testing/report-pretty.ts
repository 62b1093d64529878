// The human report: failing tests with file:line, a diff of expected and
// actual decisions for fixtures, print() output of failing tests, and a
// closing `N passed, N failed` line. Verbose lists every test and its time.

import type { CoverageReport } from './coverage.js';
import { ranges } from './coverage.js';
import { summarize, type TestResult } from './results.js';

export interface PrettyOptions {
  verbose?: boolean;
}

export function formatPretty(results: TestResult[], opts: PrettyOptions = {}): string {
  const out: string[] = [];
  if (opts.verbose) {
    let file = '';
    for (const r of results) {
      if (r.location.file !== file) {
        if (file) out.push('');
        file = r.location.file;
        out.push(`${file}:`);
      }
      out.push(`  ${label(r)}: ${r.status.toUpperCase()} (${duration(r.durationNs)})`);
      if (r.status !== 'pass' && r.status !== 'skip') out.push(...details(r, '    '));
      else if (r.output.length) out.push(...block('print output:', r.output, '    '));
    }
    if (results.length) out.push('');
  } else {
    for (const r of results) {
      if (r.status !== 'fail' && r.status !== 'error') continue;
      out.push(`${r.status === 'fail' ? 'FAIL' : 'ERROR'} ${r.location.file}:${r.location.row}: ${label(r)}`);
      out.push(...details(r, '  '));
    }
    if (out.length) out.push('');
  }
  out.push(closingLine(results));
  return out.join('\n') + '\n';
}

export function closingLine(results: TestResult[]): string {
  const s = summarize(results);
  if (s.total === 0) return 'no tests found';
  const parts = [`${s.passed} passed`, `${s.failed} failed`];
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.errors) parts.push(`${s.errors} error${s.errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function label(r: TestResult): string {
  return r.kind === 'rego' ? `${r.suite}.${r.name}` : `${r.suite}: ${r.name}`;
}

function details(r: TestResult, ind: string): string[] {
  const out: string[] = [];
  if (r.kind === 'fixture' && r.expected) {
    if (r.actual) {
      const want = `${r.expected.expect}${r.expected.reasons ? `, reasons ${'exact' in r.expected.reasons ? JSON.stringify(r.expected.reasons.exact) : `containing ${JSON.stringify(r.expected.reasons.contains)}`}` : ''}`;
      const got = `${r.actual.allow ? 'allow' : 'deny'}${r.actual.reasons ? `, reasons ${JSON.stringify(r.actual.reasons)}` : ''}`;
      out.push(`${ind}- expected: ${want}`, `${ind}+ actual:   ${got}`);
    }
    if (r.status === 'error' && r.message) out.push(`${ind}error: ${r.message}`);
    out.push(`${ind}input: ${JSON.stringify(r.input)}`);
  } else if (r.message) {
    out.push(`${ind}${r.status === 'error' ? 'error' : 'reason'}: ${r.message}`);
  }
  if (r.output.length) out.push(...block('print output:', r.output, ind));
  return out;
}

function block(title: string, lines: string[], ind: string): string[] {
  return [`${ind}${title}`, ...lines.map((l) => `${ind}  ${l}`)];
}

export function duration(ns: number): string {
  if (ns < 1_000) return `${ns} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(1)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(2)} ms`;
  return `${(ns / 1_000_000_000).toFixed(2)} s`;
}

/** Per-file coverage table for the pretty report. */
export function formatCoverageTable(report: CoverageReport): string {
  const out = ['coverage:'];
  const width = Math.max(4, ...report.files.map((f) => f.file.length));
  for (const f of report.files) {
    const missed = ranges(f.notCovered).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
    out.push(`  ${f.file.padEnd(width)}  ${pct(f.coverage)}  ${f.covered.length}/${f.covered.length + f.notCovered.length} lines${missed ? `  not covered: ${missed}` : ''}`);
  }
  out.push(`  ${'total'.padEnd(width)}  ${pct(report.coverage)}  ${report.coveredLines}/${report.coveredLines + report.notCoveredLines} lines`);
  return out.join('\n') + '\n';
}

function pct(n: number): string {
  return `${n.toFixed(1)}%`.padStart(6);
}
