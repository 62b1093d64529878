// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// sprintf's printer: the directive's flags, width and precision, the operand
// being printed (as the Go value OPA passes, see strings-fmt.ts) and the
// verbs of each operand kind, with Go's %!verb(type=value) errors. The
// directive parser in strings-fmt.ts sets the flags.
// %q uses strconv.IsPrint from quote.ts (Unicode general categories).
import { opa_malloc, opa_free } from "../alloc";
import { T_NUMBER, T_STRING, N_INT, N_FLOAT } from "../layout";
import { typeOf, numRepr, numInt, numFloat, refPtr, refLen, strPtr, strLen } from "../values";
import { numToF64 } from "../numbers";
import { decodeRune, dLen, runeCount, RUNE_ERROR, MAX_RUNE } from "./utf8";
import { sbByte, sbBytes, sbFill, sbRune, sbAscii, sbLength, sbPtr, sbTruncate, sbInsertFill } from "./builder";
import { isPrint, escapeRune } from "./quote";
import {
  LHEX, UHEX, NUMTXT, INTBUF, intDigits, appendFloat, appendDecimalInBase, integralDigits, integralLen,
} from "./strings-fmt-float";
import { appendQuoted, canBackquote, appendValueText } from "./strings-fmt-value";

// ---- printer state (set by the directive parser) ---------------------------------

export let wid: i32 = 0;
export let widP = false;
export let prec: i32 = 0;
export let precP = false;
export let fMinus = false;
export let fPlus = false;
export let fSharp = false;
export let fSpace = false;
export let fZero = false;
export let fPlusV = false;
export let fSharpV = false;

export function clearFlags(): void {
  wid = 0; prec = 0;
  widP = false; precP = false;
  fMinus = false; fPlus = false; fSharp = false; fSpace = false; fZero = false;
  fPlusV = false; fSharpV = false;
}

function writePadding(n: i32): void {
  if (n <= 0) return;
  sbFill(fZero && !fMinus ? 48 : 32, <isize>n);
}

/** Pad the text in [start, end of buffer) to the width (f.pad / padString). */
function padFrom(start: usize): void {
  if (!widP || wid == 0) return;
  let n = <i32>runeCount(sbPtr() + start, sbLength() - start);
  let w = wid - n;
  if (w <= 0) return;
  if (!fMinus) sbInsertFill(start, fZero && !fMinus ? 48 : 32, <isize>w);
  else writePadding(w);
}

function padNoZero(start: usize): void {
  let z = fZero;
  fZero = false;
  padFrom(start);
  fZero = z;
}

// ---- current argument ----------------------------------------------------------

const K_INT: i32 = 0;
const K_FLOAT: i32 = 1;
const K_STR: i32 = 2;
const K_BIG: i32 = 3;

let aKind: i32 = 0;
let aInt: i64 = 0;
let aFloat: f64 = 0;
let aPtr: usize = 0;  // string bytes, or big-integer decimal digits
let aLen: usize = 0;
let aNeg = false;     // big integers
let aOwned: usize = 0; // heap block backing aPtr, freed after printing

function hasFracOrExp(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 46 || c == 101 || c == 69) return true;
  }
  return false;
}

export function loadArg(v: usize): void {
  aOwned = 0;
  let t = typeOf(v);
  if (t == T_NUMBER) {
    let r = numRepr(v);
    if (r == N_INT) { aKind = K_INT; aInt = numInt(v); return; }
    if (r == N_FLOAT) {
      let f = numFloat(v);
      if (isFinite(f) && f == Math.trunc(f) && Math.abs(f) < 1e21) {
        // Integral beyond int64 and written without an exponent: a *big.Int
        // in OPA (whose integer arithmetic is exact; ours overflowed into a
        // float, whose exact binary value is the best guess). Larger ones
        // read as float64 literals (1e300).
        aOwned = integralDigits(f);
        aPtr = aOwned;
        aLen = integralLen;
        aNeg = f < 0;
        aKind = K_BIG;
        return;
      }
      aKind = K_FLOAT; aFloat = f;
      return;
    }
    let p = refPtr(v), n = refLen(v);
    if (hasFracOrExp(p, n)) {
      let f = numToF64(v);
      if (isFinite(f)) { aKind = K_FLOAT; aFloat = f; return; }
      aKind = K_STR; aPtr = p; aLen = n;
      return;
    }
    aKind = K_BIG;
    aNeg = load<u8>(p) == 45;
    aPtr = aNeg ? p + 1 : p;
    aLen = aNeg ? n - 1 : n;
    return;
  }
  aKind = K_STR;
  if (t == T_STRING) { aPtr = strPtr(v); aLen = strLen(v); return; }
  // Any other value: its Rego text, rendered at the end of the buffer and
  // moved to its own block.
  let start = sbLength();
  appendValueText(v);
  let n = sbLength() - start;
  aOwned = opa_malloc(n > 0 ? n : 1);
  memory.copy(aOwned, sbPtr() + start, n);
  sbTruncate(start);
  aPtr = aOwned;
  aLen = n;
}

export function releaseArg(): void {
  if (aOwned != 0) opa_free(aOwned);
  aOwned = 0;
}

export function typeName(): void {
  if (aKind == K_INT) sbAscii("int");
  else if (aKind == K_FLOAT) sbAscii("float64");
  else if (aKind == K_STR) sbAscii("string");
  else sbAscii("*big.Int");
}

// ---- verbs ----------------------------------------------------------------------

function badVerb(verb: i32): void {
  sbByte(37); sbByte(33); sbRune(verb); sbByte(40);
  typeName();
  sbByte(61);
  printLoaded(118, true);
  sbByte(41);
}

function fmtInteger(u: u64, base: u32, verb: i32, digits: usize): void {
  let negative = <i64>u < 0;
  if (negative) u = -u;
  let start = sbLength();
  let p = 0;
  if (precP) {
    p = prec;
    if (p == 0 && u == 0) {
      let z = fZero; fZero = false;
      writePadding(wid);
      fZero = z;
      return;
    }
  } else if (fZero && !fMinus && widP) {
    p = wid;
    if (negative || fPlus || fSpace) p--;
  }
  let i = intDigits(u, base, digits);
  let ndig = <i32>(<usize>80 - i);
  let zeros = p > ndig ? p - ndig : 0;
  let firstZero = zeros > 0 || load<u8>(INTBUF + i) == 48;
  if (negative) sbByte(45);
  else if (fPlus) sbByte(43);
  else if (fSpace) sbByte(32);
  if (verb == 79) { sbByte(48); sbByte(111); } // %O: 0o
  if (fSharp) {
    if (base == 2) { sbByte(48); sbByte(98); }
    else if (base == 8) { if (!firstZero) sbByte(48); }
    else if (base == 16) { sbByte(48); sbByte(load<u8>(digits + 16)); }
  }
  sbFill(48, <isize>zeros);
  sbBytes(INTBUF + i, 80 - i);
  padNoZero(start);
}

function fmtUnicode(u: u64): void {
  let start = sbLength();
  let p = 4;
  if (precP && prec > 4) p = prec;
  sbByte(85); sbByte(43);
  let i: usize = 80;
  let x = u;
  do { i--; store<u8>(INTBUF + i, load<u8>(UHEX + <usize>(x & 15))); x >>= 4; } while (x != 0);
  sbFill(48, <isize>(p - <i32>(<usize>80 - i)));
  sbBytes(INTBUF + i, 80 - i);
  if (fSharp && u <= <u64>MAX_RUNE && isPrint(<i32>u)) {
    sbByte(32); sbByte(39); sbRune(<i32>u); sbByte(39);
  }
  padNoZero(start);
}

function fmtIntVerb(v: i64, verb: i32): void {
  let u = <u64>v;
  switch (verb) {
    case 118: case 100: fmtInteger(u, 10, verb, LHEX); return; // v d
    case 98: fmtInteger(u, 2, verb, LHEX); return;              // b
    case 111: case 79: fmtInteger(u, 8, verb, LHEX); return;    // o O
    case 120: fmtInteger(u, 16, verb, LHEX); return;            // x
    case 88: fmtInteger(u, 16, verb, UHEX); return;             // X
    case 99: {                                                  // c
      let start = sbLength();
      sbRune(u > <u64>MAX_RUNE ? RUNE_ERROR : <i32>u);
      padFrom(start);
      return;
    }
    case 113: {                                                 // q
      if (u > <u64>MAX_RUNE) break;
      let start = sbLength();
      let r = <i32>u;
      if (r >= 0xD800 && r <= 0xDFFF) r = RUNE_ERROR;
      sbByte(39);
      escapeRune(r, 39, fPlus, sbByte);
      sbByte(39);
      padFrom(start);
      return;
    }
    case 85: fmtUnicode(u); return;                             // U
  }
  badVerb(verb);
}

function fmtFloat(v: f64, verb: u32, p: i32): void {
  if (precP) p = prec;
  let start = sbLength();
  appendFloat(v, verb, p);
  let buf = sbPtr();
  let sign: u32 = 43;
  let c0 = load<u8>(buf + start);
  if (c0 == 45 || c0 == 43) {
    sign = c0;
    memory.copy(buf + start, buf + start + 1, sbLength() - start - 1);
    sbTruncate(sbLength() - 1);
  }
  if (fSpace && sign == 43 && !fPlus) sign = 32;
  let b0 = load<u8>(sbPtr() + start);
  if (b0 == 73 || b0 == 78) { // Inf, NaN
    if (!(b0 == 78 && !fSpace && !fPlus)) sbInsertFill(start, sign, 1);
    padNoZero(start);
    return;
  }
  if (fSharp && verb != 98) {
    let digits = 0;
    if (verb == 118 || verb == 103 || verb == 71 || verb == 120) {
      digits = p;
      if (digits == -1) digits = 6;
    }
    // Split off an exponent tail (e+dd / p-dd).
    let end = sbLength();
    let tail = end;
    let hasDot = false;
    let sawNonzero = false;
    let bp = sbPtr();
    for (let i = start; i < end; i++) {
      let c = load<u8>(bp + i);
      if (c == 46) { hasDot = true; continue; }
      if (c == 112 || c == 80) { tail = i; break; }
      if ((c == 101 || c == 69) && verb != 120 && verb != 88) { tail = i; break; }
      if (c != 48) sawNonzero = true;
      if (sawNonzero) digits--;
    }
    let tailLen = end - tail;
    let saved = NUMTXT; // tails are at most 6 bytes
    memory.copy(saved, bp + tail, tailLen);
    sbTruncate(tail);
    if (!hasDot) {
      if (tail - start == 1 && load<u8>(sbPtr() + start) == 48) digits--;
      sbByte(46);
    }
    if (digits > 0) sbFill(48, <isize>digits);
    sbBytes(saved, tailLen);
  }
  if (fPlus || sign != 43) {
    let len = <i32>(sbLength() - start) + 1;
    if (fZero && !fMinus && widP && wid > len) {
      sbInsertFill(start, 48, <isize>(wid - len));
      sbInsertFill(start, sign, 1);
      return;
    }
    sbInsertFill(start, sign, 1);
    padFrom(start);
    return;
  }
  padFrom(start);
}

function fmtFloatVerb(v: f64, verb: i32): void {
  switch (verb) {
    case 118: fmtFloat(v, 103, -1); return;                       // v -> g
    case 98: case 103: case 71: case 120: case 88: fmtFloat(v, <u32>verb, -1); return;
    case 102: case 101: case 69: fmtFloat(v, <u32>verb, 6); return;
    case 70: fmtFloat(v, 102, 6); return;                          // F -> f
  }
  badVerb(verb);
}

/** Precision truncates to that many runes. */
function truncLen(p: usize, n: usize): usize {
  if (!precP) return n;
  let end = p + n;
  let i = p;
  let k = prec;
  while (i < end) {
    if (k == 0) return i - p;
    k--;
    if (load<u8>(i) < 0x80) i++;
    else { decodeRune(i, end); i += dLen; }
  }
  return n;
}

function fmtS(p: usize, n: usize): void {
  let start = sbLength();
  sbBytes(p, truncLen(p, n));
  padFrom(start);
}

function fmtQ(p: usize, n: usize): void {
  n = truncLen(p, n);
  let start = sbLength();
  if (fSharp && canBackquote(p, n)) {
    sbByte(96); sbBytes(p, n); sbByte(96);
  } else {
    appendQuoted(p, n, fPlus);
  }
  padFrom(start);
}

function fmtSbx(p: usize, n: usize, digits: usize): void {
  let length = <i32>n;
  if (precP && prec < length) length = prec;
  let width = 2 * length;
  if (width > 0) {
    if (fSpace) {
      if (fSharp) width *= 2;
      width += length - 1;
    } else if (fSharp) width += 2;
  } else {
    if (widP) writePadding(wid);
    return;
  }
  if (widP && wid > width && !fMinus) writePadding(wid - width);
  if (fSharp) { sbByte(48); sbByte(load<u8>(digits + 16)); }
  for (let i = 0; i < length; i++) {
    if (fSpace && i > 0) {
      sbByte(32);
      if (fSharp) { sbByte(48); sbByte(load<u8>(digits + 16)); }
    }
    let c = load<u8>(p + <usize>i);
    sbByte(load<u8>(digits + <usize>(c >> 4)));
    sbByte(load<u8>(digits + <usize>(c & 15)));
  }
  if (widP && wid > width && fMinus) writePadding(wid - width);
}

function fmtStringVerb(verb: i32): void {
  switch (verb) {
    case 118: if (fSharpV) fmtQ(aPtr, aLen); else fmtS(aPtr, aLen); return;
    case 115: fmtS(aPtr, aLen); return;
    case 120: fmtSbx(aPtr, aLen, LHEX); return;
    case 88: fmtSbx(aPtr, aLen, UHEX); return;
    case 113: fmtQ(aPtr, aLen); return;
  }
  badVerb(verb);
}

/** (*big.Int).Format */
function fmtBig(verb: i32): void {
  let base: u32 = 0;
  if (verb == 98) base = 2;
  else if (verb == 111 || verb == 79) base = 8;
  else if (verb == 100 || verb == 115 || verb == 118) base = 10;
  else if (verb == 120 || verb == 88) base = 16;
  if (base == 0) {
    sbByte(37); sbByte(33); sbRune(verb);
    sbAscii("(big.Int=");
    if (aNeg) sbByte(45);
    sbBytes(aPtr, aLen);
    sbByte(41);
    return;
  }
  let sign: u32 = 0;
  if (aNeg) sign = 45;
  else if (fPlus || fPlusV) sign = 43;
  else if (fSpace) sign = 32;
  // digits first, at the end of the buffer, then assembled around them
  let dstart = sbLength();
  appendDecimalInBase(aPtr, aLen, base, verb == 88);
  let ndig = <i32>(sbLength() - dstart);
  let sharp = fSharp || fSharpV;
  let prefixLen = 0;
  let pre0: u32 = 0, pre1: u32 = 0;
  if (verb == 79) { pre0 = 48; pre1 = 111; prefixLen = 2; }
  else if (sharp) {
    if (verb == 98) { pre0 = 48; pre1 = 98; prefixLen = 2; }
    else if (verb == 111) { pre0 = 48; prefixLen = 1; }
    else if (verb == 120) { pre0 = 48; pre1 = 120; prefixLen = 2; }
    else if (verb == 88) { pre0 = 48; pre1 = 88; prefixLen = 2; }
  }
  let zeros = 0, left = 0, right = 0;
  if (precP) {
    if (ndig < prec) zeros = prec - ndig;
    else if (ndig == 1 && load<u8>(sbPtr() + dstart) == 48 && prec == 0) { sbTruncate(dstart); return; }
  }
  let length = (sign != 0 ? 1 : 0) + prefixLen + zeros + ndig;
  if (widP && length < wid) {
    let d = wid - length;
    if (fMinus) right = d;
    else if (fZero && !precP) zeros = d;
    else left = d;
  }
  // [left][sign][prefix][zeros] go before the digits
  let headLen = left + (sign != 0 ? 1 : 0) + prefixLen + zeros;
  sbInsertFill(dstart, 48, <isize>headLen);
  let h = sbPtr() + dstart;
  let k = 0;
  for (; k < left; k++) store<u8>(h + <usize>k, 32);
  if (sign != 0) { store<u8>(h + <usize>k, <u8>sign); k++; }
  if (prefixLen > 0) { store<u8>(h + <usize>k, <u8>pre0); k++; }
  if (prefixLen > 1) { store<u8>(h + <usize>k, <u8>pre1); k++; }
  sbFill(32, <isize>right);
}

/** printArg for the loaded argument (erroring: inside badVerb). */
export function printLoaded(verb: i32, erroring: bool): void {
  if (verb == 84) { // %T
    let start = sbLength();
    typeName();
    let n = sbLength() - start;
    let keep = truncLen(sbPtr() + start, n);
    sbTruncate(start + keep);
    padFrom(start);
    return;
  }
  if (verb == 112 && !erroring) { badVerb(verb); return; } // %p: no pointers here
  if (aKind == K_INT) fmtIntVerb(aInt, verb);
  else if (aKind == K_FLOAT) fmtFloatVerb(aFloat, verb);
  else if (aKind == K_STR) fmtStringVerb(verb);
  else fmtBig(verb);
}

export function printArg(v: usize, verb: i32): void {
  loadArg(v);
  printLoaded(verb, false);
  releaseArg();
}
