// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// urlquery.encode/decode/encode_object/decode_object: Go's net/url in query
// component mode (url.QueryEscape, url.ParseQuery), with its error texts.
import { T_STRING, T_ARRAY, T_OBJECT, T_SET } from "../layout";
import { typeOf, strPtr, strLen, allocString, newArray, arrPush, arrLen, arrAt } from "../values";
import { ensureSorted, tblLen, keyAt, valAt, newTable, objInsert, objGet } from "../table";
import { typeError, strictErrors, msgStart, msgText, msgBuiltinError, msgTypeError } from "./errors";
import { msgGoQuote, upperHex } from "./quote";
import { sbStart, sbByte, sbString } from "./builder";
import { goKeyed } from "./encoding-json";
import { hexVal } from "./encoding-codecs";

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
