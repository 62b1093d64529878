// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// A small RE2 / Go `regexp` compatible regular-expression engine, in four
// parts: the tree vocabulary (patterns-regex-tree), the parser (this module,
// with its state in patterns-regex-state and classes/escapes in
// patterns-regex-class), the compiler and program cache
// (patterns-regex-compile), the matcher (patterns-regex-vm).
//
// The parser ports the structure of Go's regexp/syntax parser with the Perl
// flags (what regexp.Compile uses), so the same patterns are accepted and
// rejected with the same `error parsing regexp: …` messages.
import { decodeAt, dRune, dLen } from "./utf8";
import { bufSetLen } from "./patterns-buf";
import { MIN_FOLD, MAX_FOLD } from "./patterns-fold";
import {
  CLS, ERR_INVALID_ESCAPE, ERR_INVALID_NAMED_CAPTURE, ERR_INVALID_PERL_OP, ERR_INVALID_REPEAT_OP,
  ERR_INVALID_REPEAT_SIZE, ERR_INVALID_UTF8, ERR_MISSING_PAREN, ERR_MISSING_REPEAT_ARG, ERR_UNEXPECTED_PAREN,
  E_BEGIN_LINE, E_BEGIN_TEXT, E_END_LINE, E_END_TEXT, E_NO_WORD, E_WORD, F_DOTNL, F_FOLD, F_NONGREEDY, F_ONELINE,
  F_PERLX, F_UNICODE, LISTS, MAX_REPEAT, NAMES, OP_ALT, OP_ANY, OP_ANYNL, OP_ASSERT, OP_CAPTURE, OP_CONCAT, OP_EMPTY,
  OP_LPAREN, OP_NOMATCH, OP_PLUS, OP_PSEUDO, OP_QUEST, OP_REPEAT, OP_STAR, OP_VBAR, PERL_FLAGS, STACK, clsAdd,
  clsAddOrbit, clsNode, listAt, measure, nA, nAddr, nB, nN, nOp, nSub, newNode, stackAt, stackLen, stackPop,
  vecLen32, vecPush32, vecSet32,
} from "./patterns-regex-tree";
import { P, N, T, flags, numCap, fail, at, isAlnum, badUTF8, push } from "./patterns-regex-state";
import { perlClassEscape, unicodeClass, parseEscape, escRune, parseClass } from "./patterns-regex-class";

// The parser's public state, read by the compiler and the regex builtins.
export { numCap, errCode, errStart, errLen, errBase, parseBegin } from "./patterns-regex-state";

// ---- stack operations -----------------------------------------------------------

function literal(r: i32): bool {
  bufSetLen(CLS, 0);
  if ((flags & F_FOLD) != 0 && r >= MIN_FOLD && r <= MAX_FOLD) clsAddOrbit(CLS, r);
  else clsAdd(CLS, r, r);
  return push(clsNode(false));
}

function pushOp(op: i32, a: i32): bool {
  return push(newNode(op, 0, a, 0, 0, 0));
}

/** Collapse the nodes above the topmost pseudo-op into one node of `op`. */
export function collapse(op: i32, from: u32): u32 {
  let n = stackLen();
  let off = vecLen32(LISTS);
  for (let k = from; k < n; k++) {
    let c = stackAt(k);
    if (nOp(c) == op) {
      let co = nSub(c), cn = nN(c);
      for (let j: u32 = 0; j < cn; j++) vecPush32(LISTS, listAt(co, j));
    } else {
      vecPush32(LISTS, c);
    }
  }
  let cnt = vecLen32(LISTS) - off;
  bufSetLen(STACK, <usize>from << 2);
  return newNode(op, 0, 0, 0, off, cnt);
}

function concat(): bool {
  let i = stackLen();
  while (i > 0 && nOp(stackAt(i - 1)) < OP_PSEUDO) i--;
  let n = stackLen() - i;
  if (n == 0) return push(newNode(OP_EMPTY, 0, 0, 0, 0, 0));
  if (n == 1) return true;
  return push(collapse(OP_CONCAT, i));
}

function alternate(): bool {
  let i = stackLen();
  while (i > 0 && nOp(stackAt(i - 1)) < OP_PSEUDO) i--;
  let n = stackLen() - i;
  if (n == 0) return push(newNode(OP_NOMATCH, 0, 0, 0, 0, 0));
  if (n == 1) return true;
  return push(collapse(OP_ALT, i));
}

/** If the top is an element above a '|', swap them and report true. */
function swapVerticalBar(): bool {
  let n = stackLen();
  if (n >= 2) {
    let re1 = stackAt(n - 1), re2 = stackAt(n - 2);
    if (nOp(re2) == OP_VBAR) {
      vecSet32(STACK, n - 2, re1);
      vecSet32(STACK, n - 1, re2);
      return true;
    }
  }
  return false;
}

function parseVerticalBar(): bool {
  if (!concat()) return false;
  if (!swapVerticalBar()) return pushOp(OP_VBAR, 0);
  return true;
}

function parseRightParen(): bool {
  if (!concat()) return false;
  if (swapVerticalBar()) stackPop();
  if (!alternate()) return false;
  let n = stackLen();
  if (n < 2) return fail(ERR_UNEXPECTED_PAREN, 0, N);
  let re1 = stackPop();
  let re2 = stackPop();
  if (nOp(re2) != OP_LPAREN) return fail(ERR_UNEXPECTED_PAREN, 0, N);
  flags = nB(re2);
  let cap = nA(re2);
  if (cap == 0) return push(re1);
  let q = nAddr(re2);
  store<u8>(q, <u8>OP_CAPTURE);
  store<u32>(q, re1, 12);
  measure(re2);
  return push(re2);
}

/** Go's repeatIsValid: nested counted repetitions stay within n copies. */
function repeatIsValid(i: u32, n: i32): bool {
  let op = nOp(i);
  if (op == OP_REPEAT) {
    let m = nB(i);
    if (m == 0) return true;
    if (m < 0) m = nA(i);
    if (m > n) return false;
    if (m > 0) n /= m;
  }
  if (op == OP_CAPTURE || op == OP_STAR || op == OP_PLUS || op == OP_QUEST || op == OP_REPEAT) {
    return repeatIsValid(nSub(i), n);
  }
  if (op == OP_CONCAT || op == OP_ALT) {
    let off = nSub(i), cnt = nN(i);
    for (let k: u32 = 0; k < cnt; k++) if (!repeatIsValid(listAt(off, k), n)) return false;
  }
  return true;
}

let afterPos: usize = 0;

function repeat(op: i32, min: i32, max: i32, before: usize, after: usize, lastRepeat: isize): bool {
  let fl = flags;
  if ((flags & F_PERLX) != 0) {
    if (after < N && load<u8>(P + after) == 63) { after++; fl ^= F_NONGREEDY; }
    if (lastRepeat >= 0) return fail(ERR_INVALID_REPEAT_OP, <usize>lastRepeat, after - <usize>lastRepeat);
  }
  let n = stackLen();
  if (n == 0) return fail(ERR_MISSING_REPEAT_ARG, before, after - before);
  let sub = stackAt(n - 1);
  if (nOp(sub) >= OP_PSEUDO) return fail(ERR_MISSING_REPEAT_ARG, before, after - before);
  stackPop();
  let re = newNode(op, fl & F_NONGREEDY, min, max, sub, 0);
  if (!push(re)) return false;
  if (op == OP_REPEAT && (min >= 2 || max >= 2) && !repeatIsValid(re, MAX_REPEAT)) {
    return fail(ERR_INVALID_REPEAT_SIZE, before, after - before);
  }
  afterPos = after;
  return true;
}

let intVal: i32 = 0;

/** Decimal at T (no leading zeros); -1 value when too big. */
function parseInt(): bool {
  let c = at(T);
  if (c < 48 || c > 57) return false;
  if (c == 48 && at(T + 1) >= 48 && at(T + 1) <= 57) return false;
  let v = 0;
  let big = false;
  while (T < N) {
    let d = <i32>load<u8>(P + T);
    if (d < 48 || d > 57) break;
    if (!big) {
      if (v >= 100000000) big = true;
      else v = v * 10 + d - 48;
    }
    T++;
  }
  intVal = big ? -1 : v;
  return true;
}

let rMin: i32 = 0;
let rMax: i32 = 0;

/** {n}, {n,}, {n,m} at T; on success T is past '}' and rMin/rMax are set. */
function parseRepeat(): bool {
  let save = T;
  T++;
  if (!parseInt()) { T = save; return false; }
  let mn = intVal, mx = 0;
  if (T >= N) { T = save; return false; }
  if (load<u8>(P + T) != 44) {
    mx = mn;
  } else {
    T++;
    if (T >= N) { T = save; return false; }
    if (load<u8>(P + T) == 125) mx = -1;
    else {
      if (!parseInt()) { T = save; return false; }
      mx = intVal;
      if (mx < 0) mn = -1;
    }
  }
  if (T >= N || load<u8>(P + T) != 125) { T = save; return false; }
  T++;
  rMin = mn;
  rMax = mx;
  return true;
}

function isValidCaptureName(s: usize, e: usize): bool {
  if (s == e) return false;
  for (let i = s; i < e; i++) {
    let c = <i32>load<u8>(P + i);
    if (c != 95 && !isAlnum(c)) return false;
  }
  return true;
}

/** (?flags), (?flags:, (?P<name>, (?<name> at T. */
function parsePerlFlags(): bool {
  let s = T;
  let startsWithP = N - T > 4 && load<u8>(P + T + 2) == 80 && load<u8>(P + T + 3) == 60;
  let startsWithName = N - T > 3 && load<u8>(P + T + 2) == 60;
  if (startsWithP || startsWithName) {
    let exprStart = T + (startsWithP ? 4 : 3);
    let end: isize = -1;
    for (let i = T; i < N; i++) if (load<u8>(P + i) == 62) { end = <isize>i; break; }
    if (end < 0) {
      let bad = badUTF8(T, N);
      if (bad >= 0) return fail(ERR_INVALID_UTF8, <usize>bad, N - <usize>bad);
      return fail(ERR_INVALID_NAMED_CAPTURE, s, N - s);
    }
    let e = <usize>end;
    let bad = badUTF8(exprStart, e);
    if (bad >= 0) return fail(ERR_INVALID_UTF8, <usize>bad, e - <usize>bad);
    if (!isValidCaptureName(exprStart, e)) return fail(ERR_INVALID_NAMED_CAPTURE, T, e + 1 - T);
    numCap++;
    vecPush32(NAMES, <u32>exprStart);
    vecPush32(NAMES, <u32>(e - exprStart));
    if (!push(newNode(OP_LPAREN, 0, numCap, flags, 0, 0))) return false;
    T = e + 1;
    return true;
  }
  T += 2;
  let fl = flags;
  let sign = 1;
  let sawFlag = false;
  while (T < N) {
    decodeAt(P, N, T);
    if (dRune == 0xFFFD && dLen == 1) return fail(ERR_INVALID_UTF8, T, N - T);
    let c = dRune;
    T += <usize>dLen;
    if (c == 105) { fl |= F_FOLD; sawFlag = true; }
    else if (c == 109) { fl &= ~F_ONELINE; sawFlag = true; }
    else if (c == 115) { fl |= F_DOTNL; sawFlag = true; }
    else if (c == 85) { fl |= F_NONGREEDY; sawFlag = true; }
    else if (c == 45) {
      if (sign < 0) break;
      sign = -1;
      fl = ~fl;
      sawFlag = false;
    } else if (c == 58 || c == 41) {
      if (sign < 0) {
        if (!sawFlag) break;
        fl = ~fl;
      }
      if (c == 58) {
        if (!push(newNode(OP_LPAREN, 0, 0, flags, 0, 0))) return false;
      }
      flags = fl;
      return true;
    } else break;
  }
  return fail(ERR_INVALID_PERL_OP, s, T - s);
}

/** Parse P[0..N) with Go's Perl flags; returns the root node or -1 (errCode set). */
export function parseRegexp(): i32 {
  T = 0;
  flags = PERL_FLAGS;
  numCap = 0;
  let lastRepeat: isize = -1;
  while (T < N) {
    let repeatStart: isize = -1;
    let c = <i32>load<u8>(P + T);
    if (c == 40) { // (
      if ((flags & F_PERLX) != 0 && at(T + 1) == 63) {
        if (!parsePerlFlags()) return -1;
      } else {
        numCap++;
        vecPush32(NAMES, 0);
        vecPush32(NAMES, 0);
        if (!push(newNode(OP_LPAREN, 0, numCap, flags, 0, 0))) return -1;
        T++;
      }
    } else if (c == 124) { // |
      if (!parseVerticalBar()) return -1;
      T++;
    } else if (c == 41) { // )
      if (!parseRightParen()) return -1;
      T++;
    } else if (c == 94) { // ^
      if (!pushOp(OP_ASSERT, (flags & F_ONELINE) != 0 ? E_BEGIN_TEXT : E_BEGIN_LINE)) return -1;
      T++;
    } else if (c == 36) { // $
      if (!pushOp(OP_ASSERT, (flags & F_ONELINE) != 0 ? E_END_TEXT : E_END_LINE)) return -1;
      T++;
    } else if (c == 46) { // .
      if (!pushOp((flags & F_DOTNL) != 0 ? OP_ANY : OP_ANYNL, 0)) return -1;
      T++;
    } else if (c == 91) { // [
      if (!parseClass()) return -1;
    } else if (c == 42 || c == 43 || c == 63) { // * + ?
      let before = T;
      let op = c == 42 ? OP_STAR : c == 43 ? OP_PLUS : OP_QUEST;
      if (!repeat(op, 0, 0, before, T + 1, lastRepeat)) return -1;
      repeatStart = <isize>before;
      T = afterPos;
    } else if (c == 123) { // {
      let before = T;
      if (!parseRepeat()) {
        if (!literal(123)) return -1;
        T = before + 1;
      } else {
        let after = T;
        if (rMin < 0 || rMin > MAX_REPEAT || rMax > MAX_REPEAT || (rMax >= 0 && rMin > rMax)) {
          fail(ERR_INVALID_REPEAT_SIZE, before, after - before);
          return -1;
        }
        if (!repeat(OP_REPEAT, rMin, rMax, before, after, lastRepeat)) return -1;
        repeatStart = <isize>before;
        T = afterPos;
      }
    } else if (c == 92) { // backslash
      let handled = false;
      if ((flags & F_PERLX) != 0 && T + 1 < N) {
        let d = <i32>load<u8>(P + T + 1);
        if (d == 65) { if (!pushOp(OP_ASSERT, E_BEGIN_TEXT)) return -1; T += 2; handled = true; }
        else if (d == 98) { if (!pushOp(OP_ASSERT, E_WORD)) return -1; T += 2; handled = true; }
        else if (d == 66) { if (!pushOp(OP_ASSERT, E_NO_WORD)) return -1; T += 2; handled = true; }
        else if (d == 67) { fail(ERR_INVALID_ESCAPE, T, 2); return -1; }
        else if (d == 122) { if (!pushOp(OP_ASSERT, E_END_TEXT)) return -1; T += 2; handled = true; }
        else if (d == 81) {
          // \Q...\E: literal text up to \E or the end.
          let s = T + 2;
          let e = N;
          let next = N;
          for (let i = s; i + 1 < N; i++) {
            if (load<u8>(P + i) == 92 && load<u8>(P + i + 1) == 69) { e = i; next = i + 2; break; }
          }
          let i = s;
          while (i < e) {
            decodeAt(P, e, i);
            if (dRune == 0xFFFD && dLen == 1) { fail(ERR_INVALID_UTF8, i, e - i); return -1; }
            if (!literal(dRune)) return -1;
            i += <usize>dLen;
          }
          T = next;
          handled = true;
        }
      }
      if (!handled) {
        let d = at(T + 1);
        if ((d == 112 || d == 80) && (flags & F_UNICODE) != 0) {
          bufSetLen(CLS, 0);
          if (!unicodeClass()) return -1;
          if (!push(clsNode(false))) return -1;
        } else {
          bufSetLen(CLS, 0);
          if (perlClassEscape()) {
            if (!push(clsNode(false))) return -1;
          } else {
            if (!parseEscape()) return -1;
            if (!literal(escRune)) return -1;
          }
        }
      }
    } else {
      decodeAt(P, N, T);
      if (dRune == 0xFFFD && dLen == 1) { fail(ERR_INVALID_UTF8, T, N - T); return -1; }
      if (!literal(dRune)) return -1;
      T += <usize>dLen;
    }
    lastRepeat = repeatStart;
  }
  if (!concat()) return -1;
  if (swapVerticalBar()) stackPop();
  if (!alternate()) return -1;
  if (stackLen() != 1) { fail(ERR_MISSING_PAREN, 0, N); return -1; }
  return <i32>stackAt(0);
}
