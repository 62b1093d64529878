// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Numbers and conversions: round, ceil, floor, numbers.range(_step), bits.*
// here; to_number in numbers-to-number.ts; units.parse, units.parse_bytes in
// numbers-units.ts — OPA's semantics, exact on big numbers (decimal text and
// numbers-big.ts integers instead of doubles).
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
import { typeOf, numRepr, numInt, numFloat, newInt, newFloat, newArray, arrPush } from "../values";
import { T_NUMBER, N_INT, N_FLOAT } from "../layout";
import { numberFromText } from "../numbers";
import { slot, nsig, expE, isNeg, sig } from "../decimal";
import { typeError, msgStart, msgText, msgInt, msgBuiltinError, msgTypeError } from "./errors";
import {
  bigFromI64, bigFree, bigAdd, bigSub, bigCmp, bigIsZero, bigNeg, bigShl, bigShr, bigLogic, bigNot, bigToValue,
  bigBitLen, bigFitsI64, bigToI64, bigCopy, numberToBig, bigStatus, viewNumber,
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
