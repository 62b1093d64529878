// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// uuid.parse: google/uuid's Parse and the fields OPA reports (version,
// variant, and for versions 1 and 2 time, clock sequence, node id, ...).
import { typeOf, strPtr, strLen, allocString, newInt } from "../values";
import { T_STRING, T_OBJECT } from "../layout";
import { newTable, objInsert } from "../table";
import { typeError } from "./errors";

const TXT: usize = memory.data(64, 8);

/** String value with its own copy of the bytes (newString would reference static data). */
function heapString(p: usize, n: usize): usize {
  let v = allocString(n);
  memory.copy(strPtr(v), p, n);
  return v;
}

// ---- uuid.parse -----------------------------------------------------------------------

const U: usize = memory.data(16, 8);

function hexv(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  let l = c | 32;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

/** google/uuid.Parse: 36-char, {…}, urn:uuid:…, or 32 hex digits. */
function uuidParse(p: usize, n: usize): bool {
  if (n == 36 + 9) {
    let pre = "urn:uuid:";
    let src = changetype<usize>(pre);
    for (let i: usize = 0; i < 9; i++) {
      let c = <u32>load<u8>(p + i);
      if (c - 65 < 26) c += 32;
      if (c != <u32>load<u16>(src + (i << 1))) return false;
    }
    p += 9; n = 36;
  } else if (n == 38) {
    if (load<u8>(p) != 123 || load<u8>(p + 37) != 125) return false;
    p += 1; n = 36;
  } else if (n == 32) {
    for (let i: usize = 0; i < 16; i++) {
      let h = hexv(load<u8>(p + i * 2)), l = hexv(load<u8>(p + i * 2 + 1));
      if (h < 0 || l < 0) return false;
      store<u8>(U + i, <u8>((h << 4) | l));
    }
    return true;
  }
  if (n != 36) return false;
  if (load<u8>(p + 8) != 45 || load<u8>(p + 13) != 45 || load<u8>(p + 18) != 45 || load<u8>(p + 23) != 45) return false;
  let k: usize = 0;
  let i: usize = 0;
  while (i < 36) {
    if (i == 8 || i == 13 || i == 18 || i == 23) { i++; continue; }
    let h = hexv(load<u8>(p + i)), l = hexv(load<u8>(p + i + 1));
    if (h < 0 || l < 0) return false;
    store<u8>(U + k++, <u8>((h << 4) | l));
    i += 2;
  }
  return true;
}

function put(obj: usize, key: string, v: usize): void {
  objInsert(obj, staticStr(key), v);
}

/** String value of an ASCII literal. */
function staticStr(s: string): usize {
  let n = <usize>s.length;
  let src = changetype<usize>(s);
  let v = allocString(n);
  let d = strPtr(v);
  for (let i: usize = 0; i < n; i++) store<u8>(d + i, <u8>load<u16>(src + (i << 1)));
  return v;
}

function hexPair(out: usize, o: usize, b: u32): usize {
  let hs = "0123456789abcdef";
  let src = changetype<usize>(hs);
  store<u8>(out + o, <u8>load<u16>(src + (<usize>(b >> 4) << 1)));
  store<u8>(out + o + 1, <u8>load<u16>(src + (<usize>(b & 15) << 1)));
  return o + 2;
}

export function builtin_uuid_parse(a: usize): usize {
  if (typeOf(a) != T_STRING) return typeError("uuid.parse", 1, "string", a);
  if (!uuidParse(strPtr(a), strLen(a))) return 0;
  let obj = newTable(T_OBJECT);
  let version = <i64>(load<u8>(U + 6) >> 4);
  let b8 = <u32>load<u8>(U + 8);
  let variant: string;
  if ((b8 & 0xC0) == 0x80) variant = "RFC4122";
  else if ((b8 & 0xE0) == 0xC0) variant = "Microsoft";
  else if ((b8 & 0xE0) == 0xE0) variant = "Future";
  else variant = "Reserved";
  put(obj, "version", newInt(version));
  put(obj, "variant", staticStr(variant));
  if (version == 1 || version == 2) {
    let tlow = <i64>((<u32>load<u8>(U) << 24) | (<u32>load<u8>(U + 1) << 16) | (<u32>load<u8>(U + 2) << 8) | <u32>load<u8>(U + 3));
    let tmid = <i64>((<u32>load<u8>(U + 4) << 8) | <u32>load<u8>(U + 5));
    let thi = <i64>(((<u32>load<u8>(U + 6) << 8) | <u32>load<u8>(U + 7)) & 0xFFF);
    let t = tlow | (tmid << 32) | (thi << 48);
    // 100ns ticks since 1582-10-15 -> Unix nanoseconds (wrapping, as Go's int64)
    let ns = (t - 122192928000000000) * 100;
    put(obj, "time", newInt(ns));
    let o: usize = 0;
    for (let i: usize = 10; i < 16; i++) {
      if (i > 10) store<u8>(TXT + o++, 45);
      o = hexPair(TXT, o, load<u8>(U + i));
    }
    put(obj, "nodeid", heapString(TXT, o));
    let b0 = <u32>load<u8>(U + 10);
    let mv = (b0 & 3) == 3 ? "local:multicast" : ((b0 & 1) == 1 ? "global:multicast" : ((b0 & 2) == 2 ? "local:unicast" : "global:unicast"));
    put(obj, "macvariables", staticStr(mv));
    put(obj, "clocksequence", newInt(<i64>(((<u32>load<u8>(U + 8) << 8) | <u32>load<u8>(U + 9)) & 0x3FFF)));
    if (version == 2) {
      put(obj, "id", newInt(tlow));
      let d = <u32>load<u8>(U + 9);
      if (d < 3) put(obj, "domain", staticStr(d == 0 ? "Person" : (d == 1 ? "Group" : "Org")));
      else {
        let dl: usize = 0;
        store<u8>(TXT, 68); store<u8>(TXT + 1, 111); store<u8>(TXT + 2, 109);
        store<u8>(TXT + 3, 97); store<u8>(TXT + 4, 105); store<u8>(TXT + 5, 110);
        dl = 6;
        if (d >= 100) store<u8>(TXT + dl++, <u8>(48 + d / 100));
        if (d >= 10) store<u8>(TXT + dl++, <u8>(48 + (d / 10) % 10));
        store<u8>(TXT + dl++, <u8>(48 + d % 10));
        put(obj, "domain", heapString(TXT, dl));
      }
    }
  }
  return obj;
}
