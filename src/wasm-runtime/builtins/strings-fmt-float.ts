// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Number formatting as Go's strconv and math/big print numbers, for sprintf
// and format_int: strconv.AppendFloat (verbs e E f g G b x X) and naturals
// given as decimal text printed in base 2, 8, 10 or 16 (big.Int's Format).
// Floats with an explicit precision are rounded from their exact binary
// value (half to even on exact ties), like strconv; shortest forms come from
// the runtime's shortest round-trip digits.
// %q uses strconv.IsPrint from quote.ts (Unicode general categories).
import { opa_malloc, opa_free } from "../alloc";
import { floatText, intText } from "../numbers";
import { parseDecimal, slot, nsig, expE, sig } from "../decimal";
import { sbByte, sbBytes, sbFill, sbAscii, sbLength, sbPtr, sbReserve, sbAdvance } from "./builder";

export const LHEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102, 120]);
export const UHEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70, 88]);

// ---- scratch ---------------------------------------------------------------

export const NUMTXT: usize = memory.data(64, 8);   // floatText / intText output
export const INTBUF: usize = memory.data(80, 8);   // integer digits, right-aligned
// Float conversion scratch, on the heap for the duration of one conversion
// (static data is shared by every family): decimal digits (1200 B), the
// exact value as u32 limbs (110), its base-1e9 chunks (120).
let DIG: usize = 0;
let BN: usize = 0;
let CHUNKS: usize = 0;

function scratchBegin(): void {
  DIG = opa_malloc(1200 + 110 * 4 + 120 * 4);
  BN = DIG + 1200;
  CHUNKS = BN + 110 * 4;
}

function scratchEnd(): void {
  opa_free(DIG);
  DIG = 0; BN = 0; CHUNKS = 0;
}

// Decimal digits of a float: DIG[0..nd), value 0.d1d2.. x 10^dp.
let nd: i32 = 0;
let dp: i32 = 0;

// ---- big naturals on u32 limbs (little-endian) -----------------------------

let bnRem: u32 = 0;

function bnMulAdd(p: usize, n: i32, mul: u32, add: u32): i32 {
  let carry: u64 = <u64>add;
  for (let i = 0; i < n; i++) {
    let a = p + (<usize>i << 2);
    let t = <u64>load<u32>(a) * <u64>mul + carry;
    store<u32>(a, <u32>t);
    carry = t >> 32;
  }
  if (carry != 0) { store<u32>(p + (<usize>n << 2), <u32>carry); n++; }
  return n;
}

/** p /= d; remainder in bnRem; returns the trimmed length. */
function bnDiv(p: usize, n: i32, d: u32): i32 {
  let rem: u64 = 0;
  for (let i = n - 1; i >= 0; i--) {
    let a = p + (<usize>i << 2);
    let cur = (rem << 32) | <u64>load<u32>(a);
    store<u32>(a, <u32>(cur / <u64>d));
    rem = cur % <u64>d;
  }
  bnRem = <u32>rem;
  while (n > 0 && load<u32>(p + (<usize>(n - 1) << 2)) == 0) n--;
  return n;
}

/** Decimal digits of the natural at p (destroyed) appended at DIG+nd. */
function bnToDigits(p: usize, n: i32): void {
  let k = 0;
  while (n > 0) {
    n = bnDiv(p, n, 1000000000);
    store<u32>(CHUNKS + (<usize>k << 2), bnRem);
    k++;
  }
  nd = 0;
  if (k == 0) return;
  // most significant chunk without leading zeros
  let top = load<u32>(CHUNKS + (<usize>(k - 1) << 2));
  nd = <i32>intText(<i64>top, DIG);
  for (let j = k - 2; j >= 0; j--) {
    let c = load<u32>(CHUNKS + (<usize>j << 2));
    for (let q = 8; q >= 0; q--) {
      store<u8>(DIG + <usize>(nd + q), <u8>(48 + c % 10));
      c /= 10;
    }
    nd += 9;
  }
}

function trimZeros(): void {
  while (nd > 0 && load<u8>(DIG + <usize>(nd - 1)) == 48) nd--;
  if (nd == 0) dp = 0;
}

/** Exact decimal expansion of a positive finite double into DIG/nd/dp. */
function exactDigits(a: f64): void {
  let bits = reinterpret<u64>(a);
  let be = <i32>((bits >> 52) & 0x7FF);
  let m = bits & 0xFFFFFFFFFFFFF;
  let e: i32;
  if (be == 0) e = -1074; else { m |= 0x10000000000000; e = be - 1075; }
  nd = 0; dp = 0;
  if (m == 0) return;
  while ((m & 1) == 0 && e < 0) { m >>= 1; e++; }
  store<u32>(BN, <u32>m);
  store<u32>(BN + 4, <u32>(m >> 32));
  let n = (m >> 32) != 0 ? 2 : 1;
  if (e >= 0) {
    let k = e;
    while (k >= 31) { n = bnMulAdd(BN, n, 0x80000000, 0); k -= 31; }
    if (k > 0) n = bnMulAdd(BN, n, <u32>1 << <u32>k, 0);
    bnToDigits(BN, n);
    dp = nd;
  } else {
    let k = -e;
    while (k >= 13) { n = bnMulAdd(BN, n, 1220703125, 0); k -= 13; }
    let f: u32 = 1;
    while (k > 0) { f *= 5; k--; }
    if (f != 1) n = bnMulAdd(BN, n, f, 0);
    bnToDigits(BN, n);
    dp = nd + e; // value = N x 10^e
  }
  trimZeros();
}

/** Length of the last integralDigits result. */
export let integralLen: usize = 0;

/** The exact decimal digits of |f|, an integral double (|f| >= 1), in a new
 * heap block of integralLen bytes that the caller frees. */
export function integralDigits(f: f64): usize {
  scratchBegin();
  exactDigits(Math.abs(f));
  let p = opa_malloc(<usize>dp);
  memory.copy(p, DIG, <usize>nd);
  memory.fill(p + <usize>nd, 48, <usize>(dp - nd));
  scratchEnd();
  integralLen = <usize>dp;
  return p;
}

/** Append the exact decimal value of an integral double (|f| >= 1). */
export function appendIntegralFloat(f: f64, base: u32): void {
  let p = integralDigits(f);
  if (f < 0) sbByte(45);
  appendDecimalInBase(p, integralLen, base, false);
  opa_free(p);
}

/** Shortest round-trip digits of a positive finite double. */
function shortestDigits(a: f64): void {
  nd = 0; dp = 0;
  if (a == 0) return;
  let n = floatText(a, NUMTXT);
  parseDecimal(0, NUMTXT, n);
  let d = slot(0);
  nd = nsig(d);
  dp = expE(d);
  for (let k = 0; k < nd; k++) store<u8>(DIG + <usize>k, <u8>sig(d, k));
}

/** Go's decimal.Round on exact digits: half to even on exact ties. */
function roundTo(keep: i32): void {
  if (keep < 0 || keep >= nd) return;
  let c = load<u8>(DIG + <usize>keep);
  let up = c > 53 || (c == 53 && (keep + 1 < nd || (keep > 0 && (load<u8>(DIG + <usize>(keep - 1)) & 1) == 1)));
  if (up) {
    for (let i = keep - 1; i >= 0; i--) {
      let x = load<u8>(DIG + <usize>i);
      if (x < 57) { store<u8>(DIG + <usize>i, x + 1); nd = i + 1; return; }
    }
    store<u8>(DIG, 49);
    nd = 1;
    dp++;
  } else {
    nd = keep;
    trimZeros();
  }
}

// ---- strconv.AppendFloat ---------------------------------------------------

function digitAt(i: i32): u32 { return i >= 0 && i < nd ? <u32>load<u8>(DIG + <usize>i) : 48; }

function fmtE(neg: bool, prec: i32, fmtc: u32): void {
  if (neg) sbByte(45);
  sbByte(nd == 0 ? 48 : digitAt(0));
  if (prec > 0) {
    sbByte(46);
    let i = 1;
    let m = nd < prec + 1 ? nd : prec + 1;
    if (i < m) { sbBytes(DIG + <usize>i, <usize>(m - i)); i = m; }
    sbFill(48, <isize>(prec + 1 - i));
  }
  sbByte(fmtc);
  let exp = nd == 0 ? 0 : dp - 1;
  if (exp < 0) { sbByte(45); exp = -exp; } else sbByte(43);
  if (exp < 10) { sbByte(48); sbByte(48 + <u32>exp); }
  else if (exp < 100) { sbByte(48 + <u32>(exp / 10)); sbByte(48 + <u32>(exp % 10)); }
  else { sbByte(48 + <u32>(exp / 100)); sbByte(48 + <u32>((exp / 10) % 10)); sbByte(48 + <u32>(exp % 10)); }
}

function fmtF(neg: bool, prec: i32): void {
  if (neg) sbByte(45);
  if (dp > 0) {
    let m = nd < dp ? nd : dp;
    sbBytes(DIG, <usize>m);
    sbFill(48, <isize>(dp - m));
  } else sbByte(48);
  if (prec > 0) {
    sbByte(46);
    sbReserve(<usize>prec);
    for (let i = 1; i <= prec; i++) sbByte(digitAt(dp + i - 1));
  }
}

function fmtB(neg: bool, mant: u64, exp: i32): void {
  if (neg) sbByte(45);
  sbInt(mant, 10, LHEX);
  sbByte(112); // p
  exp -= 52;
  if (exp >= 0) sbByte(43); else { sbByte(45); exp = -exp; }
  sbInt(<u64>exp, 10, LHEX);
}

function fmtX(prec: i32, fmtc: u32, neg: bool, mant: u64, exp: i32): void {
  if (mant == 0) exp = 0;
  mant <<= 60 - 52;
  while (mant != 0 && (mant & (<u64>1 << 60)) == 0) { mant <<= 1; exp--; }
  if (prec >= 0 && prec < 15) {
    let shift = <u64>(prec * 4);
    let extra = (mant << shift) & ((<u64>1 << 60) - 1);
    mant >>= 60 - shift;
    if ((extra | (mant & 1)) > (<u64>1 << 59)) mant++;
    mant <<= 60 - shift;
    if ((mant & (<u64>1 << 61)) != 0) { mant >>= 1; exp++; }
  }
  let hex = fmtc == 88 ? UHEX : LHEX;
  if (neg) sbByte(45);
  sbByte(48); sbByte(fmtc); sbByte(48 + <u32>((mant >> 60) & 1));
  mant <<= 4;
  if (prec < 0 && mant != 0) {
    sbByte(46);
    while (mant != 0) { sbByte(load<u8>(hex + <usize>((mant >> 60) & 15))); mant <<= 4; }
  } else if (prec > 0) {
    sbByte(46);
    for (let i = 0; i < prec; i++) { sbByte(load<u8>(hex + <usize>((mant >> 60) & 15))); mant <<= 4; }
  }
  sbByte(fmtc == 88 ? 80 : 112);
  if (exp < 0) { sbByte(45); exp = -exp; } else sbByte(43);
  if (exp < 100) { sbByte(48 + <u32>(exp / 10)); sbByte(48 + <u32>(exp % 10)); }
  else if (exp < 1000) { sbByte(48 + <u32>(exp / 100)); sbByte(48 + <u32>((exp / 10) % 10)); sbByte(48 + <u32>(exp % 10)); }
  else { sbByte(48 + <u32>(exp / 1000)); sbByte(48 + <u32>((exp / 100) % 10)); sbByte(48 + <u32>((exp / 10) % 10)); sbByte(48 + <u32>(exp % 10)); }
}

/** strconv.AppendFloat(v, fmtc, prec, 64); fmtc in e E f g G b x X. */
export function appendFloat(v: f64, fmtc: u32, prec: i32): void {
  let bits = reinterpret<u64>(v);
  let neg = (bits >> 63) != 0;
  let be = <i32>((bits >> 52) & 0x7FF);
  let mant = bits & 0xFFFFFFFFFFFFF;
  if (be == 0x7FF) {
    if (mant != 0) sbAscii("NaN"); else sbAscii(neg ? "-Inf" : "+Inf");
    return;
  }
  if (be == 0) be++; else mant |= 0x10000000000000;
  let exp = be - 1023;
  if (fmtc == 98) { fmtB(neg, mant, exp); return; }
  if (fmtc == 120 || fmtc == 88) { fmtX(prec, fmtc, neg, mant, exp); return; }
  scratchBegin();
  formatDecimal(Math.abs(v), neg, fmtc, prec);
  scratchEnd();
}

function formatDecimal(a: f64, neg: bool, fmtc: u32, prec: i32): void {
  let shortest = prec < 0;
  if (shortest) {
    shortestDigits(a);
    if (fmtc == 101 || fmtc == 69) prec = nd - 1 > 0 ? nd - 1 : 0;
    else if (fmtc == 102) prec = nd - dp > 0 ? nd - dp : 0;
    else prec = nd;
  } else {
    exactDigits(a);
    if (fmtc == 101 || fmtc == 69) roundTo(prec + 1);
    else if (fmtc == 102) roundTo(dp + prec);
    else { if (prec == 0) prec = 1; roundTo(prec); }
  }
  if (fmtc == 101 || fmtc == 69) { fmtE(neg, prec, fmtc); return; }
  if (fmtc == 102) { fmtF(neg, prec); return; }
  // %g / %G
  let eprec = prec;
  if (eprec > nd && nd >= dp) eprec = nd;
  if (shortest) eprec = 6;
  let exp10 = dp - 1;
  if (exp10 < -4 || exp10 >= eprec) {
    if (prec > nd) prec = nd;
    fmtE(neg, prec - 1, fmtc + 101 - 103);
    return;
  }
  if (prec > dp) prec = nd;
  fmtF(neg, prec - dp > 0 ? prec - dp : 0);
}

/** Writes the digits of u in base (2, 8, 10, 16) right-aligned into INTBUF; returns the offset of the first digit. */
export function intDigits(u: u64, base: u32, digits: usize): usize {
  let i: usize = 80;
  do {
    i--;
    store<u8>(INTBUF + i, load<u8>(digits + <usize>(u % <u64>base)));
    u /= <u64>base;
  } while (u != 0);
  return i;
}

/** Appends the digits of u in base using the digit table. */
function sbInt(u: u64, base: u32, digits: usize): void {
  let i = intDigits(u, base, digits);
  sbBytes(INTBUF + i, 80 - i);
}

// ---- big integers given as decimal text --------------------------------------

/**
 * Append the natural given by decimal digits (no sign) in base 2, 8, 10 or
 * 16. round64: first round it to 64 significant bits (half to even; `sticky`
 * says a nonzero fraction was dropped), as big.Float's default precision
 * does when OPA's format_int goes through a float.
 */
export function appendDecimalInBase(p: usize, n: usize, base: u32, upper: bool, round64: bool = false, sticky: bool = false): void {
  while (n > 1 && load<u8>(p) == 48) { p++; n--; }
  if (base == 10 && !round64) { sbBytes(p, n); return; }
  let limbs = <i32>(n / 9 + 2) * 4 / 3 + 3;
  let bn = opa_malloc(<usize>(limbs + 1) << 2);
  let len = 0;
  let i: usize = 0;
  let first = n % 9;
  if (first == 0) first = 9;
  while (i < n) {
    let take = i == 0 ? first : 9;
    let chunk: u32 = 0, mul: u32 = 1;
    for (let j: usize = 0; j < take; j++) {
      chunk = chunk * 10 + (<u32>load<u8>(p + i + j) - 48);
      mul *= 10;
    }
    if (len == 0) {
      if (chunk != 0) { store<u32>(bn, chunk); len = 1; }
    } else {
      len = bnMulAdd(bn, len, mul, chunk);
    }
    i += take;
  }
  if (len == 0) { sbByte(48); opa_free(bn); return; }
  if (round64) len = bnRound64(bn, len, sticky);
  if (base == 10) {
    // repeated division by 1e9, chunks collected in a second block
    let chunks = opa_malloc(<usize>(len * 32 / 29 + 2) << 2);
    let k = 0;
    while (len > 0) {
      len = bnDiv(bn, len, 1000000000);
      store<u32>(chunks + (<usize>k << 2), bnRem);
      k++;
    }
    sbBytes(NUMTXT, intText(<i64>load<u32>(chunks + (<usize>(k - 1) << 2)), NUMTXT));
    for (let j = k - 2; j >= 0; j--) {
      let c = load<u32>(chunks + (<usize>j << 2));
      sbReserve(9);
      let out = sbPtr() + sbLength();
      for (let q = 8; q >= 0; q--) { store<u8>(out + <usize>q, <u8>(48 + c % 10)); c /= 10; }
      sbAdvance(9);
    }
    opa_free(chunks);
    opa_free(bn);
    return;
  }
  let k: u32 = base == 2 ? 1 : (base == 8 ? 3 : 4);
  let bitsTotal = <u32>(len * 32) - clz<u32>(load<u32>(bn + (<usize>(len - 1) << 2)));
  let ndig = (bitsTotal + k - 1) / k;
  let digits = upper ? UHEX : LHEX;
  sbReserve(<usize>ndig);
  let out = sbPtr() + sbLength();
  for (let j: u32 = 0; j < ndig; j++) {
    let bit = j * k;
    let w = bit >> 5, o = bit & 31;
    let val = <u64>load<u32>(bn + (<usize>w << 2)) >> o;
    if (o + k > 32 && <i32>w + 1 < len) val |= <u64>load<u32>(bn + (<usize>(w + 1) << 2)) << (32 - o);
    store<u8>(out + <usize>(ndig - 1 - j), load<u8>(digits + <usize>(<u32>val & ((<u32>1 << k) - 1))));
  }
  sbAdvance(<usize>ndig);
  opa_free(bn);
}

function bnBit(p: usize, b: u32): u32 { return (load<u32>(p + (<usize>(b >> 5) << 2)) >> (b & 31)) & 1; }

/** Round the natural to 64 significant bits, half to even; returns its length. */
function bnRound64(p: usize, n: i32, sticky: bool): i32 {
  let bits = <u32>(n * 32) - clz<u32>(load<u32>(p + (<usize>(n - 1) << 2)));
  if (bits <= 64) return n;
  let cut = bits - 64; // bits below `cut` go
  let half = bnBit(p, cut - 1);
  if (!sticky) {
    let hb = cut - 1; // the half bit; anything below it is sticky
    let hw = hb >> 5;
    for (let i: u32 = 0; i < hw && !sticky; i++) if (load<u32>(p + (<usize>i << 2)) != 0) sticky = true;
    let ho = hb & 31;
    if (ho != 0 && (load<u32>(p + (<usize>hw << 2)) & ((<u32>1 << ho) - 1)) != 0) sticky = true;
  }
  let up = half != 0 && (sticky || bnBit(p, cut) != 0);
  // clear the low bits
  let w = cut >> 5;
  for (let i: u32 = 0; i < w; i++) store<u32>(p + (<usize>i << 2), 0);
  let o = cut & 31;
  if (o != 0) store<u32>(p + (<usize>w << 2), load<u32>(p + (<usize>w << 2)) & ~((<u32>1 << o) - 1));
  if (up) {
    // add 1 << cut
    let carry: u64 = <u64>1 << o;
    for (let i = <i32>w; i < n && carry != 0; i++) {
      let a = p + (<usize>i << 2);
      let t = <u64>load<u32>(a) + carry;
      store<u32>(a, <u32>t);
      carry = t >> 32;
    }
    if (carry != 0) { store<u32>(p + (<usize>n << 2), <u32>carry); n++; }
  }
  return n;
}
