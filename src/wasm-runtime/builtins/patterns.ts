// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Pattern builtins: regex.* (Go regexp semantics, RE2 syntax) and glob.*
// (gobwas/glob semantics), on the engine in patterns-regex.ts.
import {
  typeOf, boolValue, falseValue, strPtr, strLen, newString, newArray, arrPush, arrLen, arrAt,
} from "../values";
import { T_STRING, T_ARRAY, T_NULL, T_NUMBER } from "../layout";
import { numToI64 } from "../numbers";
import {
  typeError, typeNameOf, msgStart, msgText, msgBytes, msgByte, msgInt, msgBuiltinError, msgTypeError,
} from "./errors";
import { msgGoQuote, msgRune } from "./quote";
import { errorCodeText } from "./patterns-regex-tree";
import { errCode, errBase, errStart, errLen } from "./patterns-regex-parse";
import { compileRegex, releaseProgram, progNcap, progExprLen, progNamePtr, progNameLen } from "./patterns-regex-compile";
import { vmBegin, vmEnd, vmExec, vmCap } from "./patterns-regex-vm";
import { globCompile, globError, globErrorIsRange, globErrLo, globErrHi, isGlobSpecial } from "./patterns-glob";
import { globMatchFast, NOT_HANDLED } from "./patterns-glob-match";
import { decodeAt, dRune, dLen } from "./utf8";
import { bufInit, bufData, bufLen, bufByte, bufBytes, bufRune, bufU32, bufFree, bufToString } from "./patterns-buf";
import { isLetterOrDigit } from "./patterns-unicode";

const KIND_REGEX: u8 = 114; // 'r'

/** `error parsing regexp: <code>: `<expr>`` for the last failed compile. */
function regexError(name: string): usize {
  msgStart();
  msgText("error parsing regexp: ");
  msgText(errorCodeText(errCode));
  msgText(": `");
  msgBytes(errBase + errStart, errLen);
  msgText("`");
  return msgBuiltinError(name);
}

function compileOrFail(p: usize): usize {
  return compileRegex(strPtr(p), strLen(p), KIND_REGEX, false);
}

// ---- regex.is_valid / regex.match -------------------------------------------

export function builtin_regex_is_valid(p: usize): usize {
  if (typeOf(p) != T_STRING) return falseValue();
  return boolValue(compileRegex(strPtr(p), strLen(p), KIND_REGEX, true) != 0);
}

function regexMatch(name: string, pat: usize, s: usize): usize {
  if (typeOf(pat) != T_STRING) return typeError(name, 1, "string", pat);
  if (typeOf(s) != T_STRING) return typeError(name, 2, "string", s);
  let prog = compileOrFail(pat);
  if (prog == 0) return regexError(name);
  vmBegin(prog, 0, strPtr(s), strLen(s));
  let m = vmExec(0);
  vmEnd();
  releaseProgram(prog);
  return boolValue(m);
}

export function builtin_regex_match(pat: usize, s: usize): usize { return regexMatch("regex.match", pat, s); }
export function builtin_re_match(pat: usize, s: usize): usize { return regexMatch("re_match", pat, s); }

// ---- successive matches (Go's Regexp.allMatches) --------------------------------

let amPos: usize = 0;
let amPrev: i32 = -1;
let amN: usize = 0;
let amS: usize = 0;

function amInit(s: usize, n: usize): void { amPos = 0; amPrev = -1; amS = s; amN = n; }

/** Next accepted match (an empty match right after a match is skipped). */
function amNext(): bool {
  while (amPos <= amN) {
    if (!vmExec(amPos)) return false;
    let m0 = vmCap(0), m1 = vmCap(1);
    let accept = true;
    if (<usize>m1 == amPos) {
      if (m0 == amPrev) accept = false;
      decodeAt(amS, amN, amPos);
      if (dLen > 0) amPos += <usize>dLen;
      else amPos = amN + 1;
    } else {
      amPos = <usize>m1;
    }
    amPrev = m1;
    if (accept) return true;
  }
  return false;
}

const I64: usize = memory.data(8, 8);

/** IntOperand: the match count argument. false → error already reported. */
function intArg(name: string, v: usize): bool {
  if (typeOf(v) != T_NUMBER) { typeError(name, 3, "number", v); return false; }
  if (!numToI64(v, I64)) {
    msgStart();
    msgText("operand 3 must be integer number but got floating-point number");
    msgTypeError(name);
    return false;
  }
  return true;
}

// ---- regex.split --------------------------------------------------------------------

export function builtin_regex_split(pat: usize, s: usize): usize {
  let name = "regex.split";
  if (typeOf(pat) != T_STRING) return typeError(name, 1, "string", pat);
  if (typeOf(s) != T_STRING) return typeError(name, 2, "string", s);
  let prog = compileOrFail(pat);
  if (prog == 0) return regexError(name);
  let sp = strPtr(s), sn = strLen(s);
  let out = newArray(4);
  if (progExprLen(prog) > 0 && sn == 0) {
    arrPush(out, newString(sp, 0));
    releaseProgram(prog);
    return out;
  }
  vmBegin(prog, 2, sp, sn);
  amInit(sp, sn);
  let beg: usize = 0, end: usize = 0;
  while (amNext()) {
    let m0 = <usize>vmCap(0), m1 = <usize>vmCap(1);
    end = m0;
    if (m1 != 0) arrPush(out, newString(sp + beg, end - beg));
    beg = m1;
  }
  vmEnd();
  releaseProgram(prog);
  if (end != sn) arrPush(out, newString(sp + beg, sn - beg));
  return out;
}

// ---- regex.find_n / regex.find_all_string_submatch_n ----------------------------------

/** Group g of the current match, "" when it did not take part. */
function groupString(sp: usize, g: u32): usize {
  let a = vmCap(g << 1), b = vmCap((g << 1) + 1);
  if (a >= 0 && b >= a) return newString(sp + <usize>a, <usize>(b - a));
  return newString(sp, 0);
}

/**
 * Up to num successive matches (all when num < 0): each the matched text, or
 * with `submatches` an array of every group's text.
 */
function findAll(name: string, pat: usize, s: usize, num: usize, submatches: bool): usize {
  if (typeOf(pat) != T_STRING) return typeError(name, 1, "string", pat);
  if (typeOf(s) != T_STRING) return typeError(name, 2, "string", s);
  if (!intArg(name, num)) return 0;
  let prog = compileOrFail(pat);
  if (prog == 0) return regexError(name);
  let sp = strPtr(s), sn = strLen(s);
  let limit = load<i64>(I64);
  if (limit < 0) limit = <i64>sn + 1;
  let groups: u32 = submatches ? progNcap(prog) + 1 : 1;
  let out = newArray(limit < 16 ? <u32>limit : 16);
  vmBegin(prog, groups << 1, sp, sn);
  amInit(sp, sn);
  let i: i64 = 0;
  while (i < limit && amNext()) {
    if (submatches) {
      let m = newArray(groups);
      for (let g: u32 = 0; g < groups; g++) arrPush(m, groupString(sp, g));
      arrPush(out, m);
    } else arrPush(out, groupString(sp, 0));
    i++;
  }
  vmEnd();
  releaseProgram(prog);
  return out;
}

export function builtin_regex_find_n(pat: usize, s: usize, num: usize): usize {
  return findAll("regex.find_n", pat, s, num, false);
}

export function builtin_regex_find_all_string_submatch_n(pat: usize, s: usize, num: usize): usize {
  return findAll("regex.find_all_string_submatch_n", pat, s, num, true);
}

// ---- regex.replace (Go's ReplaceAllString with Expand templates) -----------------------

const OUT: usize = memory.data(12, 4);

/** Go's extract: a $name / ${name} reference at t[0..n) (after the '$'). */
let exName: usize = 0;
let exNameLen: usize = 0;
let exNum: i32 = 0;
let exRest: usize = 0;

function extract(t: usize, n: usize): bool {
  if (n == 0) return false;
  let brace = false;
  let i: usize = 0;
  if (load<u8>(t) == 123) { brace = true; i = 1; }
  let start = i;
  while (i < n) {
    decodeAt(t, n, i);
    let r = dRune;
    if (!(r == 95 || isLetterOrDigit(r))) break;
    i += <usize>dLen;
  }
  if (i == start) return false;
  exName = t + start;
  exNameLen = i - start;
  if (brace) {
    if (i >= n || load<u8>(t + i) != 125) return false;
    i++;
  }
  let num: i32 = 0;
  for (let k: usize = 0; k < exNameLen; k++) {
    let c = <i32>load<u8>(exName + k);
    if (c < 48 || c > 57 || num >= 100000000) { num = -1; break; }
    num = num * 10 + c - 48;
  }
  if (load<u8>(exName) == 48 && exNameLen > 1) num = -1;
  exNum = num;
  exRest = i;
  return true;
}

function appendGroup(src: usize, g: u32, groups: u32): void {
  if (g >= groups) return;
  let a = vmCap(g << 1), b = vmCap((g << 1) + 1);
  if (a >= 0) bufBytes(OUT, src + <usize>a, <usize>(b - a));
}

function expand(tpl: usize, tn: usize, src: usize, groups: u32, prog: usize): void {
  let i: usize = 0;
  while (i < tn) {
    // Copy up to the next '$'.
    let j = i;
    while (j < tn && load<u8>(tpl + j) != 36) j++;
    bufBytes(OUT, tpl + i, j - i);
    if (j >= tn) return;
    i = j + 1;
    if (i < tn && load<u8>(tpl + i) == 36) { bufByte(OUT, 36); i++; continue; }
    if (!extract(tpl + i, tn - i)) { bufByte(OUT, 36); continue; }
    i += exRest;
    if (exNum >= 0) {
      appendGroup(src, <u32>exNum, groups);
    } else {
      let ncap = progNcap(prog);
      for (let k: u32 = 1; k <= ncap; k++) {
        let nl = progNameLen(prog, k);
        if (nl == exNameLen && nl != 0 && memory.compare(progNamePtr(prog, k), exName, nl) == 0) {
          appendGroup(src, k, groups);
          break;
        }
      }
    }
  }
}

export function builtin_regex_replace(s: usize, pat: usize, repl: usize): usize {
  let name = "regex.replace";
  if (typeOf(s) != T_STRING) return typeError(name, 1, "string", s);
  if (typeOf(pat) != T_STRING) return typeError(name, 2, "string", pat);
  if (typeOf(repl) != T_STRING) return typeError(name, 3, "string", repl);
  let prog = compileOrFail(pat);
  if (prog == 0) return regexError(name);
  let sp = strPtr(s), sn = strLen(s);
  let tp = strPtr(repl), tn = strLen(repl);
  let hasDollar = false;
  for (let k: usize = 0; k < tn; k++) if (load<u8>(tp + k) == 36) { hasDollar = true; break; }
  let groups: u32 = hasDollar ? progNcap(prog) + 1 : 1;
  bufInit(OUT, sn + 16);
  vmBegin(prog, groups << 1, sp, sn);
  let lastMatchEnd: usize = 0;
  let searchPos: usize = 0;
  while (searchPos <= sn) {
    if (!vmExec(searchPos)) break;
    let a0 = <usize>vmCap(0), a1 = <usize>vmCap(1);
    bufBytes(OUT, sp + lastMatchEnd, a0 - lastMatchEnd);
    if (a1 > lastMatchEnd || a0 == 0) expand(tp, tn, sp, groups, prog);
    lastMatchEnd = a1;
    decodeAt(sp, sn, searchPos);
    let width = <usize>dLen;
    if (searchPos + width > a1) searchPos += width;
    else if (searchPos + 1 > a1) searchPos++;
    else searchPos = a1;
  }
  bufBytes(OUT, sp + lastMatchEnd, sn - lastMatchEnd);
  vmEnd();
  releaseProgram(prog);
  let n = bufLen(OUT);
  if (n == sn && memory.compare(bufData(OUT), sp, n) == 0) { bufFree(OUT); return s; }
  return bufToString(OUT);
}

// ---- regex.template_match ------------------------------------------------------------

/** Go's regexp.QuoteMeta into OUT. */
function quoteMeta(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    // \.+*?()|[]{}^$
    if (c == 92 || c == 46 || c == 43 || c == 42 || c == 63 || c == 40 || c == 41 || c == 124 ||
        c == 91 || c == 93 || c == 123 || c == 125 || c == 94 || c == 36) bufByte(OUT, 92);
    bufByte(OUT, c);
  }
}

const IDX: usize = memory.data(12, 4);

export function builtin_regex_template_match(tpl: usize, s: usize, ds: usize, de: usize): usize {
  let name = "regex.template_match";
  if (typeOf(tpl) != T_STRING) return typeError(name, 1, "string", tpl);
  if (typeOf(s) != T_STRING) return typeError(name, 2, "string", s);
  if (typeOf(ds) != T_STRING) return typeError(name, 3, "string", ds);
  if (typeOf(de) != T_STRING) return typeError(name, 4, "string", de);
  if (strLen(ds) != 1) {
    msgStart();
    msgText("start delimiter has to be exactly one character long but is ");
    msgInt(<i64>strLen(ds));
    msgText(" long");
    return msgBuiltinError(name);
  }
  if (strLen(de) != 1) {
    // OPA reports the start delimiter's length here.
    msgStart();
    msgText("end delimiter has to be exactly one character long but is ");
    msgInt(<i64>strLen(ds));
    msgText(" long");
    return msgBuiltinError(name);
  }
  let dStart = load<u8>(strPtr(ds)), dEnd = load<u8>(strPtr(de));
  let tp = strPtr(tpl), tn = strLen(tpl);
  // First-level delimiter pairs.
  bufInit(IDX, 32);
  let level = 0;
  let idx: usize = 0;
  let balanced = true;
  for (let i: usize = 0; i < tn; i++) {
    let c = load<u8>(tp + i);
    if (c == dStart) {
      level++;
      if (level == 1) idx = i;
    } else if (c == dEnd) {
      level--;
      if (level == 0) { bufU32(IDX, <u32>idx); bufU32(IDX, <u32>(i + 1)); }
      else if (level < 0) { balanced = false; break; }
    }
  }
  if (level != 0) balanced = false;
  if (!balanced) {
    bufFree(IDX);
    msgStart();
    msgText("unbalanced braces in ");
    msgGoQuote(tp, tn);
    return msgBuiltinError(name);
  }
  let pairs = bufLen(IDX) >> 3;
  bufInit(OUT, tn * 2 + 8);
  bufByte(OUT, 94);
  let end: usize = 0;
  for (let k: usize = 0; k < pairs; k++) {
    let a = <usize>load<u32>(bufData(IDX) + (k << 3));
    let b = <usize>load<u32>(bufData(IDX) + (k << 3) + 4);
    quoteMeta(tp + end, a - end);
    end = b;
    let pp = tp + a + 1, pn = b - 1 - (a + 1);
    bufByte(OUT, 40);
    bufBytes(OUT, pp, pn);
    bufByte(OUT, 41);
    // Each variable must compile on its own as ^patt$.
    const SUB: usize = memory.data(12, 4);
    bufInit(SUB, pn + 2);
    bufByte(SUB, 94);
    bufBytes(SUB, pp, pn);
    bufByte(SUB, 36);
    let ok = compileRegex(bufData(SUB), bufLen(SUB), KIND_REGEX, true) != 0;
    if (!ok) {
      let r = regexError(name);
      bufFree(SUB);
      bufFree(OUT);
      bufFree(IDX);
      return r;
    }
    bufFree(SUB);
  }
  quoteMeta(tp + end, tn - end);
  bufByte(OUT, 36);
  bufFree(IDX);
  let prog = compileRegex(bufData(OUT), bufLen(OUT), 116, false);
  if (prog == 0) {
    let r = regexError(name);
    bufFree(OUT);
    return r;
  }
  bufFree(OUT);
  vmBegin(prog, 0, strPtr(s), strLen(s));
  let m = vmExec(0);
  vmEnd();
  releaseProgram(prog);
  return boolValue(m);
}

// ---- glob.match / glob.quote_meta --------------------------------------------------------

const SEPBUF: usize = memory.data(12, 4);

export function builtin_glob_match(pat: usize, delims: usize, s: usize): usize {
  let name = "glob.match";
  if (typeOf(pat) != T_STRING) return typeError(name, 1, "string", pat);
  let t = typeOf(delims);
  bufInit(SEPBUF, 16);
  if (t == T_ARRAY) {
    let n = arrLen(delims);
    for (let k: u32 = 0; k < n; k++) {
      let d = arrAt(delims, k);
      if (typeOf(d) != T_STRING) {
        bufFree(SEPBUF);
        msgStart();
        msgText("operand 2 must be array of strings but got array containing ");
        msgText(typeNameOf(d));
        return msgTypeError(name);
      }
      let dp = strPtr(d), dn = strLen(d);
      decodeAt(dp, dn, 0);
      if (dn == 0 || <usize>dLen != dn) {
        bufFree(SEPBUF);
        msgStart();
        msgText("operand 2 must be array of runes but got array containing string");
        return msgTypeError(name);
      }
      bufU32(SEPBUF, <u32>dRune);
    }
    if (n == 0) bufU32(SEPBUF, 46); // default ["."]
  } else if (t != T_NULL) {
    bufFree(SEPBUF);
    msgStart();
    msgText("operand 2 must be one of {array, null} but got ");
    msgText(typeNameOf(delims));
    return msgTypeError(name);
  }
  if (typeOf(s) != T_STRING) { bufFree(SEPBUF); return typeError(name, 3, "string", s); }
  let fast = globMatchFast(strPtr(pat), strLen(pat), bufData(SEPBUF), bufLen(SEPBUF) >> 2, strPtr(s), strLen(s));
  if (fast != NOT_HANDLED) { bufFree(SEPBUF); return boolValue(fast == 1); }
  let prog = globCompile(strPtr(pat), strLen(pat), bufData(SEPBUF), bufLen(SEPBUF) >> 2);
  bufFree(SEPBUF);
  if (prog == 0) {
    msgStart();
    if (globErrorIsRange) {
      msgText("hi character '");
      msgRune(globErrHi());
      msgText("' should be greater than lo '");
      msgRune(globErrLo());
      msgText("'");
    } else {
      msgText(globError !== null ? <string>globError : "glob error");
    }
    return msgBuiltinError(name);
  }
  vmBegin(prog, 0, strPtr(s), strLen(s));
  let m = vmExec(0);
  vmEnd();
  releaseProgram(prog);
  return boolValue(m);
}

export function builtin_glob_quote_meta(pat: usize): usize {
  if (typeOf(pat) != T_STRING) return typeError("glob.quote_meta", 1, "string", pat);
  let p = strPtr(pat), n = strLen(pat);
  bufInit(OUT, n * 2 + 1);
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (isGlobSpecial(c)) bufByte(OUT, 92);
    bufByte(OUT, c);
  }
  return bufToString(OUT);
}
