// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Globs with the syntax and errors of github.com/gobwas/glob v0.2.3 (what
// OPA's glob.match uses), compiled to the regex engine's program form and
// matched with its Pike VM (so matching is linear-time):
//   `*`  any run of non-delimiter runes    `**` any run of runes
//   `?`  one non-delimiter rune            `[abc]` `[!abc]` `[a-z]` `[!a-z]`
//   `{a,b,…}` alternatives (nestable)      `\x` a literal x
// The lexer is a port of gobwas's: an unclosed `{` is accepted, `,` and `}`
// are literals outside braces, a rune 0 ends the pattern, and U+FFFD (what
// Go decodes invalid UTF-8 to) is an error.
import {
  treeBegin, treeEnd, treeClassStart, treeClassAdd, treeClass, treeNode,
  treeListStart, treeListPush, treeList, compileTree, cachedProgram,
} from "./patterns-regex-compile";
import { OP_ANY, OP_ASSERT, OP_STAR, OP_CONCAT, OP_ALT, E_BEGIN_TEXT, E_END_TEXT } from "./patterns-regex-tree";
import { decodeAt, dRune, dLen } from "./utf8";
import { bufInit, bufData, bufLen, bufSetLen, bufReserve, bufFree, bufU32, bufBytes, bufByte } from "./patterns-buf";

// Error from the last globCompile (a static message), or null.
export let globError: string | null = null;
let errLo: i32 = 0;
let errHi: i32 = 0;
/** For "hi character '%s' should be greater than lo '%s'". */
export function globErrHi(): i32 { return errHi; }
export function globErrLo(): i32 { return errLo; }
export let globErrorIsRange: bool = false;

// Lexer state.
let GP: usize = 0;
let GN: usize = 0;
let pos: usize = 0;
let lastW: usize = 0;
let hasRune: bool = false;
let lexErr: string | null = null;
let termsLevel: i32 = 0;

const EOF: i32 = 0;

function peek(): i32 {
  if (pos >= GN) { lastPeekW = 0; return EOF; }
  decodeAt(GP, GN, pos);
  if (dRune == 0xFFFD) {
    if (lexErr === null) lexErr = "could not read rune";
    lastPeekW = 0;
    return EOF;
  }
  lastPeekW = <usize>dLen;
  return dRune;
}
let lastPeekW: usize = 0;
let lastRune: i32 = 0;

function read(): i32 {
  if (hasRune) {
    hasRune = false;
    pos += lastW;
    return lastRune;
  }
  let r = peek();
  pos += lastPeekW;
  lastRune = r;
  lastW = lastPeekW;
  return r;
}

function unread(): void {
  if (hasRune) { if (lexErr === null) lexErr = "could not unread rune"; return; }
  pos -= lastW;
  hasRune = true;
}

// Separators (delimiters) as runes.
const SEPS: usize = memory.data(12, 4);
let noSeps: bool = true;

function sepClass(): u32 {
  // [^seps], or any rune without separators.
  if (noSeps) return treeNode(OP_ANY, 0, 0);
  treeClassStart();
  let n = bufLen(SEPS) >> 2;
  for (let k: usize = 0; k < n; k++) {
    let r = load<i32>(bufData(SEPS) + (k << 2));
    treeClassAdd(r, r);
  }
  return treeClass(true);
}

function literalNode(r: i32): u32 {
  treeClassStart();
  treeClassAdd(r, r);
  return treeClass(false);
}

/** Text up to a breaker: each rune becomes a literal item. */
function fetchText(inTerms: bool, inRange: bool): i32 {
  // Returns the number of runes produced (pushed as items or recorded).
  let count = 0;
  let escaped = false;
  while (true) {
    let r = read();
    if (r == EOF) break;
    if (!escaped) {
      if (r == 92) { escaped = true; continue; }
      let brk = false;
      if (inRange) brk = r == 93;
      else {
        brk = r == 63 || r == 42 || r == 91 || r == 123;
        if (inTerms && (r == 125 || r == 44)) brk = true;
      }
      if (brk) { unread(); break; }
    }
    escaped = false;
    if (inRange) bufU32(RANGE_CHARS, <u32>r);
    else treeListPush(literalNode(r));
    count++;
  }
  return count;
}

const RANGE_CHARS: usize = memory.data(12, 4);
const FRAMES: usize = memory.data(12, 4); // per open '{': alternatives mark, items mark

/** Parse a bracket expression after '['; false on error (globError set). */
function parseRange(): bool {
  let wantHi = false, wantClose = false, seenNot = false;
  let not = false;
  let lo: i32 = 0, hi: i32 = 0;
  let haveChars = false;
  bufSetLen(RANGE_CHARS, 0);
  while (true) {
    let r = read();
    if (lexErr !== null) return false;
    if (r == EOF) { lexErr = "unexpected end of input"; return false; }
    if (wantClose) {
      if (r != 93) { lexErr = "expected close range character"; return false; }
      break;
    }
    if (wantHi) {
      hi = r;
      wantClose = true;
      continue;
    }
    if (!seenNot && r == 33) { not = true; seenNot = true; continue; }
    let n = peek();
    if (lexErr !== null) return false;
    if (n == 45) {
      pos += lastPeekW;
      lo = r;
      wantHi = true;
      continue;
    }
    unread();
    if (fetchText(false, true) > 0) haveChars = true;
    if (lexErr !== null) return false;
    wantClose = true;
  }
  // The lexer reads the whole bracket expression before the parser checks it.
  if (wantHi && hi < lo) {
    globErrorIsRange = true;
    errLo = lo; errHi = hi;
    globError = "hi < lo";
    return false;
  }
  let isRange = lo != 0 && hi != 0;
  if (haveChars == isRange) { globError = "could not parse range"; return false; }
  treeClassStart();
  if (isRange) treeClassAdd(lo, hi);
  else {
    let n = bufLen(RANGE_CHARS) >> 2;
    for (let k: usize = 0; k < n; k++) {
      let c = load<i32>(bufData(RANGE_CHARS) + (k << 2));
      treeClassAdd(c, c);
    }
  }
  treeListPush(treeClass(not));
  return true;
}

function pushFrame(): void {
  let alts = treeListStart();
  bufU32(FRAMES, alts);
  bufU32(FRAMES, alts);
}

function frameCount(): usize { return bufLen(FRAMES) >> 3; }

/** End the current alternative of the innermost '{' (a ',' or '}'). */
function endAlternative(): void {
  let f = bufData(FRAMES) + ((frameCount() - 1) << 3);
  let itemsMark = load<u32>(f, 4);
  let pat = treeList(OP_CONCAT, itemsMark);
  treeListPush(pat);
  store<u32>(f, treeListStart(), 4);
}

function closeFrame(): void {
  endAlternative();
  let f = bufData(FRAMES) + ((frameCount() - 1) << 3);
  let altsMark = load<u32>(f);
  let any = treeList(OP_ALT, altsMark);
  bufSetLen(FRAMES, bufLen(FRAMES) - 8);
  treeListPush(any);
}

/**
 * Compile glob pattern p[0..n) with separator runes seps[0..nseps) (u32
 * each). Returns a regex program (see patterns-regex), or 0 with globError.
 */
export function globCompile(p: usize, n: usize, seps: usize, nseps: usize): usize {
  globError = null;
  globErrorIsRange = false;
  // Cache key: 'g', separator count, separators, pattern.
  const KEY: usize = memory.data(12, 4);
  bufInit(KEY, 8 + nseps * 4 + n);
  bufByte(KEY, 103);
  bufU32(KEY, <u32>nseps);
  bufBytes(KEY, seps, nseps << 2);
  bufBytes(KEY, p, n);
  let hit = cachedProgram(bufData(KEY), bufLen(KEY));
  if (hit != 0) { bufFree(KEY); return hit; }

  GP = p; GN = n; pos = 0; hasRune = false; lexErr = null; termsLevel = 0; lastW = 0;
  treeBegin();
  bufInit(SEPS, nseps * 4 + 4);
  bufBytes(SEPS, seps, nseps << 2);
  noSeps = nseps == 0;
  bufInit(RANGE_CHARS, 16);
  bufInit(FRAMES, 16);
  let rootMark = treeListStart();
  treeListPush(treeNode(OP_ASSERT, E_BEGIN_TEXT, 0));
  let ok = true;
  while (true) {
    let r = read();
    if (lexErr !== null) { ok = false; break; }
    if (r == EOF) break;
    if (r == 123) { // {
      termsLevel++;
      pushFrame();
    } else if (r == 44 && termsLevel > 0) { // ,
      endAlternative();
    } else if (r == 125 && termsLevel > 0) { // }
      closeFrame();
      termsLevel--;
    } else if (r == 91) { // [
      if (!parseRange()) { ok = false; break; }
    } else if (r == 63) { // ?
      treeListPush(sepClass());
    } else if (r == 42) { // * or **
      let r2 = read();
      if (lexErr !== null) { ok = false; break; }
      if (r2 == 42) treeListPush(treeNode(OP_STAR, 0, treeNode(OP_ANY, 0, 0)));
      else {
        unread();
        treeListPush(treeNode(OP_STAR, 0, sepClass()));
      }
    } else {
      unread();
      fetchText(termsLevel > 0, false);
      if (lexErr !== null) { ok = false; break; }
    }
  }
  let prog: usize = 0;
  if (ok) {
    // An unclosed '{' is accepted (gobwas's parser just stops).
    while (frameCount() > 0) closeFrame();
    treeListPush(treeNode(OP_ASSERT, E_END_TEXT, 0));
    let root = treeList(OP_CONCAT, rootMark);
    prog = compileTree(root, bufData(KEY), bufLen(KEY));
  } else if (globError === null) {
    globError = lexErr;
  }
  bufFree(FRAMES);
  bufFree(RANGE_CHARS);
  bufFree(SEPS);
  treeEnd();
  bufFree(KEY);
  return prog;
}

/** gobwas glob.QuoteMeta: backslash before each of `*?\[]{}`. */
export function isGlobSpecial(c: u8): bool {
  return c == 42 || c == 63 || c == 92 || c == 91 || c == 93 || c == 123 || c == 125;
}
