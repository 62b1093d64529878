// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// UTF-8 helpers with Go's semantics (an invalid byte decodes as U+FFFD of
// width 1, as `for range` and utf8.DecodeRuneInString do), and a growable
// byte buffer on the runtime heap used to build result strings.
//
// The buffer is a single module-level builder: a builtin starts it with
// sbStart(), appends, and finishes with sbString() (a new string value; the
// scratch block is freed). Builtins never nest, so one builder suffices.
import { opa_malloc, opa_free, realloc } from "../alloc";
import { allocString, strPtr } from "../values";

export const RUNE_ERROR: i32 = 0xFFFD;
export const MAX_RUNE: i32 = 0x10FFFF;

/** Set by decodeRune: the rune and its encoded width in bytes (>= 1). */
export let dRune: i32 = 0;
export let dLen: usize = 0;

/** Decode the rune at p (p < end), as Go does; sets dRune/dLen. */
export function decodeRune(p: usize, end: usize): void {
  let c0 = <i32>load<u8>(p);
  if (c0 < 0x80) { dRune = c0; dLen = 1; return; }
  let n = end - p;
  dRune = RUNE_ERROR;
  dLen = 1;
  if (c0 < 0xC2 || c0 > 0xF4 || n < 2) return;
  let c1 = <i32>load<u8>(p, 1);
  if (c0 < 0xE0) {
    if ((c1 & 0xC0) != 0x80) return;
    dRune = ((c0 & 0x1F) << 6) | (c1 & 0x3F);
    dLen = 2;
    return;
  }
  // Second-byte ranges exclude overlongs, surrogates and > U+10FFFF.
  let lo = 0x80, hi = 0xBF;
  if (c0 == 0xE0) lo = 0xA0;
  else if (c0 == 0xED) hi = 0x9F;
  else if (c0 == 0xF0) lo = 0x90;
  else if (c0 == 0xF4) hi = 0x8F;
  if (c1 < lo || c1 > hi || n < 3) return;
  let c2 = <i32>load<u8>(p, 2);
  if ((c2 & 0xC0) != 0x80) return;
  if (c0 < 0xF0) {
    dRune = ((c0 & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
    dLen = 3;
    return;
  }
  if (n < 4) return;
  let c3 = <i32>load<u8>(p, 3);
  if ((c3 & 0xC0) != 0x80) return;
  dRune = ((c0 & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F);
  dLen = 4;
}

/** Width of the UTF-8 sequence starting at p (1 for an invalid byte). */
export function runeWidthAt(p: usize, end: usize): usize {
  if (load<u8>(p) < 0x80) return 1;
  decodeRune(p, end);
  return dLen;
}

/** Encoded length of rune r (invalid runes encode as U+FFFD). */
export function runeLen(r: i32): usize {
  if (r < 0) return 3;
  if (r < 0x80) return 1;
  if (r < 0x800) return 2;
  if (r >= 0xD800 && r <= 0xDFFF) return 3;
  if (r < 0x10000) return 3;
  if (r <= MAX_RUNE) return 4;
  return 3;
}

/** Encode r at out (room for 4 bytes); returns the length. */
export function encodeRune(out: usize, r: i32): usize {
  if (r >= 0 && r < 0x80) { store<u8>(out, <u8>r); return 1; }
  if (r < 0 || r > MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF)) r = RUNE_ERROR;
  if (r < 0x800) {
    store<u8>(out, <u8>(0xC0 | (r >> 6)));
    store<u8>(out, <u8>(0x80 | (r & 0x3F)), 1);
    return 2;
  }
  if (r < 0x10000) {
    store<u8>(out, <u8>(0xE0 | (r >> 12)));
    store<u8>(out, <u8>(0x80 | ((r >> 6) & 0x3F)), 1);
    store<u8>(out, <u8>(0x80 | (r & 0x3F)), 2);
    return 3;
  }
  store<u8>(out, <u8>(0xF0 | (r >> 18)));
  store<u8>(out, <u8>(0x80 | ((r >> 12) & 0x3F)), 1);
  store<u8>(out, <u8>(0x80 | ((r >> 6) & 0x3F)), 2);
  store<u8>(out, <u8>(0x80 | (r & 0x3F)), 3);
  return 4;
}

/** Number of runes (utf8.RuneCount: each invalid byte counts as one). */
export function runeCount(p: usize, n: usize): usize {
  let end = p + n;
  let c: usize = 0;
  let i = p;
  while (i < end) {
    i += load<u8>(i) < 0x80 ? 1 : runeWidthAt(i, end);
    c++;
  }
  return c;
}

/** Byte offset of rune index k (clamped to n). */
export function runeOffset(p: usize, n: usize, k: usize): usize {
  let end = p + n;
  let i = p;
  while (k > 0 && i < end) {
    i += load<u8>(i) < 0x80 ? 1 : runeWidthAt(i, end);
    k--;
  }
  return i - p;
}

export function isAscii(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) >= 0x80) return false;
  return true;
}

/** First byte index of needle in haystack at or after `from`, or -1. */
export function indexBytes(h: usize, hn: usize, nd: usize, nn: usize, from: usize): isize {
  if (nn == 0) return from <= hn ? <isize>from : -1;
  if (nn > hn) return -1;
  let first = load<u8>(nd);
  let last = hn - nn;
  for (let i = from; i <= last; i++) {
    if (load<u8>(h + i) == first && memory.compare(h + i, nd, nn) == 0) return <isize>i;
  }
  return -1;
}

export function hasPrefix(p: usize, n: usize, q: usize, m: usize): bool {
  return m <= n && memory.compare(p, q, m) == 0;
}

export function hasSuffix(p: usize, n: usize, q: usize, m: usize): bool {
  return m <= n && memory.compare(p + n - m, q, m) == 0;
}

// ---- string builder --------------------------------------------------------

let sb: usize = 0;
let sbLen: usize = 0;
let sbCap: usize = 0;

export function sbStart(cap: usize): void {
  if (cap < 32) cap = 32;
  sb = opa_malloc(cap);
  sbCap = cap;
  sbLen = 0;
}

export function sbReserve(n: usize): void {
  if (sbLen + n <= sbCap) return;
  let c = sbCap << 1;
  if (c < sbLen + n + 32) c = sbLen + n + 32;
  sb = realloc(sb, c);
  sbCap = c;
}

export function sbByte(c: u32): void {
  if (sbLen >= sbCap) sbReserve(1);
  store<u8>(sb + sbLen++, <u8>c);
}

export function sbBytes(p: usize, n: usize): void {
  if (n == 0) return;
  sbReserve(n);
  memory.copy(sb + sbLen, p, n);
  sbLen += n;
}

export function sbFill(c: u32, n: isize): void {
  if (n <= 0) return;
  sbReserve(<usize>n);
  memory.fill(sb + sbLen, <u8>c, <usize>n);
  sbLen += <usize>n;
}

export function sbRune(r: i32): void {
  sbReserve(4);
  sbLen += encodeRune(sb + sbLen, r);
}

/** ASCII text of an AssemblyScript string literal (UTF-16 code units < 128). */
export function sbAscii(s: string): void {
  let n = s.length;
  let src = changetype<usize>(s);
  sbReserve(<usize>n);
  for (let i = 0; i < n; i++) store<u8>(sb + sbLen + <usize>i, <u8>load<u16>(src + (<usize>i << 1)));
  sbLen += <usize>n;
}

export function sbLength(): usize { return sbLen; }
/** Count n bytes already written into reserved capacity past the end. */
export function sbAdvance(n: usize): void { sbLen += n; }
/** Current buffer address (moves when the buffer grows). */
export function sbPtr(): usize { return sb; }
export function sbTruncate(n: usize): void { if (n < sbLen) sbLen = n; }

/** Insert n copies of c at offset `at` (shifting the tail right). */
export function sbInsertFill(at: usize, c: u32, n: isize): void {
  if (n <= 0) return;
  let k = <usize>n;
  sbReserve(k);
  memory.copy(sb + at + k, sb + at, sbLen - at);
  memory.fill(sb + at, <u8>c, k);
  sbLen += k;
}

/** Finish: a new string value holding the bytes; frees the scratch buffer. */
export function sbString(): usize {
  let v = allocString(sbLen);
  memory.copy(strPtr(v), sb, sbLen);
  sbDiscard();
  return v;
}

export function sbDiscard(): void {
  if (sb != 0) opa_free(sb);
  sb = 0;
  sbLen = 0;
  sbCap = 0;
}
