// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// trim, trim_left, trim_right, trim_space: Go's strings.Trim* on runes. The
// cutset is a set of runes; trim_space trims Unicode white space.
import { T_STRING } from "../layout";
import { typeOf, newString, strPtr, strLen } from "../values";
import { typeError } from "./errors";
import { decodeRune, dRune, dLen, RUNE_ERROR } from "./utf8";
import { isSpaceRune } from "./strings-case";

// ---- trim --------------------------------------------------------------------------------------

// decodeLastRune results
let lRune: i32 = 0;
let lLen: usize = 0;

/** Go's utf8.DecodeLastRune on p[0..n) (n > 0): sets lRune/lLen. */
function decodeLastRune(p: usize, n: usize): void {
  let end = p + n;
  let c = load<u8>(end - 1);
  if (c < 0x80) { lRune = <i32>c; lLen = 1; return; }
  let lim = n > 4 ? end - 4 : p;
  let start = end - 1;
  while (start > lim) {
    start--;
    if ((load<u8>(start) & 0xC0) != 0x80) break;
  }
  decodeRune(start, end);
  if (start + dLen != end) { lRune = RUNE_ERROR; lLen = 1; return; }
  lRune = dRune;
  lLen = dLen;
}

function inCutset(r: i32, cp: usize, cn: usize): bool {
  let end = cp + cn;
  let i = cp;
  while (i < end) {
    let c = <i32>load<u8>(i);
    if (c < 0x80) {
      if (c == r) return true;
      i++;
      continue;
    }
    decodeRune(i, end);
    if (dRune == r) return true;
    i += dLen;
  }
  return false;
}

// trim mode bits
const LEFT: i32 = 1;
const RIGHT: i32 = 2;
const SPACE: i32 = 4;

function trimRunes(name: string, s: usize, cut: usize, mode: i32): usize {
  if (typeOf(s) != T_STRING) return typeError(name, 1, "string", s);
  let cp: usize = 0, cn: usize = 0;
  if ((mode & SPACE) == 0) {
    if (typeOf(cut) != T_STRING) return typeError(name, 2, "string", cut);
    cp = strPtr(cut); cn = strLen(cut);
    if (cn == 0) return s;
  }
  let p = strPtr(s), n = strLen(s);
  let a = p, b = p + n;
  if ((mode & LEFT) != 0) {
    while (a < b) {
      let r: i32, w: usize;
      if (load<u8>(a) < 0x80) { r = <i32>load<u8>(a); w = 1; }
      else { decodeRune(a, b); r = dRune; w = dLen; }
      let hit = (mode & SPACE) != 0 ? isSpaceRune(r) : inCutset(r, cp, cn);
      if (!hit) break;
      a += w;
    }
  }
  if ((mode & RIGHT) != 0) {
    while (b > a) {
      decodeLastRune(a, b - a);
      let r = lRune, w = lLen;
      let hit = (mode & SPACE) != 0 ? isSpaceRune(r) : inCutset(r, cp, cn);
      if (!hit) break;
      b -= w;
    }
  }
  if (a == p && b == p + n) return s;
  return newString(a, b - a);
}

export function builtin_trim(s: usize, c: usize): usize { return trimRunes("trim", s, c, LEFT | RIGHT); }
export function builtin_trim_left(s: usize, c: usize): usize { return trimRunes("trim_left", s, c, LEFT); }
export function builtin_trim_right(s: usize, c: usize): usize { return trimRunes("trim_right", s, c, RIGHT); }
export function builtin_trim_space(s: usize): usize { return trimRunes("trim_space", s, 0, LEFT | RIGHT | SPACE); }
