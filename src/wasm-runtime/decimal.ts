// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Decimal views: a parsed number text seen as sign, significant digits
// d1..dn and exponent E with value 0.d1..dn x 10^E. Views live in two static
// slots (0 and 1); they point into the text, which must outlive the view.
const DV: usize = memory.data(64, 8);
// Per-slot text buffers for rendering ints/floats before viewing them.
const NTXT: usize = memory.data(96, 8);

// Slot fields: +0 intStart, +4 intLen, +8 fracStart, +12 fracLen,
// +16 index of first significant digit, +20 nsig, +24 E, +28 neg.
export function slot(s: i32): usize { return DV + (<usize>s << 5); }
/** 48-byte scratch text buffer owned by slot s. */
export function slotText(s: i32): usize { return NTXT + <usize>s * 48; }

export function isDigit(c: u32): bool { return c - 48 < 10; }

function digitAt(d: usize, j: i32): u32 {
  let il = load<i32>(d, 4);
  return j < il
    ? <u32>load<u8>(<usize>load<u32>(d) + <usize>j)
    : <u32>load<u8>(<usize>load<u32>(d, 8) + <usize>(j - il));
}

export function nsig(d: usize): i32 { return load<i32>(d, 20); }
export function expE(d: usize): i32 { return load<i32>(d, 24); }
export function isNeg(d: usize): bool { return load<i32>(d, 28) != 0; }
/** k-th significant digit as an ASCII code. */
export function sig(d: usize, k: i32): u32 { return digitAt(d, load<i32>(d, 16) + k); }

/** Parse strict JSON number text into slot `s`; false if malformed. */
export function parseDecimal(s: i32, p: usize, len: usize): bool {
  let d = slot(s);
  let i = p;
  let end = p + len;
  let neg = 0;
  if (i < end && load<u8>(i) == 45) { neg = 1; i++; }
  let intStart = i;
  while (i < end && isDigit(load<u8>(i))) i++;
  let intLen = <i32>(i - intStart);
  if (intLen == 0 || (intLen > 1 && load<u8>(intStart) == 48)) return false;
  let fracStart = i;
  let fracLen = 0;
  if (i < end && load<u8>(i) == 46) {
    i++;
    fracStart = i;
    while (i < end && isDigit(load<u8>(i))) i++;
    fracLen = <i32>(i - fracStart);
    if (fracLen == 0) return false;
  }
  let exp: i64 = 0;
  if (i < end && (load<u8>(i) | 32) == 101) {
    i++;
    let eneg = false;
    if (i < end && (load<u8>(i) == 43 || load<u8>(i) == 45)) { eneg = load<u8>(i) == 45; i++; }
    let es = i;
    while (i < end && isDigit(load<u8>(i))) {
      if (exp < 1000000000) exp = exp * 10 + <i64>(load<u8>(i) - 48);
      i++;
    }
    if (i == es) return false;
    if (eneg) exp = -exp;
  }
  if (i != end) return false;
  store<u32>(d, <u32>intStart);
  store<i32>(d, intLen, 4);
  store<u32>(d, <u32>fracStart, 8);
  store<i32>(d, fracLen, 12);
  store<i32>(d, 0, 28);
  let total = intLen + fracLen;
  let first = 0;
  while (first < total && digitAt(d, first) == 48) first++;
  if (first == total) { // zero (sign dropped)
    store<i32>(d, 0, 16); store<i32>(d, 0, 20); store<i32>(d, 0, 24);
    return true;
  }
  let last = total - 1;
  while (digitAt(d, last) == 48) last--;
  let e = <i64>intLen - <i64>first + exp;
  if (e > 2000000000) e = 2000000000;
  if (e < -2000000000) e = -2000000000;
  store<i32>(d, first, 16);
  store<i32>(d, last - first + 1, 20);
  store<i32>(d, <i32>e, 24);
  store<i32>(d, neg, 28);
  return true;
}

/** Exact comparison of the values in slots 0 and 1. */
export function decCompare(): i32 {
  let a = slot(0), b = slot(1);
  let sa = nsig(a) == 0 ? 0 : (isNeg(a) ? -1 : 1);
  let sb = nsig(b) == 0 ? 0 : (isNeg(b) ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  let mag = 0;
  if (expE(a) != expE(b)) {
    mag = expE(a) > expE(b) ? 1 : -1;
  } else {
    let na = nsig(a), nb = nsig(b);
    let n = na < nb ? na : nb;
    for (let k = 0; k < n && mag == 0; k++) {
      let x = sig(a, k), y = sig(b, k);
      if (x != y) mag = x < y ? -1 : 1;
    }
    if (mag == 0 && na != nb) mag = na < nb ? -1 : 1;
  }
  return sa > 0 ? mag : -mag;
}

export let decInt: i64 = 0;

/** If slot `s` holds an integer within i64, set decInt and return true. */
export function decToInt(s: i32): bool {
  let d = slot(s);
  let n = nsig(d);
  if (n == 0) { decInt = 0; return true; }
  let e = expE(d);
  if (e < n || e > 19) return false;
  let v: u64 = 0;
  for (let k = 0; k < n; k++) v = v * 10 + <u64>(sig(d, k) - 48);
  for (let k = n; k < e; k++) {
    if (v > 1844674407370955161) return false;
    v *= 10;
  }
  let neg = isNeg(d);
  if (neg ? v > 0x8000000000000000 : v > 0x7FFFFFFFFFFFFFFF) return false;
  decInt = neg ? -(<i64>v) : <i64>v;
  return true;
}

/** Decimal text of an i64 (needs 24 bytes at out; uses out+4..out+24). */
export function intText(i: i64, out: usize): usize {
  let neg = i < 0;
  let u: u64 = neg ? <u64>(-i) : <u64>i;
  let tmp = out + 24; // render backwards, then move into place
  let k: usize = 0;
  do {
    store<u8>(tmp - ++k, <u8>(48 + <u32>(u % 10)));
    u /= 10;
  } while (u != 0);
  let o: usize = 0;
  if (neg) store<u8>(out + o++, 45);
  memory.copy(out + o, tmp - k, k);
  return o + k;
}
