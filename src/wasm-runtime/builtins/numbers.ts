// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Numbers and conversions: round, ceil, floor, numbers.range(_step), bits.*,
// to_number, units.parse, units.parse_bytes — OPA's semantics, exact on big
// numbers (decimal text and numbers-big.ts integers instead of doubles).
//
// Deliberate differences from OPA (v1 topdown), all on inputs OPA itself
// handles lossily:
// - round/ceil/floor of numbers written with more digits than a double holds
//   are exact decimal operations (OPA goes through a 64-bit binary mantissa);
//   floats beyond 2^63 are already integral and come back unchanged.
// - units.parse_bytes multiplies exactly and truncates; OPA first rounds the
//   amount to a 64-bit binary mantissa (emulated here for integers beyond
//   2^64 only), so a few decimal fractions can differ by one byte.
// - bits.lsh refuses results beyond 2^21 bits (out of memory) instead of
//   allocating without bound.
import { opa_malloc, opa_free, fail } from "../alloc";
import {
  typeOf, numRepr, numInt, numFloat, newInt, newFloat, boolOf,
  strPtr, strLen, newArray, arrPush,
} from "../values";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, N_INT, N_FLOAT, N_REF } from "../layout";
import { numberFromText, numToF64 } from "../numbers";
import { slot, nsig, expE, isNeg, sig } from "../decimal";
import { typeError, msgStart, msgText, msgInt, msgByte, msgBytes, msgBuiltinError, msgTypeError } from "./errors";
import { msgGoQuote } from "./quote";
import {
  bigFromI64, bigFromU64, bigFree, bigAdd, bigSub, bigCmp, bigIsZero, bigNeg, bigMul,
  bigShl, bigShr, bigLogic, bigNot, bigToValue, bigBitLen, bigFitsI64, bigToI64,
  bigFromAscii, bigDigits, bigLen, bigCopy, bigRound64, bigMulSmallAdd, setNeg,
  numberToBig, bigStatus, viewNumber,
} from "./numbers-big";

// ---- round / ceil / floor ---------------------------------------------------

const ROUND: i32 = 0;
const CEIL: i32 = 1;
const FLOOR: i32 = 2;

function roundFloat(f: f64, mode: i32): f64 {
  if (mode == FLOOR) return Math.floor(f);
  if (mode == CEIL) return Math.ceil(f);
  let t = Math.trunc(f); // exact
  if (Math.abs(f - t) >= 0.5) t += f < 0 ? -1 : 1; // half away from zero
  return t;
}

/** Exact rounding of a decimal (ref) number. */
function roundDecimal(v: usize, mode: i32): usize {
  viewNumber(v);
  let d = slot(0);
  let n = nsig(d), e = expE(d), neg = isNeg(d);
  if (n <= e) return v; // integral (zero has n == 0)
  let intDigits = e > 0 ? e : 0;
  let inc: bool;
  if (mode == FLOOR) inc = neg;
  else if (mode == CEIL) inc = !neg;
  else inc = e >= 0 && sig(d, e) >= 53; // first fractional digit >= 5
  let cap = <usize>intDigits + 3;
  let buf = opa_malloc(cap);
  let o: usize = 0;
  if (neg) store<u8>(buf, 45);
  o = neg ? 1 : 0;
  store<u8>(buf + o, 48); // room for a carry digit
  let start = o + 1;
  if (intDigits == 0) { store<u8>(buf + start, 48); intDigits = 1; }
  else for (let k = 0; k < intDigits; k++) store<u8>(buf + start + <usize>k, <u8>sig(d, k));
  let end = start + <usize>intDigits;
  if (inc) {
    let i = end;
    while (i > o) {
      i--;
      let c = load<u8>(buf + i);
      if (c == 57) { store<u8>(buf + i, 48); continue; }
      store<u8>(buf + i, c + 1);
      break;
    }
  }
  let first = load<u8>(buf + o) == 48 ? start : o;
  let r: usize;
  if (neg && first != o) { store<u8>(buf + first - 1, 45); r = numberFromText(buf + first - 1, end - first + 1); }
  else r = numberFromText(neg ? buf : buf + first, neg ? end : end - first);
  opa_free(buf);
  return r;
}

function rounding(name: string, a: usize, mode: i32): usize {
  if (typeOf(a) != T_NUMBER) return typeError(name, 1, "number", a);
  let r = numRepr(a);
  if (r == N_INT) return a;
  if (r == N_FLOAT) {
    let f = numFloat(a);
    if (!isFinite(f)) return a;
    return newFloat(roundFloat(f, mode));
  }
  return roundDecimal(a, mode);
}

export function builtin_round(a: usize): usize { return rounding("round", a, ROUND); }
export function builtin_ceil(a: usize): usize { return rounding("ceil", a, CEIL); }
export function builtin_floor(a: usize): usize { return rounding("floor", a, FLOOR); }

// ---- integer operands --------------------------------------------------------

function notIntegerError(name: string, pos: i32): usize {
  msgStart();
  msgText("operand ");
  msgInt(pos);
  msgText(" must be integer number but got floating-point number");
  return msgTypeError(name);
}

/** OPA's BigIntOperand: a big integer, or 0 after reporting the error. */
function bigOperand(name: string, v: usize, pos: i32): usize {
  if (typeOf(v) != T_NUMBER) return typeError(name, pos, "integer", v);
  let b = numberToBig(v);
  if (b != 0) return b;
  if (bigStatus == 2) {
    msgStart();
    msgText("operand ");
    msgInt(pos);
    msgText(" is too large");
    return msgBuiltinError(name);
  }
  return notIntegerError(name, pos);
}

function isInt(v: usize): bool { return typeOf(v) == T_NUMBER && numRepr(v) == N_INT; }

// ---- numbers.range, numbers.range_step --------------------------------------

const MAX_RANGE: u64 = 0x8000000; // elements; beyond this the heap cap is hit anyway

function smallRange(x: i64, y: i64, step: i64): usize {
  let span: u64 = x <= y ? <u64>y - <u64>x : <u64>x - <u64>y;
  let q = span / <u64>step;
  if (q >= MAX_RANGE) fail("out of memory");
  let count = q + 1;
  let a = newArray(<u32>count);
  let v = x;
  for (let i: u64 = 0; i < count; i++) {
    arrPush(a, newInt(v));
    if (i + 1 < count) v = x <= y ? v + step : v - step;
  }
  return a;
}

function bigRange(x: usize, y: usize, step: usize): usize {
  let a = newArray(0);
  let up = bigCmp(x, y) <= 0;
  let i = bigCopy(x, 0);
  let n: u64 = 0;
  while (up ? bigCmp(i, y) <= 0 : bigCmp(i, y) >= 0) {
    if (++n > MAX_RANGE) fail("out of memory");
    arrPush(a, bigToValue(i));
    let next = up ? bigAdd(i, step) : bigSub(i, step);
    bigFree(i);
    i = next;
  }
  bigFree(i);
  return a;
}

export function builtin_numbers_range(a: usize, b: usize): usize {
  if (isInt(a) && isInt(b)) return smallRange(numInt(a), numInt(b), 1);
  let x = bigOperand("numbers.range", a, 1);
  if (x == 0) return 0;
  let y = bigOperand("numbers.range", b, 2);
  if (y == 0) { bigFree(x); return 0; }
  let one = bigFromI64(1);
  let r = bigRange(x, y, one);
  bigFree(one); bigFree(y); bigFree(x);
  return r;
}

export function builtin_numbers_range_step(a: usize, b: usize, c: usize): usize {
  const name = "numbers.range_step";
  if (isInt(a) && isInt(b) && isInt(c)) {
    let s = numInt(c);
    if (s <= 0) return msgStepError();
    return smallRange(numInt(a), numInt(b), s);
  }
  let x = bigOperand(name, a, 1);
  if (x == 0) return 0;
  let y = bigOperand(name, b, 2);
  if (y == 0) { bigFree(x); return 0; }
  let s = bigOperand(name, c, 3);
  if (s == 0) { bigFree(y); bigFree(x); return 0; }
  let r: usize = 0;
  if (bigIsZero(s) || bigNeg(s)) r = msgStepError();
  else r = bigRange(x, y, s);
  bigFree(s); bigFree(y); bigFree(x);
  return r;
}

function msgStepError(): usize {
  msgStart();
  msgText("step must be a positive number above zero");
  return msgBuiltinError("numbers.range_step");
}

// ---- bits.* -------------------------------------------------------------------

function bitsBinary(name: string, a: usize, b: usize, op: i32): usize {
  if (isInt(a) && isInt(b)) {
    let x = numInt(a), y = numInt(b);
    return newInt(op == 0 ? x & y : (op == 1 ? x | y : x ^ y));
  }
  let x = bigOperand(name, a, 1);
  if (x == 0) return 0;
  let y = bigOperand(name, b, 2);
  if (y == 0) { bigFree(x); return 0; }
  let r = bigLogic(x, y, op);
  let v = bigToValue(r);
  bigFree(r); bigFree(y); bigFree(x);
  return v;
}

export function builtin_bits_and(a: usize, b: usize): usize { return bitsBinary("bits.and", a, b, 0); }
export function builtin_bits_or(a: usize, b: usize): usize { return bitsBinary("bits.or", a, b, 1); }
export function builtin_bits_xor(a: usize, b: usize): usize { return bitsBinary("bits.xor", a, b, 2); }

export function builtin_bits_negate(a: usize): usize {
  if (isInt(a)) return newInt(~numInt(a));
  let x = bigOperand("bits.negate", a, 1);
  if (x == 0) return 0;
  let r = bigNot(x);
  let v = bigToValue(r);
  bigFree(r); bigFree(x);
  return v;
}

function negativeShift(name: string): usize {
  msgStart();
  msgText("operand 2 must be an unsigned integer number but got a negative integer");
  return msgTypeError(name);
}

const MAX_SHIFT: i64 = 1 << 21;

function shift(name: string, a: usize, b: usize, left: bool): usize {
  if (isInt(a) && isInt(b)) {
    let x = numInt(a), s = numInt(b);
    if (s < 0) return negativeShift(name);
    if (!left) return newInt(s >= 64 ? (x < 0 ? -1 : 0) : x >> s);
    if (x == 0) return newInt(0);
    if (s < 63 && (x << s) >> s == x) return newInt(x << s);
  }
  let x = bigOperand(name, a, 1);
  if (x == 0) return 0;
  let sb = bigOperand(name, b, 2);
  if (sb == 0) { bigFree(x); return 0; }
  if (bigNeg(sb)) { bigFree(sb); bigFree(x); return negativeShift(name); }
  let big = !bigFitsI64(sb) || bigToI64(sb) > MAX_SHIFT;
  let s: u32 = big ? <u32>MAX_SHIFT + 1 : <u32>bigToI64(sb);
  bigFree(sb);
  let r: usize;
  if (left) {
    if (bigIsZero(x)) { bigFree(x); return newInt(0); }
    if (big || <i64>bigBitLen(x) + <i64>s > MAX_SHIFT) fail("out of memory");
    r = bigShl(x, s);
  } else {
    r = bigShr(x, s);
  }
  let v = bigToValue(r);
  bigFree(r); bigFree(x);
  return v;
}

export function builtin_bits_lsh(a: usize, b: usize): usize { return shift("bits.lsh", a, b, true); }
export function builtin_bits_rsh(a: usize, b: usize): usize { return shift("bits.rsh", a, b, false); }

// ---- to_number ----------------------------------------------------------------

function lower(c: u32): u32 { return c | 32; }
function isDigitC(c: u32): bool { return c - 48 < 10; }
function isHexC(c: u32): bool { return isDigitC(c) || (lower(c) - 97 < 6); }

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(p: usize, n: usize): bool {
  let saw: u32 = 94; // '^'
  let i: usize = 0;
  if (n >= 1 && (load<u8>(p) == 45 || load<u8>(p) == 43)) { p++; n--; }
  let hex = false;
  if (n >= 2 && load<u8>(p) == 48) {
    let c = lower(load<u8>(p + 1));
    if (c == 98 || c == 111 || c == 120) { i = 2; saw = 48; hex = c == 120; }
  }
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (isDigitC(c) || (hex && lower(c) - 97 < 6)) { saw = 48; continue; }
    if (c == 95) { if (saw != 48) return false; saw = 95; continue; }
    if (saw == 95) return false;
    saw = 33;
  }
  return saw != 95;
}

/** Ascii-case-insensitive equality of p[0..n) with a lower-case literal. */
function eqFold(p: usize, n: usize, s: string): bool {
  if (<i32>n != s.length) return false;
  let src = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c - 65 < 26) c += 32;
    if (c != <u32>load<u16>(src + (i << 1))) return false;
  }
  return true;
}

// Result of parseGoFloat: 0 ok (number in parsedValue), 1 syntax error, 2 out of range.
let parsedValue: usize = 0;

function hexFloat(p: usize, n: usize, i: usize, neg: bool): i32 {
  // mantissa hex digits with optional '.', then mandatory p exponent
  let mant: u64 = 0;
  let exp: i64 = 0;
  let sawDot = false, sawDigits = false, sticky = false, underscores = false;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 95) { underscores = true; continue; }
    if (c == 46) { if (sawDot) break; sawDot = true; continue; }
    if (!isHexC(c)) break;
    sawDigits = true;
    let d: u64 = isDigitC(c) ? <u64>(c - 48) : <u64>(lower(c) - 87);
    if (mant >> 60 == 0) { mant = (mant << 4) | d; if (sawDot) exp -= 4; }
    else { if (d != 0) sticky = true; if (!sawDot) exp += 4; }
  }
  if (!sawDigits || i >= n || lower(load<u8>(p + i)) != 112) return 1;
  i++;
  if (i >= n) return 1;
  let esign: i64 = 1;
  let c0 = load<u8>(p + i);
  if (c0 == 43) i++;
  else if (c0 == 45) { i++; esign = -1; }
  if (i >= n || !isDigitC(load<u8>(p + i))) return 1;
  let e: i64 = 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 95) { underscores = true; continue; }
    if (!isDigitC(c)) break;
    if (e < 100000) e = e * 10 + <i64>(c - 48);
  }
  if (i != n) return 1;
  if (underscores && !underscoreOK(p, n)) return 1;
  if (sticky) mant |= 1;
  let f = <f64>mant;
  let x = exp + esign * e;
  // scale in steps to avoid intermediate overflow / underflow
  while (x > 0 && isFinite(f)) { let s = x > 1000 ? 1000 : x; f *= Math.pow(2, <f64>s); x -= s; }
  while (x < 0 && f != 0) { let s = x < -1000 ? -1000 : x; f *= Math.pow(2, <f64>s); x -= s; }
  if (!isFinite(f)) return 2;
  parsedValue = newFloat(neg ? -f : f);
  return 0;
}

/** strconv.ParseFloat(s, 64) acceptance, producing the exact decimal value. */
function parseGoFloat(p: usize, n: usize): i32 {
  let i: usize = 0;
  let neg = false;
  if (n == 0) return 1;
  let c0 = load<u8>(p);
  if (c0 == 43 || c0 == 45) { neg = c0 == 45; i = 1; }
  if (i + 2 < n && load<u8>(p + i) == 48 && lower(load<u8>(p + i + 1)) == 120) return hexFloat(p, n, i + 2, neg);
  // decimal: digits (with '_' and one '.') then optional exponent
  let buf = opa_malloc(n + 24);
  let o: usize = 0;
  if (neg) store<u8>(buf + o++, 45);
  let digStart = o;
  let sawDot = false, sawDigits = false, underscores = false;
  let fracDigits: i64 = 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 95) { underscores = true; continue; }
    if (c == 46) { if (sawDot) break; sawDot = true; continue; }
    if (!isDigitC(c)) break;
    sawDigits = true;
    if (sawDot) fracDigits++;
    if (o == digStart && c == 48) { continue; } // drop leading zeros
    store<u8>(buf + o++, <u8>c);
  }
  if (!sawDigits) { opa_free(buf); return 1; }
  let exp: i64 = 0;
  if (i < n && lower(load<u8>(p + i)) == 101) {
    i++;
    if (i >= n) { opa_free(buf); return 1; }
    let esign: i64 = 1;
    let c = load<u8>(p + i);
    if (c == 43) i++;
    else if (c == 45) { i++; esign = -1; }
    if (i >= n || !isDigitC(load<u8>(p + i))) { opa_free(buf); return 1; }
    let e: i64 = 0;
    for (; i < n; i++) {
      let d = <u32>load<u8>(p + i);
      if (d == 95) { underscores = true; continue; }
      if (!isDigitC(d)) break;
      if (e < 10000) e = e * 10 + <i64>(d - 48);
    }
    exp = esign * e;
  }
  if (i != n || (underscores && !underscoreOK(p, n))) { opa_free(buf); return 1; }
  if (o == digStart) store<u8>(buf + o++, 48); // zero
  let e10 = exp - fracDigits;
  if (e10 != 0 && !(o == digStart + 1 && load<u8>(buf + digStart) == 48)) {
    store<u8>(buf + o++, 101);
    if (e10 < 0) { store<u8>(buf + o++, 45); e10 = -e10; }
    let t = buf + o;
    let k: usize = 0;
    do { store<u8>(t + k++, <u8>(48 + e10 % 10)); e10 /= 10; } while (e10 != 0);
    for (let a: usize = 0, b = k - 1; a < b; a++, b--) {
      let x = load<u8>(t + a); store<u8>(t + a, load<u8>(t + b)); store<u8>(t + b, x);
    }
    o += k;
  }
  let v = numberFromText(buf, o);
  opa_free(buf);
  if (v == 0) return 1;
  if (!isFinite(numToF64(v))) return 2;
  parsedValue = v;
  return 0;
}

export function builtin_to_number(a: usize): usize {
  let t = typeOf(a);
  if (t == T_NULL) return newInt(0);
  if (t == T_BOOLEAN) return newInt(boolOf(a) ? 1 : 0);
  if (t == T_NUMBER) return a;
  if (t != T_STRING) {
    msgStart();
    msgText("operand 1 must be one of {null, boolean, number, string} but got ");
    msgText(t == 5 ? "array" : (t == 6 ? "object" : "set"));
    return msgTypeError("to_number");
  }
  let p = strPtr(a), n = strLen(a);
  // "inf", "infinity", "nan" in any case, after any leading signs
  let q = p, m = n;
  while (m > 0 && (load<u8>(q) == 43 || load<u8>(q) == 45)) { q++; m--; }
  if (eqFold(q, m, "inf") || eqFold(q, m, "infinity") || eqFold(q, m, "nan")) {
    return typeError("to_number", 1, "valid number string", a);
  }
  let st = parseGoFloat(p, n);
  if (st == 0) return parsedValue;
  msgStart();
  msgText("strconv.ParseFloat: parsing ");
  msgGoQuote(p, n);
  msgText(st == 1 ? ": invalid syntax" : ": value out of range");
  return msgBuiltinError("to_number");
}

// ---- units.parse, units.parse_bytes ------------------------------------------

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
