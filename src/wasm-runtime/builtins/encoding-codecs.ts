// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Byte codecs shared by the encoding builtins and io.jwt.decode: Go's
// encoding/base64 (StdEncoding, URLEncoding; decoding errors as Go reports
// them) and hex encoding.
import { opa_malloc, opa_free } from "../alloc";
import { strPtr, strLen, allocString } from "../values";
import { msgText, msgBytes, msgUint } from "./errors";
import { lowerHex } from "./quote";

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

export function b64Encode(p: usize, n: usize, url: bool, pad: bool): usize {
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
export function b64DecodeRaw(p: usize, n: usize, url: bool): usize {
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
export function b64UrlDecode(p: usize, n: usize): usize {
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

export function eB64Error(): void {
  if (b64Bad) {
    msgText("illegal base64url string: ");
    msgBytes(b64BadPtr, b64BadLen);
    return;
  }
  msgText("illegal base64 data at input byte ");
  msgUint(<u64>b64Err);
}

// ---- hex ---------------------------------------------------------------------

/** Value of a hex digit, -1 if c is none. */
export function hexVal(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  let l = c | 32;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

export function hexEncode(p: usize, n: usize): usize {
  let v = allocString(n * 2);
  let o = strPtr(v);
  for (let i: usize = 0; i < n; i++) {
    let b = <u32>load<u8>(p + i);
    store<u8>(o + 2 * i, <u8>lowerHex(b >> 4));
    store<u8>(o + 2 * i + 1, <u8>lowerHex(b));
  }
  return v;
}

// ---- keys ---------------------------------------------------------------------

/** Whether the string value k equals the ASCII literal s (option keys, JWT header fields). */
export function keyIs(k: usize, s: string): bool {
  let n = <usize>s.length;
  if (strLen(k) != n) return false;
  let p = strPtr(k);
  let src = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) {
    if (<u32>load<u8>(p + i) != <u32>load<u16>(src + (i << 1))) return false;
  }
  return true;
}

