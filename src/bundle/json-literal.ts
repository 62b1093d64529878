// A strict JSON parser that keeps each number's literal text, as Go's
// encoding/json does with UseNumber. OPA hashes structured bundle files
// (data.json, .manifest) from such a parse, so `1.0` and `1` hash differently
// and big integers keep every digit. Strings are decoded the way Go decodes
// them: invalid UTF-8 bytes and lone surrogate escapes become U+FFFD.

/** A number exactly as written in the source. */
export class JsonNumber {
  constructor(readonly literal: string) {}
  toJSON(): number {
    return Number(this.literal);
  }
}

/** Objects are Maps so that keys such as `__proto__` stay ordinary data. */
export type LiteralJson = null | boolean | string | JsonNumber | LiteralJson[] | Map<string, LiteralJson>;

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_DEPTH = 10_000;

export function parseLiteralJson(input: Uint8Array | string): LiteralJson {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const p = new Parser(bytes);
  // A UTF-8 byte order mark is not JSON, but OPA strips it before parsing.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) p.pos = 3;
  p.skipSpace();
  const value = p.value(0);
  p.skipSpace();
  if (p.pos !== bytes.length) p.fail('unexpected data after the top-level value');
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}

  fail(message: string): never {
    throw new JsonSyntaxError(`invalid JSON at byte ${this.pos}: ${message}`, this.pos);
  }

  skipSpace(): void {
    const b = this.b;
    while (this.pos < b.length && (b[this.pos] === 0x20 || b[this.pos] === 0x09 || b[this.pos] === 0x0a || b[this.pos] === 0x0d)) this.pos++;
  }

  value(depth: number): LiteralJson {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.b[this.pos];
    if (c === undefined) this.fail('unexpected end of input');
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (this.word('true')) return true;
    if (this.word('false')) return false;
    if (this.word('null')) return null;
    this.fail(`unexpected character ${JSON.stringify(String.fromCharCode(c))}`);
  }

  private word(w: string): boolean {
    for (let i = 0; i < w.length; i++) if (this.b[this.pos + i] !== w.charCodeAt(i)) return false;
    this.pos += w.length;
    return true;
  }

  private object(depth: number): Map<string, LiteralJson> {
    const out = new Map<string, LiteralJson>();
    this.pos++;
    this.skipSpace();
    if (this.b[this.pos] === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.b[this.pos] !== 0x22) this.fail('expected a string key');
      const key = this.string();
      this.skipSpace();
      if (this.b[this.pos] !== 0x3a) this.fail('expected ":" after an object key');
      this.pos++;
      this.skipSpace();
      // Go decodes a repeated key into the same map slot: the last one wins.
      out.delete(key);
      out.set(key, this.value(depth + 1));
      this.skipSpace();
      const c = this.b[this.pos++];
      if (c === 0x7d) return out;
      if (c !== 0x2c) {
        this.pos--;
        this.fail('expected "," or "}" in an object');
      }
    }
  }

  private array(depth: number): LiteralJson[] {
    const out: LiteralJson[] = [];
    this.pos++;
    this.skipSpace();
    if (this.b[this.pos] === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.b[this.pos++];
      if (c === 0x5d) return out;
      if (c !== 0x2c) {
        this.pos--;
        this.fail('expected "," or "]" in an array');
      }
    }
  }

  private number(): JsonNumber {
    const b = this.b;
    const start = this.pos;
    if (b[this.pos] === 0x2d) this.pos++;
    if (b[this.pos] === 0x30) this.pos++;
    else if (b[this.pos] >= 0x31 && b[this.pos] <= 0x39) while (isDigit(b[this.pos])) this.pos++;
    else this.fail('expected a digit');
    if (b[this.pos] === 0x2e) {
      this.pos++;
      if (!isDigit(b[this.pos])) this.fail('expected a digit after "."');
      while (isDigit(b[this.pos])) this.pos++;
    }
    if (b[this.pos] === 0x65 || b[this.pos] === 0x45) {
      this.pos++;
      if (b[this.pos] === 0x2b || b[this.pos] === 0x2d) this.pos++;
      if (!isDigit(b[this.pos])) this.fail('expected a digit in the exponent');
      while (isDigit(b[this.pos])) this.pos++;
    }
    return new JsonNumber(latin1(b, start, this.pos));
  }

  string(): string {
    const b = this.b;
    this.pos++;
    let out = '';
    for (;;) {
      const c = b[this.pos];
      if (c === undefined) this.fail('unterminated string');
      if (c === 0x22) {
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('control character in a string must be escaped');
      if (c === 0x5c) {
        out += this.escape();
        continue;
      }
      if (c < 0x80) {
        // Copy a run of plain ASCII at once.
        const start = this.pos;
        while (this.pos < b.length && b[this.pos] >= 0x20 && b[this.pos] < 0x80 && b[this.pos] !== 0x22 && b[this.pos] !== 0x5c) this.pos++;
        out += latin1(b, start, this.pos);
        continue;
      }
      const [cp, size] = decodeRune(b, this.pos);
      out += String.fromCodePoint(cp);
      this.pos += size;
    }
  }

  private escape(): string {
    const b = this.b;
    const c = b[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case 0x22: return '"';
      case 0x5c: return '\\';
      case 0x2f: return '/';
      case 0x62: return '\b';
      case 0x66: return '\f';
      case 0x6e: return '\n';
      case 0x72: return '\r';
      case 0x74: return '\t';
      case 0x75: {
        const hi = this.hex4();
        if (hi < 0xd800 || hi > 0xdfff) return String.fromCharCode(hi);
        if (hi <= 0xdbff && b[this.pos] === 0x5c && b[this.pos + 1] === 0x75) {
          const save = this.pos;
          this.pos += 2;
          const lo = this.hex4();
          if (lo >= 0xdc00 && lo <= 0xdfff) return String.fromCharCode(hi, lo);
          // Not a pair: Go replaces the first and decodes the second on its own.
          this.pos = save;
        }
        return '\ufffd';
      }
      default:
        this.pos -= 2;
        this.fail('invalid escape in a string');
    }
  }

  private hex4(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.b[this.pos++];
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) {
        this.pos--;
        this.fail('invalid \\u escape');
      }
      v = v * 16 + d;
    }
    return v;
  }
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/**
 * Go's utf8.DecodeRune: a valid sequence gives its code point; anything else
 * (overlong, surrogate, truncated, stray continuation) gives U+FFFD for one byte.
 */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i];
  const bad: [number, number] = [0xfffd, 1];
  const cont = (k: number) => b[i + k] !== undefined && (b[i + k] & 0xc0) === 0x80;
  if (c0 < 0x80) return [c0, 1];
  if (c0 >= 0xc2 && c0 <= 0xdf) return cont(1) ? [((c0 & 0x1f) << 6) | (b[i + 1] & 0x3f), 2] : bad;
  if (c0 >= 0xe0 && c0 <= 0xef) {
    if (!cont(1) || !cont(2)) return bad;
    const cp = ((c0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
    if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return bad;
    return [cp, 3];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return bad;
    const cp = ((c0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
    if (cp < 0x10000 || cp > 0x10ffff) return bad;
    return [cp, 4];
  }
  return bad;
}

/** Plain JS value (numbers as JS numbers) → LiteralJson, for documents that did not come from JSON text. */
export function fromPlain(v: unknown): LiteralJson {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} cannot be represented in JSON`);
    return new JsonNumber(Object.is(v, -0) ? '-0' : String(v));
  }
  if (typeof v === 'bigint') return new JsonNumber(v.toString());
  if (v instanceof JsonNumber) return v;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [String(k), fromPlain(x)]));
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromPlain(x)]));
  throw new Error(`a ${typeof v} cannot be represented in JSON`);
}

/** LiteralJson → plain JS value (numbers become JS numbers; objects plain objects). */
export function toPlain(v: LiteralJson): unknown {
  if (v instanceof JsonNumber) return Number(v.literal);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) Object.defineProperty(out, k, { value: toPlain(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}
