// WebAssembly binary encoding primitives: LEB128 integers, names, vectors,
// and a byte reader. Shared by the module linker and the code builder.

export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): this {
    this.ensure(1);
    this.buf[this.length++] = b & 0xff;
    return this;
  }

  bytes(bs: Uint8Array | number[]): this {
    this.ensure(bs.length);
    this.buf.set(bs, this.length);
    this.length += bs.length;
    return this;
  }

  u32(v: number): this {
    v >>>= 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  s32(v: number): this {
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.byte(b);
        return this;
      }
      this.byte(b | 0x80);
    }
  }

  s64(v: bigint): this {
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
        this.byte(b);
        return this;
      }
      this.byte(b | 0x80);
    }
  }

  f64(v: number): this {
    const tmp = new DataView(new ArrayBuffer(8));
    tmp.setFloat64(0, v, true);
    return this.bytes(new Uint8Array(tmp.buffer));
  }

  name(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u32(b.length).bytes(b);
  }

  /** A length-prefixed blob (sections, function bodies). */
  sized(inner: ByteWriter | Uint8Array): this {
    const b = inner instanceof ByteWriter ? inner.finish() : inner;
    return this.u32(b.length).bytes(b);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export class ByteReader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly end = buf.length) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  byte(): number {
    if (this.pos >= this.end) throw new Error('wasm: unexpected end of module');
    return this.buf[this.pos++];
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 35) throw new Error('wasm: LEB128 too long');
    }
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new Error('wasm: unexpected end of module');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  name(): string {
    return new TextDecoder().decode(this.bytes(this.u32()));
  }

  /** Skip a constant expression (global init, segment offset) and return its bytes including `end`. */
  constExpr(): Uint8Array {
    const start = this.pos;
    for (;;) {
      const op = this.byte();
      switch (op) {
        case 0x0b: return this.buf.subarray(start, this.pos); // end
        case 0x41: this.s64skip(); break; // i32.const
        case 0x42: this.s64skip(); break; // i64.const
        case 0x43: this.pos += 4; break; // f32.const
        case 0x44: this.pos += 8; break; // f64.const
        case 0x23: this.u32(); break; // global.get
        case 0xd2: this.u32(); break; // ref.func
        case 0xd0: this.byte(); break; // ref.null
        default: throw new Error(`wasm: unsupported opcode 0x${op.toString(16)} in constant expression`);
      }
    }
  }

  private s64skip(): void {
    while (this.byte() & 0x80);
  }
}

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;

/** Section ids. */
export const SECTION = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7, start: 8, element: 9, code: 10, data: 11, dataCount: 12,
} as const;

/** Export/import kinds. */
export const KIND = { func: 0, table: 1, memory: 2, global: 3 } as const;
