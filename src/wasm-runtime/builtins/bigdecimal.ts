// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Exact decimal arithmetic for numbers beyond i64 or written with more
// precision than a double holds (OPA keeps such numbers exact). Operands are
// decoded to (sign, base-10 digits, exponent), combined digit by digit, and
// the result text is turned back into a number value, which comes out as an
// int when it fits.
import { opa_malloc } from "../alloc";
import { numRepr, numInt, numFloat, refPtr, refLen } from "../values";
import { N_INT, N_REF } from "../layout";
import { intText } from "../decimal";
import { floatText } from "../numconv";
import { numberFromText } from "../numbers";

/** Beyond this many digits the caller falls back to floating point. */
export const MAX_DIGITS: i32 = 4096;

const TEXT: usize = memory.data(64, 8);

// A decoded operand, in a static 16-byte record (no AssemblyScript objects:
// their allocator would collide with ours): digits (values 0..9, most
// significant first) at d@0, count n@4, exp@8, neg@12;
// value = (-1)^neg * digits * 10^exp.
const A: usize = memory.data(16, 8);
const B: usize = memory.data(16, 8);
@inline function dD(x: usize): usize { return <usize>load<u32>(x); }
@inline function dN(x: usize): i32 { return load<i32>(x, 4); }
@inline function dExp(x: usize): i32 { return load<i32>(x, 8); }
@inline function dNeg(x: usize): bool { return load<i32>(x, 12) != 0; }

function textOf(v: usize, out: usize): usize {
  let r = numRepr(v);
  if (r == N_REF) return refPtr(v);
  return out;
}

function textLen(v: usize, out: usize): usize {
  let r = numRepr(v);
  if (r == N_REF) return refLen(v);
  if (r == N_INT) return intText(numInt(v), out);
  return floatText(numFloat(v), out);
}

/** Decode number value v into x; false if it has too many digits. */
function decode(v: usize, x: usize): bool {
  let len = textLen(v, TEXT);
  let p = textOf(v, TEXT);
  let d = opa_malloc(len + 1);
  let n = 0, i: usize = 0, exp = 0, frac = 0;
  let neg = false, seenPoint = false;
  if (i < len && load<u8>(p) == 45) { neg = true; i++; }
  for (; i < len; i++) {
    let c = <i32>load<u8>(p + i);
    if (c == 46) { seenPoint = true; continue; }
    if (c == 101 || c == 69) { // exponent
      i++;
      let eneg = false;
      if (i < len && (load<u8>(p + i) == 45 || load<u8>(p + i) == 43)) { eneg = load<u8>(p + i) == 45; i++; }
      let e = 0;
      for (; i < len; i++) {
        e = e * 10 + (<i32>load<u8>(p + i) - 48);
        if (e > 100000) return false;
      }
      exp = eneg ? -e : e;
      break;
    }
    if (n == 0 && c == 48) { if (seenPoint) frac++; continue; } // leading zeros
    store<u8>(d + <usize>n, <u8>(c - 48));
    n++;
    if (seenPoint) frac++;
  }
  if (n > MAX_DIGITS) return false;
  store<u32>(x, <u32>d); store<i32>(x, n, 4); store<i32>(x, exp - frac, 8); store<i32>(x, neg && n > 0 ? 1 : 0, 12);
  return true;
}

/** Render digits (values) with exponent as number text and make a value. */
function encode(d: usize, n: i32, exp: i32, neg: bool): usize {
  // Strip leading zeros and move trailing zeros into the exponent.
  let s = 0;
  while (s < n && load<u8>(d + <usize>s) == 0) s++;
  if (s == n) return numberFromText(TEXT, encodeZero());
  let e = n;
  while (e > s && load<u8>(d + <usize>(e - 1)) == 0) { e--; exp++; }
  let digits = e - s;
  // Plain text when the exponent is modest, else scientific notation.
  let plain = exp >= 0 ? exp <= 40 : -exp <= digits + 40;
  let cap = <usize>(digits + (plain ? (exp >= 0 ? exp : -exp) + 3 : 16));
  let out = opa_malloc(cap + 1);
  let o: usize = 0;
  if (neg) store<u8>(out + o++, 45);
  if (plain && exp >= 0) {
    for (let k = s; k < e; k++) store<u8>(out + o++, <u8>(48 + load<u8>(d + <usize>k)));
    for (let k = 0; k < exp; k++) store<u8>(out + o++, 48);
  } else if (plain) {
    let intDigits = digits + exp; // digits before the point (may be <= 0)
    if (intDigits <= 0) {
      store<u8>(out + o++, 48);
      store<u8>(out + o++, 46);
      for (let k = 0; k < -intDigits; k++) store<u8>(out + o++, 48);
      for (let k = s; k < e; k++) store<u8>(out + o++, <u8>(48 + load<u8>(d + <usize>k)));
    } else {
      for (let k = 0; k < digits; k++) {
        if (k == intDigits) store<u8>(out + o++, 46);
        store<u8>(out + o++, <u8>(48 + load<u8>(d + <usize>(s + k))));
      }
    }
  } else {
    for (let k = s; k < e; k++) store<u8>(out + o++, <u8>(48 + load<u8>(d + <usize>k)));
    store<u8>(out + o++, 101);
    o += intText(<i64>exp, out + o);
  }
  return numberFromText(out, o);
}

function encodeZero(): usize {
  store<u8>(TEXT, 48);
  return 1;
}

/** |x| compared with |y| after alignment to a common exponent. */
function cmpMag(x: usize, y: usize): i32 {
  let lx = dN(x) + dExp(x), ly = dN(y) + dExp(y); // position of the most significant digit
  if (dN(x) == 0 || dN(y) == 0) return dN(x) == 0 ? (dN(y) == 0 ? 0 : -1) : 1;
  if (lx != ly) return lx < ly ? -1 : 1;
  let m = dN(x) > dN(y) ? dN(x) : dN(y);
  for (let k = 0; k < m; k++) {
    let a = k < dN(x) ? <i32>load<u8>(dD(x) + <usize>k) : 0;
    let b = k < dN(y) ? <i32>load<u8>(dD(y) + <usize>k) : 0;
    if (a != b) return a < b ? -1 : 1;
  }
  return 0;
}

/** Digit of x at power 10^p (0 outside its digits). */
@inline function digitAt(x: usize, p: i32): i32 {
  let k = dN(x) - 1 - (p - dExp(x));
  return k >= 0 && k < dN(x) ? <i32>load<u8>(dD(x) + <usize>k) : 0;
}

function addSub(x: usize, y: usize, subtract: bool): usize {
  let yneg = subtract ? !dNeg(y) : dNeg(y);
  let lo = dExp(x) < dExp(y) ? dExp(x) : dExp(y);
  let hx = dExp(x) + dN(x), hy = dExp(y) + dN(y);
  let hi = (hx > hy ? hx : hy) + 1;
  let width = hi - lo;
  let out = opa_malloc(<usize>width);
  let resultNeg: bool;
  if (dNeg(x) == yneg) {
    let carry = 0;
    for (let p = lo; p < hi; p++) {
      let s = digitAt(x, p) + digitAt(y, p) + carry;
      carry = s >= 10 ? 1 : 0;
      store<u8>(out + <usize>(hi - 1 - p), <u8>(s % 10));
    }
    resultNeg = dNeg(x);
  } else {
    // Subtract the smaller magnitude from the larger.
    let c = cmpMag(x, y);
    if (c == 0) return numberFromText(TEXT, encodeZero());
    let big = c > 0 ? x : y;
    let small = c > 0 ? y : x;
    let borrow = 0;
    for (let p = lo; p < hi; p++) {
      let s = digitAt(big, p) - digitAt(small, p) - borrow;
      borrow = s < 0 ? 1 : 0;
      store<u8>(out + <usize>(hi - 1 - p), <u8>(s < 0 ? s + 10 : s));
    }
    resultNeg = c > 0 ? dNeg(x) : yneg;
  }
  return encode(out, width, lo, resultNeg);
}

function multiply(x: usize, y: usize): usize {
  let n = dN(x) + dN(y);
  if (dN(x) == 0 || dN(y) == 0) return numberFromText(TEXT, encodeZero());
  // Accumulate in i32 columns (least significant first), then carry.
  let cols = opa_malloc(<usize>n << 2);
  memory.fill(cols, 0, <usize>n << 2);
  for (let i = 0; i < dN(x); i++) {
    let a = <i32>load<u8>(dD(x) + <usize>(dN(x) - 1 - i));
    if (a == 0) continue;
    for (let j = 0; j < dN(y); j++) {
      let at = cols + (<usize>(i + j) << 2);
      store<i32>(at, load<i32>(at) + a * <i32>load<u8>(dD(y) + <usize>(dN(y) - 1 - j)));
    }
    // Keep columns small enough never to overflow.
    if ((i & 63) == 63) normalizeColumns(cols, n);
  }
  normalizeColumns(cols, n);
  let out = opa_malloc(<usize>n);
  for (let k = 0; k < n; k++) store<u8>(out + <usize>(n - 1 - k), <u8>load<i32>(cols + (<usize>k << 2)));
  return encode(out, n, dExp(x) + dExp(y), dNeg(x) != dNeg(y));
}

function normalizeColumns(cols: usize, n: i32): void {
  let carry = 0;
  for (let k = 0; k < n; k++) {
    let at = cols + (<usize>k << 2);
    let v = load<i32>(at) + carry;
    store<i32>(at, v % 10);
    carry = v / 10;
  }
}

/** Exact a+b, a-b or a*b (op 0, 1, 2); 0 if an operand is too long to handle exactly. */
export function decimalOp(a: usize, b: usize, op: i32): usize {
  if (!decode(a, A) || !decode(b, B)) return 0;
  if (op == 2) return multiply(A, B);
  return addSub(A, B, op == 1);
}

/** The integer value of decoded x as digits (most significant first) at out; false if x has a fraction. */
function integerDigits(x: usize, out: usize): bool {
  let n = dN(x), exp = dExp(x);
  // Trailing zeros of a fraction ("3.0") still make an integer.
  while (exp < 0 && n > 0 && load<u8>(dD(x) + <usize>(n - 1)) == 0) { n--; exp++; }
  if (exp < 0 && n > 0) return false;
  if (n == 0) exp = 0;
  memory.copy(out, dD(x), <usize>n);
  memory.fill(out + <usize>n, 0, <usize>exp);
  store<i32>(x, n + exp, 4);
  store<i32>(x, 0, 8);
  store<u32>(x, <u32>out);
  return true;
}

/** r (width digits) >= y (yn digits, right-aligned in r)? */
function geq(r: usize, width: i32, y: usize, yn: i32): bool {
  for (let k = 0; k < width; k++) {
    let a = <i32>load<u8>(r + <usize>k);
    let yk = k - (width - yn);
    let b = yk >= 0 ? <i32>load<u8>(y + <usize>yk) : 0;
    if (a != b) return a > b;
  }
  return true;
}

function subtractInPlace(r: usize, width: i32, y: usize, yn: i32): void {
  let borrow = 0;
  for (let k = width - 1; k >= 0; k--) {
    let yk = k - (width - yn);
    let s = <i32>load<u8>(r + <usize>k) - (yk >= 0 ? <i32>load<u8>(y + <usize>yk) : 0) - borrow;
    borrow = s < 0 ? 1 : 0;
    store<u8>(r + <usize>k, <u8>(s < 0 ? s + 10 : s));
  }
}

/** decimalRem's answer for a zero divisor (never a value address). */
export const REM_BY_ZERO: usize = 1;

/**
 * Exact a % b for integral numbers of any size (Go's big.Int.Rem: the sign
 * follows a); 0 if an operand has a fraction or is too long, REM_BY_ZERO
 * when b is 0.
 */
export function decimalRem(a: usize, b: usize): usize {
  if (!decode(a, A) || !decode(b, B)) return 0;
  if (dExp(A) > MAX_DIGITS || dExp(B) > MAX_DIGITS) return 0;
  if (!integerDigits(A, opa_malloc(<usize>(dN(A) + (dExp(A) > 0 ? dExp(A) : 0) + 1)))) return 0;
  if (!integerDigits(B, opa_malloc(<usize>(dN(B) + (dExp(B) > 0 ? dExp(B) : 0) + 1)))) return 0;
  if (dN(B) == 0) return REM_BY_ZERO;
  // Schoolbook division by repeated subtraction, one dividend digit at a time.
  let width = dN(B) + 1;
  let r = opa_malloc(<usize>width);
  memory.fill(r, 0, <usize>width);
  for (let i = 0; i < dN(A); i++) {
    memory.copy(r, r + 1, <usize>(width - 1));
    store<u8>(r + <usize>(width - 1), load<u8>(dD(A) + <usize>i));
    while (geq(r, width, dD(B), dN(B))) subtractInPlace(r, width, dD(B), dN(B));
  }
  return encode(r, width, 0, dNeg(A));
}
