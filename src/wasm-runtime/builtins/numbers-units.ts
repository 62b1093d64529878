// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// units.parse and units.parse_bytes: OPA's unit suffixes (SI, binary "Ki",
// milli "m") applied exactly to big decimal amounts; see numbers.ts for where
// this differs from OPA's float rounding.
import { opa_malloc, opa_free } from "../alloc";
import { typeOf, newInt, strPtr, strLen } from "../values";
import { T_STRING } from "../layout";
import { numberFromText } from "../numbers";
import { typeError, msgStart, msgText, msgByte, msgBytes, msgBuiltinError } from "./errors";
import {
  bigFromU64, bigFree, bigIsZero, bigMul, bigToValue, bigBitLen, bigFromAscii, bigDigits, bigLen, bigCopy,
  bigRound64, bigMulSmallAdd, setNeg,
} from "./numbers-big";

// ---- units.parse, units.parse_bytes ------------------------------------------

function lower(c: u32): u32 { return c | 32; }
function isDigitC(c: u32): bool { return c - 48 < 10; }

// Working copy of the input without quotes (and lower-cased for bytes).
let uBuf: usize = 0;
let uLen: usize = 0;
let numEnd: usize = 0; // end of the number part within uBuf

/** OPA's extractNumAndUnit over uBuf: false when an exponent has more than 6 digits. */
function extractNumAndUnit(): bool {
  let s = uBuf, n = uLen;
  numEnd = n;
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(s + i);
    let isNum = isDigitC(c) || c == 46;
    if (!isNum && c != 101 && c != 69 && c != 43 && c != 45) { numEnd = i; break; }
    if (c == 101 || c == 69) {
      if (i == n - 1) { numEnd = i; break; }
      let nx = <u32>load<u8>(s + i + 1);
      if (!isDigitC(nx) && nx != 43 && nx != 45) { numEnd = i; break; }
      if (nx == 43 || nx == 45) i++;
      let es = i + 1, ee = es;
      while (ee < n && isDigitC(load<u8>(s + ee))) ee++;
      if (ee - es > 6) return false;
    }
  }
  return true;
}

// Parsed amount (big.Rat / big.Float SetString syntax): digits D, scale S, sign.
let amtDigits: usize = 0; // heap buffer of ASCII digits (leading zeros dropped)
let amtCount: i32 = 0;
let amtScale: i32 = 0;
let amtNeg = false;

/** [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? over uBuf[0..numEnd). */
function parseAmount(): bool {
  let s = uBuf, n = numEnd;
  let i: usize = 0;
  amtNeg = false;
  if (i < n && (load<u8>(s) == 43 || load<u8>(s) == 45)) { amtNeg = load<u8>(s) == 45; i++; }
  amtDigits = opa_malloc(n + 1);
  amtCount = 0;
  let frac: i32 = 0;
  let sawDot = false, sawDigit = false;
  for (; i < n; i++) {
    let c = <u32>load<u8>(s + i);
    if (c == 46) { if (sawDot) return false; sawDot = true; continue; }
    if (!isDigitC(c)) break;
    sawDigit = true;
    if (sawDot) frac++;
    if (amtCount == 0 && c == 48) continue;
    store<u8>(amtDigits + <usize>amtCount, <u8>c);
    amtCount++;
  }
  if (!sawDigit) return false;
  let exp: i32 = 0;
  if (i < n && lower(load<u8>(s + i)) == 101) {
    i++;
    let esign = 1;
    if (i < n && (load<u8>(s + i) == 43 || load<u8>(s + i) == 45)) { esign = load<u8>(s + i) == 45 ? -1 : 1; i++; }
    if (i >= n || !isDigitC(load<u8>(s + i))) return false;
    for (; i < n && isDigitC(load<u8>(s + i)); i++) exp = exp * 10 + <i32>(load<u8>(s + i) - 48);
    exp *= esign;
  }
  if (i != n) return false;
  amtScale = exp - frac;
  return true;
}

/** Unit multiplier: returns a big integer and sets unitMilli for "m" in units.parse. */
let unitMilli = false;

function unitIs(p: usize, n: usize, s: string): bool {
  if (<i32>n != s.length) return false;
  let src = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(p + i) != <u32>load<u16>(src + (i << 1))) return false;
  return true;
}

/** Multiplier for a unit, 0 when unknown. Binary units are powers of 1024. */
function multiplier(u: usize, n: usize, bytes: bool): u64 {
  unitMilli = false;
  if (n == 0) return 1;
  if (bytes) {
    let c = <u32>load<u8>(u);
    let pow = c == 107 ? 1 : c == 109 ? 2 : c == 103 ? 3 : c == 116 ? 4 : c == 112 ? 5 : c == 101 ? 6 : 0;
    if (pow == 0) return 0;
    let rest = u + 1, rn = n - 1;
    if (rn == 0 || unitIs(rest, rn, "b")) return pow10(pow * 3);
    if (unitIs(rest, rn, "i") || unitIs(rest, rn, "ib")) return <u64>1 << <u64>(10 * pow);
    return 0;
  }
  // units.parse: first letter keeps its case, the rest is lower-cased
  let c = <u32>load<u8>(u);
  if (n == 1 && c == 109) { unitMilli = true; return 1; } // "m": milli
  let lc = c | 32;
  let pow = lc == 107 ? 1 : lc == 109 ? 2 : lc == 103 ? 3 : lc == 116 ? 4 : lc == 112 ? 5 : lc == 101 ? 6 : 0;
  if (pow == 0) return 0;
  if (n == 1) return (c == 109) ? 0 : pow10(pow * 3); // "M" mega (lower "m" handled above)
  if (n == 2 && (load<u8>(u + 1) | 32) == 105) return <u64>1 << <u64>(10 * pow);
  return 0;
}

function pow10(k: i32): u64 { let r: u64 = 1; for (let i = 0; i < k; i++) r *= 10; return r; }

/** Copy s without '"' (and ASCII-lowercased when `lowerAll`) into uBuf. */
function prepare(s: usize, lowerAll: bool): void {
  let n = strLen(s), p = strPtr(s);
  uBuf = opa_malloc(n + 1);
  uLen = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 34) continue;
    if (lowerAll && c - 65 < 26) c += 32;
    store<u8>(uBuf + uLen++, c);
  }
}

function hasSpace(): bool {
  for (let i: usize = 0; i < uLen; i++) if (load<u8>(uBuf + i) == 32) return true;
  return false;
}

function unitsError(name: string, msg: string): usize {
  msgStart();
  msgText(msg);
  return msgBuiltinError(name);
}

function unitsDone(): void {
  if (uBuf != 0) opa_free(uBuf);
  if (amtDigits != 0) opa_free(amtDigits);
  uBuf = 0;
  amtDigits = 0;
}

// 0.001 as a double is exactly 4611686018427388 / 2^62; OPA multiplies by it.
const MILLI_NUM: u64 = 4611686018427388;

/** Decimal text of N * 10^scale, rounded to 10 places unless integral (big.Rat.FloatString(10)). */
function ratText(N: usize, scale: i32, neg: bool): usize {
  let cap = <usize>bigLen(N) * 10 + 2;
  let dig = opa_malloc(cap);
  let nd = <i32>bigDigits(N, dig);
  let zero = bigIsZero(N);
  let v: usize;
  if (scale >= 0 || zero) {
    let out = opa_malloc(<usize>nd + (scale > 0 ? <usize>scale : 0) + 2);
    let o: usize = 0;
    if (neg && !zero) store<u8>(out + o++, 45);
    memory.copy(out + o, dig, <usize>nd);
    o += <usize>nd;
    if (!zero) for (let k = 0; k < scale; k++) store<u8>(out + o++, 48);
    v = numberFromText(out, o);
    opa_free(out);
  } else {
    let fd = -scale; // digits after the point
    // integral iff the last fd digits are zeros
    let integral = true;
    for (let k = 0; k < fd && k < nd; k++) if (load<u8>(dig + <usize>(nd - 1 - k)) != 48) { integral = false; break; }
    let intLen = nd - fd; // may be <= 0
    let out = opa_malloc((intLen > 0 ? <usize>intLen : 1) + 16);
    let o: usize = 0;
    if (neg) store<u8>(out + o++, 45);
    store<u8>(out + o++, 48); // carry room
    let is = o;
    if (intLen > 0) { memory.copy(out + o, dig, <usize>intLen); o += <usize>intLen; }
    else store<u8>(out + o++, 48);
    if (!integral) {
      store<u8>(out + o++, 46);
      for (let k = 0; k < 10; k++) {
        let idx = intLen + k;
        store<u8>(out + o++, idx >= 0 && idx < nd ? load<u8>(dig + <usize>idx) : 48);
      }
      let idx = intLen + 10;
      let up = idx >= 0 && idx < nd && load<u8>(dig + <usize>idx) >= 53;
      if (up) {
        let i = o;
        while (i > is - 1) {
          i--;
          let c = load<u8>(out + i);
          if (c == 46) continue;
          if (c == 57) { store<u8>(out + i, 48); continue; }
          store<u8>(out + i, c + 1);
          break;
        }
      }
    }
    // drop the carry slot when unused
    let start = is - 1;
    if (load<u8>(out + start) == 48) {
      if (neg) { store<u8>(out + start, 45); v = numberFromText(out + start, o - start); }
      else v = numberFromText(out + is, o - is);
    } else v = numberFromText(out, o);
    opa_free(out);
  }
  opa_free(dig);
  return v;
}

export function builtin_units_parse(a: usize): usize {
  const name = "units.parse";
  if (typeOf(a) != T_STRING) return typeError(name, 1, "string", a);
  prepare(a, false);
  let r = unitsParse(name);
  unitsDone();
  return r;
}

function unitsParse(name: string): usize {
  if (hasSpace()) return unitsError(name, "spaces not allowed in resource strings");
  if (!extractNumAndUnit()) return unitsError(name, "exponent too large");
  if (numEnd == 0) return unitsError(name, "no amount provided");
  let u = uBuf + numEnd, un = uLen - numEnd;
  let m = multiplier(u, un, false);
  if (m == 0) {
    msgStart();
    msgText("unit ");
    // OPA prints the unit with all but its first letter lower-cased
    if (un > 0) msgBytes(u, 1);
    for (let i: usize = 1; i < un; i++) { let c = <u32>load<u8>(u + i); msgByte(c - 65 < 26 ? c + 32 : c); }
    msgText(" not recognized");
    return msgBuiltinError(name);
  }
  if (!parseAmount()) return unitsError(name, "could not parse amount to a number");
  let D = bigFromAscii(amtDigits, amtCount, 0, false);
  let scale = amtScale;
  let N: usize;
  if (unitMilli) {
    let k = bigFromU64(MILLI_NUM, false);
    N = bigMul(D, k);
    bigFree(k);
    // / 2^62 == * 5^62 / 10^62
    let t = bigCopy(N, 6);
    bigFree(N);
    N = t;
    // 5^62 = (5^13)^4 * 5^10; each factor adds at most one limb
    for (let i = 0; i < 4; i++) bigMulSmallAdd(N, 1220703125, 0);
    bigMulSmallAdd(N, 9765625, 0);
    scale -= 62;
  } else {
    let k = bigFromU64(m, false);
    N = bigMul(D, k);
    bigFree(k);
  }
  bigFree(D);
  let v = ratText(N, scale, amtNeg);
  bigFree(N);
  return v;
}

export function builtin_units_parse_bytes(a: usize): usize {
  const name = "units.parse_bytes";
  if (typeOf(a) != T_STRING) return typeError(name, 1, "string", a);
  prepare(a, true);
  let r = unitsParseBytes(name);
  unitsDone();
  return r;
}

function unitsParseBytes(name: string): usize {
  if (hasSpace()) return unitsError(name, "spaces not allowed in resource strings");
  if (!extractNumAndUnit()) return unitsError(name, "exponent too large");
  if (numEnd == 0) return unitsError(name, "no byte amount provided");
  let u = uBuf + numEnd, un = uLen - numEnd;
  let m = multiplier(u, un, true);
  if (m == 0) {
    msgStart();
    msgText("byte unit ");
    msgBytes(u, un);
    msgText(" not recognized");
    return msgBuiltinError(name);
  }
  if (!parseAmount()) return unitsError(name, "could not parse byte amount to a number");
  // amount = D * 10^scale; result = trunc(amount * m)
  let scale = amtScale;
  let D: usize;
  let frac = false;
  if (scale >= 0) {
    D = bigFromAscii(amtDigits, amtCount, scale, false);
  } else {
    let keep = amtCount + scale; // integer digits of the amount
    // exact product first, then drop the fraction
    D = bigFromAscii(amtDigits, amtCount, 0, false);
    let k = bigFromU64(m, false);
    let P = bigMul(D, k);
    bigFree(k);
    bigFree(D);
    let v = truncScaled(P, scale);
    bigFree(P);
    return v;
  }
  // integral amount: Go rounds it, then the product, to 64 significant bits
  let R = bigCopy(D, 1);
  bigFree(D);
  bigRound64(R, false);
  let k = bigFromU64(m, false);
  let P = bigMul(R, k);
  bigFree(k);
  bigFree(R);
  let Q = bigCopy(P, 1);
  bigFree(P);
  bigRound64(Q, false);
  setNeg(Q, amtNeg && !bigIsZero(Q));
  let v = bigToValue(Q);
  bigFree(Q);
  return v;
}

/** trunc(P * 10^scale) for scale < 0, with the amount's sign; 64-bit rounding past 2^64. */
function truncScaled(P: usize, scale: i32): usize {
  let cap = <usize>bigLen(P) * 10 + 2;
  let dig = opa_malloc(cap);
  let nd = <i32>bigDigits(P, dig);
  let keep = nd + scale;
  let v: usize;
  if (keep <= 0) v = newInt(0);
  else {
    let T = bigFromAscii(dig, keep, 0, false);
    let Q = bigCopy(T, 1);
    bigFree(T);
    if (bigBitLen(Q) > 64) bigRound64(Q, true);
    setNeg(Q, amtNeg && !bigIsZero(Q));
    v = bigToValue(Q);
    bigFree(Q);
  }
  opa_free(dig);
  return v;
}
