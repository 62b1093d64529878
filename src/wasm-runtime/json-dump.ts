// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Serialisers. JSON mode (opa_json_dump): compact, object keys in Rego order,
// sets as sorted arrays, non-string keys replaced by their JSON text as a
// string. Rego mode (opa_value_dump): sets as {..}/set(), keys verbatim.
// Output is a NUL-terminated heap buffer; NUL bytes in strings are escaped.
import { opa_malloc, opa_free, realloc } from "./alloc";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, N_INT, N_FLOAT } from "./layout";
import { boolOf, numRepr, numInt, numFloat, refPtr, refLen, strPtr, strLen, arrLen, arrAt } from "./values";
import { intText, floatText } from "./numbers";
import { ensureSorted, tblLen, keyAt, valAt } from "./table";

let buf: usize = 0;
let len: usize = 0;
let cap: usize = 0;

function reserve(n: usize): void {
  if (len + n <= cap) return;
  let c = cap << 1;
  if (c < len + n + 64) c = len + n + 64;
  buf = realloc(buf, c);
  cap = c;
}

function put(c: u32): void {
  reserve(1);
  store<u8>(buf + len++, <u8>c);
}

function putBytes(p: usize, n: usize): void {
  reserve(n);
  memory.copy(buf + len, p, n);
  len += n;
}

// ASCII word literals packed little-endian, n <= 8 bytes.
function putWord(w: u64, n: usize): void {
  reserve(8);
  store<u64>(buf + len, w);
  len += n;
}

const HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

function putString(p: usize, n: usize): void {
  reserve(n + 2);
  store<u8>(buf + len++, 34);
  let run = p;
  let e = p + n;
  for (let i = p; i < e; i++) {
    let c = <u32>load<u8>(i);
    if (c >= 0x20 && c != 34 && c != 92) continue;
    putBytes(run, i - run);
    run = i + 1;
    reserve(6);
    let o = buf + len;
    store<u8>(o, 92);
    let short: u32 = c == 34 ? 34 : c == 92 ? 92 : c == 10 ? 110 : c == 13 ? 114 : c == 9 ? 116 : c == 8 ? 98 : c == 12 ? 102 : 0;
    if (short != 0) { store<u8>(o, <u8>short, 1); len += 2; continue; }
    store<u32>(o, 0x3030755C); // "\u00"
    store<u8>(o + 4, load<u8>(HEX + (c >> 4)));
    store<u8>(o + 5, load<u8>(HEX + (c & 15)));
    len += 6;
  }
  putBytes(run, e - run);
  put(34);
}

function putNumber(v: usize): void {
  let r = numRepr(v);
  if (r == N_INT) { reserve(48); len += intText(numInt(v), buf + len); return; }
  if (r == N_FLOAT) {
    let f = numFloat(v);
    if (!isFinite(f)) { putWord(0x6C6C756E, 4); return; } // "null": JSON has no NaN/Inf
    reserve(48);
    len += floatText(f, buf + len);
    return;
  }
  putBytes(refPtr(v), refLen(v));
}

function putValue(v: usize, regoMode: bool): void {
  let t = load<u8>(v);
  if (t == T_NULL) { putWord(0x6C6C756E, 4); return; }
  if (t == T_BOOLEAN) {
    if (boolOf(v)) putWord(0x65757274, 4); else putWord(0x65736C6166, 5);
    return;
  }
  if (t == T_NUMBER) { putNumber(v); return; }
  if (t == T_STRING) { putString(strPtr(v), strLen(v)); return; }
  if (t == T_ARRAY) {
    put(91);
    let n = arrLen(v);
    for (let i: u32 = 0; i < n; i++) {
      if (i != 0) put(44);
      putValue(arrAt(v, i), regoMode);
    }
    put(93);
    return;
  }
  ensureSorted(v);
  let n = tblLen(v);
  if (t == T_OBJECT) {
    put(123);
    for (let i: u32 = 0; i < n; i++) {
      if (i != 0) put(44);
      let k = keyAt(v, i);
      if (regoMode || load<u8>(k) == T_STRING) putValue(k, regoMode);
      else putKeyAsString(k);
      put(58);
      putValue(valAt(v, i), regoMode);
    }
    put(125);
    return;
  }
  // set
  if (regoMode && n == 0) { putWord(0x2928746573, 5); return; } // set()
  put(regoMode ? 123 : 91);
  for (let i: u32 = 0; i < n; i++) {
    if (i != 0) put(44);
    putValue(keyAt(v, i), regoMode);
  }
  put(regoMode ? 125 : 93);
}

/** JSON object keys must be strings: use the key's JSON text, quoted. */
function putKeyAsString(k: usize): void {
  let start = len;
  putValue(k, false);
  let n = len - start;
  let tmp = opa_malloc(n);
  memory.copy(tmp, buf + start, n);
  len = start;
  putString(tmp, n);
  opa_free(tmp);
}

export function dump(v: usize, regoMode: bool): usize {
  cap = 64;
  len = 0;
  buf = opa_malloc(cap);
  if (v == 0) putWord(0x6C6C756E, 4); // defensive: undefined prints as null
  else putValue(v, regoMode);
  put(0);
  let out = buf;
  buf = 0;
  return out;
}
