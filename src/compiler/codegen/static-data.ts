// The policy's constant bytes (strings, number literals, messages), laid out
// in one data segment placed where the runtime's heap used to start.

/** The runtime's string type tag (src/wasm-runtime/layout.ts). */
const T_STRING = 4;

export class StaticData {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  private readonly interned = new Map<string, { ptr: number; len: number }>();
  private readonly cstrings = new Map<string, number>();
  private readonly stringValues = new Map<string, number>();
  private readonly enc = new TextEncoder();

  constructor(readonly base: number) {
    this.base = align(base, 16);
  }

  private push(bytes: Uint8Array): number {
    const ptr = this.base + this.size;
    this.chunks.push(bytes);
    this.size += bytes.length;
    return ptr;
  }

  /** UTF-8 bytes of `s` (deduplicated): pointer and length. */
  bytesOf(s: string): { ptr: number; len: number } {
    let r = this.interned.get(s);
    if (!r) {
      const b = this.enc.encode(s);
      r = { ptr: this.push(b), len: b.length };
      this.interned.set(s, r);
    }
    return r;
  }

  /**
   * A string value record for `s` (the runtime's layout: tag 4, len at +4,
   * bytes referenced at +8), so a constant string costs no allocation at
   * evaluation. Values below the heap are never freed or mutated.
   */
  stringValue(s: string): number {
    let p = this.stringValues.get(s);
    if (p === undefined) {
      const { ptr, len } = this.bytesOf(s);
      const rec = new Uint8Array(16);
      const view = new DataView(rec.buffer);
      view.setUint32(0, T_STRING, true);
      view.setUint32(4, len, true);
      view.setUint32(8, ptr, true);
      p = this.aligned(rec, 8);
      this.stringValues.set(s, p);
    }
    return p;
  }

  /** `n` zero bytes (4-byte aligned), e.g. flags the policy sets while it runs. */
  zeros(n: number): number {
    const pad = align(this.base + this.size, 4) - (this.base + this.size);
    if (pad) this.push(new Uint8Array(pad));
    return this.push(new Uint8Array(n));
  }

  /** `bytes` at an address aligned to `alignment`: value records and tables the policy reads. */
  aligned(bytes: Uint8Array, alignment = 8): number {
    const pad = align(this.base + this.size, alignment) - (this.base + this.size);
    if (pad) this.push(new Uint8Array(pad));
    return this.push(bytes);
  }

  /** A NUL-terminated copy of `s`, for opa_abort messages. */
  cstring(s: string): number {
    let p = this.cstrings.get(s);
    if (p === undefined) {
      const b = this.enc.encode(s);
      const z = new Uint8Array(b.length + 1);
      z.set(b);
      p = this.push(z);
      this.cstrings.set(s, p);
    }
    return p;
  }

  finish(): { offset: number; bytes: Uint8Array; end: number } {
    const bytes = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      bytes.set(c, o);
      o += c.length;
    }
    return { offset: this.base, bytes, end: align(this.base + this.size, 16) };
  }
}

function align(n: number, a: number): number {
  return (n + a - 1) & ~(a - 1);
}
