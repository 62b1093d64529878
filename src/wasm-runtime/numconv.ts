// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Exact decimal <-> double conversions.
// - decToF64: correctly rounded (ties to even). Clinger's fast path, else an
//   estimate refined against exact big-integer halfway comparisons.
// - floatText: shortest digits that round-trip, closest to the double on
//   ties of length (what JS Number#toString and Go's strconv 'g', -1 print).
//   AssemblyScript's Grisu2 gives the starting digits; bignums fix the rare
//   non-shortest and the frequent not-closest last digit.
import { dtoa_buffered } from "~lib/util/number";
import { opa_free } from "./alloc";
import { slot, nsig, expE, isNeg, sig, intText } from "./decimal";
import { bnAlloc, bnSetU64, bnCopy, bnMulAdd, bnCmpDecBin } from "./bignum";

const P10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
], 8);
const DTOA16: usize = memory.data(64, 8);
const DIGITS: usize = memory.data(32, 8);
const MAX_DIGITS: i32 = 800; // more never changes rounding (sticky digit instead)
const HIDDEN: u64 = 1 << 52;

// decompose(): x = fm * 2^fe for a positive finite double
let fm: u64 = 0;
let fe: i32 = 0;

function decompose(x: f64): void {
  let bits = reinterpret<u64>(x);
  let be = <i32>(bits >> 52) & 0x7FF;
  let frac = bits & (HIDDEN - 1);
  if (be == 0) { fm = frac; fe = -1074; } else { fm = frac | HIDDEN; fe = be - 1075; }
}

/** Lower halfway point is closer when x sits on a power of two. */
function narrowBelow(): bool { return fm == HIDDEN && fe > -1074; }

/** Correctly rounded double for the decimal in slot s. */
export function decToF64(s: i32): f64 {
  let d = slot(s);
  let n = nsig(d);
  if (n == 0) return isNeg(d) ? -0.0 : 0.0;
  let k = n < 19 ? n : 19;
  let m: u64 = 0;
  for (let i = 0; i < k; i++) m = m * 10 + <u64>(sig(d, i) - 48);
  let e10 = expE(d) - k;
  let r: f64;
  if (n <= 19 && m <= HIDDEN && e10 >= -22 && e10 <= 22) {
    // Clinger: both operands exact, one rounding.
    r = e10 >= 0 ? <f64>m * load<f64>(P10 + (<usize>e10 << 3)) : <f64>m / load<f64>(P10 + (<usize>(-e10) << 3));
  } else {
    r = <f64>m;
    if (e10 > 330) r = Infinity;
    else if (e10 < -400) r = 0;
    else if (e10 > 0) {
      while (e10 > 22) { r *= 1e22; e10 -= 22; }
      r *= load<f64>(P10 + (<usize>e10 << 3));
    } else if (e10 < 0) {
      while (e10 < -22) { r /= 1e22; e10 += 22; }
      r /= load<f64>(P10 + (<usize>(-e10) << 3));
    }
    r = refine(d, r);
  }
  return isNeg(d) ? -r : r;
}

/** Move the estimate r to the correctly rounded double by comparing the
 * exact decimal with r's halfway points. */
function refine(d: usize, r: f64): f64 {
  if (r == Infinity) r = f64.MAX_VALUE;
  if (r == 0) r = 5e-324;
  let n = nsig(d);
  let use = n > MAX_DIGITS ? MAX_DIGITS : n;
  let nd = n > use ? use + 1 : use;
  let K = expE(d) - nd;
  let bits = nd * 4 + 64;
  let D = bnAlloc(<u32>(bits >> 5) + 2);
  bnSetU64(D, 0);
  for (let i = 0; i < use; ) {
    let chunk: u32 = 0, mul: u32 = 1;
    for (let j = 0; j < 9 && i < use; j++, i++) { chunk = chunk * 10 + (sig(d, i) - 48); mul *= 10; }
    if (load<u32>(D) == 0) bnSetU64(D, chunk); else bnMulAdd(D, mul, chunk);
  }
  if (nd > use) bnMulAdd(D, 10, 1); // sticky: digits beyond MAX_DIGITS are non-zero
  let ak = K < 0 ? -K : K;
  let limbs = <u32>((bits + 4 * ak + 1100 + 128) >> 5) + 2; // shifts are <= |K| + 1076
  let a = bnAlloc(limbs);
  let t = bnAlloc(limbs);
  for (let iter = 0; iter < 64; iter++) {
    decompose(r);
    bnCopy(a, D);
    let c = bnCmpDecBin(a, K, 2 * fm + 1, fe - 1, t);
    if (c > 0 || (c == 0 && (fm & 1) != 0)) {
      r = reinterpret<f64>(reinterpret<u64>(r) + 1);
      if (c == 0 || r == Infinity) break;
      continue;
    }
    if (c == 0 || fm == 0) break;
    bnCopy(a, D);
    c = narrowBelow() ? bnCmpDecBin(a, K, 4 * fm - 1, fe - 2, t) : bnCmpDecBin(a, K, 2 * fm - 1, fe - 1, t);
    if (c < 0 || (c == 0 && (fm & 1) != 0)) {
      r = reinterpret<f64>(reinterpret<u64>(r) - 1);
      if (c == 0) break;
      continue;
    }
    break;
  }
  opa_free(t);
  opa_free(a);
  opa_free(D);
  return r;
}

// ---- shortest digits ---------------------------------------------------------

let ba: usize = 0; // scratch bignums for floatText
let bt: usize = 0;

/** Sign of c * 10^k - h * 2^g. */
function cmp(c: u64, k: i32, h: u64, g: i32): i32 {
  bnSetU64(ba, c);
  return bnCmpDecBin(ba, k, h, g, bt);
}

/** Does c * 10^k round to x (= fm * 2^fe)? Ties go to even mantissas. */
function roundTrips(c: u64, k: i32): bool {
  if (c == 0) return false;
  let even = (fm & 1) == 0;
  let hi = cmp(c, k, 2 * fm + 1, fe - 1);
  if (hi > 0 || (hi == 0 && !even)) return false;
  let lo = narrowBelow() ? cmp(c, k, 4 * fm - 1, fe - 2) : cmp(c, k, 2 * fm - 1, fe - 1);
  return lo > 0 || (lo == 0 && even);
}

/** At scale 10^k, the round-tripping multiple closest to x, or 0. */
function bestAt(k: i32, est: u64): u64 {
  let c = est;
  while (c > 0 && cmp(c, k, fm, fe) > 0) c--;
  while (cmp(c + 1, k, fm, fe) <= 0) c++;
  // c * 10^k <= x < (c + 1) * 10^k: try the nearer neighbour first
  let mid = cmp(2 * c + 1, k, fm, fe + 1);
  let first = mid < 0 || (mid == 0 && (c & 1) != 0) ? c + 1 : c;
  let second = first == c ? c + 1 : c;
  if (roundTrips(first, k)) return first;
  if (roundTrips(second, k)) return second;
  return 0;
}

let outM: u64 = 0;
let outK: i32 = 0;

/** Grisu2's digits (m, k) for x -> shortest, closest digits in outM/outK. */
function shortest(x: f64, m: u64, k: i32): void {
  decompose(x);
  ba = bnAlloc(96);
  bt = bnAlloc(96);
  let c = bestAt(k, m);
  if (c != 0) m = c;
  while (true) {
    while (m % 10 == 0) { m /= 10; k++; }
    c = bestAt(k + 1, m / 10);
    if (c == 0) break;
    m = c;
    k++;
  }
  opa_free(bt);
  opa_free(ba);
  outM = m;
  outK = k;
}

/** Shortest round-trip text of a finite double, JS/Go style ("1e+21",
 * "1.5e-7", "0.000001", "123"). Needs 32 bytes at out. */
export function floatText(f: f64, out: usize): usize {
  let o: usize = 0;
  if (f < 0) { store<u8>(out, 45); o = 1; f = -f; }
  if (f == 0) { store<u8>(out + o, 48); return o + 1; }
  // Grisu2 text -> digits m and exponent k (value = m * 10^k)
  let n = <i32>dtoa_buffered(DTOA16, f);
  let m: u64 = 0;
  let k = 0;
  let frac = false;
  let i = 0;
  for (; i < n; i++) {
    let c = <u32>load<u16>(DTOA16 + (<usize>i << 1));
    if (c == 46) { frac = true; continue; }
    if (c == 101) break;
    if (m < 100000000000000000) { // Grisu2 emits at most 17 significant digits
      m = m * 10 + <u64>(c - 48);
      if (frac) k--;
    } else if (!frac) k++;
  }
  if (i < n) { // exponent
    let neg = load<u16>(DTOA16 + (<usize>(i + 1) << 1)) == 45;
    let e = 0;
    for (i += 2; i < n; i++) e = e * 10 + <i32>(load<u16>(DTOA16 + (<usize>i << 1)) - 48);
    k += neg ? -e : e;
  }
  while (m % 10 == 0) { m /= 10; k++; }
  if (m < 1000000000000000 && f >= 2.2250738585072014e-308) {
    // <= 15 digits that round-trip a normal double are its unique shortest
    // (hence closest) form: no bignum check needed.
    outM = m;
    outK = k;
  } else {
    shortest(f, m, k);
  }
  // format like ECMAScript Number::toString
  let nd = <i32>intText(<i64>outM, DIGITS);
  let p = outK + nd; // decimal point position
  let w = out + o;
  if (nd <= p && p <= 21) {
    memory.copy(w, DIGITS, nd);
    memory.fill(w + nd, 48, <usize>(p - nd));
    return o + <usize>p;
  }
  if (0 < p && p <= 21) {
    memory.copy(w, DIGITS, p);
    store<u8>(w + p, 46);
    memory.copy(w + p + 1, DIGITS + p, nd - p);
    return o + <usize>nd + 1;
  }
  if (-6 < p && p <= 0) {
    store<u16>(w, 0x2E30); // "0."
    memory.fill(w + 2, 48, <usize>(-p));
    memory.copy(w + 2 - p, DIGITS, nd);
    return o + 2 + <usize>(nd - p);
  }
  let len: usize = 0;
  store<u8>(w, load<u8>(DIGITS));
  len = 1;
  if (nd > 1) {
    store<u8>(w + 1, 46);
    memory.copy(w + 2, DIGITS + 1, nd - 1);
    len = <usize>nd + 1;
  }
  let e = p - 1;
  store<u8>(w + len++, 101);
  store<u8>(w + len++, e < 0 ? 45 : 43);
  len += intText(<i64>(e < 0 ? -e : e), w + len);
  return o + len;
}
