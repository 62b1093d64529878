// What the planner adds for tooling rather than for decisions: coverage points
// (one per source line, compile option `coverage`) and Rego's `print`, which
// must never make a body undefined.

import type { CallTerm, Location } from '../ast.js';
import { local, type CoveragePoint, type Local } from '../ir/ir.js';
import type { FuncBuilder } from './builder.js';

/** Coverage points by source line: every literal or head on one line shares a point. */
export class CoverageMap {
  readonly points: CoveragePoint[] = [];
  private readonly byLine = new Map<string, number>();

  /** Emit "this line was evaluated" at the current position of `fb`. */
  mark(fb: FuncBuilder, loc: Location): void {
    if (loc.file.startsWith('<')) return; // synthetic terms (entrypoints, data paths)
    const key = `${loc.file}\u0000${loc.row}`;
    let point = this.byLine.get(key);
    if (point === undefined) {
      point = this.points.push({ file: loc.file, row: loc.row }) - 1;
      this.byLine.set(key, point);
    }
    fb.emit({ op: 'cover', point });
  }
}

/** The part of the body planner that `print` needs. */
export interface PrintPlanner {
  readonly fb: FuncBuilder;
  str(s: string): number;
  useBuiltin(name: string): void;
  /** Plan an operand; the continuation runs once per value (not at all when undefined). */
  operand(t: CallTerm['args'][number], k: (v: Local) => void): void;
}

/**
 * `print(a, b)`: each operand is evaluated in its own block (undefined prints
 * `<undefined>`), formatted as OPA does (strings raw, other values as Rego
 * terms, via sprintf's %v), joined by spaces and written with opa_println.
 * The literal always succeeds.
 */
export function planPrint(p: PrintPlanner, call: CallTerm): void {
  const fb = p.fb;
  const values = call.args.map((arg) => {
    const slot = fb.newLocal();
    fb.emit({ op: 'assignVar', source: { kind: 'string', index: p.str('<undefined>') }, target: slot });
    fb.scoped(() => p.operand(arg, (v) => fb.emit({ op: 'assignVar', source: local(v), target: slot })));
    return slot;
  });
  const arr = fb.newLocal();
  fb.emit({ op: 'makeArray', capacity: values.length, target: arr });
  for (const v of values) fb.emit({ op: 'arrayAppend', array: arr, value: local(v) });
  // The trailing NUL makes the string's bytes a C string for opa_println.
  const format = values.map(() => '%v').join(' ') + '\u0000';
  const line = fb.newLocal();
  p.useBuiltin('sprintf');
  fb.scoped(() => {
    fb.emit({ op: 'call', func: 'sprintf', args: [{ kind: 'string', index: p.str(format) }, local(arr)], target: line, builtin: true });
    fb.emit({ op: 'println', source: line });
  });
}
