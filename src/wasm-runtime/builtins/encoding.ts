// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Encoding builtins, with the semantics and error texts of OPA's topdown
// (encoding.go, tokens.go), i.e. of Go's encoding/base64, encoding/hex,
// net/url and encoding/json:
//   base64.encode/decode/is_valid, base64url.encode/encode_no_pad/decode,
//   hex.encode/decode, urlquery.encode/decode/encode_object/decode_object,
//   json.marshal/marshal_with_options/unmarshal/is_valid, io.jwt.decode.
// yaml.* stay with the host (a YAML parser/emitter is out of scope here).
//
// Modules: base64 and hex here (codecs in encoding-codecs), urlquery.* in
// encoding-urlquery, json.* in encoding-marshal, io.jwt.decode in
// encoding-jwt; the JSON reader/writer is encoding-json.
import { opa_free } from "../alloc";
import { T_STRING } from "../layout";
import { typeOf, boolValue, strPtr, strLen, allocString } from "../values";
import { typeError, strictErrors, msgStart, msgText, msgBuiltinError } from "./errors";
import { msgUnicode } from "./quote";
import { b64Encode, b64DecodeRaw, b64UrlDecode, eB64Error, hexVal, hexEncode } from "./encoding-codecs";

// ---- base64 (Go encoding/base64, StdEncoding / URLEncoding) ----------------

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
