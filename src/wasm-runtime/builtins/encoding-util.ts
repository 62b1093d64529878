// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Helpers for the encoding family: a growable byte buffer, error messages
// with dynamic parts (Go formatting: quoteChar, strconv.Quote, %#U), and
// Go's utf8.DecodeRune. No managed allocations: buffers live on the
// runtime heap or in static data.
import { opa_abort } from "../env";
import { opa_malloc, opa_free, realloc } from "../alloc";
import { allocString, strPtr } from "../values";
import { rt_strict_errors, typeNameOf } from "./errors";

// ---- growable byte buffer ---------------------------------------------------
// One buffer at a time (bufBegin .. bufTake). Callers may append a scratch
// region and cut it off again (bufLen / bufTruncate).

let bb: usize = 0;
let bl: usize = 0;
let bc: usize = 0;

export function bufBegin(): void {
  bc = 64;
  bl = 0;
  bb = opa_malloc(bc);
}

export function bufReserve(n: usize): void {
  if (bl + n <= bc) return;
  let c = bc << 1;
  if (c < bl + n + 64) c = bl + n + 64;
  bb = realloc(bb, c);
  bc = c;
}

export function bufByte(c: u32): void {
  if (bl >= bc) bufReserve(1);
  store<u8>(bb + bl++, <u8>c);
}

export function bufBytes(p: usize, n: usize): void {
  if (n == 0) return;
  bufReserve(n);
  memory.copy(bb + bl, p, n);
  bl += n;
}

/** ASCII string literal. */
export function bufAscii(s: string): void {
  let n = s.length;
  bufReserve(<usize>n);
  let src = changetype<usize>(s);
  for (let i = 0; i < n; i++) store<u8>(bb + bl + <usize>i, <u8>load<u16>(src + (<usize>i << 1)));
  bl += <usize>n;
}

export function bufLen(): usize { return bl; }
export function bufPtr(): usize { return bb; }
/** Address where the next n bytes go; caller then calls bufAdvance(k). */
export function bufCursor(n: usize): usize { bufReserve(n); return bb + bl; }
export function bufAdvance(n: usize): void { bl += n; }
export function bufTruncate(n: usize): void { bl = n; }

/** String value of bytes [from, len) of the buffer (buffer stays open). */
export function bufSlice(from: usize): usize {
  let n = bl - from;
  let v = allocString(n);
  if (n != 0) memory.copy(strPtr(v), bb + from, n);
  return v;
}

/** Finish: the contents as a string value; the buffer is released. */
export function bufTake(): usize {
  let v = bufSlice(0);
  opa_free(bb);
  bb = 0;
  bl = 0;
  bc = 0;
  return v;
}

export function bufDrop(): void {
  if (bb != 0) opa_free(bb);
  bb = 0;
  bl = 0;
  bc = 0;
}

// ---- UTF-8 (Go's utf8.DecodeRune) ------------------------------------------

export let runeVal: u32 = 0;
export let runeSize: usize = 0;

/** Decode the rune at p (n bytes available); invalid → U+FFFD, size 1. */
export function decodeRune(p: usize, n: usize): void {
  let c0 = <u32>load<u8>(p);
  runeSize = 1;
  if (c0 < 0x80) { runeVal = c0; return; }
  runeVal = 0xFFFD;
  if (c0 < 0xC2 || c0 > 0xF4) return;
  if (n < 2) return;
  let c1 = <u32>load<u8>(p + 1);
  let lo: u32 = 0x80, hi: u32 = 0xBF;
  if (c0 == 0xE0) lo = 0xA0;
  else if (c0 == 0xED) hi = 0x9F;
  else if (c0 == 0xF0) lo = 0x90;
  else if (c0 == 0xF4) hi = 0x8F;
  if (c1 < lo || c1 > hi) return;
  if (c0 < 0xE0) { runeVal = ((c0 & 0x1F) << 6) | (c1 & 0x3F); runeSize = 2; return; }
  if (n < 3) return;
  let c2 = <u32>load<u8>(p + 2);
  if ((c2 & 0xC0) != 0x80) return;
  if (c0 < 0xF0) { runeVal = ((c0 & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F); runeSize = 3; return; }
  if (n < 4) return;
  let c3 = <u32>load<u8>(p + 3);
  if ((c3 & 0xC0) != 0x80) return;
  runeVal = ((c0 & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F);
  runeSize = 4;
}

/** Write rune r as UTF-8 at o; returns the byte count. */
export function putRune(o: usize, r: u32): usize {
  if (r < 0x80) { store<u8>(o, <u8>r); return 1; }
  if (r < 0x800) {
    store<u8>(o, <u8>(0xC0 | (r >> 6)));
    store<u8>(o + 1, <u8>(0x80 | (r & 0x3F)));
    return 2;
  }
  if (r < 0x10000) {
    store<u8>(o, <u8>(0xE0 | (r >> 12)));
    store<u8>(o + 1, <u8>(0x80 | ((r >> 6) & 0x3F)));
    store<u8>(o + 2, <u8>(0x80 | (r & 0x3F)));
    return 3;
  }
  store<u8>(o, <u8>(0xF0 | (r >> 18)));
  store<u8>(o + 1, <u8>(0x80 | ((r >> 12) & 0x3F)));
  store<u8>(o + 2, <u8>(0x80 | ((r >> 6) & 0x3F)));
  store<u8>(o + 3, <u8>(0x80 | (r & 0x3F)));
  return 4;
}

/** Go's strconv.IsPrint: exact for Latin-1, an approximation above. */
export function isPrint(r: u32): bool {
  if (r <= 0xFF) return (r >= 0x20 && r <= 0x7E) || (r >= 0xA1 && r != 0xAD);
  if (r >= 0xD800 && r <= 0xDFFF) return false;
  if (r > 0x10FFFF) return false;
  if (r >= 0x2000 && r <= 0x200F) return false; // spaces, zero-width, marks
  if (r >= 0x2028 && r <= 0x202F) return false;
  if (r >= 0x205F && r <= 0x206F) return false;
  if (r == 0x3000 || r == 0xFEFF || r == 0x1680 || r == 0x180E) return false;
  if (r >= 0xFFF0 && r <= 0xFFFB) return false;
  if (r == 0xFFFE || r == 0xFFFF) return false;
  if (r >= 0xE000 && r <= 0xF8FF) return false; // private use
  if (r >= 0xF0000) return false;
  return true;
}

// ---- errors -----------------------------------------------------------------

const ECAP: usize = 2048;
const EBUF: usize = memory.data(2048, 8);
let el: usize = 0;

const LOWER_HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
const UPPER_HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70]);

export function lowerHex(d: u32): u32 { return <u32>load<u8>(LOWER_HEX + <usize>(d & 15)); }
export function upperHex(d: u32): u32 { return <u32>load<u8>(UPPER_HEX + <usize>(d & 15)); }

/** Strict builtin errors are on (errors abort instead of being undefined). */
export function strict(): bool { return rt_strict_errors != 0; }

/** Start `eval_builtin_error: name: ` (or eval_type_error). */
export function eBegin(typeErr: bool, name: string): void {
  el = 0;
  eAscii(typeErr ? "eval_type_error: " : "eval_builtin_error: ");
  eAscii(name);
  eAscii(": ");
}

export function eByte(c: u32): void {
  if (el < ECAP - 1) store<u8>(EBUF + el++, <u8>c);
}

export function eAscii(s: string): void {
  let n = s.length;
  let src = changetype<usize>(s);
  for (let i = 0; i < n; i++) eByte(<u32>load<u16>(src + (<usize>i << 1)));
}

export function eBytes(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) eByte(<u32>load<u8>(p + i));
}

export function eUint(v: u64): void {
  if (v >= 10) eUint(v / 10);
  eByte(<u32>(48 + v % 10));
}

export function eInt(v: i64): void {
  if (v < 0) { eByte(45); eUint(<u64>(-v)); } else eUint(<u64>v);
}

export function eTypeName(v: usize): void { eAscii(typeNameOf(v)); }

export function eRune(r: u32): void {
  let o = EBUF + el;
  if (el + 4 >= ECAP - 1) return;
  el += putRune(o, r);
}

/** Abort with the composed message; never returns. */
export function eAbort(): usize {
  store<u8>(EBUF + el, 0);
  opa_abort(<i32>EBUF);
  unreachable();
  return 0;
}

/** Go's escaped rune (strconv appendEscapedRune, quote `q`). */
function eEscapedRune(r: u32, q: u32): void {
  if (r == q || r == 92) { eByte(92); eRune(r); return; }
  if (isPrint(r)) { eRune(r); return; }
  let short: u32 = r == 7 ? 97 : r == 8 ? 98 : r == 12 ? 102 : r == 10 ? 110 : r == 13 ? 114 : r == 9 ? 116 : r == 11 ? 118 : 0;
  if (short != 0) { eByte(92); eByte(short); return; }
  if (r < 0x20 || r == 0x7F) {
    eByte(92); eByte(120); eByte(lowerHex(r >> 4)); eByte(lowerHex(r));
    return;
  }
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x10000) {
    eByte(92); eByte(117);
    for (let s: i32 = 12; s >= 0; s -= 4) eByte(lowerHex(r >> <u32>s));
    return;
  }
  eByte(92); eByte(85);
  for (let s: i32 = 28; s >= 0; s -= 4) eByte(lowerHex(r >> <u32>s));
}

/** Go's encoding/json quoteChar(c): `'x'` with strconv.Quote escaping of rune(c). */
export function eQuoteChar(c: u32): void {
  eByte(39);
  if (c == 39) { eByte(92); eByte(39); }
  else if (c == 34) eByte(34);
  else eEscapedRune(c, 34);
  eByte(39);
}

/** Go's strconv.Quote(bytes). */
export function eGoQuote(p: usize, n: usize): void {
  eByte(34);
  let i: usize = 0;
  while (i < n) {
    decodeRune(p + i, n - i);
    if (runeSize == 1 && runeVal == 0xFFFD) {
      let b = <u32>load<u8>(p + i);
      eByte(92); eByte(120); eByte(lowerHex(b >> 4)); eByte(lowerHex(b));
      i++;
      continue;
    }
    eEscapedRune(runeVal, 34);
    i += runeSize;
  }
  eByte(34);
}

/** Go's %#U: `U+0067 'g'` (the quoted form only for printable runes). */
export function eUnicode(r: u32): void {
  eByte(85); eByte(43);
  let digits: i32 = 4;
  while (digits < 8 && (r >> <u32>(digits * 4)) != 0) digits++;
  for (let s: i32 = (digits - 1) * 4; s >= 0; s -= 4) eByte(upperHex(r >> <u32>s));
  if (isPrint(r)) { eByte(32); eByte(39); eRune(r); eByte(39); }
}
