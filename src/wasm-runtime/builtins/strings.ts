// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// String builtins, with the semantics of OPA's v1/topdown/strings.go (which
// mostly defers to Go's strings package). Strings are UTF-8 bytes; offsets
// and lengths that Rego exposes (indexof, substring, ...) count code points.
// Byte-level operations (contains, replace, split, trim_prefix, ...) behave
// as their Go counterparts on bytes, so they agree with OPA even on the rare
// invalid UTF-8 produced by `replace` with an empty pattern.
//
// lower/upper use Unicode simple case mapping for every cased script (see
// strings-case.ts); like Go they never change the length in runes
// ("ß" stays "ß" under upper). sprintf is Go's fmt.Sprintf (strings-fmt.ts);
// trim/trim_left/trim_right/trim_space are in strings-trim.ts.
import { opa_malloc, opa_free } from "../alloc";
import { T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, N_INT, N_FLOAT } from "../layout";
import {
  typeOf, boolValue, newInt, newString, allocString, strPtr, strLen, newArray, arrPush, arrLen, arrAt, numRepr,
  numInt, numFloat, refPtr, refLen,
} from "../values";
import { ensureSorted, tblLen, keyAt, valAt } from "../table";
import { floatText } from "../numbers";
import { parseDecimal, slot, nsig, expE, isNeg, sig } from "../decimal";
import {
  builtinError, typeError, elementTypeError, strictErrors, msgStart, msgText, msgInt, msgTypeError,
} from "./errors";
import { decodeRune, dRune, dLen, runeCount, runeOffset, runeWidthAt } from "./utf8";
import { indexBytes, hasPrefix, hasSuffix, sbStart, sbByte, sbBytes, sbRune, sbString, sbDiscard } from "./builder";
import { toUpperRune, toLowerRune } from "./strings-case";
import { appendSprintf } from "./strings-fmt";
import { appendDecimalInBase, appendIntegralFloat } from "./strings-fmt-float";

// ---- operand errors beyond errors.ts ------------------------------------------

/** operand N <message> */
function operandError(name: string, pos: i32, message: string): usize {
  if (!strictErrors()) return 0;
  msgStart();
  msgText("operand ");
  msgInt(pos);
  msgText(" ");
  msgText(message);
  return msgTypeError(name);
}

// ---- operand helpers -----------------------------------------------------------

function isStr(v: usize): bool { return typeOf(v) == T_STRING; }

let intVal: i64 = 0;

/** builtins.IntOperand: 0 = ok (intVal set), else the (undefined) error result. */
function intOperand(name: string, pos: i32, v: usize): bool {
  if (typeOf(v) != T_NUMBER) { typeError(name, pos, "number", v); return false; }
  if (numRepr(v) != N_INT) { operandError(name, pos, "must be integer number but got floating-point number"); return false; }
  intVal = numInt(v);
  return true;
}

/** Strings of an array or set operand (sorted for sets). */
function elemCount(v: usize): u32 {
  if (typeOf(v) == T_ARRAY) return arrLen(v);
  ensureSorted(v);
  return tblLen(v);
}

function elemAt(v: usize, i: u32): usize {
  return typeOf(v) == T_ARRAY ? arrAt(v, i) : keyAt(v, i);
}

/** Index of the first non-string element, or -1. */
function firstNonString(v: usize): i32 {
  let n = elemCount(v);
  for (let i: u32 = 0; i < n; i++) if (!isStr(elemAt(v, i))) return <i32>i;
  return -1;
}

// ---- concat ----------------------------------------------------------------------

export function builtin_concat(delim: usize, coll: usize): usize {
  if (!isStr(delim)) return typeError("concat", 1, "string", delim);
  let t = typeOf(coll);
  if (t != T_ARRAY && t != T_SET) return typeError("concat", 2, "one of {set, array}", coll);
  let bad = firstNonString(coll);
  if (bad >= 0) return elementTypeError("concat", 2, coll, "string", elemAt(coll, <u32>bad));
  let n = elemCount(coll);
  if (n == 0) return newString(0, 0);
  if (n == 1) return elemAt(coll, 0);
  let total: usize = strLen(delim) * <usize>(n - 1);
  for (let i: u32 = 0; i < n; i++) total += strLen(elemAt(coll, i));
  sbStart(total);
  for (let i: u32 = 0; i < n; i++) {
    if (i != 0) sbBytes(strPtr(delim), strLen(delim));
    let e = elemAt(coll, i);
    sbBytes(strPtr(e), strLen(e));
  }
  return sbString();
}

// ---- searching --------------------------------------------------------------------

function twoStrings(name: string, a: usize, b: usize): bool {
  if (!isStr(a)) { typeError(name, 1, "string", a); return false; }
  if (!isStr(b)) { typeError(name, 2, "string", b); return false; }
  return true;
}

export function builtin_contains(s: usize, sub: usize): usize {
  if (!twoStrings("contains", s, sub)) return 0;
  return boolValue(indexBytes(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0) >= 0);
}

export function builtin_startswith(s: usize, p: usize): usize {
  if (!twoStrings("startswith", s, p)) return 0;
  return boolValue(hasPrefix(strPtr(s), strLen(s), strPtr(p), strLen(p)));
}

export function builtin_endswith(s: usize, p: usize): usize {
  if (!twoStrings("endswith", s, p)) return 0;
  return boolValue(hasSuffix(strPtr(s), strLen(s), strPtr(p), strLen(p)));
}

export function builtin_indexof(s: usize, sub: usize): usize {
  if (!twoStrings("indexof", s, sub)) return 0;
  if (strLen(sub) == 0) return builtinError("indexof", "empty search character");
  let p = strPtr(s);
  let i = indexBytes(p, strLen(s), strPtr(sub), strLen(sub), 0);
  if (i < 0) return newInt(-1);
  return newInt(<i64>runeCount(p, <usize>i));
}

export function builtin_indexof_n(s: usize, sub: usize): usize {
  if (!twoStrings("indexof_n", s, sub)) return 0;
  if (strLen(sub) == 0) return builtinError("indexof_n", "empty search character");
  let p = strPtr(s), n = strLen(s);
  let out = newArray(0);
  let from: usize = 0;
  let runes: usize = 0; // runes in p[0..from)
  while (true) {
    let i = indexBytes(p, n, strPtr(sub), strLen(sub), from);
    if (i < 0) break;
    runes += runeCount(p + from, <usize>i - from);
    arrPush(out, newInt(<i64>runes));
    // continue one rune later: matches may overlap
    from = <usize>i + runeWidthAt(p + <usize>i, p + n);
    runes++;
  }
  return out;
}

export function builtin_strings_count(s: usize, sub: usize): usize {
  if (!twoStrings("strings.count", s, sub)) return 0;
  let p = strPtr(s), n = strLen(s), m = strLen(sub);
  if (m == 0) return newInt(<i64>runeCount(p, n) + 1);
  let c: i64 = 0;
  let from: usize = 0;
  while (true) {
    let i = indexBytes(p, n, strPtr(sub), m, from);
    if (i < 0) break;
    c++;
    from = <usize>i + m;
  }
  return newInt(c);
}

// ---- substring ----------------------------------------------------------------------

export function builtin_substring(s: usize, off: usize, len: usize): usize {
  if (!isStr(s)) return typeError("substring", 1, "string", s);
  if (!intOperand("substring", 2, off)) return 0;
  let start = intVal;
  if (!intOperand("substring", 3, len)) return 0;
  let length = intVal;
  if (start < 0) return builtinError("substring", "negative offset");
  let p = strPtr(s), n = strLen(s);
  let count = <i64>runeCount(p, n);
  if (start >= count) return newString(0, 0);
  if (start == 0 && (length < 0 || length >= count)) return s;
  let b0 = runeOffset(p, n, <usize>start);
  let b1 = n;
  if (length >= 0 && length < count - start) b1 = b0 + runeOffset(p + b0, n - b0, <usize>length);
  return newString(p + b0, b1 - b0);
}

// ---- case ------------------------------------------------------------------------------

function mapCase(name: string, s: usize, upper: bool): usize {
  if (!isStr(s)) return typeError(name, 1, "string", s);
  let p = strPtr(s), n = strLen(s), end = p + n;
  // unchanged strings are returned as they are
  let i = p;
  let changed = false;
  while (i < end) {
    let c = <i32>load<u8>(i);
    if (c < 0x80) {
      if (upper ? (c >= 97 && c <= 122) : (c >= 65 && c <= 90)) { changed = true; break; }
      i++;
      continue;
    }
    decodeRune(i, end);
    if (dLen == 1 || (upper ? toUpperRune(dRune) : toLowerRune(dRune)) != dRune) { changed = true; break; }
    i += dLen;
  }
  if (!changed) return s;
  sbStart(n + 8);
  sbBytes(p, i - p);
  while (i < end) {
    let c = <i32>load<u8>(i);
    if (c < 0x80) {
      if (upper) { if (c >= 97 && c <= 122) c -= 32; }
      else if (c >= 65 && c <= 90) c += 32;
      sbByte(<u32>c);
      i++;
      continue;
    }
    decodeRune(i, end);
    sbRune(upper ? toUpperRune(dRune) : toLowerRune(dRune)); // invalid bytes become U+FFFD, as Go
    i += dLen;
  }
  return sbString();
}

export function builtin_lower(s: usize): usize { return mapCase("lower", s, false); }
export function builtin_upper(s: usize): usize { return mapCase("upper", s, true); }

// ---- reverse ---------------------------------------------------------------------------

export function builtin_strings_reverse(s: usize): usize {
  if (!isStr(s)) return typeError("strings.reverse", 1, "string", s);
  let p = strPtr(s), n = strLen(s), end = p + n;
  let v = allocString(n);
  let out = strPtr(v);
  // each UTF-8 sequence (or invalid byte) goes to its mirrored position
  let i = p;
  while (i < end) {
    let w = runeWidthAt(i, end);
    memory.copy(out + (n - (i - p) - w), i, w);
    i += w;
  }
  return v;
}

// ---- split -------------------------------------------------------------------------------

/** Go strings.SplitN(s, sep, n) into a new array (n < 0: all). */
function splitInto(s: usize, sep: usize, n: i64): usize {
  let p = strPtr(s), len = strLen(s), end = p + len;
  let q = strPtr(sep), m = strLen(sep);
  let out = newArray(0);
  if (n == 0) return out;
  if (m == 0) {
    // explode into UTF-8 sequences; the last part takes the rest
    let i = p;
    let k: i64 = 0;
    while (i < end) {
      if (n > 0 && k == n - 1) { arrPush(out, newString(i, end - i)); return out; }
      let w = runeWidthAt(i, end);
      arrPush(out, newString(i, w));
      i += w;
      k++;
    }
    return out;
  }
  let from: usize = 0;
  let k: i64 = 0;
  while (n < 0 || k < n - 1) {
    let i = indexBytes(p, len, q, m, from);
    if (i < 0) break;
    arrPush(out, newString(p + from, <usize>i - from));
    from = <usize>i + m;
    k++;
  }
  arrPush(out, newString(p + from, len - from));
  return out;
}

export function builtin_split(s: usize, d: usize): usize {
  if (!twoStrings("split", s, d)) return 0;
  if (indexBytes(strPtr(s), strLen(s), strPtr(d), strLen(d), 0) < 0) {
    let a = newArray(1);
    arrPush(a, s);
    return a;
  }
  return splitInto(s, d, -1);
}

export function builtin_strings_split_n(s: usize, d: usize, n: usize): usize {
  if (!twoStrings("strings.split_n", s, d)) return 0;
  if (!intOperand("strings.split_n", 3, n)) return 0;
  let limit = intVal;
  if (limit >= 0) return splitInto(s, d, limit);
  // negative: the last |n| parts of the full split
  let all = splitInto(s, d, -1);
  let total = <i64>arrLen(all);
  let start = total + limit;
  if (start <= 0) return all;
  let out = newArray(<u32>(total - start));
  for (let i = <u32>start; i < <u32>total; i++) arrPush(out, arrAt(all, i));
  return out;
}

// ---- replace -------------------------------------------------------------------------------

// First bytes of the patterns (a 256-bit set) for the replacer's fast path.
const FIRST: usize = memory.data(32, 8);

/**
 * Go's strings.Replacer (generic algorithm, which all its variants agree
 * with): scanning left to right, the first pattern in order that matches at
 * a position is replaced and the scan continues after it; an empty pattern
 * matches at every byte position, but not twice in a row at the same place.
 * Patterns: the keys/values of object `tbl` in sorted order, or the single
 * pair (old, new) when tbl is 0. Returns 0 when nothing was replaced.
 */
function replaceAll(s: usize, tbl: usize, old: usize, nw: usize): usize {
  let p = strPtr(s), n = strLen(s);
  let m: u32 = tbl != 0 ? tblLen(tbl) : 1;
  if (m == 0) return 0;
  memory.fill(FIRST, 0, 32);
  let hasEmpty = false;
  for (let k: u32 = 0; k < m; k++) {
    let key = tbl != 0 ? keyAt(tbl, k) : old;
    if (strLen(key) == 0) hasEmpty = true;
    else {
      let c = <usize>load<u8>(strPtr(key));
      let bit: u32 = <u32>1 << <u32>(c & 7);
      store<u8>(FIRST + (c >> 3), <u8>(<u32>load<u8>(FIRST + (c >> 3)) | bit));
    }
  }
  let started = false;
  let last: usize = 0;
  let prevEmpty = false;
  let i: usize = 0;
  while (i <= n) {
    if (i != n && !hasEmpty) {
      let c = <usize>load<u8>(p + i);
      let bit: u32 = <u32>1 << <u32>(c & 7);
      if ((<u32>load<u8>(FIRST + (c >> 3)) & bit) == 0) { i++; continue; }
    }
    let found: i32 = -1;
    let klen: usize = 0;
    for (let k: u32 = 0; k < m; k++) {
      let key = tbl != 0 ? keyAt(tbl, k) : old;
      let kl = strLen(key);
      if (kl == 0) {
        if (prevEmpty) continue;
        found = <i32>k; klen = 0;
        break;
      }
      if (kl <= n - i && memory.compare(p + i, strPtr(key), kl) == 0) { found = <i32>k; klen = kl; break; }
    }
    prevEmpty = found >= 0 && klen == 0;
    if (found >= 0) {
      if (!started) { sbStart(n + 16); started = true; }
      let val = tbl != 0 ? valAt(tbl, <u32>found) : nw;
      sbBytes(p + last, i - last);
      sbBytes(strPtr(val), strLen(val));
      i += klen;
      last = i;
      continue;
    }
    i++;
  }
  if (!started) return 0;
  sbBytes(p + last, n - last);
  return sbString();
}

export function builtin_replace(s: usize, old: usize, nw: usize): usize {
  if (!isStr(s)) return typeError("replace", 1, "string", s);
  if (!isStr(old)) return typeError("replace", 2, "string", old);
  if (!isStr(nw)) return typeError("replace", 3, "string", nw);
  let r = replaceAll(s, 0, old, nw);
  return r != 0 ? r : s;
}

export function builtin_strings_replace_n(patterns: usize, s: usize): usize {
  if (typeOf(patterns) != T_OBJECT) return typeError("strings.replace_n", 1, "object", patterns);
  if (!isStr(s)) return typeError("strings.replace_n", 2, "string", s);
  ensureSorted(patterns);
  let m = tblLen(patterns);
  for (let k: u32 = 0; k < m; k++) {
    if (!isStr(keyAt(patterns, k))) return operandError("strings.replace_n", 1, "non-string key found in pattern object");
    if (!isStr(valAt(patterns, k))) return operandError("strings.replace_n", 1, "non-string value found in pattern object");
  }
  let r = replaceAll(s, patterns, 0, 0);
  return r != 0 ? r : s;
}

// ---- trim_prefix / trim_suffix (bytes; rune trimming is in strings-trim.ts) ------------

export function builtin_trim_prefix(s: usize, pre: usize): usize {
  if (!twoStrings("trim_prefix", s, pre)) return 0;
  let m = strLen(pre);
  if (m == 0 || !hasPrefix(strPtr(s), strLen(s), strPtr(pre), m)) return s;
  return newString(strPtr(s) + m, strLen(s) - m);
}

export function builtin_trim_suffix(s: usize, suf: usize): usize {
  if (!twoStrings("trim_suffix", s, suf)) return 0;
  let m = strLen(suf);
  if (m == 0 || !hasSuffix(strPtr(s), strLen(s), strPtr(suf), m)) return s;
  return newString(strPtr(s), strLen(s) - m);
}

// ---- any_prefix_match / any_suffix_match -----------------------------------------------------

function anyAffixMatch(name: string, a: usize, b: usize, suffix: bool): usize {
  let ta = typeOf(a);
  if (ta == T_ARRAY || ta == T_SET) {
    let bad = firstNonString(a);
    if (bad >= 0) return elementTypeError(name, 1, a, "string", elemAt(a, <u32>bad));
  } else if (ta != T_STRING) return typeError(name, 1, "one of {string, set, array}", a);
  let tb = typeOf(b);
  if (tb == T_ARRAY || tb == T_SET) {
    let bad = firstNonString(b);
    if (bad >= 0) return elementTypeError(name, 2, b, "string", elemAt(b, <u32>bad));
  } else if (tb != T_STRING) return typeError(name, 2, "one of {string, set, array}", b);
  let na: u32 = ta == T_STRING ? 1 : elemCount(a);
  let nb: u32 = tb == T_STRING ? 1 : elemCount(b);
  for (let i: u32 = 0; i < na; i++) {
    let s = ta == T_STRING ? a : elemAt(a, i);
    for (let j: u32 = 0; j < nb; j++) {
      let x = tb == T_STRING ? b : elemAt(b, j);
      let hit = suffix
        ? hasSuffix(strPtr(s), strLen(s), strPtr(x), strLen(x))
        : hasPrefix(strPtr(s), strLen(s), strPtr(x), strLen(x));
      if (hit) return boolValue(true);
    }
  }
  return boolValue(false);
}

export function builtin_strings_any_prefix_match(a: usize, b: usize): usize {
  return anyAffixMatch("strings.any_prefix_match", a, b, false);
}

export function builtin_strings_any_suffix_match(a: usize, b: usize): usize {
  return anyAffixMatch("strings.any_suffix_match", a, b, true);
}

// ---- format_int -------------------------------------------------------------------------------

const NUMTXT: usize = memory.data(64, 8);
const LDIGITS: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

function appendI64(v: i64, base: u32): void {
  let u: u64 = v < 0 ? <u64>(-v) : <u64>v;
  let i: usize = 64;
  do {
    i--;
    store<u8>(NUMTXT + i, load<u8>(LDIGITS + <usize>(u % <u64>base)));
    u /= <u64>base;
  } while (u != 0);
  if (v < 0) sbByte(45);
  sbBytes(NUMTXT + i, 64 - i);
}

/**
 * Integer part (truncated) of the decimal in slot 0, in base. round64: as
 * OPA's float path, which parses the text into a big.Float of 64-bit
 * precision before truncating (matters only for magnitudes >= 2^64).
 */
function appendSlotInteger(base: u32, round64: bool): usize {
  let d = slot(0);
  let n = nsig(d), e = expE(d);
  if (n == 0 || e <= 0) { sbByte(48); return 1; }
  if (e > 1000000) { sbDiscard(); return builtinError("format_int", "number too large"); }
  let digits = opa_malloc(<usize>e);
  for (let k = 0; k < e; k++) store<u8>(digits + <usize>k, k < n ? <u8>sig(d, k) : 48);
  if (isNeg(d)) sbByte(45);
  appendDecimalInBase(digits, <usize>e, base, false, round64, n > e);
  opa_free(digits);
  return 1;
}

function hasFracOrExp(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 46 || c == 101 || c == 69) return true;
  }
  return false;
}

export function builtin_format_int(num: usize, base: usize): usize {
  if (typeOf(num) != T_NUMBER) return typeError("format_int", 1, "number", num);
  if (typeOf(base) != T_NUMBER) return typeError("format_int", 2, "number", base);
  let b: u32 = 0;
  if (numRepr(base) == N_INT) {
    let x = numInt(base);
    if (x == 2 || x == 8 || x == 10 || x == 16) b = <u32>x;
  }
  if (b == 0) return operandError("format_int", 2, "must be one of {2, 8, 10, 16}");
  let r = numRepr(num);
  sbStart(32);
  if (r == N_INT) {
    appendI64(numInt(num), b);
  } else if (r == N_FLOAT) {
    let f = Math.trunc(numFloat(num));
    if (!isFinite(f)) { sbDiscard(); return builtinError("format_int", "number too large"); }
    if (f > -9223372036854775808.0 && f < 9223372036854775808.0) appendI64(<i64>f, b);
    else {
      // Integral beyond int64. Below 1e21 it stands for integer text (an
      // exact big.Int in OPA): its exact value. Above, a float literal such
      // as 1e30, which OPA reads into a 64-bit big.Float.
      if (Math.abs(f) < 1e21) appendIntegralFloat(f, b);
      else {
        let n = floatText(Math.abs(f), NUMTXT);
        parseDecimal(0, NUMTXT, n);
        if (f < 0) sbByte(45);
        if (appendSlotInteger(b, true) == 0) return 0;
      }
    }
  } else {
    let p = refPtr(num), n = refLen(num);
    parseDecimal(0, p, n);
    if (appendSlotInteger(b, hasFracOrExp(p, n)) == 0) return 0;
  }
  return sbString();
}

// ---- sprintf -------------------------------------------------------------------------------------

export function builtin_sprintf(format: usize, values: usize): usize {
  if (!isStr(format)) return typeError("sprintf", 1, "string", format);
  if (typeOf(values) != T_ARRAY) return typeError("sprintf", 2, "array", values);
  sbStart(strLen(format) + 16);
  appendSprintf(strPtr(format), strLen(format), values);
  return sbString();
}
