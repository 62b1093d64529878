// `policy test --matrix <entrypoint>`: the decision table the fixtures prove,
// e.g. route × role. Rows and columns are input fields named by a fixture's
// `axes`; each cell shows the decisions that passing fixtures proved there,
// FAIL/ERROR when a case in it did not pass, and `·` when no fixture covers it.

import { normalizeEntrypoint, type AxisSpec, type FixtureSuite } from './fixtures.js';
import { isPlainObject, valueAt } from './merge.js';
import type { TestResult } from './results.js';

export interface MatrixCell {
  row: string;
  column: string;
  /** Decisions proven by passing cases, sorted: [], ['allow'], ['deny'] or both. */
  decisions: ('allow' | 'deny')[];
  cases: number;
  failed: number;
  errors: number;
}

export interface DecisionMatrix {
  entrypoint: string;
  rows: { path: string; values: string[] };
  columns: { path: string; values: string[] };
  cells: MatrixCell[];
  /** Cells no fixture case covers. */
  uncovered: number;
}

export class MatrixError extends Error {}

/**
 * One table per distinct pair of axes the entrypoint's fixture files define
 * (route × role in one file, model × classification in another); each table
 * draws on the cases of every fixture file for the entrypoint.
 */
export function buildMatrices(entrypoint: string, suites: FixtureSuite[], results: TestResult[], data: unknown): DecisionMatrix[] {
  const ep = normalizeEntrypoint(entrypoint);
  const mine = suites.filter((s) => normalizeEntrypoint(s.entrypoint) === ep);
  if (mine.length === 0) throw new MatrixError(`no fixture file has entrypoint ${ep}`);
  const tables = new Map<string, { rows: AxisSpec; columns: AxisSpec }>();
  for (const s of mine) {
    if (!s.axes) continue;
    const key = `${s.axes.rows.path.join('.')}\u0000${s.axes.columns.path.join('.')}`;
    const prev = tables.get(key);
    // Files sharing axes pool their declared values.
    tables.set(key, prev ? { rows: mergeAxis(prev.rows, s.axes.rows, data), columns: mergeAxis(prev.columns, s.axes.columns, data) } : s.axes);
  }
  if (tables.size === 0) throw new MatrixError(`no fixture file for ${ep} defines axes: add e.g. \`axes: { rows: request.route, columns: agent.role }\` (see docs/fixtures.md)`);
  return [...tables.values()].map((axes) => buildMatrix(ep, axes, results, data));
}

function mergeAxis(a: AxisSpec, b: AxisSpec, data: unknown): AxisSpec {
  const values = [...declaredValues(a, data), ...declaredValues(b, data)];
  return { path: a.path, values: [...new Set(values)] };
}

function buildMatrix(ep: string, axes: { rows: AxisSpec; columns: AxisSpec }, results: TestResult[], data: unknown): DecisionMatrix {
  const cases = results.filter((r) => r.kind === 'fixture' && r.entrypoint === ep && r.status !== 'skip');
  const rowValues = axisValues(axes.rows, data, cases);
  const colValues = axisValues(axes.columns, data, cases);
  const cells: MatrixCell[] = [];
  for (const row of rowValues) {
    for (const column of colValues) {
      const inCell = cases.filter((r) => label(valueAt(r.input, axes.rows.path)) === row && label(valueAt(r.input, axes.columns.path)) === column);
      const decisions = new Set<'allow' | 'deny'>();
      for (const r of inCell) if (r.status === 'pass' && r.actual) decisions.add(r.actual.allow ? 'allow' : 'deny');
      cells.push({
        row, column,
        decisions: [...decisions].sort(),
        cases: inCell.length,
        failed: inCell.filter((r) => r.status === 'fail').length,
        errors: inCell.filter((r) => r.status === 'error').length,
      });
    }
  }
  return {
    entrypoint: ep,
    rows: { path: axes.rows.path.join('.'), values: rowValues },
    columns: { path: axes.columns.path.join('.'), values: colValues },
    cells,
    uncovered: cells.filter((c) => c.cases === 0).length,
  };
}

/** An axis's declared values: a list, or the keys (object) or items (array) of a data document. */
function declaredValues(axis: AxisSpec, data: unknown): unknown[] {
  if (Array.isArray(axis.values)) return axis.values;
  if (typeof axis.values !== 'string') return [];
  const doc = valueAt(data, axis.values.split('.').slice(1));
  if (doc === undefined) throw new MatrixError(`axis values ${axis.values}: no such document in the policy's data`);
  if (Array.isArray(doc)) return doc;
  if (isPlainObject(doc)) return Object.keys(doc);
  throw new MatrixError(`axis values ${axis.values}: not an object or array`);
}

/** Declared values first, then any other value a case used. */
function axisValues(axis: AxisSpec, data: unknown, cases: TestResult[]): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (v === undefined) return;
    const s = label(v);
    if (!out.includes(s)) out.push(s);
  };
  declaredValues(axis, data).forEach(add);
  const declared = out.length;
  const seen: string[] = [];
  for (const r of cases) {
    const v = valueAt(r.input, axis.path);
    if (v !== undefined && !out.includes(label(v))) seen.push(label(v));
    add(v);
  }
  // Values only cases use are sorted after the declared ones.
  return [...out.slice(0, declared), ...[...new Set(seen)].sort()];
}

function label(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function cellText(c: MatrixCell): string {
  if (c.cases === 0) return '·';
  if (c.errors) return 'ERROR';
  if (c.failed) return 'FAIL';
  return c.decisions.join('/');
}

export function formatMatrix(m: DecisionMatrix): string {
  const header = [`${m.rows.path} \\ ${m.columns.path}`, ...m.columns.values];
  const rows = m.rows.values.map((row) => [row, ...m.columns.values.map((column) => cellText(m.cells.find((c) => c.row === row && c.column === column)!))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [`decision matrix for ${m.entrypoint}: ${m.rows.path} × ${m.columns.path}`, '', line(header), ...rows.map(line), ''];
  const total = m.cells.length;
  if (m.cells.some((c) => c.decisions.length === 2)) out.push('allow/deny = passing cases in the cell decide differently (they differ in other input fields)');
  out.push(m.uncovered === 0
    ? `every cell is covered by a fixture (${total} cells)`
    : `· = no fixture covers this cell: ${m.uncovered} of ${total} cells`);
  return out.join('\n') + '\n';
}
