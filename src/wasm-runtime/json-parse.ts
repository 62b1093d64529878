// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// JSON (RFC 8259) and Rego-literal parser. Strings are copied and must be
// valid UTF-8; lone \u surrogates become U+FFFD (as Go does). Nesting deeper
// than MAX_DEPTH, trailing garbage or any syntax error returns 0 after
// freeing what was built.
import { MAX_DEPTH, T_OBJECT, T_SET } from "./layout";
import {
  nullValue, trueValue, falseValue, allocString, strPtr, newArray, arrPush, valueFree,
} from "./values";
import { numberFromText } from "./numbers";
import { newTable, objInsert, setAdd } from "./table";

let pos: usize = 0;
let end: usize = 0;
let depth: i32 = 0;
let rego = false;

function skipWs(): void {
  while (pos < end) {
    let c = load<u8>(pos);
    if (c != 32 && c != 10 && c != 13 && c != 9) return;
    pos++;
  }
}

function matchWord(w: u64, n: usize): bool {
  if (pos + n > end) return false;
  for (let i: usize = 0; i < n; i++) {
    if (<u64>load<u8>(pos + i) != ((w >> (i << 3)) & 0xFF)) return false;
  }
  return true;
}

function hexVal(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  c |= 32;
  if (c - 97 < 6) return <i32>(c - 87);
  return -1;
}

function hex4(p: usize): i32 {
  let v = 0;
  for (let i: usize = 0; i < 4; i++) {
    let h = hexVal(load<u8>(p + i));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

function putUtf8(o: usize, cp: u32): usize {
  if (cp < 0x80) { store<u8>(o, <u8>cp); return 1; }
  if (cp < 0x800) {
    store<u8>(o, <u8>(0xC0 | (cp >> 6)));
    store<u8>(o + 1, <u8>(0x80 | (cp & 0x3F)));
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(o, <u8>(0xE0 | (cp >> 12)));
    store<u8>(o + 1, <u8>(0x80 | ((cp >> 6) & 0x3F)));
    store<u8>(o + 2, <u8>(0x80 | (cp & 0x3F)));
    return 3;
  }
  store<u8>(o, <u8>(0xF0 | (cp >> 18)));
  store<u8>(o + 1, <u8>(0x80 | ((cp >> 12) & 0x3F)));
  store<u8>(o + 2, <u8>(0x80 | ((cp >> 6) & 0x3F)));
  store<u8>(o + 3, <u8>(0x80 | (cp & 0x3F)));
  return 4;
}

/** Strict UTF-8 check (no overlongs, surrogates or > U+10FFFF). */
export function validUtf8(p: usize, n: usize): bool {
  let i: usize = 0;
  while (i < n) {
    if (i + 4 <= n && (load<u32>(p + i) & 0x80808080) == 0) { i += 4; continue; }
    let c = <u32>load<u8>(p + i);
    if (c < 0x80) { i++; continue; }
    let need: usize;
    let min: u32;
    let cp: u32;
    if ((c & 0xE0) == 0xC0) { need = 1; min = 0x80; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { need = 2; min = 0x800; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { need = 3; min = 0x10000; cp = c & 0x07; }
    else return false;
    if (i + need >= n) return false;
    for (let k: usize = 1; k <= need; k++) {
      let cc = <u32>load<u8>(p + i + k);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += need + 1;
  }
  return true;
}

/** Parse a string starting at '"'; returns a string value or 0. */
function parseString(): usize {
  let start = pos + 1;
  let p = start;
  let escapes = false;
  while (true) {
    if (p >= end) return 0;
    let c = load<u8>(p);
    if (c == 34) break;
    if (c < 0x20) return 0;
    if (c == 92) { escapes = true; p += 2; continue; }
    p++;
  }
  let raw = p - start;
  pos = p + 1;
  if (!escapes) {
    if (!validUtf8(start, raw)) return 0;
    let v = allocString(raw);
    memory.copy(strPtr(v), start, raw);
    return v;
  }
  // Decoded text is never longer than the escaped source.
  let v = allocString(raw);
  let o = strPtr(v);
  let w: usize = 0;
  let i = start;
  while (i < p) {
    let c = load<u8>(i);
    if (c != 92) {
      let run = i;
      while (i < p && load<u8>(i) != 92) i++;
      if (!validUtf8(run, i - run)) { valueFree(v); return 0; }
      memory.copy(o + w, run, i - run);
      w += i - run;
      continue;
    }
    let e = load<u8>(i + 1);
    i += 2;
    let out: u32 = 0;
    if (e == 34) out = 34;
    else if (e == 92) out = 92;
    else if (e == 47) out = 47;
    else if (e == 98) out = 8;
    else if (e == 102) out = 12;
    else if (e == 110) out = 10;
    else if (e == 114) out = 13;
    else if (e == 116) out = 9;
    else if (e == 117) {
      if (i + 4 > p) { valueFree(v); return 0; }
      let cp = hex4(i);
      if (cp < 0) { valueFree(v); return 0; }
      i += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        let lo = i + 6 <= p && load<u8>(i) == 92 && load<u8>(i + 1) == 117 ? hex4(i + 2) : -1;
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        } else cp = 0xFFFD;
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) cp = 0xFFFD;
      w += putUtf8(o + w, <u32>cp);
      continue;
    } else { valueFree(v); return 0; }
    store<u8>(o + w, <u8>out);
    w++;
  }
  store<u32>(v, <u32>w, 4);
  return v;
}

function parseNumber(): usize {
  let start = pos;
  while (pos < end) {
    let c = load<u8>(pos);
    if ((c >= 48 && c <= 57) || c == 45 || c == 43 || c == 46 || c == 101 || c == 69) pos++;
    else break;
  }
  return numberFromText(start, pos - start);
}

function parseArray(): usize {
  pos++; // '['
  let a = newArray(0);
  skipWs();
  if (pos < end && load<u8>(pos) == 93) { pos++; return a; }
  while (true) {
    let e = parseValue();
    if (e == 0) break;
    arrPush(a, e);
    skipWs();
    if (pos >= end) break;
    let c = load<u8>(pos++);
    if (c == 93) return a;
    if (c != 44) break;
  }
  valueFree(a);
  return 0;
}

/** '{' starts an object; in Rego mode also a non-empty set. */
function parseBrace(): usize {
  pos++;
  skipWs();
  if (pos < end && load<u8>(pos) == 125) { pos++; return newTable(T_OBJECT); }
  let first = rego ? parseValue() : (pos < end && load<u8>(pos) == 34 ? parseString() : 0);
  if (first == 0) return 0;
  skipWs();
  if (rego && pos < end && load<u8>(pos) != 58) return parseSetRest(first);
  let t = newTable(T_OBJECT);
  let key = first;
  while (true) {
    skipWs();
    if (pos >= end || load<u8>(pos) != 58) break;
    pos++;
    let v = parseValue();
    if (v == 0) break;
    let old = objInsert(t, key, v);
    if (old != 0) { valueFree(old); valueFree(key); } // duplicate key: last wins
    key = 0;
    skipWs();
    if (pos >= end) break;
    let c = load<u8>(pos++);
    if (c == 125) return t;
    if (c != 44) break;
    skipWs();
    key = rego ? parseValue() : (pos < end && load<u8>(pos) == 34 ? parseString() : 0);
    if (key == 0) break;
  }
  valueFree(key);
  valueFree(t);
  return 0;
}

function parseSetRest(first: usize): usize {
  let s = newTable(T_SET);
  let e = first;
  while (true) {
    if (!setAdd(s, e)) valueFree(e);
    skipWs();
    if (pos >= end) break;
    let c = load<u8>(pos++);
    if (c == 125) return s;
    if (c != 44) break;
    e = parseValue();
    if (e == 0) break;
  }
  valueFree(s);
  return 0;
}

function parseValue(): usize {
  skipWs();
  if (pos >= end) return 0;
  let c = load<u8>(pos);
  if (c == 34) return parseString();
  if (c == 45 || (c >= 48 && c <= 57)) return parseNumber();
  if (c == 91 || c == 123) {
    if (++depth > MAX_DEPTH) return 0;
    let v = c == 91 ? parseArray() : parseBrace();
    depth--;
    return v;
  }
  if (c == 116 && matchWord(0x65757274, 4)) { pos += 4; return trueValue(); }
  if (c == 102 && matchWord(0x65736C6166, 5)) { pos += 5; return falseValue(); }
  if (c == 110 && matchWord(0x6C6C756E, 4)) { pos += 4; return nullValue(); }
  if (rego && c == 115 && matchWord(0x2928746573, 5)) { // set()
    pos += 5;
    return newTable(T_SET);
  }
  return 0;
}

export function parse(p: usize, len: usize, regoMode: bool): usize {
  pos = p;
  end = p + len;
  depth = 0;
  rego = regoMode;
  let v = parseValue();
  if (v == 0) return 0;
  skipWs();
  if (pos != end) { valueFree(v); return 0; }
  return v;
}
