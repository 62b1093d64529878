// Runs conformance cases through our pipeline and tallies the outcome per
// folder. The `check` stage proves the front end: modules OPA accepts must
// parse and check cleanly, and expected compile-time error codes must match.

import { checkQuery } from '../compiler/checker/index.js';
import { parseAndCheck } from '../compiler/frontend.js';
import { parseQuery } from '../compiler/parser.js';
import { expectsCompileError, type ConformanceCase } from './cases.js';

export type Outcome = { status: 'pass' } | { status: 'fail'; reason: string } | { status: 'skip'; reason: string };

export interface CaseResult {
  case: ConformanceCase;
  outcome: Outcome;
}

export interface FolderSummary {
  folder: string;
  cases: number;
  pass: number;
  fail: number;
  skip: number;
}

/**
 * The core-language folders (rules, functions, comprehensions, negation,
 * with, default, else, partial documents, references, composite values,
 * comparisons, arithmetic, aggregates, sets): the compiler's own semantics,
 * as opposed to the builtin library.
 */
export const CORE_FOLDERS = new Set([
  'aggregates', 'arithmetic', 'assignments', 'baseandvirtualdocs', 'comparisonexpr', 'completedoc', 'compositebasedereference',
  'compositereferences', 'comprehensions', 'defaultkeyword', 'disjunction', 'elsekeyword', 'eqexpr', 'evaltermexpr', 'functions',
  'functionerrors', 'indexing', 'indirectreferences', 'inputvalues', 'negation', 'nestedreferences', 'partialdocconstants',
  'partialobjectdoc', 'partialsetdoc', 'refheads', 'sets', 'undos', 'varreferences', 'virtualdocs', 'withkeyword',
].map((f) => `v1/${f}`));

export interface Summary {
  stage: string;
  folders: FolderSummary[];
  total: FolderSummary;
  core: FolderSummary;
  /** Cases that expect a compile-time error code, and how many we matched. */
  compileErrorCases: { total: number; matched: number };
}

/** Module file names as OPA's test runner gives them, so messages line up. */
export function moduleFileName(i: number): string {
  return `test-${i}.rego`;
}

export function runCheckStage(c: ConformanceCase): Outcome {
  const { program, errors } = parseAndCheck(c.modules.map((text, i) => ({ path: moduleFileName(i), text })));
  const wantsError = expectsCompileError(c);
  const allErrors = [...errors];
  if (program && errors.length === 0) {
    const q = parseQuery(c.query, 'query');
    allErrors.push(...q.errors);
    if (q.errors.length === 0) allErrors.push(...checkQuery(q.value, program).errors);
  }
  if (wantsError) {
    if (allErrors.some((e) => e.code === c.wantErrorCode)) return { status: 'pass' };
    return { status: 'fail', reason: allErrors.length ? `want ${c.wantErrorCode}, got ${allErrors[0].message}` : `want ${c.wantErrorCode}, got no error` };
  }
  if (allErrors.length) return { status: 'fail', reason: allErrors.map((e) => e.message).join('; ') };
  return { status: 'pass' };
}

export function summarize(stage: string, results: CaseResult[]): Summary {
  const byFolder = new Map<string, FolderSummary>();
  const total: FolderSummary = { folder: 'total', cases: 0, pass: 0, fail: 0, skip: 0 };
  const core: FolderSummary = { folder: 'core language', cases: 0, pass: 0, fail: 0, skip: 0 };
  let ceTotal = 0, ceMatched = 0;
  for (const r of results) {
    let f = byFolder.get(r.case.folder);
    if (!f) byFolder.set(r.case.folder, (f = { folder: r.case.folder, cases: 0, pass: 0, fail: 0, skip: 0 }));
    for (const s of CORE_FOLDERS.has(r.case.folder) ? [f, total, core] : [f, total]) {
      s.cases++;
      s[r.outcome.status]++;
    }
    if (expectsCompileError(r.case)) {
      ceTotal++;
      if (r.outcome.status === 'pass') ceMatched++;
    }
  }
  const folders = [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder));
  return { stage, folders, total, core, compileErrorCases: { total: ceTotal, matched: ceMatched } };
}

export function formatTable(s: Summary): string {
  const w = Math.max(6, ...s.folders.map((f) => f.folder.length));
  const row = (f: FolderSummary) =>
    `${f.folder.padEnd(w)}  ${String(f.cases).padStart(5)}  ${String(f.pass).padStart(5)}  ${String(f.fail).padStart(5)}  ${String(f.skip).padStart(5)}  ${pct(f.pass, f.cases).padStart(6)}`;
  const lines = [`${'folder'.padEnd(w)}  cases   pass   fail   skip    pass%`, ...s.folders.map(row), '-'.repeat(w + 38), row(s.core), row(s.total)];
  return lines.join('\n');
}

export function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}
