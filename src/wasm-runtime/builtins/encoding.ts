// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Encoding builtins, with the semantics and error texts of OPA's topdown
// (encoding.go, tokens.go), i.e. of Go's encoding/base64, encoding/hex,
// net/url and encoding/json:
//   base64.encode/decode/is_valid, base64url.encode/encode_no_pad/decode,
//   hex.encode/decode, urlquery.encode/decode/encode_object/decode_object,
//   json.marshal/marshal_with_options/unmarshal/is_valid, io.jwt.decode.
// yaml.* stay with the host (a YAML parser/emitter is out of scope here).
import { opa_malloc, opa_free } from "../alloc";
import { T_STRING, T_ARRAY, T_OBJECT, T_SET, T_BOOLEAN } from "../layout";
import {
  typeOf, boolOf, boolValue, strPtr, strLen, allocString, newArray, arrPush, arrLen, arrAt,
} from "../values";
import { ensureSorted, tblLen, keyAt, valAt, newTable, objInsert, objGet } from "../table";
import { dump } from "../json-dump";
import {
  builtinError, typeError, typeNameOf, strictErrors, msgStart, msgText, msgBytes, msgUint, msgBuiltinError, msgTypeError,
} from "./errors";
import { msgGoQuote, msgUnicode, lowerHex, upperHex } from "./quote";
import { sbStart, sbByte, sbString } from "./builder";
import {
  jsonValid, jsonUnmarshal, eJsonError, marshalCompact, marshalIndent, goKeyed,
} from "./encoding-json";

// ---- base64 (Go encoding/base64, StdEncoding / URLEncoding) ----------------

function b64Char(i: u32, url: bool): u32 {
  if (i < 26) return 65 + i;
  if (i < 52) return 71 + i;
  if (i < 62) return i - 4;
  if (i == 62) return url ? 45 : 43;
  return url ? 95 : 47;
}

function b64Val(c: u32, url: bool): i32 {
  if (c >= 65 && c <= 90) return <i32>c - 65;
  if (c >= 97 && c <= 122) return <i32>c - 71;
  if (c >= 48 && c <= 57) return <i32>c + 4;
  if (url) {
    if (c == 45) return 62;
    if (c == 95) return 63;
  } else {
    if (c == 43) return 62;
    if (c == 47) return 63;
  }
  return -1;
}

function b64Encode(p: usize, n: usize, url: bool, pad: bool): usize {
  let full = n / 3;
  let rem = n % 3;
  let outLen = full * 4 + (rem == 0 ? 0 : (pad ? 4 : rem + 1));
  let v = allocString(outLen);
  let o = strPtr(v);
  let i: usize = 0;
  for (let k: usize = 0; k < full; k++) {
    let w = (<u32>load<u8>(p + i) << 16) | (<u32>load<u8>(p + i + 1) << 8) | <u32>load<u8>(p + i + 2);
    store<u8>(o, <u8>b64Char(w >> 18, url));
    store<u8>(o + 1, <u8>b64Char((w >> 12) & 63, url));
    store<u8>(o + 2, <u8>b64Char((w >> 6) & 63, url));
    store<u8>(o + 3, <u8>b64Char(w & 63, url));
    i += 3;
    o += 4;
  }
  if (rem != 0) {
    let w = <u32>load<u8>(p + i) << 16;
    if (rem == 2) w |= <u32>load<u8>(p + i + 1) << 8;
    store<u8>(o, <u8>b64Char(w >> 18, url));
    store<u8>(o + 1, <u8>b64Char((w >> 12) & 63, url));
    if (rem == 2) store<u8>(o + 2, <u8>b64Char((w >> 6) & 63, url));
    else if (pad) store<u8>(o + 2, 61);
    if (pad) store<u8>(o + 3, 61);
  }
  return v;
}

// Decode error: offset (Go CorruptInputError) or the base64url length error.
let b64Err: isize = -1;
let b64Bad = false; // "illegal base64url string: <s>"
let b64BadPtr: usize = 0;
let b64BadLen: usize = 0;
let qSi: usize = 0;

function isNl(c: u32): bool { return c == 10 || c == 13; }

/** Go's decodeQuantum (padded encodings); returns bytes written, sets qSi
 * and b64Err. */
function quantum(src: usize, n: usize, si: usize, dst: usize, url: bool): usize {
  let val: u32 = 0;
  let dlen: u32 = 4;
  let j: u32 = 0;
  while (j < 4) {
    if (si == n) {
      qSi = si;
      if (j != 0) b64Err = <isize>(si - <usize>j);
      return 0;
    }
    let c = <u32>load<u8>(src + si);
    si++;
    let d = b64Val(c, url);
    if (d >= 0) { val |= <u32>d << (18 - 6 * j); j++; continue; }
    if (isNl(c)) continue;
    if (c != 61) { qSi = si; b64Err = <isize>(si - 1); return 0; }
    // padding
    if (j < 2) { qSi = si; b64Err = <isize>(si - 1); return 0; }
    if (j == 2) {
      while (si < n && isNl(<u32>load<u8>(src + si))) si++;
      if (si == n) { qSi = si; b64Err = <isize>n; return 0; }
      if (load<u8>(src + si) != 61) { qSi = si; b64Err = <isize>(si - 1); return 0; }
      si++;
    }
    while (si < n && isNl(<u32>load<u8>(src + si))) si++;
    if (si < n) b64Err = <isize>si; // trailing garbage
    dlen = j;
    break;
  }
  store<u8>(dst, <u8>(val >> 16));
  if (dlen >= 3) store<u8>(dst + 1, <u8>(val >> 8));
  if (dlen == 4) store<u8>(dst + 2, <u8>val);
  qSi = si;
  return <usize>(dlen - 1);
}

/** Decode into a new string value; 0 on error (b64Err set). */
function b64DecodeRaw(p: usize, n: usize, url: bool): usize {
  b64Err = -1;
  b64Bad = false;
  let v = allocString((n / 4) * 3 + 3);
  let o = strPtr(v);
  let w: usize = 0;
  let si: usize = 0;
  while (si < n) {
    w += quantum(p, n, si, o + w, url);
    si = qSi;
    if (b64Err >= 0) { opa_free(v); return 0; }
  }
  store<u32>(v, <u32>w, 4);
  return v;
}

/** OPA's base64url.decode: adds missing padding (RFC 7515 appendix C). */
function b64UrlDecode(p: usize, n: usize): usize {
  if (n == 0 || load<u8>(p + n - 1) != 61) {
    let r = n % 4;
    if (r == 1) {
      b64Err = -1;
      b64Bad = true;
      b64BadPtr = p;
      b64BadLen = n;
      return 0;
    }
    if (r != 0) {
      let padded = opa_malloc(n + 2);
      memory.copy(padded, p, n);
      store<u8>(padded + n, 61);
      store<u8>(padded + n + 1, 61);
      let v = b64DecodeRaw(padded, n + 4 - r, true);
      opa_free(padded);
      return v;
    }
  }
  return b64DecodeRaw(p, n, true);
}

function eB64Error(): void {
  if (b64Bad) {
    msgText("illegal base64url string: ");
    msgBytes(b64BadPtr, b64BadLen);
    return;
  }
  msgText("illegal base64 data at input byte ");
  msgUint(<u64>b64Err);
}

function b64Fail(name: string): usize {
  if (!strictErrors()) return 0;
  msgStart();
  eB64Error();
  return msgBuiltinError(name);
}

export function builtin_base64_encode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("base64.encode", 1, "string", x);
  return b64Encode(strPtr(x), strLen(x), false, true);
}

export function builtin_base64_decode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("base64.decode", 1, "string", x);
  let v = b64DecodeRaw(strPtr(x), strLen(x), false);
  return v != 0 ? v : b64Fail("base64.decode");
}

export function builtin_base64_is_valid(x: usize): usize {
  if (typeOf(x) != T_STRING) return boolValue(false);
  let v = b64DecodeRaw(strPtr(x), strLen(x), false);
  if (v == 0) return boolValue(false);
  opa_free(v);
  return boolValue(true);
}

export function builtin_base64url_encode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("base64url.encode", 1, "string", x);
  return b64Encode(strPtr(x), strLen(x), true, true);
}

export function builtin_base64url_encode_no_pad(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("base64url.encode_no_pad", 1, "string", x);
  return b64Encode(strPtr(x), strLen(x), true, false);
}

export function builtin_base64url_decode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("base64url.decode", 1, "string", x);
  let v = b64UrlDecode(strPtr(x), strLen(x));
  return v != 0 ? v : b64Fail("base64url.decode");
}

// ---- hex (Go encoding/hex) --------------------------------------------------

function hexVal(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  let l = c | 32;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

function hexEncode(p: usize, n: usize): usize {
  let v = allocString(n * 2);
  let o = strPtr(v);
  for (let i: usize = 0; i < n; i++) {
    let b = <u32>load<u8>(p + i);
    store<u8>(o + 2 * i, <u8>lowerHex(b >> 4));
    store<u8>(o + 2 * i + 1, <u8>lowerHex(b));
  }
  return v;
}

export function builtin_hex_encode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("hex.encode", 1, "string", x);
  return hexEncode(strPtr(x), strLen(x));
}

function hexFail(bad: i32): usize {
  if (!strictErrors()) return 0;
  msgStart();
  if (bad < 0) msgText("encoding/hex: odd length hex string");
  else {
    msgText("encoding/hex: invalid byte: ");
    msgUnicode(<u32>bad);
  }
  return msgBuiltinError("hex.decode");
}

export function builtin_hex_decode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("hex.decode", 1, "string", x);
  let p = strPtr(x);
  let n = strLen(x);
  let v = allocString(n / 2);
  let o = strPtr(v);
  let j: usize = 1;
  for (; j < n; j += 2) {
    let a = <u32>load<u8>(p + j - 1);
    let b = <u32>load<u8>(p + j);
    let ha = hexVal(a);
    if (ha < 0) { opa_free(v); return hexFail(<i32>a); }
    let hb = hexVal(b);
    if (hb < 0) { opa_free(v); return hexFail(<i32>b); }
    store<u8>(o + (j >> 1), <u8>((ha << 4) | hb));
  }
  if (n % 2 == 1) {
    opa_free(v);
    let c = <u32>load<u8>(p + j - 1);
    return hexFail(hexVal(c) < 0 ? <i32>c : -1);
  }
  return v;
}

// ---- urlquery (Go net/url, query component mode) ----------------------------

function unreserved(c: u32): bool {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ||
    c == 45 || c == 95 || c == 46 || c == 126;
}

/** url.QueryEscape appended to the open buffer. */
function appendQueryEscaped(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (unreserved(c)) sbByte(c);
    else if (c == 32) sbByte(43);
    else { sbByte(37); sbByte(upperHex(c >> 4)); sbByte(upperHex(c)); }
  }
}

export function builtin_urlquery_encode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("urlquery.encode", 1, "string", x);
  let p = strPtr(x);
  let n = strLen(x);
  let m: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    m += unreserved(c) || c == 32 ? 1 : 3;
  }
  let v = allocString(m);
  let o = strPtr(v);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (unreserved(c)) store<u8>(o++, <u8>c);
    else if (c == 32) store<u8>(o++, 43);
    else {
      store<u8>(o, 37);
      store<u8>(o + 1, <u8>upperHex(c >> 4));
      store<u8>(o + 2, <u8>upperHex(c));
      o += 3;
    }
  }
  return v;
}

// First malformed escape of the last unescape: bytes [escPtr, escPtr+escLen).
let escPtr: usize = 0;
let escLen: usize = 0;

/** url.QueryUnescape into a new string value; 0 on a bad escape. */
function queryUnescape(p: usize, n: usize): usize {
  let m: usize = 0;
  let i: usize = 0;
  while (i < n) {
    let c = <u32>load<u8>(p + i);
    if (c == 37) {
      if (i + 2 >= n || hexVal(<u32>load<u8>(p + i + 1)) < 0 || hexVal(<u32>load<u8>(p + i + 2)) < 0) {
        escPtr = p + i;
        escLen = n - i > 3 ? 3 : n - i;
        return 0;
      }
      i += 3;
    } else i++;
    m++;
  }
  let v = allocString(m);
  let o = strPtr(v);
  i = 0;
  while (i < n) {
    let c = <u32>load<u8>(p + i);
    if (c == 37) {
      store<u8>(o++, <u8>((hexVal(<u32>load<u8>(p + i + 1)) << 4) | hexVal(<u32>load<u8>(p + i + 2))));
      i += 3;
      continue;
    }
    store<u8>(o++, <u8>(c == 43 ? 32 : c));
    i++;
  }
  return v;
}

function eEscapeError(): void {
  msgText("invalid URL escape ");
  msgGoQuote(escPtr, escLen);
}

export function builtin_urlquery_decode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("urlquery.decode", 1, "string", x);
  let v = queryUnescape(strPtr(x), strLen(x));
  if (v != 0 || !strictErrors()) return v;
  msgStart();
  eEscapeError();
  return msgBuiltinError("urlquery.decode");
}

function isStringList(v: usize): bool {
  let t = typeOf(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: u32 = 0; i < n; i++) if (typeOf(arrAt(v, i)) != T_STRING) return false;
    return true;
  }
  if (t == T_SET) {
    let n = tblLen(v);
    for (let i: u32 = 0; i < n; i++) if (typeOf(keyAt(v, i)) != T_STRING) return false;
    return true;
  }
  return t == T_STRING;
}

export function builtin_urlquery_encode_object(x: usize): usize {
  if (typeOf(x) != T_OBJECT) return typeError("urlquery.encode_object", 1, "object", x);
  ensureSorted(x);
  let n = tblLen(x);
  for (let i: u32 = 0; i < n; i++) {
    if (!isStringList(valAt(x, i))) {
      if (!strictErrors()) return 0;
      msgStart();
      msgText("operand 1 values must be string, array[string], or set[string]");
      return msgTypeError("urlquery.encode_object");
    }
  }
  sbStart(64);
  let o = goKeyed(x);
  let start = true;
  n = tblLen(o);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(o, i);
    let v = valAt(o, i);
    let t = typeOf(v);
    let m: u32 = t == T_STRING ? 1 : t == T_ARRAY ? arrLen(v) : tblLen(v);
    if (t == T_SET) ensureSorted(v);
    for (let j: u32 = 0; j < m; j++) {
      let s = t == T_STRING ? v : t == T_ARRAY ? arrAt(v, j) : keyAt(v, j);
      if (!start) sbByte(38);
      start = false;
      appendQueryEscaped(strPtr(k), strLen(k));
      sbByte(61);
      appendQueryEscaped(strPtr(s), strLen(s));
    }
  }
  return sbString();
}

export function builtin_urlquery_decode_object(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("urlquery.decode_object", 1, "string", x);
  let p = strPtr(x);
  let n = strLen(x);
  let out = newTable(T_OBJECT);
  let semicolon = false;
  let escErr = false;
  let ePtr: usize = 0, eLen: usize = 0;
  let i: usize = 0;
  while (i < n) {
    let s = i;
    while (i < n && load<u8>(p + i) != 38) i++;
    let e = i;
    if (i < n) i++; // '&'
    let eq = e;
    let semi = false;
    for (let k = s; k < e; k++) {
      let c = load<u8>(p + k);
      if (c == 59) semi = true;
      if (c == 61 && eq == e) eq = k;
    }
    if (semi) { semicolon = true; continue; }
    if (s == e) continue;
    let key = queryUnescape(p + s, eq - s);
    let val: usize = 0;
    if (key != 0) val = eq < e ? queryUnescape(p + eq + 1, e - eq - 1) : queryUnescape(p, 0);
    if (key == 0 || val == 0) {
      if (!escErr) { escErr = true; ePtr = escPtr; eLen = escLen; }
      continue;
    }
    let arr = objGet(out, key);
    if (arr == 0) {
      arr = newArray(1);
      objInsert(out, key, arr);
    }
    arrPush(arr, val);
  }
  if (!semicolon && !escErr) return out;
  if (!strictErrors()) return 0;
  msgStart();
  if (semicolon) msgText("invalid semicolon separator in query");
  else { escPtr = ePtr; escLen = eLen; eEscapeError(); }
  return msgBuiltinError("urlquery.decode_object");
}

// ---- json -------------------------------------------------------------------

export function builtin_json_marshal(x: usize): usize {
  sbStart(64);
  marshalCompact(x);
  return sbString();
}

function optTypeFail(idx: u32, what: string, key: usize, got: usize): usize {
  if (!strictErrors()) return 0;
  msgStart();
  msgText("operand 2 ");
  if (key == 0) {
    msgText("failed to stringify key ");
    let d = dump(got, true);
    let l: usize = 0;
    while (load<u8>(d + l) != 0) l++;
    msgBytes(d, l);
    msgText(" at index ");
    msgUint(<u64>idx);
    msgText(": operand ");
    msgUint(<u64>idx);
    msgText(" must be string but got ");
    msgText(typeNameOf(got));
    return msgTypeError("json.marshal_with_options");
  }
  msgText("key ");
  msgBytes(strPtr(key), strLen(key));
  if (what.length == 0) {
    msgText(" failed cast to bool");
    return msgTypeError("json.marshal_with_options");
  }
  msgText(" failed cast to string: operand ");
  msgUint(<u64>idx);
  msgText(" must be string but got ");
  msgText(typeNameOf(got));
  return msgTypeError("json.marshal_with_options");
}

function keyIs(k: usize, s: string): bool {
  let n = <usize>s.length;
  if (strLen(k) != n) return false;
  let p = strPtr(k);
  let src = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) {
    if (<u32>load<u8>(p + i) != <u32>load<u16>(src + (i << 1))) return false;
  }
  return true;
}

export function builtin_json_marshal_with_options(x: usize, opts: usize): usize {
  if (typeOf(opts) != T_OBJECT) return typeError("json.marshal_with_options", 2, "object", opts);
  let prefixP: usize = 0, prefixN: usize = 0;
  let indentP: usize = 0, indentN: usize = 0;
  let indentSet = false;
  let implicit = false;
  let explicitSet = false;
  let explicit = false;
  ensureSorted(opts);
  let n = tblLen(opts);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(opts, i);
    let v = valAt(opts, i);
    if (typeOf(k) != T_STRING) return optTypeFail(i, "", 0, k);
    if (keyIs(k, "prefix")) {
      if (typeOf(v) != T_STRING) return optTypeFail(i, "string", k, v);
      prefixP = strPtr(v); prefixN = strLen(v);
      implicit = true;
    } else if (keyIs(k, "indent")) {
      if (typeOf(v) != T_STRING) return optTypeFail(i, "string", k, v);
      indentP = strPtr(v); indentN = strLen(v);
      implicit = true;
      indentSet = true;
    } else if (keyIs(k, "pretty")) {
      explicitSet = true;
      if (typeOf(v) != T_BOOLEAN) return optTypeFail(i, "", k, v);
      explicit = boolOf(v);
    } else {
      if (!strictErrors()) return 0;
      msgStart();
      msgText("operand 2 object contained unknown key ");
      msgBytes(strPtr(k), strLen(k));
      return msgTypeError("json.marshal_with_options");
    }
  }
  let pretty = explicitSet ? explicit : implicit;
  sbStart(64);
  if (!pretty) {
    marshalCompact(x);
    return sbString();
  }
  if (!indentSet) { indentP = TAB; indentN = 1; }
  marshalIndent(x, prefixP, prefixN, indentP, indentN);
  return sbString();
}

const TAB: usize = memory.data<u8>([9]);

function unmarshalFail(name: string): usize {
  if (!strictErrors()) return 0;
  msgStart();
  eJsonError();
  return msgBuiltinError(name);
}

export function builtin_json_unmarshal(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("json.unmarshal", 1, "string", x);
  let v = jsonUnmarshal(strPtr(x), strLen(x));
  return v != 0 ? v : unmarshalFail("json.unmarshal");
}

export function builtin_json_is_valid(x: usize): usize {
  if (typeOf(x) != T_STRING) return boolValue(false);
  return boolValue(jsonValid(strPtr(x), strLen(x)));
}

// ---- io.jwt.decode ----------------------------------------------------------

const NAME_JWT = "io.jwt.decode";

/** Object value for an ASCII key, without allocating. */
function objGetAscii(obj: usize, s: string): usize {
  let n = tblLen(obj);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(obj, i);
    if (typeOf(k) == T_STRING && keyIs(k, s)) return valAt(obj, i);
  }
  return 0;
}

function jwtFail(msg: string): usize {
  return builtinError(NAME_JWT, msg);
}

function jwtB64Fail(what: string): usize {
  if (!strictErrors()) return 0;
  msgStart();
  msgText(what);
  eB64Error();
  return msgBuiltinError(NAME_JWT);
}

function jwtJsonFail(prefix: string): usize {
  if (!strictErrors()) return 0;
  msgStart();
  msgText(prefix);
  msgText("invalid JSON: ");
  eJsonError();
  return msgBuiltinError(NAME_JWT);
}

function jwtDecode(p: usize, n: usize): usize {
  let d1: isize = -1, d2: isize = -1;
  let dots: u32 = 0;
  for (let i: usize = 0; i < n; i++) {
    if (load<u8>(p + i) == 46) {
      dots++;
      if (d1 < 0) d1 = <isize>i; else if (d2 < 0) d2 = <isize>i;
    }
  }
  if (dots == 0) return jwtFail("encoded JWT had no period separators");
  if (dots != 2) {
    if (!strictErrors()) return 0;
    msgStart();
    msgText("encoded JWT must have 3 sections, found ");
    msgUint(<u64>(dots + 1));
    return msgBuiltinError(NAME_JWT);
  }
  let hp = p, hn = <usize>d1;
  let pp = p + <usize>d1 + 1, pn = <usize>(d2 - d1 - 1);
  let sp = p + <usize>d2 + 1, sn = n - <usize>d2 - 1;

  let hs = b64UrlDecode(hp, hn);
  if (hs == 0) return jwtB64Fail("JWT header had invalid encoding: ");
  let header = jsonUnmarshal(strPtr(hs), strLen(hs));
  if (header == 0) return jwtJsonFail("bad JWT header: ");
  if (typeOf(header) != T_OBJECT) return jwtFail("bad JWT header: decoded JSON type was not an Object");
  if (objGetAscii(header, "enc") != 0) return jwtFail("JWT is a JWE object, which is not supported");

  let ps = b64UrlDecode(pp, pn);
  if (ps == 0) return jwtB64Fail("JWT payload had invalid encoding: ");

  let cty = objGetAscii(header, "cty");
  if (cty != 0 && typeOf(cty) == T_STRING && keyIs(cty, "JWT")) {
    // Nested token: the payload is (possibly quoted) JWT text.
    let q = strPtr(ps);
    let m = strLen(ps);
    while (m > 0 && (load<u8>(q) == 34 || load<u8>(q) == 39)) { q++; m--; }
    while (m > 0 && (load<u8>(q + m - 1) == 34 || load<u8>(q + m - 1) == 39)) m--;
    return jwtDecode(q, m);
  }

  let payload = jsonUnmarshal(strPtr(ps), strLen(ps));
  if (payload == 0) return jwtJsonFail("");
  if (typeOf(payload) != T_OBJECT) return jwtFail("decoded JSON type was not an Object");

  let sig = b64UrlDecode(sp, sn);
  if (sig == 0) return jwtB64Fail("JWT signature had invalid encoding: ");
  let out = newArray(3);
  arrPush(out, header);
  arrPush(out, payload);
  arrPush(out, hexEncode(strPtr(sig), strLen(sig)));
  return out;
}

export function builtin_io_jwt_decode(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError(NAME_JWT, 1, "string", x);
  return jwtDecode(strPtr(x), strLen(x));
}
