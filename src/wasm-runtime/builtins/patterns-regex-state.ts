// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// The regex parser's state (pattern, position, flags, capture count, first
// error) and the primitives the parser modules share: bounded byte access,
// UTF-8 checks and pushing nodes within Go's size and nesting limits.
import { decodeAt, dRune, dLen } from "./utf8";
import {
  ERR_LARGE, ERR_NESTING_DEPTH, MAX_HEIGHT, MAX_SIZE, STACK, nHeight, nSize, vecPush32,
} from "./patterns-regex-tree";

// ---- parser state -----------------------------------------------------------

export let P: usize = 0;   // pattern bytes
export let N: usize = 0;   // pattern length
export let T: usize = 0;   // current position
export let flags: i32 = 0;
export let numCap: i32 = 0;

export let errCode: i32 = 0;
export let errStart: usize = 0; // error expression: bytes at errBase + errStart
export let errLen: usize = 0;
export let errBase: usize = 0;

/** Start parsing the pattern p[0..n) (n = 0: trees built by other front ends). */
export function parseBegin(p: usize, n: usize): void {
  P = p;
  N = n;
  T = 0;
  errCode = 0;
}

export function fail(code: i32, start: usize, len: usize): bool {
  if (errCode == 0) {
    errCode = code;
    errBase = P;
    errStart = start;
    errLen = len;
  }
  return false;
}

export function at(i: usize): i32 { return i < N ? <i32>load<u8>(P + i) : -1; }

export function isAlnum(c: i32): bool {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** First invalid UTF-8 position in P[s..e), or -1. */
export function badUTF8(s: usize, e: usize): isize {
  let i = s;
  while (i < e) {
    decodeAt(P, e, i);
    if (dRune == 0xFFFD && dLen == 1) {
      // A literal U+FFFD is three bytes; width 1 means invalid.
      return <isize>i;
    }
    i += <usize>dLen;
  }
  return -1;
}

/** Push a node, enforcing Go's size and nesting limits. */
export function push(i: u32): bool {
  vecPush32(STACK, i);
  if (nSize(i) > MAX_SIZE) return fail(ERR_LARGE, 0, N);
  if (nHeight(i) > MAX_HEIGHT) return fail(ERR_NESTING_DEPTH, 0, N);
  return true;
}

