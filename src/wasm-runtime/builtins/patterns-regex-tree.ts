// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// The regex engine's shared vocabulary (see patterns-regex-parse.ts for the
// engine as a whole): flags, parse-tree ops and error codes, the scratch
// buffers of a parse/compile session, parse-tree nodes, and character-class
// range sets (sorting, folding, negation). Everything lives in linear memory:
// nodes in a pool, buffers through opa_malloc/realloc/opa_free.
import { MAX_RUNE } from "./utf8";
import { bufInit, bufData, bufLen, bufSetLen, bufReserve, bufFree } from "./patterns-buf";
import { simpleFold, MIN_FOLD, MAX_FOLD, foldRunCount, foldRunStart, foldRunEnd } from "./patterns-fold";

// ---- flags, ops, error codes ----------------------------------------------

export const F_FOLD: i32 = 1;
export const F_CLASSNL: i32 = 4;
export const F_DOTNL: i32 = 8;
export const F_ONELINE: i32 = 16;
export const F_NONGREEDY: i32 = 32;
export const F_PERLX: i32 = 64;
export const F_UNICODE: i32 = 128;
export const PERL_FLAGS: i32 = F_CLASSNL | F_ONELINE | F_PERLX | F_UNICODE;

// Empty-width assertions (Go's syntax.EmptyOp bits).
export const E_BEGIN_LINE: i32 = 1;
export const E_END_LINE: i32 = 2;
export const E_BEGIN_TEXT: i32 = 4;
export const E_END_TEXT: i32 = 8;
export const E_WORD: i32 = 16;
export const E_NO_WORD: i32 = 32;

// Parse-tree ops.
export const OP_NOMATCH: i32 = 1;
export const OP_EMPTY: i32 = 2;
export const OP_CLASS: i32 = 3;
export const OP_ANY: i32 = 4;
export const OP_ANYNL: i32 = 5;
export const OP_ASSERT: i32 = 6;
export const OP_CAPTURE: i32 = 7;
export const OP_STAR: i32 = 8;
export const OP_PLUS: i32 = 9;
export const OP_QUEST: i32 = 10;
export const OP_REPEAT: i32 = 11;
export const OP_CONCAT: i32 = 12;
export const OP_ALT: i32 = 13;
export const OP_PSEUDO: i32 = 20;
export const OP_LPAREN: i32 = 20;
export const OP_VBAR: i32 = 21;

export const ERR_INVALID_CHAR_RANGE: i32 = 2;
export const ERR_INVALID_ESCAPE: i32 = 3;
export const ERR_INVALID_NAMED_CAPTURE: i32 = 4;
export const ERR_INVALID_PERL_OP: i32 = 5;
export const ERR_INVALID_REPEAT_OP: i32 = 6;
export const ERR_INVALID_REPEAT_SIZE: i32 = 7;
export const ERR_INVALID_UTF8: i32 = 8;
export const ERR_MISSING_BRACKET: i32 = 9;
export const ERR_MISSING_PAREN: i32 = 10;
export const ERR_MISSING_REPEAT_ARG: i32 = 11;
export const ERR_TRAILING_BACKSLASH: i32 = 12;
export const ERR_UNEXPECTED_PAREN: i32 = 13;
export const ERR_NESTING_DEPTH: i32 = 14;
export const ERR_LARGE: i32 = 15;

export function errorCodeText(code: i32): string {
  switch (code) {
    case ERR_INVALID_CHAR_RANGE: return "invalid character class range";
    case ERR_INVALID_ESCAPE: return "invalid escape sequence";
    case ERR_INVALID_NAMED_CAPTURE: return "invalid named capture";
    case ERR_INVALID_PERL_OP: return "invalid or unsupported Perl syntax";
    case ERR_INVALID_REPEAT_OP: return "invalid nested repetition operator";
    case ERR_INVALID_REPEAT_SIZE: return "invalid repeat count";
    case ERR_INVALID_UTF8: return "invalid UTF-8";
    case ERR_MISSING_BRACKET: return "missing closing ]";
    case ERR_MISSING_PAREN: return "missing closing )";
    case ERR_MISSING_REPEAT_ARG: return "missing argument to repetition operator";
    case ERR_TRAILING_BACKSLASH: return "trailing backslash at end of expression";
    case ERR_UNEXPECTED_PAREN: return "unexpected )";
    case ERR_NESTING_DEPTH: return "expression nests too deeply";
    case ERR_LARGE: return "expression too large";
  }
  return "regexp/syntax: internal error";
}

export const MAX_REPEAT: i32 = 1000;
export const MAX_HEIGHT: u32 = 1000;
export const MAX_SIZE: i64 = 3355443; // Go: 128 MB / 40-byte instructions

// ---- scratch buffers (headers in static memory, data on the heap) ----------

const NODES: usize = memory.data(12, 4);  // 32-byte nodes
export const LISTS: usize = memory.data(12, 4);  // u32 child indices (concat / alt)
export const RANGES: usize = memory.data(12, 4); // i32 (lo, hi) pairs of classes
export const CLS: usize = memory.data(12, 4);    // class under construction
export const TMP: usize = memory.data(12, 4);    // folded group scratch
export const STACK: usize = memory.data(12, 4);  // parse stack (node indices)
export const NAMES: usize = memory.data(12, 4);  // per capture: (start, len) in pattern
export const INSTS: usize = memory.data(12, 4);  // 16-byte instructions

let building: bool = false;

/** Start a parse/compile session: allocate every scratch buffer. */
export function sessionBegin(): void {
  bufInit(NODES, 32 * 32);
  bufInit(LISTS, 64);
  bufInit(RANGES, 128);
  bufInit(CLS, 64);
  bufInit(TMP, 16);
  bufInit(STACK, 64);
  bufInit(NAMES, 16);
  bufInit(INSTS, 16 * 32);
  building = true;
}

export function sessionEnd(): void {
  if (!building) return;
  bufFree(INSTS); bufFree(NAMES); bufFree(STACK); bufFree(TMP);
  bufFree(CLS); bufFree(RANGES); bufFree(LISTS); bufFree(NODES);
  building = false;
}

export function vecLen32(b: usize): u32 { return <u32>(bufLen(b) >> 2); }
export function vecGet32(b: usize, i: u32): u32 { return load<u32>(bufData(b) + (<usize>i << 2)); }
export function vecSet32(b: usize, i: u32, v: u32): void { store<u32>(bufData(b) + (<usize>i << 2), v); }
export function vecPush32(b: usize, v: u32): void {
  let q = bufReserve(b, 4);
  store<u32>(q, v);
  bufSetLen(b, bufLen(b) + 4);
}

// ---- parse-tree nodes --------------------------------------------------------
// +0 op, +1 flags (F_NONGREEDY), +4 a (min / cap / assert kind), +8 b (max /
// saved flags), +12 sub (child, list offset, range offset), +16 n (count),
// +20 height, +24 size (Go's calcSize, saturated).

const NODE: usize = 32;

export function nAddr(i: u32): usize { return bufData(NODES) + <usize>i * NODE; }
export function nOp(i: u32): i32 { return <i32>load<u8>(nAddr(i)); }
export function nFlags(i: u32): i32 { return <i32>load<u8>(nAddr(i), 1); }
export function nA(i: u32): i32 { return load<i32>(nAddr(i), 4); }
export function nB(i: u32): i32 { return load<i32>(nAddr(i), 8); }
export function nSub(i: u32): u32 { return load<u32>(nAddr(i), 12); }
export function nN(i: u32): u32 { return load<u32>(nAddr(i), 16); }
export function nHeight(i: u32): u32 { return load<u32>(nAddr(i), 20); }
export function nSize(i: u32): i64 { return <i64>load<u32>(nAddr(i), 24); }

export function newNode(op: i32, flags: i32, a: i32, b: i32, sub: u32, n: u32): u32 {
  let idx = <u32>(bufLen(NODES) / NODE);
  let q = bufReserve(NODES, NODE);
  store<u8>(q, <u8>op);
  store<u8>(q, <u8>flags, 1);
  store<u16>(q, 0, 2);
  store<i32>(q, a, 4);
  store<i32>(q, b, 8);
  store<u32>(q, sub, 12);
  store<u32>(q, n, 16);
  store<u32>(q, 1, 20);
  store<u32>(q, 1, 24);
  bufSetLen(NODES, bufLen(NODES) + NODE);
  measure(idx);
  return idx;
}

export function listAt(off: u32, k: u32): u32 { return vecGet32(LISTS, off + k); }

/** Height and size of a node whose children are complete. */
export function measure(i: u32): void {
  let op = nOp(i);
  let h: u32 = 1;
  let size: i64 = 1;
  if (op == OP_CAPTURE || op == OP_STAR || op == OP_PLUS || op == OP_QUEST || op == OP_REPEAT) {
    let s = nSub(i);
    h = 1 + nHeight(s);
    let ss = nSize(s);
    if (op == OP_CAPTURE || op == OP_STAR) size = 2 + ss;
    else if (op == OP_PLUS || op == OP_QUEST) size = 1 + ss;
    else {
      let mn = <i64>nA(i), mx = <i64>nB(i);
      if (mx == -1) size = mn == 0 ? 2 + ss : 1 + mn * ss;
      else size = mx * ss + (mx - mn);
    }
  } else if (op == OP_CONCAT || op == OP_ALT) {
    let off = nSub(i), n = nN(i);
    size = 0;
    for (let k: u32 = 0; k < n; k++) {
      let c = listAt(off, k);
      let ch = nHeight(c);
      if (h < 1 + ch) h = 1 + ch;
      size += nSize(c);
      if (size > MAX_SIZE) size = MAX_SIZE + 1;
    }
    if (op == OP_ALT && n > 1) size += <i64>n - 1;
  }
  if (size < 1) size = 1;
  if (size > MAX_SIZE) size = MAX_SIZE + 1;
  let q = nAddr(i);
  store<u32>(q, h, 20);
  store<u32>(q, <u32>size, 24);
}

export function stackLen(): u32 { return vecLen32(STACK); }
export function stackAt(i: u32): u32 { return vecGet32(STACK, i); }
function stackTop(): u32 { return vecGet32(STACK, stackLen() - 1); }
export function stackPop(): u32 {
  let n = stackLen() - 1;
  let v = vecGet32(STACK, n);
  bufSetLen(STACK, <usize>n << 2);
  return v;
}

// ---- character classes ------------------------------------------------------

export function clsCount(b: usize): u32 { return <u32>(bufLen(b) >> 3); }
export function clsLo(b: usize, k: u32): i32 { return load<i32>(bufData(b) + (<usize>k << 3)); }
export function clsHi(b: usize, k: u32): i32 { return load<i32>(bufData(b) + (<usize>k << 3), 4); }

export function clsAdd(b: usize, lo: i32, hi: i32): void {
  let n = clsCount(b);
  // Extend the last range when it overlaps or abuts (cheap, common case).
  if (n > 0) {
    let q = bufData(b) + (<usize>(n - 1) << 3);
    let rlo = load<i32>(q), rhi = load<i32>(q, 4);
    if (lo <= rhi + 1 && rlo <= hi + 1) {
      if (lo < rlo) store<i32>(q, lo);
      if (hi > rhi) store<i32>(q, hi, 4);
      return;
    }
  }
  let q = bufReserve(b, 8);
  store<i32>(q, lo);
  store<i32>(q, hi, 4);
  bufSetLen(b, bufLen(b) + 8);
}

/** Add r and the rest of its case-folding orbit. */
export function clsAddOrbit(b: usize, r: i32): void {
  clsAdd(b, r, r);
  let f = simpleFold(r);
  while (f != r) {
    clsAdd(b, f, f);
    f = simpleFold(f);
  }
}

/** Add lo..hi and every rune that case-folds to one of them. */
export function clsAddFolded(b: usize, lo: i32, hi: i32): void {
  clsAdd(b, lo, hi);
  clsAddFoldedOnly(b, lo, hi);
}

/** Sort ranges by lo and merge overlapping / abutting ones, in place. */
export function clsClean(b: usize): void {
  let n = clsCount(b);
  if (n < 2) return;
  let d = bufData(b);
  // Shell sort on 64-bit keys (lo in the high half).
  let gap: u32 = 1;
  while (gap < n / 3) gap = gap * 3 + 1;
  while (gap > 0) {
    for (let i = gap; i < n; i++) {
      let v = load<u64>(d + (<usize>i << 3));
      let kv = key64(v);
      let j = i;
      while (j >= gap) {
        let w = load<u64>(d + (<usize>(j - gap) << 3));
        if (key64(w) <= kv) break;
        store<u64>(d + (<usize>j << 3), w);
        j -= gap;
      }
      store<u64>(d + (<usize>j << 3), v);
    }
    gap = (gap - 1) / 3;
  }
  let w: u32 = 1;
  for (let i: u32 = 1; i < n; i++) {
    let lo = load<i32>(d + (<usize>i << 3)), hi = load<i32>(d + (<usize>i << 3), 4);
    let pq = d + (<usize>(w - 1) << 3);
    let phi = load<i32>(pq, 4);
    if (lo <= phi + 1) {
      if (hi > phi) store<i32>(pq, hi, 4);
      continue;
    }
    store<i32>(d + (<usize>w << 3), lo);
    store<i32>(d + (<usize>w << 3), hi, 4);
    w++;
  }
  bufSetLen(b, <usize>w << 3);
}

// Memory holds (lo, hi) little-endian; sort key = lo << 32 | hi.
function key64(v: u64): u64 { return (v << 32) | (v >> 32); }

/** Append the complement of the clean class src to dst. */
function clsAddNegated(dst: usize, src: usize): void {
  let next: i32 = 0;
  let n = clsCount(src);
  for (let k: u32 = 0; k < n; k++) {
    let lo = clsLo(src, k), hi = clsHi(src, k);
    if (next <= lo - 1) clsAdd(dst, next, lo - 1);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) clsAdd(dst, next, MAX_RUNE);
}

/** Replace the clean class b by its complement. */
function clsNegate(b: usize): void {
  bufSetLen(TMP, 0);
  clsAddNegated(TMP, b);
  bufSetLen(b, 0);
  let n = clsCount(TMP);
  for (let k: u32 = 0; k < n; k++) clsAdd(b, clsLo(TMP, k), clsHi(TMP, k));
}

/** Turn the class under construction into a CLASS node. */
export function clsNode(negate: bool): u32 {
  clsClean(CLS);
  if (negate) clsNegate(CLS);
  let off = <u32>(bufLen(RANGES) >> 3);
  let n = clsCount(CLS);
  let bytes = <usize>n << 3;
  if (bytes != 0) {
    let q = bufReserve(RANGES, bytes);
    memory.copy(q, bufData(CLS), bytes);
    bufSetLen(RANGES, bufLen(RANGES) + bytes);
  }
  bufSetLen(CLS, 0);
  return newNode(OP_CLASS, 0, 0, 0, off, n);
}

// Perl and POSIX groups: ASCII range tables.
export const G_DIGIT: usize = memory.data<i32>([0x30, 0x39]);
export const G_SPACE: usize = memory.data<i32>([0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x20]);
export const G_WORD: usize = memory.data<i32>([0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A]);
const G_ALNUM: usize = memory.data<i32>([0x30, 0x39, 0x41, 0x5A, 0x61, 0x7A]);
const G_ALPHA: usize = memory.data<i32>([0x41, 0x5A, 0x61, 0x7A]);
const G_ASCII: usize = memory.data<i32>([0x00, 0x7F]);
const G_BLANK: usize = memory.data<i32>([0x09, 0x09, 0x20, 0x20]);
const G_CNTRL: usize = memory.data<i32>([0x00, 0x1F, 0x7F, 0x7F]);
const G_GRAPH: usize = memory.data<i32>([0x21, 0x7E]);
const G_LOWER: usize = memory.data<i32>([0x61, 0x7A]);
const G_PRINT: usize = memory.data<i32>([0x20, 0x7E]);
const G_PUNCT: usize = memory.data<i32>([0x21, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7E]);
const G_SPACE2: usize = memory.data<i32>([0x09, 0x0D, 0x20, 0x20]);
const G_UPPER: usize = memory.data<i32>([0x41, 0x5A]);
const G_XDIGIT: usize = memory.data<i32>([0x30, 0x39, 0x41, 0x46, 0x61, 0x66]);

/** Append the (clean) TMP class to CLS, or its complement. */
export function addTmp(sign: i32): void {
  if (sign < 0) {
    clsAddNegated(CLS, TMP);
  } else {
    let n = clsCount(TMP);
    for (let k: u32 = 0; k < n; k++) clsAdd(CLS, clsLo(TMP, k), clsHi(TMP, k));
  }
}

export const POSIX_NAMES: usize = memory.data<u8>([
  // alnum alpha ascii blank cntrl digit graph lower print punct space upper word xdigit
  97, 108, 110, 117, 109, 97, 108, 112, 104, 97, 97, 115, 99, 105, 105, 98, 108, 97, 110, 107,
  99, 110, 116, 114, 108, 100, 105, 103, 105, 116, 103, 114, 97, 112, 104, 108, 111, 119, 101, 114,
  112, 114, 105, 110, 116, 112, 117, 110, 99, 116, 115, 112, 97, 99, 101, 117, 112, 112, 101, 114,
  119, 111, 114, 100, 120, 100, 105, 103, 105, 116,
]);
// Per name: start offset in POSIX_NAMES, length.
export const POSIX_INDEX: usize = memory.data<u8>([
  0, 5, 5, 5, 10, 5, 15, 5, 20, 5, 25, 5, 30, 5, 35, 5, 40, 5, 45, 5, 50, 5, 55, 5, 60, 4, 64, 6,
]);

export function posixGroup(k: i32): usize {
  switch (k) {
    case 0: return G_ALNUM; case 1: return G_ALPHA; case 2: return G_ASCII; case 3: return G_BLANK;
    case 4: return G_CNTRL; case 5: return G_DIGIT; case 6: return G_GRAPH; case 7: return G_LOWER;
    case 8: return G_PRINT; case 9: return G_PUNCT; case 10: return G_SPACE2; case 11: return G_UPPER;
    case 12: return G_WORD;
  }
  return G_XDIGIT;
}

export function posixCount(k: i32): i32 {
  switch (k) {
    case 0: return 3; case 1: return 2; case 2: return 1; case 3: return 2; case 4: return 2;
    case 5: return 1; case 6: return 1; case 7: return 1; case 8: return 1; case 9: return 4;
    case 10: return 2; case 11: return 1; case 12: return 4;
  }
  return 3;
}

/** Like clsAddFolded without adding lo..hi itself. */
export function clsAddFoldedOnly(b: usize, lo: i32, hi: i32): void {
  if (lo <= MIN_FOLD && hi >= MAX_FOLD) return;
  if (hi < MIN_FOLD || lo > MAX_FOLD) return;
  let nr = foldRunCount();
  for (let k = 0; k < nr; k++) {
    let s = foldRunStart(k), e = foldRunEnd(k);
    if (e < lo) continue;
    if (s > hi) break;
    let a = s > lo ? s : lo;
    let z = e < hi ? e : hi;
    for (let c = a; c <= z; c++) {
      let f = simpleFold(c);
      while (f != c) {
        if (f < lo || f > hi) clsAdd(b, f, f);
        f = simpleFold(f);
      }
    }
  }
}
