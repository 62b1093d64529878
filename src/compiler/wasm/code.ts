// A function body builder: typed helpers for the instructions codegen emits,
// with structured control flow checked as it is written.

import { ByteWriter, I32 } from './binary.js';

const OP = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, br_if: 0x0d, return: 0x0f,
  call: 0x10, call_indirect: 0x11, drop: 0x1a, select: 0x1b,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  i32_load: 0x28, i32_store: 0x36,
  i32_const: 0x41, i64_const: 0x42, f64_const: 0x44,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_gt_s: 0x4a, i32_le_s: 0x4c, i32_ge_s: 0x4e,
  i32_lt_u: 0x49, i32_mul: 0x6c, br_table: 0x0e,
  i32_add: 0x6a, i32_sub: 0x6b, i32_and: 0x71, i32_or: 0x72, i64_extend_i32_s: 0xac,
} as const;

const EMPTY_BLOCK = 0x40;

export class CodeBuilder {
  private readonly w = new ByteWriter(256);
  private readonly localTypes: number[] = [];
  private depth = 0;

  constructor(readonly paramCount: number) {}

  /** Declare a new local (after the parameters); returns its index. */
  local(type: number = I32): number {
    this.localTypes.push(type);
    return this.paramCount + this.localTypes.length - 1;
  }

  get nesting(): number {
    return this.depth;
  }

  block(): this { this.depth++; this.w.byte(OP.block).byte(EMPTY_BLOCK); return this; }
  loop(): this { this.depth++; this.w.byte(OP.loop).byte(EMPTY_BLOCK); return this; }
  if(): this { this.depth++; this.w.byte(OP.if).byte(EMPTY_BLOCK); return this; }
  else(): this { this.w.byte(OP.else); return this; }
  end(): this {
    if (this.depth === 0) throw new Error('codegen: end without an open block');
    this.depth--;
    this.w.byte(OP.end);
    return this;
  }
  br(label: number): this { this.checkLabel(label); this.w.byte(OP.br).u32(label); return this; }
  brIf(label: number): this { this.checkLabel(label); this.w.byte(OP.br_if).u32(label); return this; }
  /** Branch to `labels[i]` for the i32 on the stack, `fallback` when it is out of range. */
  brTable(labels: number[], fallback: number): this {
    for (const l of labels) this.checkLabel(l);
    this.checkLabel(fallback);
    this.w.byte(OP.br_table).u32(labels.length);
    for (const l of labels) this.w.u32(l);
    this.w.u32(fallback);
    return this;
  }
  return(): this { this.w.byte(OP.return); return this; }
  unreachable(): this { this.w.byte(OP.unreachable); return this; }
  drop(): this { this.w.byte(OP.drop); return this; }

  call(fn: number): this { this.w.byte(OP.call).u32(fn); return this; }
  callIndirect(type: number): this { this.w.byte(OP.call_indirect).u32(type).byte(0); return this; }

  get(local: number): this { this.w.byte(OP.local_get).u32(local); return this; }
  set(local: number): this { this.w.byte(OP.local_set).u32(local); return this; }
  tee(local: number): this { this.w.byte(OP.local_tee).u32(local); return this; }
  globalGet(g: number): this { this.w.byte(OP.global_get).u32(g); return this; }
  globalSet(g: number): this { this.w.byte(OP.global_set).u32(g); return this; }

  i32(v: number): this { this.w.byte(OP.i32_const).s32(v); return this; }
  i64(v: bigint): this { this.w.byte(OP.i64_const).s64(v); return this; }
  f64(v: number): this { this.w.byte(OP.f64_const).f64(v); return this; }
  i32Load(offset = 0): this { this.w.byte(OP.i32_load).u32(2).u32(offset); return this; }
  i32Store(offset = 0): this { this.w.byte(OP.i32_store).u32(2).u32(offset); return this; }
  i32Load16U(offset = 0): this { this.w.byte(0x2f).u32(1).u32(offset); return this; }
  i64Load(offset = 0): this { this.w.byte(0x29).u32(3).u32(offset); return this; }
  i64Store(offset = 0): this { this.w.byte(0x37).u32(3).u32(offset); return this; }
  i64Eq(): this { this.w.byte(0x51); return this; }
  i64Add(): this { this.w.byte(0x7c); return this; }

  eqz(): this { this.w.byte(OP.i32_eqz); return this; }
  eq(): this { this.w.byte(OP.i32_eq); return this; }
  ne(): this { this.w.byte(OP.i32_ne); return this; }
  ltS(): this { this.w.byte(OP.i32_lt_s); return this; }
  gtS(): this { this.w.byte(OP.i32_gt_s); return this; }
  geS(): this { this.w.byte(OP.i32_ge_s); return this; }
  add(): this { this.w.byte(OP.i32_add); return this; }
  i64ExtendS(): this { this.w.byte(OP.i64_extend_i32_s); return this; }
  sub(): this { this.w.byte(OP.i32_sub); return this; }
  mul(): this { this.w.byte(OP.i32_mul); return this; }
  and(): this { this.w.byte(OP.i32_and); return this; }
  ltU(): this { this.w.byte(OP.i32_lt_u); return this; }
  shrU(): this { this.w.byte(0x76); return this; }
  select(): this { this.w.byte(OP.select); return this; }
  memorySize(): this { this.w.byte(0x3f).byte(0); return this; }
  memoryGrow(): this { this.w.byte(0x40).byte(0); return this; }
  /** memory.init: (dest, src offset, length) from passive data segment `seg`. */
  memoryInit(seg: number): this { this.w.byte(0xfc).u32(8).u32(seg).byte(0); return this; }
  dataDrop(seg: number): this { this.w.byte(0xfc).u32(9).u32(seg); return this; }

  private checkLabel(label: number): void {
    if (label < 0 || label >= this.depth + 1) throw new Error(`codegen: branch to label ${label} at depth ${this.depth}`);
  }

  /** The encoded body: local declarations (run-length by type) and code. */
  finish(): Uint8Array {
    if (this.depth !== 0) throw new Error(`codegen: ${this.depth} block(s) left open`);
    const out = new ByteWriter(this.w.length + 16);
    const runs: [number, number][] = [];
    for (const t of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    out.u32(runs.length);
    for (const [n, t] of runs) out.u32(n).byte(t);
    out.bytes(this.w.finish()).byte(OP.end);
    return out.finish();
  }
}
