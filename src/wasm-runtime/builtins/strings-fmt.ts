// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Go's fmt.Sprintf as OPA's `sprintf` uses it, writing into the string
// builder of builder.ts. OPA passes each array element as a Go value:
//   integer that fits int64        -> int       (verbs d b o O x X c q U v)
//   other integer                  -> *big.Int  (its Format: d s v b o O x X)
//   number with a fraction/exponent-> float64   (e E f F g G b x X v)
//   string                         -> string    (s v q x X)
//   anything else                  -> string of the value's Rego text
//                                     (`["a", 1]`, `{"k": true}`, `set()`)
// Errors are printed inline as Go does: %!d(string=x), %!d(MISSING),
// %!(EXTRA int=1), %!(NOVERB), %!(BADINDEX), %!(BADWIDTH), %!(BADPREC).
//
// Floats with an explicit precision are rounded from their exact binary
// value (half to even on exact ties), like strconv; shortest forms come from
// the runtime's shortest round-trip digits. Limits: our numbers do not keep
// their literal text, so an integral float literal (`1.0`, `1e2`) formats as
// an int; an integral float beyond int64 (our arithmetic's overflow) is a
// *big.Int of its exact value below 1e21 and a float64 above; composite
// values print floats in their shortest form, not the literal's spelling.
// %q uses strconv.IsPrint from quote.ts (Unicode general categories).
import { opa_malloc, opa_free } from "../alloc";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, N_INT, N_FLOAT } from "../layout";
import { typeOf, boolOf, numRepr, numInt, numFloat, refPtr, refLen, strPtr, strLen, arrLen, arrAt } from "../values";
import { ensureSorted, tblLen, keyAt, valAt } from "../table";
import { floatText, intText, numToF64 } from "../numbers";
import { parseDecimal, slot, nsig, expE, isNeg, sig } from "../decimal";
import { decodeRune, dRune, dLen, runeCount, RUNE_ERROR, MAX_RUNE } from "./utf8";
import {
  sbByte, sbBytes, sbFill, sbRune, sbAscii, sbLength, sbPtr, sbTruncate, sbInsertFill, sbReserve, sbAdvance,
} from "./builder";
import { isPrint, escapeRune, quoteBytes } from "./quote";

const LHEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102, 120]);
const UHEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70, 88]);

// ---- scratch ---------------------------------------------------------------

const NUMTXT: usize = memory.data(64, 8);   // floatText / intText output
const INTBUF: usize = memory.data(80, 8);   // integer digits, right-aligned
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

/** Append the exact decimal value of an integral double (|f| >= 1). */
export function appendIntegralFloat(f: f64, base: u32): void {
  scratchBegin();
  exactDigits(Math.abs(f));
  let p = opa_malloc(<usize>dp);
  memory.copy(p, DIG, <usize>nd);
  memory.fill(p + <usize>nd, 48, <usize>(dp - nd));
  scratchEnd();
  if (f < 0) sbByte(45);
  appendDecimalInBase(p, <usize>dp, base, false);
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

/** Digits of u in base (2, 8, 10, 16) using the digit table. */
function sbInt(u: u64, base: u32, digits: usize): void {
  let i: usize = 80;
  do {
    i--;
    store<u8>(INTBUF + i, load<u8>(digits + <usize>(u % <u64>base)));
    u /= <u64>base;
  } while (u != 0);
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

// ---- Go quoting (strconv) -----------------------------------------------------

/** strconv.Quote (asciiOnly: QuoteToASCII) of the bytes. */
export function appendQuoted(p: usize, n: usize, asciiOnly: bool): void {
  sbReserve(n + 2);
  quoteBytes(p, n, asciiOnly, sbByte);
}

function canBackquote(p: usize, n: usize): bool {
  let end = p + n;
  let i = p;
  while (i < end) {
    decodeRune(i, end);
    let r = dRune;
    i += dLen;
    if (dLen > 1) { if (r == 0xFEFF) return false; continue; }
    if (r == RUNE_ERROR) return false;
    if ((r < 32 && r != 9) || r == 96 || r == 0x7F) return false;
  }
  return true;
}

// ---- Rego text of a value (ast.Value.String) ---------------------------------

export function appendNumberText(v: usize): void {
  let r = numRepr(v);
  if (r == N_INT) { sbBytes(NUMTXT, intText(numInt(v), NUMTXT)); return; }
  if (r == N_FLOAT) {
    let f = numFloat(v);
    if (isNaN(f)) { sbAscii("NaN"); return; }
    if (!isFinite(f)) { sbAscii(f > 0 ? "+Inf" : "-Inf"); return; }
    sbBytes(NUMTXT, floatText(f, NUMTXT));
    return;
  }
  sbBytes(refPtr(v), refLen(v));
}

export function appendValueText(v: usize): void {
  let t = typeOf(v);
  if (t == T_NULL) { sbAscii("null"); return; }
  if (t == T_BOOLEAN) { sbAscii(boolOf(v) ? "true" : "false"); return; }
  if (t == T_NUMBER) { appendNumberText(v); return; }
  if (t == T_STRING) { appendQuoted(strPtr(v), strLen(v), false); return; }
  if (t == T_ARRAY) {
    sbByte(91);
    let n = arrLen(v);
    for (let i: u32 = 0; i < n; i++) {
      if (i != 0) { sbByte(44); sbByte(32); }
      appendValueText(arrAt(v, i));
    }
    sbByte(93);
    return;
  }
  ensureSorted(v);
  let n = tblLen(v);
  if (t == T_OBJECT) {
    sbByte(123);
    for (let i: u32 = 0; i < n; i++) {
      if (i != 0) { sbByte(44); sbByte(32); }
      appendValueText(keyAt(v, i));
      sbByte(58); sbByte(32);
      appendValueText(valAt(v, i));
    }
    sbByte(125);
    return;
  }
  if (n == 0) { sbAscii("set()"); return; }
  sbByte(123);
  for (let i: u32 = 0; i < n; i++) {
    if (i != 0) { sbByte(44); sbByte(32); }
    appendValueText(keyAt(v, i));
  }
  sbByte(125);
}

// ---- printer state -------------------------------------------------------------

let wid: i32 = 0;
let widP = false;
let prec: i32 = 0;
let precP = false;
let fMinus = false;
let fPlus = false;
let fSharp = false;
let fSpace = false;
let fZero = false;
let fPlusV = false;
let fSharpV = false;

function clearFlags(): void {
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

function loadArg(v: usize): void {
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
        scratchBegin();
        exactDigits(Math.abs(f));
        aOwned = opa_malloc(<usize>dp);
        memory.copy(aOwned, DIG, <usize>nd);
        memory.fill(aOwned + <usize>nd, 48, <usize>(dp - nd));
        scratchEnd();
        aPtr = aOwned;
        aLen = <usize>dp;
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

function releaseArg(): void {
  if (aOwned != 0) opa_free(aOwned);
  aOwned = 0;
}

function typeName(): void {
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
  let i: usize = 80;
  do {
    i--;
    store<u8>(INTBUF + i, load<u8>(digits + <usize>(u % <u64>base)));
    u /= <u64>base;
  } while (u != 0);
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
function printLoaded(verb: i32, erroring: bool): void {
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

function printArg(v: usize, verb: i32): void {
  loadArg(v);
  printLoaded(verb, false);
  releaseArg();
}

// ---- doPrintf ---------------------------------------------------------------------

let fmtP: usize = 0;
let fmtEnd: usize = 0;
let args: usize = 0;
let nargs: i32 = 0;
let argNum: i32 = 0;
let reordered = false;
let goodArgNum = true;
let afterIndex = false;
let pos: usize = 0; // index into the format

// parsenum results
let pnNum: i32 = 0;
let pnOk = false;

function tooLarge(x: i32): bool { return x > 1000000 || x < -1000000; }

/** Parse digits in [start, end); sets pnNum/pnOk, returns the new index. */
function parsenum(start: usize, end: usize): usize {
  pnNum = 0;
  pnOk = false;
  if (start >= end) return end;
  let i = start;
  while (i < end) {
    let c = load<u8>(fmtP + i);
    if (c < 48 || c > 57) break;
    if (tooLarge(pnNum)) { pnNum = 0; pnOk = false; return end; }
    pnNum = pnNum * 10 + <i32>(c - 48);
    pnOk = true;
    i++;
  }
  return i;
}

/** An explicit [n] argument index at pos; sets argNum/pos/afterIndex. */
function argNumber(): void {
  if (pos >= fmtEnd || load<u8>(fmtP + pos) != 91) { afterIndex = false; return; }
  reordered = true;
  // parseArgNumber(format[pos:])
  let index = 0;
  let w: usize = 1;
  let ok = false;
  if (fmtEnd - pos >= 3) {
    for (let j = pos + 1; j < fmtEnd; j++) {
      if (load<u8>(fmtP + j) == 93) {
        let ni = parsenum(pos + 1, j);
        if (!pnOk || ni != j) { w = j - pos + 1; ok = false; }
        else { index = pnNum - 1; w = j - pos + 1; ok = true; }
        break;
      }
    }
  }
  if (ok && index >= 0 && index < nargs) {
    argNum = index;
    pos += w;
    afterIndex = true;
    return;
  }
  goodArgNum = false;
  pos += w;
  afterIndex = ok;
}

// intFromArg results
let ifaNum: i32 = 0;
let ifaOk = false;

function intFromArg(): void {
  ifaNum = 0;
  ifaOk = false;
  if (argNum < nargs) {
    let v = arrAt(args, <u32>argNum);
    if (typeOf(v) == T_NUMBER && numRepr(v) == N_INT) {
      let x = numInt(v);
      if (x >= -1000000 && x <= 1000000) { ifaNum = <i32>x; ifaOk = true; }
    }
    argNum++;
  }
}

/** fmt.Sprintf(format, args...) appended to the builder. */
export function appendSprintf(fp: usize, fn: usize, arr: usize): void {
  fmtP = fp;
  fmtEnd = fn;
  args = arr;
  nargs = <i32>arrLen(arr);
  argNum = 0;
  afterIndex = false;
  reordered = false;
  pos = 0;
  while (pos < fmtEnd) {
    goodArgNum = true;
    let last = pos;
    while (pos < fmtEnd && load<u8>(fmtP + pos) != 37) pos++;
    if (pos > last) sbBytes(fmtP + last, pos - last);
    if (pos >= fmtEnd) break;
    pos++;
    clearFlags();
    let simple = false;
    while (pos < fmtEnd) {
      let c = <i32>load<u8>(fmtP + pos);
      if (c == 35) fSharp = true;
      else if (c == 48) fZero = !fMinus;
      else if (c == 43) fPlus = true;
      else if (c == 45) { fMinus = true; fZero = false; }
      else if (c == 32) fSpace = true;
      else {
        if (c >= 97 && c <= 122 && argNum < nargs) {
          if (c == 118) { fSharpV = fSharp; fSharp = false; fPlusV = fPlus; fPlus = false; }
          printArg(arrAt(args, <u32>argNum), c);
          argNum++;
          pos++;
          simple = true;
        }
        break;
      }
      pos++;
    }
    if (simple) continue;

    argNumber();

    if (pos < fmtEnd && load<u8>(fmtP + pos) == 42) { // '*'
      pos++;
      intFromArg();
      wid = ifaNum; widP = ifaOk;
      if (!widP) sbAscii("%!(BADWIDTH)");
      if (wid < 0) { wid = -wid; fMinus = true; fZero = false; }
      afterIndex = false;
    } else {
      pos = parsenum(pos, fmtEnd);
      wid = pnNum; widP = pnOk;
      if (afterIndex && widP) goodArgNum = false;
    }

    if (pos + 1 < fmtEnd && load<u8>(fmtP + pos) == 46) { // '.'
      pos++;
      if (afterIndex) goodArgNum = false;
      argNumber();
      if (pos < fmtEnd && load<u8>(fmtP + pos) == 42) {
        pos++;
        intFromArg();
        prec = ifaNum; precP = ifaOk;
        if (prec < 0) { prec = 0; precP = false; }
        if (!precP) sbAscii("%!(BADPREC)");
        afterIndex = false;
      } else {
        pos = parsenum(pos, fmtEnd);
        prec = pnNum; precP = pnOk;
        if (!precP) { prec = 0; precP = true; }
      }
    }

    if (!afterIndex) argNumber();

    if (pos >= fmtEnd) { sbAscii("%!(NOVERB)"); break; }

    decodeRune(fmtP + pos, fmtP + fmtEnd);
    let verb = dRune;
    pos += dLen;

    if (verb == 37) { sbByte(37); continue; }
    if (!goodArgNum) { sbByte(37); sbByte(33); sbRune(verb); sbAscii("(BADINDEX)"); continue; }
    if (argNum >= nargs) { sbByte(37); sbByte(33); sbRune(verb); sbAscii("(MISSING)"); continue; }
    if (verb == 118) { fSharpV = fSharp; fSharp = false; fPlusV = fPlus; fPlus = false; }
    printArg(arrAt(args, <u32>argNum), verb);
    argNum++;
  }

  if (!reordered && argNum < nargs) {
    clearFlags();
    sbAscii("%!(EXTRA ");
    for (let i = argNum; i < nargs; i++) {
      if (i > argNum) { sbByte(44); sbByte(32); }
      loadArg(arrAt(args, <u32>i));
      typeName();
      sbByte(61);
      printLoaded(118, false);
      releaseArg();
    }
    sbByte(41);
  }
}
