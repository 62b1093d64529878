// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// JSON the way Go's encoding/json does it, for json.* / io.jwt.decode /
// urlquery.encode_object:
// - a port of Go's scanner (json.Valid, and Decoder error messages such as
//   `invalid character 'x' looking for beginning of value`, `unexpected EOF`);
// - unmarshal as OPA's util.UnmarshalJSON (first value via a Decoder, then
//   a Token() check for trailing data), parsed by the runtime's json-parse
//   after Go's U+FFFD substitution of invalid UTF-8;
// - marshal as Go's json.Marshal / MarshalIndent of ast.JSON(v): object keys
//   sorted bytewise (non-string keys become their JSON text), sets as arrays,
//   HTML-safe string escaping, invalid UTF-8 as \ufffd.
import { opa_malloc, opa_free, realloc } from "../alloc";
import {
  T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, N_INT, N_FLOAT,
} from "../layout";
import {
  typeOf, boolOf, numRepr, numInt, numFloat, refPtr, refLen, strPtr, strLen, arrLen, arrAt,
} from "../values";
import { intText, floatText } from "../numbers";
import { ensureSorted, tblLen, keyAt, valAt, newTable, objInsert } from "../table";
import { parse, validUtf8 } from "../json-parse";
import { sbByte, sbBytes, sbAscii, sbLength, sbCursor, sbAdvance, sbTruncate, sbSlice } from "./builder";
import { decodeRune, dRune, dLen, encodeRune, RUNE_ERROR } from "./utf8";
import { msgText, msgBytes } from "./errors";
import { msgQuoteChar, lowerHex } from "./quote";

// ---- scanner (Go encoding/json scanner.go) ---------------------------------

const SC_CONTINUE: i32 = 0;
const SC_BEGIN_LITERAL: i32 = 1;
const SC_BEGIN_OBJECT: i32 = 2;
const SC_OBJECT_KEY: i32 = 3;
const SC_OBJECT_VALUE: i32 = 4;
const SC_END_OBJECT: i32 = 5;
const SC_BEGIN_ARRAY: i32 = 6;
const SC_ARRAY_VALUE: i32 = 7;
const SC_END_ARRAY: i32 = 8;
const SC_SKIP_SPACE: i32 = 9;
const SC_END: i32 = 10;
const SC_ERROR: i32 = 11;

const PS_KEY: u8 = 0;
const PS_VALUE: u8 = 1;
const PS_ARRAY: u8 = 2;

const S_BEGIN_VALUE: i32 = 0;
const S_BEGIN_VALUE_OR_EMPTY: i32 = 1;
const S_BEGIN_STRING_OR_EMPTY: i32 = 2;
const S_BEGIN_STRING: i32 = 3;
const S_END_VALUE: i32 = 4;
const S_END_TOP: i32 = 5;
const S_IN_STRING: i32 = 6;
const S_IN_STRING_ESC: i32 = 7;
const S_ESC_U: i32 = 8; // 8..11: \u, \uX, \uXX, \uXXX
const S_NEG: i32 = 12;
const S_1: i32 = 13;
const S_0: i32 = 14;
const S_DOT: i32 = 15;
const S_DOT0: i32 = 16;
const S_E: i32 = 17;
const S_ESIGN: i32 = 18;
const S_E0: i32 = 19;
const S_LIT: i32 = 20; // inside true/false/null: litPos/litWord
const S_ERROR: i32 = 21;

const MAX_NESTING: u32 = 10000;

let state: i32 = 0;
let endTop = false;
let stack: usize = 0;
let stackCap: u32 = 0;
let depth: u32 = 0;
let litWord: u64 = 0; // remaining expected bytes of a literal, little-endian
let litKind: i32 = 0;  // 0 true, 1 false, 2 null

// Last error (also used by unmarshal).
export const JE_NONE: i32 = 0;
export const JE_SYNTAX: i32 = 1;     // invalid character <c> <ctx>
export const JE_UNEXPECTED_EOF: i32 = 2; // "unexpected EOF"
export const JE_EOF: i32 = 3;        // "EOF"
export const JE_END_INPUT: i32 = 4;  // "unexpected end of JSON input"
export const JE_TRAILING: i32 = 5;   // error: invalid character '<tok>' after top-level value
export const JE_DEPTH: i32 = 6;      // exceeded max depth (runtime parser limit)
let errKind: i32 = 0;
let errChar: u32 = 0;
let errCtx: string = "";
let errPtr: usize = 0;
let errLen: usize = 0;
let errBool: i32 = -1; // trailing token was true/false

function isSpace(c: u32): bool { return c == 32 || c == 9 || c == 13 || c == 10; }
function isDigit(c: u32): bool { return c - 48 < 10; }
function isHex(c: u32): bool { return c - 48 < 10 || (c | 32) - 97 < 6; }

function scanReset(): void {
  state = S_BEGIN_VALUE;
  endTop = false;
  depth = 0;
  errKind = JE_NONE;
}

function scanFree(): void {
  if (stack != 0) opa_free(stack);
  stack = 0;
  stackCap = 0;
}

function fail(c: u32, ctx: string): i32 {
  state = S_ERROR;
  errKind = JE_SYNTAX;
  errChar = c;
  errCtx = ctx;
  return SC_ERROR;
}

function top(): u8 { return load<u8>(stack + <usize>(depth - 1)); }
function setTop(p: u8): void { store<u8>(stack + <usize>(depth - 1), p); }

function push(c: u32, p: u8, success: i32): i32 {
  if (depth >= stackCap) {
    let cap = stackCap < 64 ? <u32>64 : stackCap << 1;
    stack = realloc(stack, <usize>cap);
    stackCap = cap;
  }
  store<u8>(stack + <usize>depth, p);
  depth++;
  if (depth <= MAX_NESTING) return success;
  return fail(c, "exceeded max depth");
}

function pop(): void {
  depth--;
  if (depth == 0) { state = S_END_TOP; endTop = true; } else state = S_END_VALUE;
}

function beginValue(c: u32): i32 {
  if (isSpace(c)) return SC_SKIP_SPACE;
  if (c == 123) { state = S_BEGIN_STRING_OR_EMPTY; return push(c, PS_KEY, SC_BEGIN_OBJECT); }
  if (c == 91) { state = S_BEGIN_VALUE_OR_EMPTY; return push(c, PS_ARRAY, SC_BEGIN_ARRAY); }
  if (c == 34) { state = S_IN_STRING; return SC_BEGIN_LITERAL; }
  if (c == 45) { state = S_NEG; return SC_BEGIN_LITERAL; }
  if (c == 48) { state = S_0; return SC_BEGIN_LITERAL; }
  if (c == 116) { state = S_LIT; litKind = 0; litWord = 0x657572; return SC_BEGIN_LITERAL; } // "rue"
  if (c == 102) { state = S_LIT; litKind = 1; litWord = 0x65736C61; return SC_BEGIN_LITERAL; } // "alse"
  if (c == 110) { state = S_LIT; litKind = 2; litWord = 0x6C6C75; return SC_BEGIN_LITERAL; } // "ull"
  if (c >= 49 && c <= 57) { state = S_1; return SC_BEGIN_LITERAL; }
  return fail(c, "looking for beginning of value");
}

function endValue(c: u32): i32 {
  if (depth == 0) {
    state = S_END_TOP;
    endTop = true;
    return endTopStep(c);
  }
  if (isSpace(c)) { state = S_END_VALUE; return SC_SKIP_SPACE; }
  let ps = top();
  if (ps == PS_KEY) {
    if (c == 58) { setTop(PS_VALUE); state = S_BEGIN_VALUE; return SC_OBJECT_KEY; }
    return fail(c, "after object key");
  }
  if (ps == PS_VALUE) {
    if (c == 44) { setTop(PS_KEY); state = S_BEGIN_STRING; return SC_OBJECT_VALUE; }
    if (c == 125) { pop(); return SC_END_OBJECT; }
    return fail(c, "after object key:value pair");
  }
  if (c == 44) { state = S_BEGIN_VALUE; return SC_ARRAY_VALUE; }
  if (c == 93) { pop(); return SC_END_ARRAY; }
  return fail(c, "after array element");
}

function endTopStep(c: u32): i32 {
  if (!isSpace(c)) fail(c, "after top-level value");
  return SC_END;
}

function litStep(c: u32): i32 {
  let want = <u32>(litWord & 0xFF);
  if (c != want) {
    if (litKind == 0) {
      if (want == 114) return fail(c, "in literal true (expecting 'r')");
      if (want == 117) return fail(c, "in literal true (expecting 'u')");
      return fail(c, "in literal true (expecting 'e')");
    }
    if (litKind == 1) {
      if (want == 97) return fail(c, "in literal false (expecting 'a')");
      if (want == 108) return fail(c, "in literal false (expecting 'l')");
      if (want == 115) return fail(c, "in literal false (expecting 's')");
      return fail(c, "in literal false (expecting 'e')");
    }
    if (want == 117) return fail(c, "in literal null (expecting 'u')");
    return fail(c, "in literal null (expecting 'l')");
  }
  litWord >>= 8;
  if (litWord == 0) state = S_END_VALUE;
  return SC_CONTINUE;
}

function step(c: u32): i32 {
  switch (state) {
    case S_BEGIN_VALUE: return beginValue(c);
    case S_BEGIN_VALUE_OR_EMPTY: {
      if (isSpace(c)) return SC_SKIP_SPACE;
      if (c == 93) return endValue(c);
      return beginValue(c);
    }
    case S_BEGIN_STRING_OR_EMPTY: {
      if (isSpace(c)) return SC_SKIP_SPACE;
      if (c == 125) { setTop(PS_VALUE); return endValue(c); }
      if (c == 34) { state = S_IN_STRING; return SC_BEGIN_LITERAL; }
      return fail(c, "looking for beginning of object key string");
    }
    case S_BEGIN_STRING: {
      if (isSpace(c)) return SC_SKIP_SPACE;
      if (c == 34) { state = S_IN_STRING; return SC_BEGIN_LITERAL; }
      return fail(c, "looking for beginning of object key string");
    }
    case S_END_VALUE: return endValue(c);
    case S_END_TOP: return endTopStep(c);
    case S_IN_STRING: {
      if (c == 34) { state = S_END_VALUE; return SC_CONTINUE; }
      if (c == 92) { state = S_IN_STRING_ESC; return SC_CONTINUE; }
      if (c < 0x20) return fail(c, "in string literal");
      return SC_CONTINUE;
    }
    case S_IN_STRING_ESC: {
      if (c == 98 || c == 102 || c == 110 || c == 114 || c == 116 || c == 92 || c == 47 || c == 34) {
        state = S_IN_STRING;
        return SC_CONTINUE;
      }
      if (c == 117) { state = S_ESC_U; return SC_CONTINUE; }
      return fail(c, "in string escape code");
    }
    case S_ESC_U:
    case S_ESC_U + 1:
    case S_ESC_U + 2:
    case S_ESC_U + 3: {
      if (!isHex(c)) return fail(c, "in \\u hexadecimal character escape");
      state = state == S_ESC_U + 3 ? S_IN_STRING : state + 1;
      return SC_CONTINUE;
    }
    case S_NEG: {
      if (c == 48) { state = S_0; return SC_CONTINUE; }
      if (c >= 49 && c <= 57) { state = S_1; return SC_CONTINUE; }
      return fail(c, "in numeric literal");
    }
    case S_1: {
      if (isDigit(c)) return SC_CONTINUE;
      return state0(c);
    }
    case S_0: return state0(c);
    case S_DOT: {
      if (isDigit(c)) { state = S_DOT0; return SC_CONTINUE; }
      return fail(c, "after decimal point in numeric literal");
    }
    case S_DOT0: {
      if (isDigit(c)) return SC_CONTINUE;
      if (c == 101 || c == 69) { state = S_E; return SC_CONTINUE; }
      return endValue(c);
    }
    case S_E: {
      if (c == 43 || c == 45) { state = S_ESIGN; return SC_CONTINUE; }
      return eSign(c);
    }
    case S_ESIGN: return eSign(c);
    case S_E0: {
      if (isDigit(c)) return SC_CONTINUE;
      return endValue(c);
    }
    case S_LIT: return litStep(c);
  }
  return SC_ERROR;
}

function state0(c: u32): i32 {
  if (c == 46) { state = S_DOT; return SC_CONTINUE; }
  if (c == 101 || c == 69) { state = S_E; return SC_CONTINUE; }
  return endValue(c);
}

function eSign(c: u32): i32 {
  if (isDigit(c)) { state = S_E0; return SC_CONTINUE; }
  return fail(c, "in exponent of numeric literal");
}

/** scanner.eof() */
function scanEof(): i32 {
  if (errKind != JE_NONE) return SC_ERROR;
  if (endTop) return SC_END;
  step(32);
  if (endTop) return SC_END;
  if (errKind == JE_NONE) errKind = JE_END_INPUT;
  return SC_ERROR;
}

/** Go's json.Valid. */
export function jsonValid(p: usize, n: usize): bool {
  scanReset();
  let ok = true;
  for (let i: usize = 0; i < n; i++) {
    if (step(<u32>load<u8>(p + i)) == SC_ERROR) { ok = false; break; }
  }
  if (ok) ok = scanEof() != SC_ERROR;
  scanFree();
  return ok;
}

function nonSpace(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) if (!isSpace(<u32>load<u8>(p + i))) return true;
  return false;
}

/** Decoder.readValue: length of the first value in [p, p+n) (including
 * leading space), or -1 with the error recorded. */
function readValue(p: usize, n: usize): isize {
  scanReset();
  let res: isize = -1;
  let i: usize = 0;
  for (; i < n; i++) {
    let v = step(<u32>load<u8>(p + i));
    if (v == SC_END) { res = <isize>i; break; }
    if (v == SC_END_OBJECT || v == SC_END_ARRAY) {
      if (endValue(32) == SC_END) { res = <isize>(i + 1); break; }
    } else if (v == SC_ERROR) break;
  }
  if (i == n && errKind == JE_NONE) {
    if (step(32) == SC_END) res = <isize>n;
    else if (nonSpace(p, n)) errKind = JE_UNEXPECTED_EOF;
    else errKind = JE_EOF;
  }
  if (res >= 0) errKind = JE_NONE;
  scanFree();
  return res;
}

/** util.UnmarshalJSON's checks: returns the length of the value to parse
 * (from p), or -1 with the error recorded. */
function checkUnmarshal(p: usize, n: usize): isize {
  let len = readValue(p, n);
  if (len < 0) return -1;
  // decoder.Token() on the rest
  let i = <usize>len;
  while (i < n && isSpace(<u32>load<u8>(p + i))) i++;
  if (i == n) return len;
  let c = <u32>load<u8>(p + i);
  if (c == 123 || c == 91) {
    errKind = JE_TRAILING; errPtr = p + i; errLen = 1; errBool = -1;
    return -1;
  }
  if (c == 93 || c == 125 || c == 44 || c == 58) {
    errKind = JE_SYNTAX; errChar = c; errCtx = "looking for beginning of value";
    return -1;
  }
  let rest = readValue(p + i, n - i);
  if (rest < 0) return -1;
  if (c == 110) return len; // null: Token() returns (nil, nil), accepted
  errKind = JE_TRAILING;
  errBool = -1;
  if (c == 116 || c == 102) { errBool = c == 116 ? 1 : 0; return -1; }
  if (c == 34) { errPtr = p + i + 1; errLen = <usize>rest - 2; } // string contents
  else { errPtr = p + i; errLen = <usize>rest; }
  return -1;
}

/** Append the last JSON error's message to the error buffer. */
export function eJsonError(): void {
  if (errKind == JE_SYNTAX) {
    msgText("invalid character ");
    msgQuoteChar(errChar);
    if (errCtx.length != 0) { msgText(" "); msgText(errCtx); }
  } else if (errKind == JE_UNEXPECTED_EOF) msgText("unexpected EOF");
  else if (errKind == JE_EOF) msgText("EOF");
  else if (errKind == JE_END_INPUT) msgText("unexpected end of JSON input");
  else if (errKind == JE_DEPTH) msgText("exceeded max depth");
  else if (errKind == JE_TRAILING) {
    msgText("error: invalid character '");
    if (errBool >= 0) msgText(errBool == 1 ? "%!s(bool=true)" : "%!s(bool=false)");
    else msgBytes(errPtr, errLen);
    msgText("' after top-level value");
  }
}

/** Parse JSON text as OPA's json.unmarshal does; 0 with the error recorded. */
export function jsonUnmarshal(p: usize, n: usize): usize {
  let len = checkUnmarshal(p, n);
  if (len < 0) return 0;
  let vn = <usize>len;
  let v: usize = 0;
  if (validUtf8(p, vn)) {
    v = parse(p, vn, false);
  } else {
    // Go decodes invalid UTF-8 in strings as U+FFFD, byte by byte.
    let tmp = opa_malloc(vn * 3 + 1);
    let o: usize = 0;
    let i: usize = 0;
    while (i < vn) {
      let c = load<u8>(p + i);
      if (c < 0x80) { store<u8>(tmp + o++, c); i++; continue; }
      decodeRune(p + i, p + vn);
      if (dLen == 1) { o += encodeRune(tmp + o, RUNE_ERROR); i++; continue; }
      memory.copy(tmp + o, p + i, dLen);
      o += dLen;
      i += dLen;
    }
    v = parse(tmp, o, false);
    opa_free(tmp);
  }
  if (v == 0) errKind = JE_DEPTH; // validated, so only the nesting limit fails
  return v;
}

// ---- marshal ----------------------------------------------------------------

let pretty = false;
let prefixP: usize = 0;
let prefixN: usize = 0;
let indentP: usize = 0;
let indentN: usize = 0;

function newline(level: i32): void {
  sbByte(10);
  sbBytes(prefixP, prefixN);
  for (let i = 0; i < level; i++) sbBytes(indentP, indentN);
}

/** Go's encodeState.string with escapeHTML. */
export function putGoString(p: usize, n: usize): void {
  sbByte(34);
  let start: usize = 0;
  let i: usize = 0;
  while (i < n) {
    let b = <u32>load<u8>(p + i);
    if (b < 0x80) {
      if (b >= 0x20 && b != 34 && b != 92 && b != 60 && b != 62 && b != 38) { i++; continue; }
      sbBytes(p + start, i - start);
      sbByte(92);
      if (b == 34 || b == 92) sbByte(b);
      else if (b == 8) sbByte(98);
      else if (b == 12) sbByte(102);
      else if (b == 10) sbByte(110);
      else if (b == 13) sbByte(114);
      else if (b == 9) sbByte(116);
      else { sbAscii("u00"); sbByte(lowerHex(b >> 4)); sbByte(lowerHex(b)); }
      i++;
      start = i;
      continue;
    }
    decodeRune(p + i, p + n);
    if (dLen == 1) {
      sbBytes(p + start, i - start);
      sbAscii("\\ufffd");
      i++;
      start = i;
      continue;
    }
    if (dRune == 0x2028 || dRune == 0x2029) {
      sbBytes(p + start, i - start);
      sbAscii("\\u202");
      sbByte(lowerHex(<u32>dRune));
      i += dLen;
      start = i;
      continue;
    }
    i += dLen;
  }
  sbBytes(p + start, n - start);
  sbByte(34);
}

function putNumber(v: usize): void {
  let r = numRepr(v);
  if (r == N_INT) { let o = sbCursor(48); sbAdvance(intText(numInt(v), o)); return; }
  if (r == N_FLOAT) {
    let f = numFloat(v);
    if (!isFinite(f)) { sbAscii("null"); return; }
    let o = sbCursor(48);
    sbAdvance(floatText(f, o));
    return;
  }
  sbBytes(refPtr(v), refLen(v));
}

/** Object with the string keys ast.JSON gives it (non-string keys become
 * their compact JSON text; on a collision the later key wins), sorted. */
export function goKeyed(obj: usize): usize {
  ensureSorted(obj);
  let n = tblLen(obj);
  let allStrings = true;
  for (let i: u32 = 0; i < n; i++) {
    if (typeOf(keyAt(obj, i)) != T_STRING) { allStrings = false; break; }
  }
  if (allStrings) return obj;
  let out = newTable(T_OBJECT);
  let savedPretty = pretty;
  pretty = false;
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(obj, i);
    if (typeOf(k) != T_STRING) {
      let mark = sbLength();
      putValue(k, 0);
      k = sbSlice(mark);
      sbTruncate(mark);
    }
    objInsert(out, k, valAt(obj, i));
  }
  pretty = savedPretty;
  ensureSorted(out);
  return out;
}

function putValue(v: usize, level: i32): void {
  let t = typeOf(v);
  if (t == T_NULL) { sbAscii("null"); return; }
  if (t == T_BOOLEAN) { sbAscii(boolOf(v) ? "true" : "false"); return; }
  if (t == T_NUMBER) { putNumber(v); return; }
  if (t == T_STRING) { putGoString(strPtr(v), strLen(v)); return; }
  if (t == T_ARRAY || t == T_SET) {
    let n = t == T_ARRAY ? arrLen(v) : tblLen(v);
    if (t == T_SET) ensureSorted(v);
    sbByte(91);
    for (let i: u32 = 0; i < n; i++) {
      if (i != 0) sbByte(44);
      if (pretty) newline(level + 1);
      putValue(t == T_ARRAY ? arrAt(v, i) : keyAt(v, i), level + 1);
    }
    if (pretty && n != 0) newline(level);
    sbByte(93);
    return;
  }
  let o = goKeyed(v);
  let n = tblLen(o);
  sbByte(123);
  for (let i: u32 = 0; i < n; i++) {
    if (i != 0) sbByte(44);
    if (pretty) newline(level + 1);
    let k = keyAt(o, i);
    putGoString(strPtr(k), strLen(k));
    sbByte(58);
    if (pretty) sbByte(32);
    putValue(valAt(o, i), level + 1);
  }
  if (pretty && n != 0) newline(level);
  sbByte(125);
}

/** Go json.Marshal(ast.JSON(v)) appended to the open buffer. */
export function marshalCompact(v: usize): void {
  pretty = false;
  putValue(v, 0);
}

/** OPA's json.marshal_with_options pretty form: prefix + MarshalIndent. */
export function marshalIndent(v: usize, pp: usize, pn: usize, ip: usize, inN: usize): void {
  pretty = true;
  prefixP = pp; prefixN = pn; indentP = ip; indentN = inN;
  sbBytes(pp, pn);
  putValue(v, 0);
  pretty = false;
}
