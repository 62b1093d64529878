// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Regex compilation: Go's Simplify and compiler rules (x{n,m} expansion, x*
// of a nullable x as (x+)?) turn a parse tree into a Thompson-NFA program,
// one block per pattern, kept in a cache keyed by the pattern.
// Also the tree-building API other front ends (globs) compile through.
import { opa_malloc, opa_free, opa_heap_ptr_get, persistAlloc, isStatic } from "../alloc";
import { bytesEqual } from "../bytes";
import { bufInit, bufData, bufLen, bufSetLen, bufReserve, bufFree } from "./patterns-buf";
import {
  CLS, F_NONGREEDY, INSTS, LISTS, NAMES, OP_ALT, OP_ANY, OP_ANYNL, OP_ASSERT, OP_CAPTURE, OP_CLASS, OP_CONCAT,
  OP_EMPTY, OP_NOMATCH, OP_PLUS, OP_QUEST, OP_REPEAT, OP_STAR, RANGES, STACK, clsAdd, clsNode, listAt, nA, nB,
  nFlags, nN, nOp, nSub, newNode, sessionBegin, sessionEnd, stackAt, stackLen, stackPop, vecGet32, vecLen32,
  vecPush32,
} from "./patterns-regex-tree";
import { collapse, numCap, parseRegexp, parseBegin } from "./patterns-regex-parse";

// ---- simplify (Go's Regexp.Simplify) ------------------------------------------------

function simplify1(op: i32, fl: i32, sub: u32, re: i32): u32 {
  if (nOp(sub) == OP_EMPTY) return sub;
  if (op == nOp(sub) && (fl & F_NONGREEDY) == (nFlags(sub) & F_NONGREEDY)) return sub;
  if (re >= 0 && nOp(<u32>re) == op && (nFlags(<u32>re) & F_NONGREEDY) == (fl & F_NONGREEDY) && nSub(<u32>re) == sub) return <u32>re;
  return newNode(op, fl & F_NONGREEDY, 0, 0, sub, 0);
}

function concat2(a: u32, b: u32): u32 {
  let off = vecLen32(LISTS);
  vecPush32(LISTS, a);
  vecPush32(LISTS, b);
  return newNode(OP_CONCAT, 0, 0, 0, off, 2);
}

function simplify(i: u32): u32 {
  let op = nOp(i);
  if (op == OP_CAPTURE) {
    let s = simplify(nSub(i));
    if (s == nSub(i)) return i;
    return newNode(OP_CAPTURE, 0, nA(i), 0, s, 0);
  }
  if (op == OP_CONCAT || op == OP_ALT) {
    // Simplifying a child may append its own lists to LISTS (x{n} becomes a
    // concat), so collect the results on STACK and copy them as one run after.
    let off = nSub(i), cnt = nN(i);
    let changed = false;
    let mark = stackLen();
    for (let k: u32 = 0; k < cnt; k++) {
      let c = listAt(off, k);
      let s = simplify(c);
      if (s != c) changed = true;
      vecPush32(STACK, s);
    }
    let noff = vecLen32(LISTS);
    if (changed) for (let k: u32 = 0; k < cnt; k++) vecPush32(LISTS, stackAt(mark + k));
    bufSetLen(STACK, <usize>mark << 2);
    if (!changed) return i;
    return newNode(op, 0, 0, 0, noff, cnt);
  }
  if (op == OP_STAR || op == OP_PLUS || op == OP_QUEST) {
    let s = simplify(nSub(i));
    return simplify1(op, nFlags(i), s, <i32>i);
  }
  if (op == OP_REPEAT) {
    let mn = nA(i), mx = nB(i), fl = nFlags(i);
    if (mn == 0 && mx == 0) return newNode(OP_EMPTY, 0, 0, 0, 0, 0);
    let sub = simplify(nSub(i));
    if (mx == -1) {
      if (mn == 0) return simplify1(OP_STAR, fl, sub, -1);
      if (mn == 1) return simplify1(OP_PLUS, fl, sub, -1);
      let off = vecLen32(LISTS);
      for (let k = 0; k < mn - 1; k++) vecPush32(LISTS, sub);
      vecPush32(LISTS, simplify1(OP_PLUS, fl, sub, -1));
      // simplify1 may have appended list entries? It never does.
      return newNode(OP_CONCAT, 0, 0, 0, off, <u32>mn);
    }
    if (mn == 1 && mx == 1) return sub;
    let prefix: i32 = -1;
    let suffix: i32 = -1;
    if (mx > mn) {
      let sfx = simplify1(OP_QUEST, fl, sub, -1);
      for (let k = mn + 1; k < mx; k++) sfx = simplify1(OP_QUEST, fl, concat2(sub, sfx), -1);
      suffix = <i32>sfx;
    }
    if (mn > 0) {
      let off = vecLen32(LISTS);
      for (let k = 0; k < mn; k++) vecPush32(LISTS, sub);
      let cnt = <u32>mn;
      if (suffix >= 0) { vecPush32(LISTS, <u32>suffix); cnt++; }
      prefix = <i32>newNode(OP_CONCAT, 0, 0, 0, off, cnt);
      return <u32>prefix;
    }
    if (suffix >= 0) return <u32>suffix;
    return newNode(OP_NOMATCH, 0, 0, 0, 0, 0);
  }
  return i;
}

// ---- compiler (Go's syntax.Compile) -------------------------------------------------
// Instructions (16 bytes): op, out, arg, arg2. Patch lists thread through
// the out (even) / arg (odd) fields of unfinished instructions, as in Go.

export const I_FAIL: u32 = 0;
export const I_MATCH: u32 = 1;
export const I_ALT: u32 = 2;
export const I_NOP: u32 = 3;
export const I_CAPTURE: u32 = 4;
export const I_EMPTY: u32 = 5;
export const I_CLASS: u32 = 6; // arg = range offset (pairs), arg2 = count
export const I_ANY: u32 = 7;
export const I_ANYNL: u32 = 8;

export const INST: usize = 16;

function iAddr(i: u32): usize { return bufData(INSTS) + <usize>i * INST; }

function emit(op: u32, arg: u32, arg2: u32): u32 {
  let idx = <u32>(bufLen(INSTS) / INST);
  let q = bufReserve(INSTS, INST);
  store<u32>(q, op);
  store<u32>(q, 0, 4);
  store<u32>(q, arg, 8);
  store<u32>(q, arg2, 12);
  bufSetLen(INSTS, bufLen(INSTS) + INST);
  return idx;
}

// The fragment last compiled.
let fI: u32 = 0;
let fHead: u32 = 0;
let fTail: u32 = 0;
let fNull: bool = false;
let maxCapSlot: u32 = 0;

function setFrag(i: u32, head: u32, tail: u32, nullable: bool): void {
  fI = i; fHead = head; fTail = tail; fNull = nullable;
}

function patch(head: u32, val: u32): void {
  while (head != 0) {
    let q = iAddr(head >> 1);
    if ((head & 1) == 0) { head = load<u32>(q, 4); store<u32>(q, val, 4); }
    else { head = load<u32>(q, 8); store<u32>(q, val, 8); }
  }
}

let lHead: u32 = 0;
let lTail: u32 = 0;

function appendList(h1: u32, t1: u32, h2: u32, t2: u32): void {
  if (h1 == 0) { lHead = h2; lTail = t2; return; }
  if (h2 == 0) { lHead = h1; lTail = t1; return; }
  let q = iAddr(t1 >> 1);
  if ((t1 & 1) == 0) store<u32>(q, h2, 4);
  else store<u32>(q, h2, 8);
  lHead = h1;
  lTail = t2;
}

function cInst(op: u32, arg: u32, arg2: u32, nullable: bool): void {
  let i = emit(op, arg, arg2);
  setFrag(i, i << 1, i << 1, nullable);
}

/** cat of (i1, h1, t1, n1) with the current fragment. */
function cat(i1: u32, h1: u32, t1: u32, n1: bool): void {
  if (i1 == 0 || fI == 0) { setFrag(0, 0, 0, false); return; }
  patch(h1, fI);
  setFrag(i1, fHead, fTail, n1 && fNull);
}

function cQuest(nongreedy: bool): void {
  let i1 = fI, h1 = fHead, t1 = fTail;
  let f = emit(I_ALT, 0, 0);
  let q = iAddr(f);
  let h: u32;
  if (nongreedy) { store<u32>(q, i1, 8); h = f << 1; }
  else { store<u32>(q, i1, 4); h = (f << 1) | 1; }
  appendList(h, h, h1, t1);
  setFrag(f, lHead, lTail, true);
}

/** Go's loop: an Alt that re-enters the current fragment. */
function cLoop(nongreedy: bool): void {
  let i1 = fI, h1 = fHead;
  let f = emit(I_ALT, 0, 0);
  let q = iAddr(f);
  let h: u32;
  if (nongreedy) { store<u32>(q, i1, 8); h = f << 1; }
  else { store<u32>(q, i1, 4); h = (f << 1) | 1; }
  patch(h1, f);
  setFrag(f, h, h, true);
}

function cPlus(nongreedy: bool): void {
  let i1 = fI, n1 = fNull;
  cLoop(nongreedy);
  setFrag(i1, fHead, fTail, n1);
}

function cStar(nongreedy: bool): void {
  if (fNull) {
    // (x+)? keeps Go's priority order for a nullable x (golang.org/issue/46123).
    cPlus(nongreedy);
    cQuest(nongreedy);
    return;
  }
  cLoop(nongreedy);
}

function compileNode(i: u32): void {
  let op = nOp(i);
  switch (op) {
    case OP_NOMATCH: setFrag(0, 0, 0, false); return;
    case OP_EMPTY: cInst(I_NOP, 0, 0, true); return;
    case OP_CLASS: cInst(I_CLASS, nSub(i), nN(i), false); return;
    case OP_ANY: cInst(I_ANY, 0, 0, false); return;
    case OP_ANYNL: cInst(I_ANYNL, 0, 0, false); return;
    case OP_ASSERT: cInst(I_EMPTY, <u32>nA(i), 0, true); return;
    case OP_CAPTURE: {
      let cap = <u32>nA(i);
      cInst(I_CAPTURE, cap << 1, 0, true);
      let bi = fI, bh = fHead, bt = fTail, bn = fNull;
      compileNode(nSub(i));
      cat(bi, bh, bt, bn);
      let si = fI, sh = fHead, st = fTail, sn = fNull;
      cInst(I_CAPTURE, (cap << 1) | 1, 0, true);
      cat(si, sh, st, sn);
      if ((cap << 1) + 1 > maxCapSlot) maxCapSlot = (cap << 1) + 1;
      return;
    }
    case OP_STAR: compileNode(nSub(i)); cStar((nFlags(i) & F_NONGREEDY) != 0); return;
    case OP_PLUS: compileNode(nSub(i)); cPlus((nFlags(i) & F_NONGREEDY) != 0); return;
    case OP_QUEST: compileNode(nSub(i)); cQuest((nFlags(i) & F_NONGREEDY) != 0); return;
    case OP_CONCAT: {
      let off = nSub(i), cnt = nN(i);
      if (cnt == 0) { cInst(I_NOP, 0, 0, true); return; }
      compileNode(listAt(off, 0));
      for (let k: u32 = 1; k < cnt; k++) {
        let pi = fI, ph = fHead, pt = fTail, pn = fNull;
        compileNode(listAt(off, k));
        cat(pi, ph, pt, pn);
      }
      return;
    }
    case OP_ALT: {
      let off = nSub(i), cnt = nN(i);
      setFrag(0, 0, 0, false);
      for (let k: u32 = 0; k < cnt; k++) {
        let pi = fI, ph = fHead, pt = fTail, pn = fNull;
        compileNode(listAt(off, k));
        if (pi == 0) continue; // alt(fail, f2) = f2
        if (fI == 0) { setFrag(pi, ph, pt, pn); continue; }
        let f = emit(I_ALT, pi, fI);
        let q = iAddr(f);
        store<u32>(q, pi, 4);
        store<u32>(q, fI, 8);
        appendList(ph, pt, fHead, fTail);
        setFrag(f, lHead, lTail, pn || fNull);
      }
      return;
    }
  }
  // A repeat that survived simplify cannot happen; treat as no match.
  setFrag(0, 0, 0, false);
}

// ---- program blocks --------------------------------------------------------------------
// One heap block per compiled pattern:
//   +0 magic, +4 checksum of [8, size), +8 size, +12 ninst, +16 ncap,
//   +20 nrun (runnable instructions), +24 start pc, +28 start condition
//   (0xFFFFFFFF: can never match), +32 inst offset, +36 range offset,
//   +40 names offset (ncap × (offset, len)), +44 key offset, +48 key length,
//   +52 pattern length; then instructions, ranges, names, key bytes.

const MAGIC: u32 = 0x52E2C0DE;
const HDR: usize = 64;
export const NEVER: u32 = 0xFFFFFFFF;

export function progInsts(p: usize): usize { return p + <usize>load<u32>(p, 32); }
export function progRanges(p: usize): usize { return p + <usize>load<u32>(p, 36); }
export function progNinst(p: usize): u32 { return load<u32>(p, 12); }
export function progNcap(p: usize): u32 { return load<u32>(p, 16); }
export function progNrun(p: usize): u32 { return load<u32>(p, 20); }
export function progStart(p: usize): u32 { return load<u32>(p, 24); }
export function progCond(p: usize): u32 { return load<u32>(p, 28); }
export function progExprLen(p: usize): u32 { return load<u32>(p, 52); }

/** Name of capture group k (1-based): address and length (0 if unnamed). */
export function progNamePtr(p: usize, k: u32): usize {
  let e = p + <usize>load<u32>(p, 40) + (<usize>(k - 1) << 3);
  return p + <usize>load<u32>(e);
}
export function progNameLen(p: usize, k: u32): usize {
  let e = p + <usize>load<u32>(p, 40) + (<usize>(k - 1) << 3);
  return <usize>load<u32>(e, 4);
}

function checksum(p: usize, from: usize, to: usize): u32 {
  let h: u32 = 0x811C9DC5;
  let i = from;
  while (i + 4 <= to) {
    h = (h ^ load<u32>(p + i)) * 0x01000193;
    i += 4;
  }
  while (i < to) { h = (h ^ <u32>load<u8>(p + i)) * 0x01000193; i++; }
  return h;
}

/** Compile the tree rooted at `root` into a program block keyed by key bytes. */
function assemble(root: u32, ncap: i32, namesSrc: usize, exprLen: usize, keyPtr: usize, keyLen: usize): usize {
  let sroot = simplify(root);
  bufSetLen(INSTS, 0);
  emit(I_FAIL, 0, 0);
  maxCapSlot = 0;
  compileNode(sroot);
  let fi = fI, fh = fHead;
  let m = emit(I_MATCH, 0, 0);
  patch(fh, m);
  let start = fi;
  let ninst = <u32>(bufLen(INSTS) / INST);
  // Runnable instructions and the start condition.
  let nrun: u32 = 0;
  for (let k: u32 = 0; k < ninst; k++) {
    let op = load<u32>(iAddr(k));
    if (op == I_MATCH || op == I_CLASS || op == I_ANY || op == I_ANYNL) nrun++;
  }
  let cond: u32 = 0;
  let pc = start;
  let steps: u32 = 0;
  while (steps++ <= ninst) {
    let q = iAddr(pc);
    let op = load<u32>(q);
    if (op == I_EMPTY) cond |= load<u32>(q, 8);
    else if (op == I_FAIL) { cond = NEVER; break; }
    else if (op != I_CAPTURE && op != I_NOP) break;
    pc = load<u32>(q, 4);
  }
  let instBytes = <usize>ninst * INST;
  let rangeBytes = bufLen(RANGES);
  let namesBytes = <usize>ncap << 3;
  let nameChars: usize = 0;
  for (let k = 0; k < ncap; k++) nameChars += <usize>vecGet32(NAMES, <u32>(2 * k + 1));
  let size = HDR + instBytes + rangeBytes + namesBytes + nameChars + keyLen;
  size = (size + 3) & ~<usize>3;
  let p = opa_malloc(size);
  memory.fill(p, 0, HDR);
  store<u32>(p, MAGIC);
  store<u32>(p, <u32>size, 8);
  store<u32>(p, ninst, 12);
  store<u32>(p, <u32>ncap, 16);
  store<u32>(p, nrun, 20);
  store<u32>(p, start, 24);
  store<u32>(p, cond, 28);
  let o = HDR;
  store<u32>(p, <u32>o, 32);
  memory.copy(p + o, bufData(INSTS), instBytes);
  o += instBytes;
  store<u32>(p, <u32>o, 36);
  if (rangeBytes != 0) memory.copy(p + o, bufData(RANGES), rangeBytes);
  o += rangeBytes;
  store<u32>(p, <u32>o, 40);
  let no = o + namesBytes;
  for (let k = 0; k < ncap; k++) {
    let ns = <usize>vecGet32(NAMES, <u32>(2 * k));
    let nl = <usize>vecGet32(NAMES, <u32>(2 * k + 1));
    store<u32>(p + o + (<usize>k << 3), <u32>no);
    store<u32>(p + o + (<usize>k << 3), <u32>nl, 4);
    if (nl != 0) memory.copy(p + no, namesSrc + ns, nl);
    no += nl;
  }
  o = no;
  store<u32>(p, <u32>o, 44);
  store<u32>(p, <u32>keyLen, 48);
  store<u32>(p, <u32>exprLen, 52);
  if (keyLen != 0) memory.copy(p + o, keyPtr, keyLen);
  o += keyLen;
  while (o < size) { store<u8>(p + o, 0); o++; }
  store<u32>(p, checksum(p, 8, size), 4);
  return p;
}

// ---- cache ---------------------------------------------------------------------------------
// Policies call regex builtins in loops and on every evaluation, so programs
// are cached by key bytes (a kind byte + pattern, + delimiters for globs).
// A new program is copied to the persistent area (alloc.ts persistAlloc),
// which heap resets never reclaim, so a pattern compiles once per instance.
// When that area is full, entries are plain heap blocks; the host resets the
// heap between evaluations without telling us, so such an entry is trusted
// only if it still lies below the heap pointer and its magic, key and
// checksum still hold. A stale entry is dropped, never freed.

const KEPT_N: u32 = 64;
const KEPT: usize = memory.data(64 * 4, 4); // persistent programs
let keptCount: u32 = 0;

const CACHE_N: u32 = 16;
const CACHE: usize = memory.data(16 * 4, 4);
let cacheNext: u32 = 0;
const CACHE_MAX_BLOCK: usize = 65536;

function valid(p: usize, keyPtr: usize, keyLen: usize): bool {
  if (p == 0 || (p & 3) != 0) return false;
  let top = opa_heap_ptr_get();
  if (p + HDR > top) return false;
  if (load<u32>(p) != MAGIC) return false;
  let size = <usize>load<u32>(p, 8);
  if (size < HDR || p + size > top) return false;
  if (<usize>load<u32>(p, 48) != keyLen) return false;
  let ko = <usize>load<u32>(p, 44);
  if (ko + keyLen > size) return false;
  if (memory.compare(p + ko, keyPtr, keyLen) != 0) return false;
  return checksum(p, 8, size) == load<u32>(p, 4);
}

function cacheGet(keyPtr: usize, keyLen: usize): usize {
  for (let k: u32 = 0; k < keptCount; k++) {
    let p = <usize>load<u32>(KEPT + (<usize>k << 2));
    if (<usize>load<u32>(p, 48) == keyLen && bytesEqual(p + <usize>load<u32>(p, 44), keyPtr, keyLen)) return p;
  }
  for (let k: u32 = 0; k < CACHE_N; k++) {
    let p = <usize>load<u32>(CACHE + (<usize>k << 2));
    if (p == 0) continue;
    if (valid(p, keyPtr, keyLen)) return p;
  }
  return 0;
}

/** Cache a new program; returns the copy to use (persistent when it fits). */
function cachePut(p: usize): usize {
  let size = <usize>load<u32>(p, 8);
  if (keptCount < KEPT_N) {
    let q = persistAlloc(size);
    if (q != 0) {
      memory.copy(q, p, size);
      opa_free(p);
      store<u32>(KEPT + (<usize>keptCount << 2), <u32>q);
      keptCount++;
      return q;
    }
  }
  if (size > CACHE_MAX_BLOCK) return p;
  store<u32>(CACHE + (<usize>cacheNext << 2), <u32>p);
  cacheNext = (cacheNext + 1) % CACHE_N;
  return p;
}

/** Release a program from compileRegex/compileTree unless the cache owns it. */
export function releaseProgram(p: usize): void {
  if (p == 0 || isStatic(p)) return;
  for (let k: u32 = 0; k < CACHE_N; k++) if (<usize>load<u32>(CACHE + (<usize>k << 2)) == p) return;
  opa_free(p);
}

const KEYBUF: usize = memory.data(12, 4);

/**
 * Compile (or fetch) the regexp p[0..n) with kind byte `kind` in the key.
 * Returns the program, or 0 with errCode/errBase/errStart/errLen set.
 * Only `validate` (parse, no program) when validateOnly.
 */
export function compileRegex(p: usize, n: usize, kind: u8, validateOnly: bool): usize {
  if (!validateOnly) {
    bufInit(KEYBUF, n + 1);
    let q = bufReserve(KEYBUF, n + 1);
    store<u8>(q, kind);
    memory.copy(q + 1, p, n);
    bufSetLen(KEYBUF, n + 1);
    let hit = cacheGet(bufData(KEYBUF), n + 1);
    if (hit != 0) { bufFree(KEYBUF); return hit; }
  }
  sessionBegin();
  parseBegin(p, n);
  let root = parseRegexp();
  let prog: usize = 0;
  if (root >= 0 && !validateOnly) {
    prog = assemble(<u32>root, numCap, p, n, bufData(KEYBUF), n + 1);
  }
  sessionEnd();
  if (!validateOnly) {
    bufFree(KEYBUF);
    if (prog != 0) prog = cachePut(prog);
  }
  if (root < 0) return 0;
  return validateOnly ? 1 : prog;
}

// ---- tree building for other front ends (globs) -----------------------------------

export function treeBegin(): void { sessionBegin(); parseBegin(0, 0); }
export function treeEnd(): void { sessionEnd(); }
export function treeClassStart(): void { bufSetLen(CLS, 0); }
export function treeClassAdd(lo: i32, hi: i32): void { clsAdd(CLS, lo, hi); }
export function treeClass(negate: bool): u32 { return clsNode(negate); }
export function treeNode(op: i32, a: i32, sub: u32): u32 { return newNode(op, 0, a, 0, sub, 0); }
export function treeListStart(): u32 { return vecLen32(STACK); }
export function treeListPush(i: u32): void { vecPush32(STACK, i); }
/** A CONCAT / ALT of the nodes pushed since `mark`; EMPTY for none (concat). */
export function treeList(op: i32, mark: u32): u32 {
  let n = stackLen() - mark;
  if (n == 0) {
    bufSetLen(STACK, <usize>mark << 2);
    return newNode(op == OP_ALT ? OP_NOMATCH : OP_EMPTY, 0, 0, 0, 0, 0);
  }
  if (n == 1) return stackPop();
  return collapse(op, mark);
}

/** Compile a tree built with the tree* API (no captures), keyed for the cache. */
export function compileTree(root: u32, keyPtr: usize, keyLen: usize): usize {
  let hit = cacheGet(keyPtr, keyLen);
  if (hit != 0) return hit;
  return cachePut(assemble(root, 0, 0, 0, keyPtr, keyLen));
}

/** Cached program for a key, or 0 (lets front ends skip parsing). */
export function cachedProgram(keyPtr: usize, keyLen: usize): usize {
  return cacheGet(keyPtr, keyLen);
}
