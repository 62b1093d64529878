// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Character classes and escapes of the regex parser: [...] classes with
// [:posix:] names, \pN / \p{Name} Unicode classes, \d \s \w, and escape
// sequences (octal, \x, \x{...}, \a\f\n\r\t\v, punctuation), folded
// under (?i) as Go's regexp/syntax does.
import { decodeAt, dRune, dLen, MAX_RUNE } from "./utf8";
import { bufLen, bufSetLen } from "./patterns-buf";
import { appendUnicodeTable } from "./patterns-unicode";
import {
  CLS, ERR_INVALID_CHAR_RANGE, ERR_INVALID_ESCAPE, ERR_INVALID_UTF8, ERR_MISSING_BRACKET, ERR_TRAILING_BACKSLASH,
  F_CLASSNL, F_FOLD, F_PERLX, F_UNICODE, G_DIGIT, G_SPACE, G_WORD, POSIX_INDEX, POSIX_NAMES, TMP, addTmp, clsAdd,
  clsAddFolded, clsAddFoldedOnly, clsClean, clsCount, clsHi, clsLo, clsNode, posixCount, posixGroup,
} from "./patterns-regex-tree";
import { P, N, T, flags, fail, at, isAlnum, badUTF8, push } from "./patterns-regex-state";

/** Append a group (n ranges at g) to CLS, folded under (?i), negated if sign < 0. */
function addGroup(g: usize, n: i32, sign: i32): void {
  bufSetLen(TMP, 0);
  for (let k = 0; k < n; k++) {
    let lo = load<i32>(g + (<usize>k << 3)), hi = load<i32>(g + (<usize>k << 3), 4);
    if ((flags & F_FOLD) != 0) clsAddFolded(TMP, lo, hi);
    else clsAdd(TMP, lo, hi);
  }
  clsClean(TMP);
  addTmp(sign);
}

/** \d \s \w (and negations) at T: appended to CLS; false if none. */
export function perlClassEscape(): bool {
  if ((flags & F_PERLX) == 0 || at(T) != 92) return false;
  let c = at(T + 1);
  let sign = 1;
  let g: usize = 0, n = 0;
  if (c == 68 || c == 83 || c == 87) { sign = -1; c += 32; }
  if (c == 100) { g = G_DIGIT; n = 1; }
  else if (c == 115) { g = G_SPACE; n = 3; }
  else if (c == 119) { g = G_WORD; n = 4; }
  else return false;
  addGroup(g, n, sign);
  T += 2;
  return true;
}

/** [:alpha:] etc. at T. Returns 1 if parsed, 0 if not a named class, -1 on error. */
function namedClass(): i32 {
  // T points at "[:" and N - T > 2.
  let i = T + 2;
  let end: isize = -1;
  while (i + 1 < N) {
    if (load<u8>(P + i) == 58 && load<u8>(P + i + 1) == 93) { end = <isize>i; break; }
    i++;
  }
  if (end < 0) return 0;
  let nameEnd = <usize>end + 2; // after ":]"
  let s = T + 2;
  let sign = 1;
  if (at(s) == 94) { sign = -1; s++; }
  let len = <usize>end - s;
  for (let k = 0; k < 14; k++) {
    let off = <usize>load<u8>(POSIX_INDEX + (<usize>k << 1));
    let nl = <usize>load<u8>(POSIX_INDEX + (<usize>k << 1) + 1);
    if (nl != len) continue;
    if (memory.compare(P + s, POSIX_NAMES + off, len) != 0) continue;
    addGroup(posixGroup(k), posixCount(k), sign);
    T = nameEnd;
    return 1;
  }
  fail(ERR_INVALID_CHAR_RANGE, T, nameEnd - T);
  return -1;
}

/** \pN, \p{Name}, \PN, \P{^Name} at T: appended to CLS. false on error. */
export function unicodeClass(): bool {
  let s = T;
  let sign = at(s + 1) == 80 ? -1 : 1;
  let u = s + 2;
  decodeAt(P, N, u);
  if (dRune == 0xFFFD && dLen == 1) return fail(ERR_INVALID_UTF8, u, N - u);
  let seqEnd: usize, nameStart: usize, nameEnd: usize;
  if (dRune != 123) {
    seqEnd = u + <usize>dLen;
    nameStart = u;
    nameEnd = seqEnd;
  } else {
    let end: isize = -1;
    for (let i = s; i < N; i++) if (load<u8>(P + i) == 125) { end = <isize>i; break; }
    if (end < 0) {
      let bad = badUTF8(s, N);
      if (bad >= 0) return fail(ERR_INVALID_UTF8, <usize>bad, N - <usize>bad);
      return fail(ERR_INVALID_CHAR_RANGE, s, N - s);
    }
    seqEnd = <usize>end + 1;
    nameStart = s + 3;
    nameEnd = <usize>end;
    let bad = badUTF8(nameStart, nameEnd);
    if (bad >= 0) return fail(ERR_INVALID_UTF8, <usize>bad, nameEnd - <usize>bad);
  }
  if (nameStart < nameEnd && load<u8>(P + nameStart) == 94) { sign = -sign; nameStart++; }
  bufSetLen(TMP, 0);
  let tsign = appendUnicodeTable(TMP, P + nameStart, nameEnd - nameStart);
  if (tsign == 0) return fail(ERR_INVALID_CHAR_RANGE, s, seqEnd - s);
  if (tsign < 0) sign = -sign;
  if ((flags & F_FOLD) != 0) {
    // Fold the table (Go merges the table with its fold-equivalents).
    let n = clsCount(TMP);
    let mark = bufLen(TMP);
    for (let k: u32 = 0; k < n; k++) {
      let lo = clsLo(TMP, k), hi = clsHi(TMP, k);
      // Orbits only; the ranges themselves are already present.
      clsAddFoldedOnly(TMP, lo, hi);
    }
    if (bufLen(TMP) != mark) clsClean(TMP);
  } else {
    clsClean(TMP);
  }
  addTmp(sign);
  T = seqEnd;
  return true;
}

function unhex(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// ---- escapes ------------------------------------------------------------------

export let escRune: i32 = 0;

/** An escape sequence at T (a backslash): the rune in escRune. */
export function parseEscape(): bool {
  let s = T;
  T++;
  if (T >= N) return fail(ERR_TRAILING_BACKSLASH, 0, 0);
  decodeAt(P, N, T);
  if (dRune == 0xFFFD && dLen == 1) return fail(ERR_INVALID_UTF8, T, N - T);
  let c = dRune;
  T += <usize>dLen;
  if (c >= 49 && c <= 55) {
    // \1-\7: a backreference unless followed by an octal digit.
    let d = at(T);
    if (d < 48 || d > 55) return fail(ERR_INVALID_ESCAPE, s, T - s);
  }
  if (c >= 48 && c <= 55) {
    let r = c - 48;
    for (let i = 1; i < 3; i++) {
      let d = at(T);
      if (d < 48 || d > 55) break;
      r = r * 8 + d - 48;
      T++;
    }
    escRune = r;
    return true;
  }
  if (c == 120) { // x
    if (T >= N) return fail(ERR_INVALID_ESCAPE, s, T - s);
    decodeAt(P, N, T);
    if (dRune == 0xFFFD && dLen == 1) return fail(ERR_INVALID_UTF8, T, N - T);
    c = dRune;
    T += <usize>dLen;
    if (c == 123) {
      let nhex = 0;
      let r = 0;
      while (true) {
        if (T >= N) return fail(ERR_INVALID_ESCAPE, s, T - s);
        decodeAt(P, N, T);
        if (dRune == 0xFFFD && dLen == 1) return fail(ERR_INVALID_UTF8, T, N - T);
        c = dRune;
        T += <usize>dLen;
        if (c == 125) break;
        let v = unhex(c);
        if (v < 0) return fail(ERR_INVALID_ESCAPE, s, T - s);
        r = r * 16 + v;
        if (r > MAX_RUNE) return fail(ERR_INVALID_ESCAPE, s, T - s);
        nhex++;
      }
      if (nhex == 0) return fail(ERR_INVALID_ESCAPE, s, T - s);
      escRune = r;
      return true;
    }
    let x = unhex(c);
    decodeAt(P, N, T);
    if (dRune == 0xFFFD && dLen == 1) return fail(ERR_INVALID_UTF8, T, N - T);
    c = dRune;
    T += <usize>dLen;
    let y = unhex(c);
    if (x < 0 || y < 0) return fail(ERR_INVALID_ESCAPE, s, T - s);
    escRune = x * 16 + y;
    return true;
  }
  switch (c) {
    case 97: escRune = 7; return true;   // \a
    case 102: escRune = 12; return true; // \f
    case 110: escRune = 10; return true; // \n
    case 114: escRune = 13; return true; // \r
    case 116: escRune = 9; return true;  // \t
    case 118: escRune = 11; return true; // \v
  }
  if (c < 0x80 && !isAlnum(c)) { escRune = c; return true; }
  return fail(ERR_INVALID_ESCAPE, s, T - s);
}

/** One class character at T (escape or rune); missing → missing ]. */
function parseClassChar(wholeStart: usize): bool {
  if (T >= N) return fail(ERR_MISSING_BRACKET, wholeStart, N - wholeStart);
  if (load<u8>(P + T) == 92) return parseEscape();
  decodeAt(P, N, T);
  if (dRune == 0xFFFD && dLen == 1) return fail(ERR_INVALID_UTF8, T, N - T);
  escRune = dRune;
  T += <usize>dLen;
  return true;
}

/** A bracketed class at T ('['). */
export function parseClass(): bool {
  let s = T;
  T++;
  bufSetLen(CLS, 0);
  let sign = 1;
  if (at(T) == 94) {
    sign = -1;
    T++;
    if ((flags & F_CLASSNL) == 0) clsAdd(CLS, 10, 10);
  }
  let first = true;
  while (T >= N || load<u8>(P + T) != 93 || first) {
    first = false;
    if (N - T > 2 && load<u8>(P + T) == 91 && load<u8>(P + T + 1) == 58) {
      let r = namedClass();
      if (r < 0) return false;
      if (r > 0) continue;
    }
    if (N - T >= 2 && load<u8>(P + T) == 92 && (load<u8>(P + T + 1) == 112 || load<u8>(P + T + 1) == 80) && (flags & F_UNICODE) != 0) {
      if (!unicodeClass()) return false;
      continue;
    }
    if (perlClassEscape()) continue;
    let rng = T;
    if (!parseClassChar(s)) return false;
    let lo = escRune, hi = escRune;
    if (N - T >= 2 && load<u8>(P + T) == 45 && load<u8>(P + T + 1) != 93) {
      T++;
      if (!parseClassChar(s)) return false;
      hi = escRune;
      if (hi < lo) return fail(ERR_INVALID_CHAR_RANGE, rng, T - rng);
    }
    if ((flags & F_FOLD) != 0) clsAddFolded(CLS, lo, hi);
    else clsAdd(CLS, lo, hi);
  }
  T++; // ']'
  return push(clsNode(sign < 0));
}

