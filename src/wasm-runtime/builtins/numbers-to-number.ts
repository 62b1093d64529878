// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// to_number: null, booleans and numbers as OPA converts them; strings through
// Go's strconv.ParseFloat syntax (underscores, hex floats, inf/nan refused),
// kept exact as decimal text.
import { opa_malloc, opa_free } from "../alloc";
import { typeOf, newInt, newFloat, boolOf, strPtr, strLen } from "../values";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING } from "../layout";
import { numberFromText, numToF64 } from "../numbers";
import { typeError, msgStart, msgText, msgBuiltinError, msgTypeError } from "./errors";
import { msgGoQuote } from "./quote";

// ---- to_number ----------------------------------------------------------------

function lower(c: u32): u32 { return c | 32; }
function isDigitC(c: u32): bool { return c - 48 < 10; }
function isHexC(c: u32): bool { return isDigitC(c) || (lower(c) - 97 < 6); }

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(p: usize, n: usize): bool {
  let saw: u32 = 94; // '^'
  let i: usize = 0;
  if (n >= 1 && (load<u8>(p) == 45 || load<u8>(p) == 43)) { p++; n--; }
  let hex = false;
  if (n >= 2 && load<u8>(p) == 48) {
    let c = lower(load<u8>(p + 1));
    if (c == 98 || c == 111 || c == 120) { i = 2; saw = 48; hex = c == 120; }
  }
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (isDigitC(c) || (hex && lower(c) - 97 < 6)) { saw = 48; continue; }
    if (c == 95) { if (saw != 48) return false; saw = 95; continue; }
    if (saw == 95) return false;
    saw = 33;
  }
  return saw != 95;
}

/** Ascii-case-insensitive equality of p[0..n) with a lower-case literal. */
function eqFold(p: usize, n: usize, s: string): bool {
  if (<i32>n != s.length) return false;
  let src = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c - 65 < 26) c += 32;
    if (c != <u32>load<u16>(src + (i << 1))) return false;
  }
  return true;
}

// Result of parseGoFloat: 0 ok (number in parsedValue), 1 syntax error, 2 out of range.
let parsedValue: usize = 0;

function hexFloat(p: usize, n: usize, i: usize, neg: bool): i32 {
  // mantissa hex digits with optional '.', then mandatory p exponent
  let mant: u64 = 0;
  let exp: i64 = 0;
  let sawDot = false, sawDigits = false, sticky = false, underscores = false;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 95) { underscores = true; continue; }
    if (c == 46) { if (sawDot) break; sawDot = true; continue; }
    if (!isHexC(c)) break;
    sawDigits = true;
    let d: u64 = isDigitC(c) ? <u64>(c - 48) : <u64>(lower(c) - 87);
    if (mant >> 60 == 0) { mant = (mant << 4) | d; if (sawDot) exp -= 4; }
    else { if (d != 0) sticky = true; if (!sawDot) exp += 4; }
  }
  if (!sawDigits || i >= n || lower(load<u8>(p + i)) != 112) return 1;
  i++;
  if (i >= n) return 1;
  let esign: i64 = 1;
  let c0 = load<u8>(p + i);
  if (c0 == 43) i++;
  else if (c0 == 45) { i++; esign = -1; }
  if (i >= n || !isDigitC(load<u8>(p + i))) return 1;
  let e: i64 = 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 95) { underscores = true; continue; }
    if (!isDigitC(c)) break;
    if (e < 100000) e = e * 10 + <i64>(c - 48);
  }
  if (i != n) return 1;
  if (underscores && !underscoreOK(p, n)) return 1;
  if (sticky) mant |= 1;
  let f = <f64>mant;
  let x = exp + esign * e;
  // scale in steps to avoid intermediate overflow / underflow
  while (x > 0 && isFinite(f)) { let s = x > 1000 ? 1000 : x; f *= Math.pow(2, <f64>s); x -= s; }
  while (x < 0 && f != 0) { let s = x < -1000 ? -1000 : x; f *= Math.pow(2, <f64>s); x -= s; }
  if (!isFinite(f)) return 2;
  parsedValue = newFloat(neg ? -f : f);
  return 0;
}

/** strconv.ParseFloat(s, 64) acceptance, producing the exact decimal value. */
function parseGoFloat(p: usize, n: usize): i32 {
  let i: usize = 0;
  let neg = false;
  if (n == 0) return 1;
  let c0 = load<u8>(p);
  if (c0 == 43 || c0 == 45) { neg = c0 == 45; i = 1; }
  if (i + 2 < n && load<u8>(p + i) == 48 && lower(load<u8>(p + i + 1)) == 120) return hexFloat(p, n, i + 2, neg);
  // decimal: digits (with '_' and one '.') then optional exponent
  let buf = opa_malloc(n + 24);
  let o: usize = 0;
  if (neg) store<u8>(buf + o++, 45);
  let digStart = o;
  let sawDot = false, sawDigits = false, underscores = false;
  let fracDigits: i64 = 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 95) { underscores = true; continue; }
    if (c == 46) { if (sawDot) break; sawDot = true; continue; }
    if (!isDigitC(c)) break;
    sawDigits = true;
    if (sawDot) fracDigits++;
    if (o == digStart && c == 48) { continue; } // drop leading zeros
    store<u8>(buf + o++, <u8>c);
  }
  if (!sawDigits) { opa_free(buf); return 1; }
  let exp: i64 = 0;
  if (i < n && lower(load<u8>(p + i)) == 101) {
    i++;
    if (i >= n) { opa_free(buf); return 1; }
    let esign: i64 = 1;
    let c = load<u8>(p + i);
    if (c == 43) i++;
    else if (c == 45) { i++; esign = -1; }
    if (i >= n || !isDigitC(load<u8>(p + i))) { opa_free(buf); return 1; }
    let e: i64 = 0;
    for (; i < n; i++) {
      let d = <u32>load<u8>(p + i);
      if (d == 95) { underscores = true; continue; }
      if (!isDigitC(d)) break;
      if (e < 10000) e = e * 10 + <i64>(d - 48);
    }
    exp = esign * e;
  }
  if (i != n || (underscores && !underscoreOK(p, n))) { opa_free(buf); return 1; }
  if (o == digStart) store<u8>(buf + o++, 48); // zero
  let e10 = exp - fracDigits;
  if (e10 != 0 && !(o == digStart + 1 && load<u8>(buf + digStart) == 48)) {
    store<u8>(buf + o++, 101);
    if (e10 < 0) { store<u8>(buf + o++, 45); e10 = -e10; }
    let t = buf + o;
    let k: usize = 0;
    do { store<u8>(t + k++, <u8>(48 + e10 % 10)); e10 /= 10; } while (e10 != 0);
    for (let a: usize = 0, b = k - 1; a < b; a++, b--) {
      let x = load<u8>(t + a); store<u8>(t + a, load<u8>(t + b)); store<u8>(t + b, x);
    }
    o += k;
  }
  let v = numberFromText(buf, o);
  opa_free(buf);
  if (v == 0) return 1;
  if (!isFinite(numToF64(v))) return 2;
  parsedValue = v;
  return 0;
}

export function builtin_to_number(a: usize): usize {
  let t = typeOf(a);
  if (t == T_NULL) return newInt(0);
  if (t == T_BOOLEAN) return newInt(boolOf(a) ? 1 : 0);
  if (t == T_NUMBER) return a;
  if (t != T_STRING) {
    msgStart();
    msgText("operand 1 must be one of {null, boolean, number, string} but got ");
    msgText(t == 5 ? "array" : (t == 6 ? "object" : "set"));
    return msgTypeError("to_number");
  }
  let p = strPtr(a), n = strLen(a);
  // "inf", "infinity", "nan" in any case, after any leading signs
  let q = p, m = n;
  while (m > 0 && (load<u8>(q) == 43 || load<u8>(q) == 45)) { q++; m--; }
  if (eqFold(q, m, "inf") || eqFold(q, m, "infinity") || eqFold(q, m, "nan")) {
    return typeError("to_number", 1, "valid number string", a);
  }
  let st = parseGoFloat(p, n);
  if (st == 0) return parsedValue;
  msgStart();
  msgText("strconv.ParseFloat: parsing ");
  msgGoQuote(p, n);
  msgText(st == 1 ? ": invalid syntax" : ": value out of range");
  return msgBuiltinError("to_number");
}
