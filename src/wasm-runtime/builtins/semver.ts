// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// semver.is_valid, semver.compare. semver follows SemVer 2.0.0 strictly (no
// leading zeros in numeric fields, no empty pre-release/build sections);
// like OPA, one leading "v" is ignored and major/minor/patch must fit in
// int64.
import { typeOf, strPtr, strLen, boolValue, newInt } from "../values";
import { T_STRING } from "../layout";
import { typeError, msgStart, msgText, msgBuiltinError } from "./errors";
import { msgGoQuote } from "./quote";

// ---- semver ------------------------------------------------------------------------

// Parsed version fields (byte offsets into the text).
const SV: usize = memory.data(64, 8); // per slot: major/minor/patch start,len (6 x i32), pre start,len, build start,len

function isAlnumHyphen(c: u32): bool {
  return c - 48 < 10 || (c | 32) - 97 < 26 || c == 45;
}

/** Numeric field without leading zeros that fits int64. */
function numericOK(p: usize, n: usize): bool {
  if (n == 0) return false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) - 48 >= 10) return false;
  if (n > 1 && load<u8>(p) == 48) return false;
  if (n > 19) return false;
  if (n == 19) {
    // compare with 9223372036854775807
    let max = "9223372036854775807";
    let src = changetype<usize>(max);
    for (let i: usize = 0; i < 19; i++) {
      let a = <u32>load<u8>(p + i), b = <u32>load<u16>(src + (i << 1));
      if (a != b) return a < b;
    }
  }
  return true;
}

/** Dot-separated identifiers; pre-release numeric identifiers must not have leading zeros. */
function identsOK(p: usize, n: usize, pre: bool): bool {
  if (n == 0) return false;
  let start: usize = 0;
  for (let i: usize = 0; i <= n; i++) {
    if (i == n || load<u8>(p + i) == 46) {
      let len = i - start;
      if (len == 0) return false;
      let allDigits = true;
      for (let k = start; k < i; k++) {
        let c = <u32>load<u8>(p + k);
        if (!isAlnumHyphen(c)) return false;
        if (c - 48 >= 10) allDigits = false;
      }
      if (pre && allDigits && len > 1 && load<u8>(p + start) == 48) return false;
      start = i + 1;
    }
  }
  return true;
}

/** Parse into slot s (0 or 1); false if not valid SemVer. */
function semverParse(p: usize, n: usize, s: i32): bool {
  let r = SV + <usize>s * 32;
  if (n > 0 && load<u8>(p) == 118) { p++; n--; } // leading "v"
  // build metadata after the first '+'
  let plus = n;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 43) { plus = i; break; }
  let minus = plus;
  for (let i: usize = 0; i < plus; i++) if (load<u8>(p + i) == 45) { minus = i; break; }
  if (plus < n && !identsOK(p + plus + 1, n - plus - 1, false)) return false;
  if (minus < plus && !identsOK(p + minus + 1, plus - minus - 1, true)) return false;
  // major.minor.patch in [0, minus)
  let fieldStart: usize = 0;
  let f = 0;
  for (let i: usize = 0; i <= minus; i++) {
    if (i == minus || load<u8>(p + i) == 46) {
      if (f > 2) return false;
      if (!numericOK(p + fieldStart, i - fieldStart)) return false;
      store<u32>(r + <usize>f * 8, <u32>(p + fieldStart));
      store<u32>(r + <usize>f * 8 + 4, <u32>(i - fieldStart));
      f++;
      fieldStart = i + 1;
    }
  }
  if (f != 3) return false;
  if (minus < plus) {
    store<u32>(r, <u32>(p + minus + 1), 24);
    store<u32>(r, <u32>(plus - minus - 1), 28);
  } else {
    store<u32>(r, 0, 24);
    store<u32>(r, 0, 28);
  }
  return true;
}

/** Compare digit strings without leading zeros numerically. */
function cmpNumeric(a: usize, an: usize, b: usize, bn: usize): i32 {
  if (an != bn) return an < bn ? -1 : 1;
  for (let i: usize = 0; i < an; i++) {
    let x = load<u8>(a + i), y = load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

function cmpBytes(a: usize, an: usize, b: usize, bn: usize): i32 {
  let n = an < bn ? an : bn;
  for (let i: usize = 0; i < n; i++) {
    let x = load<u8>(a + i), y = load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return an == bn ? 0 : (an < bn ? -1 : 1);
}

function allDigits(p: usize, n: usize): bool {
  if (n == 0) return false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) - 48 >= 10) return false;
  return true;
}

function semverCompare(): i32 {
  let ra = SV, rb = SV + 32;
  for (let f: usize = 0; f < 3; f++) {
    let c = cmpNumeric(<usize>load<u32>(ra + f * 8), <usize>load<u32>(ra + f * 8 + 4),
      <usize>load<u32>(rb + f * 8), <usize>load<u32>(rb + f * 8 + 4));
    if (c != 0) return c;
  }
  let pa = <usize>load<u32>(ra, 24), na = <usize>load<u32>(ra, 28);
  let pb = <usize>load<u32>(rb, 24), nb = <usize>load<u32>(rb, 28);
  if (na == 0 && nb == 0) return 0;
  if (na == 0) return 1; // a release ranks above its pre-releases
  if (nb == 0) return -1;
  let ia: usize = 0, ib: usize = 0;
  while (true) {
    let ea = ia; while (ea < na && load<u8>(pa + ea) != 46) ea++;
    let eb = ib; while (eb < nb && load<u8>(pb + eb) != 46) eb++;
    let xa = pa + ia, la = ea - ia, xb = pb + ib, lb = eb - ib;
    let da = allDigits(xa, la), db = allDigits(xb, lb);
    let c: i32;
    if (da && db) c = cmpNumeric(xa, la, xb, lb);
    else if (da) c = -1; // numeric identifiers rank below alphanumeric ones
    else if (db) c = 1;
    else c = cmpBytes(xa, la, xb, lb);
    if (c != 0) return c;
    let moreA = ea < na, moreB = eb < nb;
    if (!moreA && !moreB) return 0;
    if (!moreA) return -1; // fewer identifiers rank lower
    if (!moreB) return 1;
    ia = ea + 1;
    ib = eb + 1;
  }
  return 0;
}

export function builtin_semver_is_valid(a: usize): usize {
  if (typeOf(a) != T_STRING) return boolValue(false);
  return boolValue(semverParse(strPtr(a), strLen(a), 0));
}

function notSemver(operand: i32, s: usize): usize {
  msgStart();
  msgText(operand == 1 ? "operand 1: string " : "operand 2: string ");
  msgGoQuote(strPtr(s), strLen(s));
  msgText(" is not a valid SemVer");
  return msgBuiltinError("semver.compare");
}

export function builtin_semver_compare(a: usize, b: usize): usize {
  if (typeOf(a) != T_STRING) return typeError("semver.compare", 1, "string", a);
  if (typeOf(b) != T_STRING) return typeError("semver.compare", 2, "string", b);
  if (!semverParse(strPtr(a), strLen(a), 0)) return notSemver(1, a);
  if (!semverParse(strPtr(b), strLen(b), 1)) return notSemver(2, b);
  return newInt(<i64>semverCompare());
}
