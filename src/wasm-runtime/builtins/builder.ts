// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Byte-string helpers (search, prefix, suffix) and the string builder: a
// growable byte buffer on the runtime heap in which the string and encoding
// builtins build their results.
//
// The buffer is a single module-level builder: a builtin starts it with
// sbStart(), appends, and finishes with sbString() (a new string value; the
// scratch block is freed). Builtins never nest, so one builder suffices.
import { opa_malloc, opa_free, realloc } from "../alloc";
import { allocString, strPtr } from "../values";
import { encodeRune } from "./utf8";

/** First byte index of needle in haystack at or after `from`, or -1. */
export function indexBytes(h: usize, hn: usize, nd: usize, nn: usize, from: usize): isize {
  if (nn == 0) return from <= hn ? <isize>from : -1;
  if (nn > hn) return -1;
  let first = load<u8>(nd);
  let last = hn - nn;
  for (let i = from; i <= last; i++) {
    if (load<u8>(h + i) == first && memory.compare(h + i, nd, nn) == 0) return <isize>i;
  }
  return -1;
}

export function hasPrefix(p: usize, n: usize, q: usize, m: usize): bool {
  return m <= n && memory.compare(p, q, m) == 0;
}

export function hasSuffix(p: usize, n: usize, q: usize, m: usize): bool {
  return m <= n && memory.compare(p + n - m, q, m) == 0;
}

// ---- string builder --------------------------------------------------------

let sb: usize = 0;
let sbLen: usize = 0;
let sbCap: usize = 0;

export function sbStart(cap: usize): void {
  if (cap < 32) cap = 32;
  sb = opa_malloc(cap);
  sbCap = cap;
  sbLen = 0;
}

export function sbReserve(n: usize): void {
  if (sbLen + n <= sbCap) return;
  let c = sbCap << 1;
  if (c < sbLen + n + 32) c = sbLen + n + 32;
  sb = realloc(sb, c);
  sbCap = c;
}

export function sbByte(c: u32): void {
  if (sbLen >= sbCap) sbReserve(1);
  store<u8>(sb + sbLen++, <u8>c);
}

export function sbBytes(p: usize, n: usize): void {
  if (n == 0) return;
  sbReserve(n);
  memory.copy(sb + sbLen, p, n);
  sbLen += n;
}

export function sbFill(c: u32, n: isize): void {
  if (n <= 0) return;
  sbReserve(<usize>n);
  memory.fill(sb + sbLen, <u8>c, <usize>n);
  sbLen += <usize>n;
}

export function sbRune(r: i32): void {
  sbReserve(4);
  sbLen += encodeRune(sb + sbLen, r);
}

/** ASCII text of an AssemblyScript string literal (UTF-16 code units < 128). */
export function sbAscii(s: string): void {
  let n = s.length;
  let src = changetype<usize>(s);
  sbReserve(<usize>n);
  for (let i = 0; i < n; i++) store<u8>(sb + sbLen + <usize>i, <u8>load<u16>(src + (<usize>i << 1)));
  sbLen += <usize>n;
}

export function sbLength(): usize { return sbLen; }
/** Address where the next n bytes go; the caller then calls sbAdvance(k). */
export function sbCursor(n: usize): usize { sbReserve(n); return sb + sbLen; }
/** Count n bytes already written into reserved capacity past the end. */
export function sbAdvance(n: usize): void { sbLen += n; }
/** Current buffer address (moves when the buffer grows). */
export function sbPtr(): usize { return sb; }
export function sbTruncate(n: usize): void { if (n < sbLen) sbLen = n; }

/** Insert n copies of c at offset `at` (shifting the tail right). */
export function sbInsertFill(at: usize, c: u32, n: isize): void {
  if (n <= 0) return;
  let k = <usize>n;
  sbReserve(k);
  memory.copy(sb + at + k, sb + at, sbLen - at);
  memory.fill(sb + at, <u8>c, k);
  sbLen += k;
}

/** String value of bytes [from, length) of the buffer, which stays open. */
export function sbSlice(from: usize): usize {
  let n = sbLen - from;
  let v = allocString(n);
  if (n != 0) memory.copy(strPtr(v), sb + from, n);
  return v;
}

/** Finish: a new string value holding the bytes; frees the scratch buffer. */
export function sbString(): usize {
  let v = allocString(sbLen);
  memory.copy(strPtr(v), sb, sbLen);
  sbDiscard();
  return v;
}

export function sbDiscard(): void {
  if (sb != 0) opa_free(sb);
  sb = 0;
  sbLen = 0;
  sbCap = 0;
}
