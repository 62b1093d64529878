// Line coverage of Rego sources. The instrumented module marks a line when a
// rule head on it produces a value or an expression on it is evaluated (as
// OPA's coverage does); the lines that could be marked come from the source
// AST, so rules no test reaches count as not covered.

import type { Module, Rule } from '../compiler/ast.js';
import type { CoveragePoint } from '../compiler/ir/ir.js';

export interface FileCoverage {
  file: string;
  covered: number[];
  notCovered: number[];
  /** Percent, 0–100 (100 for a file with nothing to cover). */
  coverage: number;
}

export interface CoverageReport {
  files: FileCoverage[];
  coveredLines: number;
  notCoveredLines: number;
  coverage: number;
}

/** Lines holding a rule head or an expression (nested bodies included), per file. */
export function coverableLines(modules: Module[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const add = (file: string, row: number) => {
    let s = out.get(file);
    if (!s) out.set(file, (s = new Set()));
    s.add(row);
  };
  const visitRule = (r: Rule) => {
    add(r.head.loc.file, r.head.loc.row);
    visitNode(r.head, add);
    for (const lit of r.body) add(lit.loc.file, lit.loc.row);
    visitNode(r.body, add);
    if (r.else) visitRule(r.else);
  };
  for (const m of modules) {
    if (!out.has(m.file)) out.set(m.file, new Set());
    for (const r of m.rules) visitRule(r);
  }
  return out;
}

/** Literals of nested bodies: comprehensions, `every`, `not { … }`. */
function visitNode(node: unknown, add: (file: string, row: number) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => visitNode(n, add));
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'loc') continue;
    if (k === 'body' && Array.isArray(v)) {
      for (const lit of v as { loc?: { file: string; row: number } }[]) if (lit?.loc) add(lit.loc.file, lit.loc.row);
    }
    visitNode(v, add);
  }
}

/**
 * Combine what could be covered with what the module marked. Lines past a
 * file's written length (rules the test runner appended) are left out.
 */
export function coverageReport(coverable: Map<string, Set<number>>, points: CoveragePoint[], flags: boolean[], lineCounts: Map<string, number>): CoverageReport {
  const covered = new Map<string, Set<number>>();
  points.forEach((p, i) => {
    if (!flags[i]) return;
    let s = covered.get(p.file);
    if (!s) covered.set(p.file, (s = new Set()));
    s.add(p.row);
  });
  const files: FileCoverage[] = [];
  let coveredLines = 0;
  let notCoveredLines = 0;
  for (const file of [...coverable.keys()].sort()) {
    const limit = lineCounts.get(file) ?? Infinity;
    const all = new Set([...coverable.get(file)!, ...(covered.get(file) ?? [])]);
    const rows = [...all].filter((r) => r <= limit).sort((a, b) => a - b);
    const yes = rows.filter((r) => covered.get(file)?.has(r));
    const no = rows.filter((r) => !covered.get(file)?.has(r));
    coveredLines += yes.length;
    notCoveredLines += no.length;
    files.push({ file, covered: yes, notCovered: no, coverage: percent(yes.length, no.length) });
  }
  return { files, coveredLines, notCoveredLines, coverage: percent(coveredLines, notCoveredLines) };
}

function percent(yes: number, no: number): number {
  return yes + no === 0 ? 100 : Math.round((yes / (yes + no)) * 10000) / 100;
}

/** Consecutive rows as ranges: [1,2,3,7] → [[1,3],[7,7]]. */
export function ranges(rows: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && r === last[1] + 1) last[1] = r;
    else out.push([r, r]);
  }
  return out;
}

// ------------------------------------------------------------------ formats

/** OPA's `opa test --coverage` JSON shape. */
export function coverageJson(report: CoverageReport): string {
  const range = (rs: number[]) => ranges(rs).map(([a, b]) => ({ start: { row: a }, end: { row: b } }));
  const files = Object.fromEntries(report.files.map((f) => [f.file, {
    covered: range(f.covered),
    not_covered: range(f.notCovered),
    covered_lines: f.covered.length,
    not_covered_lines: f.notCovered.length,
    coverage: f.coverage,
  }]));
  return JSON.stringify({ files, covered_lines: report.coveredLines, not_covered_lines: report.notCoveredLines, coverage: report.coverage }, null, 2) + '\n';
}

export function coverageLcov(report: CoverageReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    out.push('TN:', `SF:${f.file}`);
    const hits = [...f.covered.map((r) => [r, 1]), ...f.notCovered.map((r) => [r, 0])].sort((a, b) => a[0] - b[0]);
    for (const [row, n] of hits) out.push(`DA:${row},${n}`);
    out.push(`LF:${hits.length}`, `LH:${f.covered.length}`, 'end_of_record');
  }
  return out.join('\n') + '\n';
}

export function coverageCobertura(report: CoverageReport, timestamp = Date.now()): string {
  const rate = (yes: number, no: number) => (yes + no === 0 ? '1' : (yes / (yes + no)).toFixed(4));
  const byDir = new Map<string, FileCoverage[]>();
  for (const f of report.files) {
    const dir = f.file.includes('/') ? f.file.slice(0, f.file.lastIndexOf('/')) : '.';
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">',
    `<coverage line-rate="${rate(report.coveredLines, report.notCoveredLines)}" branch-rate="0" lines-covered="${report.coveredLines}" lines-valid="${report.coveredLines + report.notCoveredLines}" branches-covered="0" branches-valid="0" complexity="0" version="1" timestamp="${timestamp}">`,
    '  <sources><source>.</source></sources>',
    '  <packages>',
  ];
  for (const [dir, files] of byDir) {
    const yes = files.reduce((n, f) => n + f.covered.length, 0);
    const no = files.reduce((n, f) => n + f.notCovered.length, 0);
    lines.push(`    <package name="${xml(dir.replace(/\//g, '.'))}" line-rate="${rate(yes, no)}" branch-rate="0" complexity="0">`, '      <classes>');
    for (const f of files) {
      const name = f.file.slice(f.file.lastIndexOf('/') + 1);
      lines.push(`        <class name="${xml(name)}" filename="${xml(f.file)}" line-rate="${rate(f.covered.length, f.notCovered.length)}" branch-rate="0" complexity="0">`);
      lines.push('          <methods/>', '          <lines>');
      const hits = [...f.covered.map((r) => [r, 1]), ...f.notCovered.map((r) => [r, 0])].sort((a, b) => a[0] - b[0]);
      for (const [row, n] of hits) lines.push(`            <line number="${row}" hits="${n}"/>`);
      lines.push('          </lines>', '        </class>');
    }
    lines.push('      </classes>', '    </package>');
  }
  lines.push('  </packages>', '</coverage>');
  return lines.join('\n') + '\n';
}

export function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
