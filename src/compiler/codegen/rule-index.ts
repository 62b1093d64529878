// Code for a `ruleIndex` statement: a hash lookup of the key's value in a
// static open-addressing table (built at compile time with the runtime's own
// hashes), then a loop that merges the entry's case list with the cases that
// always run, jumping to each case with one `br_table`.
//
// Static layout (all u32):
//   slot  = [hash, value record address, case list address]   (list 0 = empty slot)
//   list  = [count, case, case, …]                              (ascending)
//   value = the runtime's value record (string/number/boolean/null)

import type { Block, IndexEntry, Stmt } from '../ir/ir.js';
import type { CodeBuilder } from '../wasm/code.js';
import { ConstValues, type ConstValue } from './const-values.js';
import type { StaticData } from './static-data.js';

export interface RuleIndexContext {
  code: CodeBuilder;
  fn: (name: string) => number;
  data: StaticData;
  strings: string[];
  /** Generate an IR block (a failure inside leaves only it). */
  block: (b: Block) => void;
}

type RuleIndexStmt = Extract<Stmt, { op: 'ruleIndex' }>;

const SLOT = 12;

export function emitRuleIndex(ctx: RuleIndexContext, s: RuleIndexStmt): void {
  const t = layoutTable(ctx.data, ctx.strings, s.entries);
  const always = u32List(ctx.data, s.always);
  const c = ctx.code;
  const [list, lp, lend, ap, h, slot, entry, r, a, b] = Array.from({ length: 10 }, () => c.local());

  // list = the entry's case list, or the empty list.
  c.i32(t.empty).set(list);
  c.get(s.key).if();
  c.get(s.key).call(ctx.fn('rt_hash')).tee(h).i32(t.mask).and().set(slot);
  c.block();
  c.loop();
  c.get(slot).i32(SLOT).mul().i32(t.table).add().tee(entry).i32Load(8).eqz().brIf(1);
  c.get(entry).i32Load(0).get(h).eq().if();
  c.get(s.key).get(entry).i32Load(4).call(ctx.fn('rt_equal')).if();
  c.get(entry).i32Load(8).set(list).br(3);
  c.end();
  c.end();
  c.get(slot).i32(1).add().i32(t.mask).and().set(slot).br(0);
  c.end();
  c.end();
  c.end();

  // Walk the entry's cases and the always-cases in ascending order.
  c.get(list).i32(4).add().set(lp);
  c.get(list).i32Load(0).i32(4).mul().get(lp).add().set(lend);
  const alwaysEnd = always + 4 + 4 * s.always.length;
  c.i32(always + 4).set(ap);
  c.block();
  const done = c.nesting;
  c.loop();
  const next = c.nesting;
  if (s.always.length === 0) {
    c.get(lp).get(lend).ltU().eqz().brIf(c.nesting - done);
    c.get(lp).i32Load(0).set(r);
    c.get(lp).i32(4).add().set(lp);
  } else {
    // A list past its end offers 0xFFFFFFFF, above every case; both past their ends: done.
    c.get(lp).i32Load(0).i32(-1).get(lp).get(lend).ltU().select().set(a);
    c.get(ap).i32Load(0).i32(-1).get(ap).i32(alwaysEnd).ltU().select().set(b);
    c.get(a).get(b).eq().brIf(c.nesting - done);
    c.get(a).get(b).ltU().if();
    c.get(a).set(r).get(lp).i32(4).add().set(lp);
    c.else();
    c.get(b).set(r).get(ap).i32(4).add().set(ap);
    c.end();
  }
  dispatch(ctx, s.cases, r, 0, s.cases.length, { next, done });
  c.end();
  c.end();
}

/** Cases per br_table: V8 accepts at most 65,520 targets. */
const TABLE_BITS = 15;

/**
 * Jump to case r (first <= r < first + count) and run it, then continue the
 * loop at `next`. One block per case, innermost first: br_table lands after
 * case k's block, where its code is. More cases than one table holds: a
 * table over chunks first.
 */
function dispatch(ctx: RuleIndexContext, cases: Block[], r: number, first: number, count: number, depth: { next: number; done: number }): void {
  const c = ctx.code;
  const chunk = 1 << TABLE_BITS;
  if (count > chunk) {
    const chunks = Math.ceil(count / chunk);
    for (let k = 0; k < chunks; k++) c.block();
    c.get(r).i32(TABLE_BITS).shrU().brTable(Array.from({ length: chunks }, (_, k) => k), c.nesting - depth.done);
    for (let k = 0; k < chunks; k++) {
      c.end();
      dispatch(ctx, cases, r, first + k * chunk, Math.min(chunk, count - k * chunk), depth);
    }
    return;
  }
  for (let k = 0; k < count; k++) c.block();
  c.get(r);
  if (first) c.i32(first).sub();
  c.brTable(Array.from({ length: count }, (_, k) => k), c.nesting - depth.done);
  for (let k = 0; k < count; k++) {
    c.end();
    ctx.block(cases[first + k]);
    c.br(c.nesting - depth.next);
  }
}

/** The hash table for the entries; entries whose constants are equal at run time (`1`, `1.0`) are merged. */
function layoutTable(data: StaticData, strings: string[], entries: IndexEntry[]): { table: number; mask: number; empty: number } {
  const values = new ConstValues();
  let merged: { value: ConstValue; cases: number[] }[];
  try {
    const byHash = new Map<number, { value: ConstValue; cases: number[] }[]>();
    merged = [];
    for (const e of entries) {
      const v = values.of(e.value, strings);
      const same = byHash.get(v.hash) ?? [];
      const hit = same.find((x) => values.equal(x.value, v));
      if (hit) {
        hit.cases = [...new Set([...hit.cases, ...e.cases])].sort((x, y) => x - y);
        continue;
      }
      const m = { value: v, cases: e.cases };
      same.push(m);
      byHash.set(v.hash, same);
      merged.push(m);
    }
  } finally {
    values.close();
  }

  let slots = 4;
  while (slots < merged.length * 2) slots *= 2;
  const mask = slots - 1;
  const table = new Uint32Array(slots * 3);
  for (const m of merged) {
    let i = m.value.hash & mask;
    while (table[i * 3 + 2] !== 0) i = (i + 1) & mask;
    table[i * 3] = m.value.hash;
    table[i * 3 + 1] = valueRecord(data, m.value);
    table[i * 3 + 2] = u32List(data, m.cases);
  }
  const empty = u32List(data, []);
  return { table: data.aligned(new Uint8Array(table.buffer), 8), mask, empty };
}

function valueRecord(data: StaticData, v: ConstValue): number {
  const rec = v.record.slice();
  if (v.text !== undefined) {
    const { ptr, len } = data.bytesOf(v.text);
    const view = new DataView(rec.buffer);
    view.setUint32(4, len, true);
    view.setUint32(8, ptr, true);
  }
  return data.aligned(rec, 8);
}

function u32List(data: StaticData, xs: number[]): number {
  return data.aligned(new Uint8Array(Uint32Array.from([xs.length, ...xs]).buffer), 4);
}
