// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Go's quoting forms: strconv.Quote (%q, also for sprintf through a byte
// sink), and, for error messages (appended to the message being composed in
// ./errors), encoding/json's quoteChar, %#U and the time package's quote.
import { msgByte, msgBytes } from "./errors";
import { decodeAt, dRune, dLen, encodeRune, RUNE_ERROR, MAX_RUNE } from "./utf8";
import { categoryOf } from "./patterns-unicode";

const LOWER_HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
const UPPER_HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70]);

export function lowerHex(d: u32): u32 { return <u32>load<u8>(LOWER_HEX + <usize>(d & 15)); }
export function upperHex(d: u32): u32 { return <u32>load<u8>(UPPER_HEX + <usize>(d & 15)); }

/**
 * Go's strconv.IsPrint (= unicode.IsPrint): letters, marks, numbers,
 * punctuation, symbols and the ASCII space.
 */
export function isPrint(r: i32): bool {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r < 0xA1) return false; // C1 controls, NBSP
  if (r < 0x100) return r != 0xAD; // soft hyphen (Cf)
  if (r > MAX_RUNE) return false;
  let c = categoryOf(r);
  return c >= 4 && c <= 25; // L* M* N* P* S*; not C*, Z*, unassigned
}

const RUNE: usize = memory.data(8, 4);

/** Append rune r as UTF-8 (invalid runes as U+FFFD). */
export function msgRune(r: i32): void {
  msgBytes(RUNE, <usize>encodeRune(RUNE, r));
}

/** Where escaped text goes: the error message or a result string. */
export type ByteSink = (c: u32) => void;

function putHex(put: ByteSink, v: u32, digits: i32): void {
  for (let s = (digits - 1) * 4; s >= 0; s -= 4) put(lowerHex(v >> <u32>s));
}

/**
 * strconv's appendEscapedRune for quote character q (asciiOnly: as
 * QuoteToASCII does), one byte at a time into `put`.
 */
export function escapeRune(r: i32, q: i32, asciiOnly: bool, put: ByteSink): void {
  if (r == q || r == 92) { put(92); put(<u32>r); return; }
  if (isPrint(r) && (r < 0x80 || !asciiOnly)) {
    let n = encodeRune(RUNE, r);
    for (let i: usize = 0; i < n; i++) put(<u32>load<u8>(RUNE + i));
    return;
  }
  switch (r) {
    case 7: put(92); put(97); return;
    case 8: put(92); put(98); return;
    case 12: put(92); put(102); return;
    case 10: put(92); put(110); return;
    case 13: put(92); put(114); return;
    case 9: put(92); put(116); return;
    case 11: put(92); put(118); return;
  }
  if (r < 0x20 || r == 0x7F) { put(92); put(120); putHex(put, <u32>r, 2); return; }
  if (r < 0 || r > MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF)) r = RUNE_ERROR;
  if (r < 0x10000) { put(92); put(117); putHex(put, <u32>r, 4); return; }
  put(92); put(85); putHex(put, <u32>r, 8);
}

/** strconv.Quote (asciiOnly: QuoteToASCII) of the bytes p[0..n) (invalid bytes as \xNN). */
export function quoteBytes(p: usize, n: usize, asciiOnly: bool, put: ByteSink): void {
  put(34);
  let i: usize = 0;
  while (i < n) {
    let c = <u32>load<u8>(p + i);
    if (c >= 0x20 && c < 0x7F && c != 34 && c != 92) { put(c); i++; continue; }
    decodeAt(p, n, i);
    if (dLen == 1 && dRune == RUNE_ERROR) {
      put(92); put(120); putHex(put, c, 2);
      i++;
      continue;
    }
    escapeRune(dRune, 34, asciiOnly, put);
    i += dLen;
  }
  put(34);
}

/** Go's strconv.Quote of the bytes p[0..n) into the error message. */
export function msgGoQuote(p: usize, n: usize): void {
  quoteBytes(p, n, false, msgByte);
}

/** Go's encoding/json quoteChar(c): `'x'` with strconv.Quote escaping of rune(c). */
export function msgQuoteChar(c: u32): void {
  msgByte(39);
  if (c == 39) { msgByte(92); msgByte(39); }
  else if (c == 34) msgByte(34);
  else escapeRune(<i32>c, 34, false, msgByte);
  msgByte(39);
}

/** Go's %#U: `U+0067 'g'` (the quoted form only for printable runes). */
export function msgUnicode(r: u32): void {
  msgByte(85); msgByte(43);
  let digits: i32 = 4;
  while (digits < 8 && (r >> <u32>(digits * 4)) != 0) digits++;
  for (let s: i32 = (digits - 1) * 4; s >= 0; s -= 4) msgByte(upperHex(r >> <u32>s));
  if (isPrint(<i32>r)) { msgByte(32); msgByte(39); msgRune(<i32>r); msgByte(39); }
}

/** The time package's quote(): ASCII verbatim (escaping " and \), other bytes as \xNN. */
export function msgTimeQuote(p: usize, n: usize): void {
  msgByte(34);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c >= 0x80 || c < 0x20) { msgByte(92); msgByte(120); putHex(msgByte, c, 2); }
    else {
      if (c == 34 || c == 92) msgByte(92);
      msgByte(c);
    }
  }
  msgByte(34);
}
