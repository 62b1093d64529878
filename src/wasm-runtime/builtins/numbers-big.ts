// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Arbitrary-precision integers for the numbers family (bits.*, numbers.range
// beyond i64, units.*), with Go math/big semantics where OPA relies on them:
// bitwise operations on negative numbers act on the infinite two's
// complement, right shifts round toward -inf.
//
// A big integer is an opa_malloc block: len@0 (u32 limbs in use), neg@4,
// cap@8, then `cap` little-endian u32 limbs at +16. Results are fresh blocks;
// callers free what they no longer need with bigFree.
import { opa_malloc, opa_free, fail } from "../alloc";
import { newInt, numRepr, numInt, numFloat, refPtr, refLen } from "../values";
import { N_INT, N_REF } from "../layout";
import { numberFromText } from "../numbers";
import { intText, parseDecimal, slot, nsig, expE, isNeg, sig } from "../decimal";
import { floatText } from "../numconv";

const HDR: usize = 16;
/** Refuse integers longer than this many limbs (2^21 bits): out of memory. */
const MAX_LIMBS: u32 = 65536;

export function bigLen(p: usize): u32 { return load<u32>(p); }
export function bigNeg(p: usize): bool { return load<u32>(p, 4) != 0; }
function bigCap(p: usize): u32 { return load<u32>(p, 8); }
export function limb(p: usize, i: u32): u32 { return i < load<u32>(p) ? load<u32>(p + HDR + (<usize>i << 2)) : 0; }
function setLimb(p: usize, i: u32, v: u32): void { store<u32>(p + HDR + (<usize>i << 2), v); }
function setLen(p: usize, n: u32): void { store<u32>(p, n); }
export function setNeg(p: usize, neg: bool): void { store<u32>(p, neg ? 1 : 0, 4); }

export function bigAlloc(cap: u32): usize {
  if (cap > MAX_LIMBS) fail("out of memory");
  if (cap == 0) cap = 1;
  let p = opa_malloc(HDR + (<usize>cap << 2));
  store<u32>(p, 0);
  store<u32>(p, 0, 4);
  store<u32>(p, cap, 8);
  store<u32>(p, 0, 12);
  return p;
}

export function bigFree(p: usize): void { if (p != 0) opa_free(p); }

/** Drop leading zero limbs; zero is never negative. */
function norm(p: usize): usize {
  let n = bigLen(p);
  while (n > 0 && load<u32>(p + HDR + (<usize>(n - 1) << 2)) == 0) n--;
  setLen(p, n);
  if (n == 0) setNeg(p, false);
  return p;
}

export function bigIsZero(p: usize): bool { return bigLen(p) == 0; }

export function bigFromU64(v: u64, neg: bool): usize {
  let p = bigAlloc(2);
  setLimb(p, 0, <u32>v);
  setLimb(p, 1, <u32>(v >> 32));
  setLen(p, 2);
  setNeg(p, neg);
  return norm(p);
}

export function bigFromI64(v: i64): usize {
  return v < 0 ? bigFromU64(<u64>0 - <u64>v, true) : bigFromU64(<u64>v, false);
}

export function bigCopy(a: usize, extra: u32): usize {
  let n = bigLen(a);
  let p = bigAlloc(n + extra);
  memory.copy(p + HDR, a + HDR, <usize>n << 2);
  setLen(p, n);
  setNeg(p, bigNeg(a));
  return p;
}

/** a = a * m + add, in place; a must have one spare limb. */
export function bigMulSmallAdd(a: usize, m: u32, add: u32): void {
  let n = bigLen(a);
  let carry: u64 = add;
  for (let i: u32 = 0; i < n; i++) {
    let t = <u64>load<u32>(a + HDR + (<usize>i << 2)) * <u64>m + carry;
    setLimb(a, i, <u32>t);
    carry = t >> 32;
  }
  if (carry != 0) {
    if (n >= bigCap(a)) fail("out of memory");
    setLimb(a, n, <u32>carry);
    setLen(a, n + 1);
  }
}

/** Magnitude from `count` digits produced by digitAt(k) (values 0..9), then `zeros` zeros. */
export function bigFromDigitFn(count: i32, zeros: i32, neg: bool): usize {
  let total = count + zeros;
  let p = bigAlloc(<u32>(total / 9 + 2));
  let chunk: u32 = 0;
  let mul: u32 = 1;
  for (let k = 0; k < total; k++) {
    let d: u32 = k < count ? digitSource(k) : 0;
    chunk = chunk * 10 + d;
    mul *= 10;
    if (mul == 1000000000) { bigMulSmallAdd(p, mul, chunk); chunk = 0; mul = 1; }
  }
  if (mul != 1) bigMulSmallAdd(p, mul, chunk);
  setNeg(p, neg);
  return norm(p);
}

// Digit source for bigFromDigitFn: either ASCII bytes or the decimal slot 0.
let srcPtr: usize = 0;
let srcSlot = false;
function digitSource(k: i32): u32 {
  if (srcSlot) return sig(slot(0), k) - 48;
  return <u32>load<u8>(srcPtr + <usize>k) - 48;
}

/** Magnitude of the ASCII digits at p (all must be digits). */
export function bigFromAscii(p: usize, n: i32, zeros: i32, neg: bool): usize {
  srcPtr = p;
  srcSlot = false;
  return bigFromDigitFn(n, zeros, neg);
}

export function bigBitLen(p: usize): i32 {
  let n = bigLen(p);
  if (n == 0) return 0;
  return <i32>(n - 1) * 32 + 32 - <i32>clz<u32>(limb(p, n - 1));
}

function bit(p: usize, i: i32): bool {
  return ((limb(p, <u32>(i >> 5)) >> <u32>(i & 31)) & 1) != 0;
}

/** Any of the bits below position i set? */
function anyBelow(p: usize, i: i32): bool {
  let w = i >> 5;
  for (let k = 0; k < w; k++) if (limb(p, <u32>k) != 0) return true;
  let r = i & 31;
  return r != 0 && (limb(p, <u32>w) & ((<u32>1 << <u32>r) - 1)) != 0;
}

/** Add 1 to the magnitude, in place (needs a spare limb). */
function incMag(p: usize): void { bigMulSmallAdd(p, 1, 1); }

/**
 * Round the magnitude to 64 significant bits, nearest-even, as Go's
 * big.Float with its default precision does when OPA converts a number
 * (`sticky`: a nonzero part below the integer was dropped). In place; p needs
 * a spare limb.
 */
export function bigRound64(p: usize, sticky: bool): void {
  let bl = bigBitLen(p);
  if (bl <= 64) return;
  let cut = bl - 64; // bits below this position go
  let half = bit(p, cut - 1);
  let rest = sticky || anyBelow(p, cut - 1);
  let up = half && (rest || bit(p, cut));
  // clear the bits below cut
  let w = cut >> 5;
  for (let k = 0; k < w; k++) setLimb(p, <u32>k, 0);
  let r = cut & 31;
  if (r != 0) setLimb(p, <u32>w, limb(p, <u32>w) & ~((<u32>1 << <u32>r) - 1));
  if (up) {
    // add 2^cut
    let carry: u64 = <u64>1 << <u64>r;
    let n = bigLen(p);
    for (let i = <u32>w; i < n && carry != 0; i++) {
      let t = <u64>limb(p, i) + carry;
      setLimb(p, i, <u32>t);
      carry = t >> 32;
    }
    if (carry != 0) {
      if (n >= bigCap(p)) fail("out of memory");
      setLimb(p, n, <u32>carry);
      setLen(p, n + 1);
    }
  }
}

export function bigFitsI64(p: usize): bool {
  let n = bigLen(p);
  if (n > 2) return false;
  let m = (<u64>limb(p, 1) << 32) | <u64>limb(p, 0);
  return bigNeg(p) ? m <= 0x8000000000000000 : m <= 0x7FFFFFFFFFFFFFFF;
}

export function bigToI64(p: usize): i64 {
  let m = (<u64>limb(p, 1) << 32) | <u64>limb(p, 0);
  return bigNeg(p) ? <i64>(<u64>0 - m) : <i64>m;
}

/** Decimal digits of the magnitude into out (capacity bigLen*10+1); returns the count. */
export function bigDigits(a: usize, out: usize): usize {
  let n = bigLen(a);
  if (n == 0) { store<u8>(out, 48); return 1; }
  let t = bigCopy(a, 0);
  // Collect base-1e9 chunks least significant first, each written backwards.
  let cap = <usize>n * 10 + 1;
  let pos = cap; // write from the end of out
  while (bigLen(t) > 0) {
    let rem: u64 = 0;
    let len = bigLen(t);
    for (let i = <i32>len - 1; i >= 0; i--) {
      let cur = (rem << 32) | <u64>limb(t, <u32>i);
      setLimb(t, <u32>i, <u32>(cur / 1000000000));
      rem = cur % 1000000000;
    }
    norm(t);
    let chunk = <u32>rem;
    let last = bigLen(t) == 0;
    for (let j = 0; j < 9; j++) {
      if (last && chunk == 0 && j > 0) break;
      store<u8>(out + --pos, <u8>(48 + chunk % 10));
      chunk /= 10;
    }
  }
  bigFree(t);
  let count = cap - pos;
  memory.copy(out, out + pos, count);
  return count;
}

/** Number value of a big integer (int when it fits i64, else exact text). */
export function bigToValue(p: usize): usize {
  if (bigFitsI64(p)) return newInt(bigToI64(p));
  let cap = <usize>bigLen(p) * 10 + 2;
  let buf = opa_malloc(cap);
  let o: usize = 0;
  if (bigNeg(p)) { store<u8>(buf, 45); o = 1; }
  let n = bigDigits(p, buf + o);
  let v = numberFromText(buf, o + n);
  opa_free(buf);
  return v;
}

// ---- arithmetic -------------------------------------------------------------

export function bigCmpMag(a: usize, b: usize): i32 {
  let na = bigLen(a), nb = bigLen(b);
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = <i32>na - 1; i >= 0; i--) {
    let x = limb(a, <u32>i), y = limb(b, <u32>i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

export function bigCmp(a: usize, b: usize): i32 {
  let sa = bigIsZero(a) ? 0 : (bigNeg(a) ? -1 : 1);
  let sb = bigIsZero(b) ? 0 : (bigNeg(b) ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  let m = bigCmpMag(a, b);
  return sa < 0 ? -m : m;
}

function addMag(a: usize, b: usize, neg: bool): usize {
  let na = bigLen(a), nb = bigLen(b);
  let n = na > nb ? na : nb;
  let p = bigAlloc(n + 1);
  let carry: u64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let t = <u64>limb(a, i) + <u64>limb(b, i) + carry;
    setLimb(p, i, <u32>t);
    carry = t >> 32;
  }
  setLimb(p, n, <u32>carry);
  setLen(p, n + 1);
  setNeg(p, neg);
  return norm(p);
}

/** |a| - |b| with |a| >= |b|. */
function subMag(a: usize, b: usize, neg: bool): usize {
  let n = bigLen(a);
  let p = bigAlloc(n + 1);
  let borrow: i64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let t = <i64>limb(a, i) - <i64>limb(b, i) - borrow;
    borrow = t < 0 ? 1 : 0;
    setLimb(p, i, <u32>(t + (borrow << 32)));
  }
  setLen(p, n);
  setNeg(p, neg);
  return norm(p);
}

export function bigAdd(a: usize, b: usize): usize {
  if (bigNeg(a) == bigNeg(b)) return addMag(a, b, bigNeg(a));
  let c = bigCmpMag(a, b);
  if (c >= 0) return subMag(a, b, bigNeg(a));
  return subMag(b, a, bigNeg(b));
}

export function bigSub(a: usize, b: usize): usize {
  setNeg(b, !bigNeg(b) && !bigIsZero(b));
  let r = bigAdd(a, b);
  setNeg(b, !bigNeg(b) && !bigIsZero(b));
  return r;
}

export function bigMul(a: usize, b: usize): usize {
  let na = bigLen(a), nb = bigLen(b);
  let p = bigAlloc(na + nb + 1);
  memory.fill(p + HDR, 0, <usize>(na + nb + 1) << 2);
  for (let i: u32 = 0; i < na; i++) {
    let carry: u64 = 0;
    let x = <u64>limb(a, i);
    if (x == 0) continue;
    for (let j: u32 = 0; j < nb; j++) {
      let t = x * <u64>limb(b, j) + <u64>load<u32>(p + HDR + (<usize>(i + j) << 2)) + carry;
      setLimb(p, i + j, <u32>t);
      carry = t >> 32;
    }
    let k = i + nb;
    while (carry != 0) {
      let t = <u64>load<u32>(p + HDR + (<usize>k << 2)) + carry;
      setLimb(p, k, <u32>t);
      carry = t >> 32;
      k++;
    }
  }
  setLen(p, na + nb + 1);
  setNeg(p, bigNeg(a) != bigNeg(b));
  return norm(p);
}

/** a << s (magnitude shift, sign kept). */
export function bigShl(a: usize, s: u32): usize {
  let n = bigLen(a);
  let w = s >> 5, r = s & 31;
  let p = bigAlloc(n + w + 1);
  memory.fill(p + HDR, 0, <usize>(n + w + 1) << 2);
  for (let i: u32 = 0; i < n; i++) {
    let x = <u64>limb(a, i) << <u64>r;
    setLimb(p, i + w, load<u32>(p + HDR + (<usize>(i + w) << 2)) | <u32>x);
    setLimb(p, i + w + 1, <u32>(x >> 32));
  }
  setLen(p, n + w + 1);
  setNeg(p, bigNeg(a));
  return norm(p);
}

/** a >> s rounding toward -inf (Go big.Int.Rsh). */
export function bigShr(a: usize, s: u32): usize {
  let n = bigLen(a);
  let w = s >> 5, r = s & 31;
  let neg = bigNeg(a);
  if (w >= n) return neg ? bigFromI64(-1) : bigFromI64(0);
  let m = n - w;
  let p = bigAlloc(m + 1);
  for (let i: u32 = 0; i < m; i++) {
    let x = (<u64>limb(a, i + w + 1) << 32) | <u64>limb(a, i + w);
    setLimb(p, i, <u32>(x >> <u64>r));
  }
  setLen(p, m);
  setNeg(p, neg);
  norm(p);
  if (neg && anyBelow(a, <i32>s)) {
    setNeg(p, false);
    incMag(p);
    setNeg(p, true);
  }
  return p;
}

// Two's complement view of limb i of a (sign-extended), for the logic ops.
function tcLimb(a: usize, i: u32, borrowIn: u64): u64 {
  // returns (limb value in low 32 bits) | (borrow out << 32) for negatives
  let x = <u64>limb(a, i);
  if (!bigNeg(a)) return x;
  // -(|a|) = ~(|a| - 1): subtract the running borrow, then invert
  let t = <i64>x - <i64>borrowIn;
  let bout: u64 = t < 0 ? 1 : 0;
  let v = <u32>(t + (<i64>bout << 32));
  return <u64>(~v) | (bout << 32);
}

/** op: 0 and, 1 or, 2 xor (Go big.Int semantics for negatives). */
export function bigLogic(a: usize, b: usize, op: i32): usize {
  let na = bigLen(a), nb = bigLen(b);
  let n = (na > nb ? na : nb) + 1;
  let p = bigAlloc(n + 1);
  let ba: u64 = 1, bb: u64 = 1; // initial borrow of the "- 1"
  for (let i: u32 = 0; i < n; i++) {
    let xa = tcLimb(a, i, ba), xb = tcLimb(b, i, bb);
    if (bigNeg(a)) ba = xa >> 32;
    if (bigNeg(b)) bb = xb >> 32;
    let x = <u32>xa, y = <u32>xb;
    setLimb(p, i, op == 0 ? x & y : (op == 1 ? x | y : x ^ y));
  }
  let sa = bigNeg(a), sb = bigNeg(b);
  let neg = op == 0 ? (sa && sb) : (op == 1 ? (sa || sb) : (sa != sb));
  setLen(p, n);
  if (neg) {
    // magnitude = ~r + 1
    for (let i: u32 = 0; i < n; i++) setLimb(p, i, ~limb(p, i));
    norm(p);
    incMag(p);
  }
  norm(p);
  setNeg(p, neg && !bigIsZero(p));
  return p;
}

/** ^a = -a - 1. */
export function bigNot(a: usize): usize {
  let one = bigFromI64(1);
  let na = bigCopy(a, 0);
  setNeg(na, !bigNeg(na) && !bigIsZero(na));
  let r = bigSub(na, one);
  bigFree(one);
  bigFree(na);
  return r;
}

// ---- numbers as integers (OPA's builtins.NumberToInt) -----------------------

const TXT: usize = memory.data(64, 8);

/** Parse number v into decimal slot 0 (value = 0.d1..dn x 10^E). */
export function viewNumber(v: usize): void {
  let r = numRepr(v);
  if (r == N_REF) { parseDecimal(0, refPtr(v), refLen(v)); return; }
  let n = r == N_INT ? intText(numInt(v), TXT) : floatText(numFloat(v), TXT);
  parseDecimal(0, TXT, n);
}

/** Largest decimal exponent accepted when turning a number into an integer. */
const MAX_EXP: i32 = 20000;

/** Status of the last numberToBig: 0 ok, 1 not an integer, 2 too large. */
export let bigStatus: i32 = 0;

/**
 * The integer OPA's NumberToInt gives for number v: its decimal value rounded
 * to a 64-bit binary mantissa (Go big.Float's default precision), which must
 * be integral. Integers up to 2^64 are exact. Returns 0 with bigStatus set
 * when v is not an integer. Fractions are only rounded away when the integer
 * part already fills the 64 bits (tiny fractions of smaller numbers, which
 * Go would also round away, are reported as non-integers).
 */
export function numberToBig(v: usize): usize {
  bigStatus = 0;
  if (numRepr(v) == N_INT) return bigFromI64(numInt(v));
  viewNumber(v);
  let d = slot(0);
  let n = nsig(d), e = expE(d);
  if (n == 0) return bigFromI64(0);
  if (e > MAX_EXP) { bigStatus = 2; return 0; }
  if (e <= 0) { bigStatus = 1; return 0; }
  let intDigits = n < e ? n : e;
  srcSlot = true;
  let p = bigFromDigitFn(intDigits, e > n ? e - n : 0, isNeg(d));
  srcSlot = false;
  let frac = n > e;
  if (frac && bigBitLen(p) < 64) { bigFree(p); bigStatus = 1; return 0; }
  let q = bigCopy(p, 1);
  bigFree(p);
  bigRound64(q, frac);
  return q;
}
