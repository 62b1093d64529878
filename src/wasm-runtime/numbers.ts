// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Exact number semantics. Every number is a decimal: ints exactly, refs by
// their literal text, floats by their shortest round-trip decimal. Creation
// normalises (ints for integers within i64, floats for texts that are a
// double's shortest form, refs otherwise), so two numbers are equal exactly
// when they have the same representation and value; ordering across
// representations compares decimals.
import { N_INT, N_FLOAT, N_REF } from "./layout";
import { newInt, newFloatRaw, newRef, numRepr, numInt, numFloat, refPtr, refLen } from "./values";
import { slot, slotText, isDigit, parseDecimal, decCompare, decToInt, decInt, intText, nsig, expE, isNeg, sig } from "./decimal";
import { decToF64, floatText } from "./numconv";

export { floatText, intText };

const MIN_NORMAL: f64 = 2.2250738585072014e-308;

/** Number from literal text already parsed into slot 0. */
function classify(p: usize, len: usize): usize {
  if (decToInt(0)) return newInt(decInt);
  let f = decToF64(0);
  if (isFinite(f) && f != 0) {
    // <= 15 significant digits always survive a round trip through a
    // normal double, so the text is that double's shortest form.
    if (nsig(slot(0)) <= 15 && Math.abs(f) >= MIN_NORMAL) return newFloatRaw(f);
    let t = slotText(1);
    parseDecimal(1, t, floatText(f, t));
    if (decCompare() == 0) return newFloatRaw(f);
  }
  return newRef(p, len);
}

/** Number value from JSON/Rego number text, 0 if malformed. */
export function numberFromText(p: usize, len: usize): usize {
  if (len > 0 && len < 19) { // fast path: short plain integers
    let i = p, end = p + len;
    let neg = load<u8>(i) == 45;
    if (neg) i++;
    if (i < end && (load<u8>(i) != 48 || i + 1 == end)) {
      let v: i64 = 0;
      while (i < end && isDigit(load<u8>(i))) { v = v * 10 + <i64>(load<u8>(i) - 48); i++; }
      if (i == end) return newInt(neg ? -v : v);
    }
  }
  if (!parseDecimal(0, p, len)) return 0;
  return classify(p, len);
}

/** Load number `v` into decimal slot `s` (floats must be finite). */
function view(s: i32, v: usize): void {
  let r = numRepr(v);
  if (r == N_REF) { parseDecimal(s, refPtr(v), refLen(v)); return; }
  let t = slotText(s);
  let n = r == N_INT ? intText(numInt(v), t) : floatText(numFloat(v), t);
  parseDecimal(s, t, n);
}

function cmpF64(a: f64, b: f64): i32 {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a == b) return 0;
  let na = isNaN(a), nb = isNaN(b); // NaN sorts below every number
  return na && nb ? 0 : (na ? -1 : 1);
}

function cmpIntFloat(i: i64, f: f64): i32 {
  if (isNaN(f)) return 1;
  if (f >= 9223372036854775808.0) return -1;
  if (f < -9223372036854775808.0) return 1;
  let t = <i64>f; // |f| < 2^63 and not integral: truncation is exact
  if (t != i) return i < t ? -1 : 1;
  return f > <f64>t ? -1 : 1;
}

export function numCompare(a: usize, b: usize): i32 {
  let ra = numRepr(a), rb = numRepr(b);
  if (ra == N_INT && rb == N_INT) {
    let x = numInt(a), y = numInt(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (ra == N_FLOAT && rb == N_FLOAT) return cmpF64(numFloat(a), numFloat(b));
  if (ra == N_INT && rb == N_FLOAT) return cmpIntFloat(numInt(a), numFloat(b));
  if (ra == N_FLOAT && rb == N_INT) return -cmpIntFloat(numInt(b), numFloat(a));
  // A ref is involved: non-finite floats bound everything, else decimals.
  if (ra == N_FLOAT && !isFinite(numFloat(a))) return numFloat(a) > 0 ? 1 : -1;
  if (rb == N_FLOAT && !isFinite(numFloat(b))) return numFloat(b) > 0 ? -1 : 1;
  view(0, a);
  view(1, b);
  return decCompare();
}

export function numEqual(a: usize, b: usize): bool {
  let ra = numRepr(a);
  if (ra != numRepr(b)) return false; // normalisation: see file comment
  if (ra == N_INT) return numInt(a) == numInt(b);
  if (ra == N_FLOAT) return cmpF64(numFloat(a), numFloat(b)) == 0;
  view(0, a);
  view(1, b);
  return decCompare() == 0;
}

function fmix64(k: u64): u32 {
  k ^= k >> 33;
  k *= 0xFF51AFD7ED558CCD;
  k ^= k >> 33;
  k *= 0xC4CEB9FE1A85EC53;
  k ^= k >> 33;
  return <u32>k ^ <u32>(k >> 32);
}

export function numHash(v: usize): u32 {
  let r = numRepr(v);
  if (r == N_INT) return fmix64(<u64>numInt(v));
  if (r == N_FLOAT) {
    let f = numFloat(v);
    return fmix64(isNaN(f) ? 0x7FF8000000000000 : reinterpret<u64>(f) ^ 0x5555);
  }
  // refs: canonical decimal, so "1e400" and "10e399" collide
  parseDecimal(0, refPtr(v), refLen(v));
  let d = slot(0);
  let h: u32 = 0x811C9DC5 ^ <u32>isNeg(d);
  h = (h ^ <u32>expE(d)) * 0x01000193;
  let n = nsig(d);
  for (let k = 0; k < n; k++) h = (h ^ sig(d, k)) * 0x01000193;
  return fmix64(<u64>h | (<u64>n << 32));
}

/** Exact i32 value of an integral number. */
export function numToI32(v: usize, out: usize): bool {
  if (numRepr(v) != N_INT) return false;
  let i = numInt(v);
  if (i < -2147483648 || i > 2147483647) return false;
  store<i32>(out, <i32>i);
  return true;
}

export function numToI64(v: usize, out: usize): bool {
  if (numRepr(v) != N_INT) return false;
  store<i64>(out, numInt(v));
  return true;
}

/** Correctly rounded double of any number. */
export function numToF64(v: usize): f64 {
  let r = numRepr(v);
  if (r == N_INT) return <f64>numInt(v);
  if (r == N_FLOAT) return numFloat(v);
  parseDecimal(0, refPtr(v), refLen(v));
  return decToF64(0);
}
