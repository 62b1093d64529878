// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// io.jwt.decode: split a compact JWS, base64url-decode its sections and parse
// header and payload as JSON objects (nested "cty": "JWT" tokens unwrapped);
// no signature check (that is io.jwt.decode_verify, a host builtin).
import { T_STRING, T_OBJECT } from "../layout";
import { typeOf, strPtr, strLen, newArray, arrPush } from "../values";
import { tblLen, keyAt, valAt } from "../table";
import { builtinError, typeError, strictErrors, msgStart, msgText, msgUint, msgBuiltinError } from "./errors";
import { jsonUnmarshal, eJsonError } from "./encoding-json";
import { b64UrlDecode, eB64Error, hexEncode, keyIs } from "./encoding-codecs";

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
