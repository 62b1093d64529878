// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// UTF-8 with Go's rules, shared by every builtin family: an invalid or
// truncated sequence, an overlong form or a surrogate decodes as U+FFFD of
// width 1 (as `for range` and utf8.DecodeRuneInString do); invalid runes
// encode as U+FFFD. Decoders report through the globals `dRune` / `dLen`.

export const RUNE_ERROR: i32 = 0xFFFD;
export const MAX_RUNE: i32 = 0x10FFFF;
/** dRune at the end of the text (decodeAt / decodeBefore), with dLen 0. */
export const EOT: i32 = -1;

/** Set by the decoders: the rune and its encoded width in bytes (0 only at EOT). */
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

/** Decode the rune starting at byte i of p[0..n); EOT past the end. */
export function decodeAt(p: usize, n: usize, i: usize): void {
  if (i >= n) { dRune = EOT; dLen = 0; return; }
  decodeRune(p + i, p + n);
}

/** Decode the rune ending at byte i (Go's DecodeLastRuneInString of p[0..i)). */
export function decodeBefore(p: usize, i: usize): void {
  if (i == 0) { dRune = EOT; dLen = 0; return; }
  let b = load<u8>(p + i - 1);
  if (b < 0x80) { dRune = <i32>b; dLen = 1; return; }
  // Back up over at most 3 continuation bytes to a possible start byte.
  let lim: usize = i >= 4 ? i - 4 : 0;
  let start = i - 1;
  while (start > lim && (load<u8>(p + start) & 0xC0) == 0x80) start--;
  decodeAt(p, i, start);
  if (start + dLen != i) { dRune = RUNE_ERROR; dLen = 1; }
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
