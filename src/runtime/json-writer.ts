// Writes a decision input as JSON text (UTF-8) straight into a byte buffer —
// the policy's WASM memory — with no intermediate string: what
// `encoder.encodeInto(JSON.stringify(x), buf)` produces, without building the
// string, and allocating nothing for plain data.
//
// It covers plain data: objects whose prototype is Object.prototype or null,
// arrays, strings, numbers, booleans and null. For anything else — a
// toJSON method (Date, …), a class instance, a boxed primitive, a BigInt,
// nesting deeper than MAX_DEPTH (cycles included) — write() returns
// UNSUPPORTED and the caller uses JSON.stringify, so the bytes are always
// exactly JSON.stringify's (the tests compare the two).

export const UNSUPPORTED = -1;

/** Nesting handled here; deeper input (or a cycle) goes to JSON.stringify. */
const MAX_DEPTH = 64;

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]; // 0-9a-f
const hasOwn = Object.prototype.hasOwnProperty;

/** Thrown when the text would be longer than the limit given to write(). */
export class TooLargeError extends Error {}

/** Signals "not plain data" from deep inside the walk. */
const NOT_PLAIN = new Error('not plain data');

export class JsonWriter {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private limit = 0;

  /**
   * Write `value` as JSON at the start of `buf`; returns the byte length, or
   * UNSUPPORTED. Throws TooLargeError past `limit` bytes (bytes past the end
   * of `buf` are dropped, so `buf` should extend past `limit`).
   */
  write(buf: Uint8Array, value: unknown, limit: number): number {
    this.buf = buf;
    this.pos = 0;
    this.limit = limit;
    try {
      this.value(value, 0);
    } catch (e) {
      if (e === NOT_PLAIN) return UNSUPPORTED;
      throw e;
    }
    if (this.pos > limit) throw new TooLargeError();
    return this.pos;
  }

  private value(v: unknown, depth: number): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        if (v) this.ascii4(116, 114, 117, 101);
        else this.false();
        return;
      case 'object':
        if (v === null) this.ascii4(110, 117, 108, 108);
        else if (depth >= MAX_DEPTH) throw NOT_PLAIN;
        else if (Array.isArray(v)) this.array(v, depth + 1);
        else this.object(v as Record<string, unknown>, depth + 1);
        return;
      default:
        // undefined, functions and symbols are dropped or nulled by the
        // containers; BigInt makes JSON.stringify throw: its error is the one to give.
        throw NOT_PLAIN;
    }
  }

  private array(a: unknown[], depth: number): void {
    if (typeof (a as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
    this.room(2);
    const b = this.buf;
    b[this.pos++] = 91; // [
    const n = a.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) b[this.pos++] = 44; // ,
      const x = a[i];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') this.ascii4(110, 117, 108, 108);
      else this.value(x, depth);
    }
    b[this.pos++] = 93; // ]
  }

  private object(o: Record<string, unknown>, depth: number): void {
    const proto: unknown = Object.getPrototypeOf(o);
    if ((proto !== Object.prototype && proto !== null) || typeof o.toJSON === 'function') throw NOT_PLAIN;
    this.room(2);
    const b = this.buf;
    b[this.pos++] = 123; // {
    let first = true;
    // for-in visits own enumerable string keys in JSON.stringify's order (then inherited ones, skipped).
    for (const k in o) {
      if (!hasOwn.call(o, k)) continue;
      const x = o[k];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      if (!first) b[this.pos++] = 44; // ,
      first = false;
      this.string(k);
      b[this.pos++] = 58; // :
      this.value(x, depth);
    }
    b[this.pos++] = 125; // }
  }

  /** Fail early, before writing, when even the shortest encoding cannot fit. */
  private room(minBytes: number): void {
    if (this.pos + minBytes > this.limit) throw new TooLargeError();
  }

  private ascii4(c0: number, c1: number, c2: number, c3: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = c0;
    b[p + 1] = c1;
    b[p + 2] = c2;
    b[p + 3] = c3;
    this.pos = p + 4;
  }

  private false(): void {
    this.ascii4(102, 97, 108, 115);
    this.buf[this.pos++] = 101;
  }

  private number(n: number): void {
    if ((n | 0) === n) {
      this.int32(n);
      return;
    }
    // Number::toString is JSON's number format; non-finite numbers are null.
    const s = Number.isFinite(n) ? String(n) : 'null';
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** An int32 in decimal (-0 is written as 0, as JSON.stringify does). */
  private int32(n: number): void {
    const b = this.buf;
    let p = this.pos;
    if (n < 0) {
      b[p++] = 45; // -
      if (n === -2147483648) {
        this.pos = p;
        this.number(2147483648); // not an int32: goes through String()
        return;
      }
      n = -n;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = (t / 10) | 0) digits++;
    p += digits;
    this.pos = p;
    do {
      const q = (n / 10) | 0;
      b[--p] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
  }

  /** A JSON string: JSON.stringify's escapes (lone surrogates as \udxxx), the rest as UTF-8. */
  private string(s: string): void {
    const n = s.length;
    this.room(n + 2); // UTF-8 never takes fewer bytes than UTF-16 code units
    const b = this.buf;
    let p = this.pos;
    b[p++] = 34; // "
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 34 && c !== 92) {
          b[p++] = c;
          continue;
        }
        b[p++] = 92; // \
        switch (c) {
          case 34: b[p++] = 34; break;
          case 92: b[p++] = 92; break;
          case 8: b[p++] = 98; break; // \b
          case 9: b[p++] = 116; break; // \t
          case 10: b[p++] = 110; break; // \n
          case 12: b[p++] = 102; break; // \f
          case 13: b[p++] = 114; break; // \r
          default:
            b[p++] = 117; // \u00XX
            b[p++] = 48;
            b[p++] = 48;
            b[p++] = HEX[c >> 4];
            b[p++] = HEX[c & 15];
        }
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 63);
        b[p++] = 0x80 | (c & 63);
      } else {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 63);
          b[p++] = 0x80 | ((cp >> 6) & 63);
          b[p++] = 0x80 | (cp & 63);
        } else {
          // A lone surrogate: escaped, as well-formed JSON.stringify does.
          b[p++] = 92;
          b[p++] = 117;
          b[p++] = HEX[c >> 12];
          b[p++] = HEX[(c >> 8) & 15];
          b[p++] = HEX[(c >> 4) & 15];
          b[p++] = HEX[c & 15];
        }
      }
    }
    b[p++] = 34;
    this.pos = p;
  }
}
