// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// JSON (RFC 8259) and Rego-literal parser. Strings are copied and must be
// valid UTF-8; lone \u surrogates become U+FFFD (as Go does). Nesting deeper
// than MAX_DEPTH, trailing garbage or any syntax error returns 0 after
// freeing what was built.
// Speed (an input is parsed on every decision): strings are scanned 8 bytes
// at a time; an open container keeps its members on a parse stack and gets
// one exactly sized allocation when it closes (tables: table.ts tblBuild).
import { MAX_DEPTH, T_OBJECT, T_SET, T_STRING, STR_HDR } from "./layout";
import {
  nullValue, trueValue, falseValue, allocString, strPtr, newArray, newInt, valueFree,
} from "./values";
import { opa_malloc, opa_free, alloc } from "./alloc";
import { numberFromText } from "./numbers";
import { newTable, tblBuild } from "./table";
import { hashValue } from "./hash";
import { copyBytes } from "./bytes";

let pos: usize = 0;
let end: usize = 0;
let depth: i32 = 0;
let rego = false;

@inline function skipWs(): void {
  if (pos < end && load<u8>(pos) > 32) return;
  skipWsLoop();
}

function skipWsLoop(): void {
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

// ---- parse stack ----------------------------------------------------------
// u32 words: array elements (1 word), set entries (element, hash) and object
// entries (key, value, hash) — the table entry layouts, so a table without
// duplicates is one copy. Static at first; moves to the heap when deeper or
// wider input needs more (always reset by parse(), even after an abort).
const STACK_WORDS0: usize = 1024;
const STACK0: usize = memory.data(1024 * 4, 8);
let stk: usize = STACK0;
let stkCap: usize = STACK_WORDS0;
let sp: usize = 0;

@inline function push(w: u32): void {
  if (sp == stkCap) growStack();
  store<u32>(stk + (sp << 2), w);
  sp++;
}

@inline function word(i: usize): usize { return <usize>load<u32>(stk + (i << 2)); }

function growStack(): void {
  let ncap = stkCap << 1;
  let n = opa_malloc(ncap << 2);
  memory.copy(n, stk, sp << 2);
  if (stk != STACK0) opa_free(stk);
  stk = n;
  stkCap = ncap;
}

/** Free the values of words base..sp (every `stride`-th word from `first`
 * `count` per entry) and pop them. */
function unwind(base: usize, stride: usize, count: usize): void {
  for (let i = base; i < sp; i += stride) {
    for (let k: usize = 0; k < count && i + k < sp; k++) valueFree(word(i + k));
  }
  sp = base;
}

// SWAR masks: a byte of w is flagged in (x - ONES) & ~x & HIGHS when the
// corresponding byte of x is 0; the lowest flagged byte is always exact.
const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

/** Parse a string starting at '"'; returns a string value or 0. */
function parseString(): usize {
  let start = pos + 1;
  let p = start;
  let escapes = false;
  let nonAscii = false;
  while (true) {
    // Skip ordinary bytes: anything but '"', '\\', control and non-ASCII.
    while (p + 8 <= end) {
      let w = load<u64>(p);
      let q = w ^ 0x2222222222222222;
      let b = w ^ 0x5C5C5C5C5C5C5C5C;
      let m = (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - 0x2020202020202020) & ~w) | w) & HIGHS;
      if (m != 0) { p += <usize>(ctz<u64>(m) >> 3); break; }
      p += 8;
    }
    if (p >= end) return 0;
    let c = load<u8>(p);
    if (c == 34) break;
    if (c == 92) { escapes = true; p += 2; continue; }
    if (c < 0x20) return 0;
    if (c >= 0x80) nonAscii = true;
    p++;
  }
  let raw = p - start;
  pos = p + 1;
  if (!escapes) {
    if (nonAscii && !validUtf8(start, raw)) return 0;
    // allocString, inlined: the parser's most frequent allocation.
    let v = alloc(STR_HDR + raw);
    store<u32>(v, <u32>T_STRING | (1 << 8));
    store<u32>(v, <u32>raw, 4);
    store<u32>(v, <u32>(v + STR_HDR), 8);
    copyBytes(v + STR_HDR, start, raw);
    return v;
  }
  return decodeEscaped(start, p, nonAscii);
}

/** String value for the escaped source text [start, p). */
function decodeEscaped(start: usize, p: usize, nonAscii: bool): usize {
  // Decoded text is never longer than the escaped source.
  let v = allocString(p - start);
  let o = strPtr(v);
  let w: usize = 0;
  let i = start;
  while (i < p) {
    let c = load<u8>(i);
    if (c != 92) {
      let run = i;
      while (i < p && load<u8>(i) != 92) i++;
      if (nonAscii && !validUtf8(run, i - run)) { valueFree(v); return 0; }
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
  // Fast path: a plain integer of at most 18 digits (no sign but '-', no
  // leading zero, no fraction or exponent) is its value.
  let p = start;
  let neg = load<u8>(p) == 45;
  if (neg) p++;
  let digits = p;
  let v: i64 = 0;
  while (p < end) {
    let d = <u32>load<u8>(p) - 48;
    if (d >= 10) break;
    v = v * 10 + <i64>d;
    p++;
  }
  let n = p - digits;
  if (n > 0 && n <= 18 && (load<u8>(digits) != 48 || n == 1)) {
    let c = p < end ? load<u8>(p) : 0;
    if (c != 46 && c != 101 && c != 69 && c != 43 && c != 45) {
      pos = p;
      return newInt(neg ? -v : v);
    }
  }
  while (pos < end) {
    let c = load<u8>(pos);
    if ((c >= 48 && c <= 57) || c == 45 || c == 43 || c == 46 || c == 101 || c == 69) pos++;
    else break;
  }
  return numberFromText(start, pos - start);
}

function parseArray(): usize {
  pos++; // '['
  skipWs();
  if (pos < end && load<u8>(pos) == 93) { pos++; return newArray(0); }
  let base = sp;
  while (true) {
    let e = parseMember();
    if (e == 0) break;
    push(<u32>e);
    skipWs();
    if (pos >= end) break;
    let c = load<u8>(pos++);
    if (c == 93) {
      let n = <u32>(sp - base);
      let a = newArray(n);
      copyBytes(<usize>load<u32>(a, 12), stk + (base << 2), <usize>n << 2);
      store<u32>(a, n, 4);
      sp = base;
      return a;
    }
    if (c != 44) break;
  }
  unwind(base, 1, 1);
  return 0;
}

/** An object key: a string in JSON, any value in Rego mode. */
@inline function parseKey(): usize {
  if (rego) return parseValue();
  return pos < end && load<u8>(pos) == 34 ? parseString() : 0;
}

/** Hash for the parse stack: 0 (computed when needed, see table.ts) for
 * strings and scalars, which small tables compare without hashing. */
@inline function keyHash(k: usize): u32 {
  return rego && load<u8>(k) > T_STRING ? hashValue(k) : 0;
}

/** '{' starts an object; in Rego mode also a non-empty set. */
function parseBrace(): usize {
  pos++;
  skipWs();
  if (pos < end && load<u8>(pos) == 125) { pos++; return newTable(T_OBJECT); }
  let key = parseKey();
  if (key == 0) return 0;
  skipWs();
  if (rego && pos < end && load<u8>(pos) != 58) return parseSetRest(key);
  let base = sp;
  while (true) {
    push(<u32>key);
    push(0);
    push(keyHash(key));
    skipWs();
    if (pos >= end || load<u8>(pos) != 58) break;
    pos++;
    let v = parseMember();
    if (v == 0) break;
    store<u32>(stk + ((sp - 2) << 2), <u32>v);
    skipWs();
    if (pos >= end) break;
    let c = load<u8>(pos++);
    if (c == 125) {
      let t = tblBuild(T_OBJECT, stk + (base << 2), <u32>((sp - base) / 3));
      sp = base;
      return t;
    }
    if (c != 44) break;
    skipWs();
    key = parseKey();
    if (key == 0) break;
  }
  unwind(base, 3, 2);
  return 0;
}

function parseSetRest(first: usize): usize {
  let base = sp;
  let e = first;
  while (true) {
    push(<u32>e);
    push(keyHash(e));
    skipWs();
    if (pos >= end) break;
    let c = load<u8>(pos++);
    if (c == 125) {
      let t = tblBuild(T_SET, stk + (base << 2), <u32>((sp - base) >> 1));
      sp = base;
      return t;
    }
    if (c != 44) break;
    e = parseValue();
    if (e == 0) break;
  }
  unwind(base, 2, 1);
  return 0;
}

/** parseValue with the string case first and inlined (container members). */
@inline function parseMember(): usize {
  skipWs();
  if (pos < end && load<u8>(pos) == 34) return parseString();
  return parseValue();
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
  stk = STACK0;
  stkCap = STACK_WORDS0;
  sp = 0;
  let v = parseValue();
  if (stk != STACK0) opa_free(stk);
  stk = STACK0;
  stkCap = STACK_WORDS0;
  if (v == 0) return 0;
  skipWs();
  if (pos != end) { valueFree(v); return 0; }
  return v;
}
