// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Growable byte buffers for the pattern builtins (regex, glob): several live
// at once (parse tree, program, scratch), so each is a 12-byte header
// [data u32, len u32, cap u32] in static memory or on the heap.
import { opa_malloc, realloc, opa_free } from "../alloc";
import { allocString, strPtr } from "../values";
import { encodeRune } from "./utf8";

export function bufInit(b: usize, cap: usize): void {
  if (cap < 16) cap = 16;
  store<u32>(b, <u32>opa_malloc(cap));
  store<u32>(b, 0, 4);
  store<u32>(b, <u32>cap, 8);
}

export function bufData(b: usize): usize { return <usize>load<u32>(b); }
export function bufLen(b: usize): usize { return <usize>load<u32>(b, 4); }
export function bufSetLen(b: usize, n: usize): void { store<u32>(b, <u32>n, 4); }

/** Make room for `extra` more bytes; returns the write address. */
export function bufReserve(b: usize, extra: usize): usize {
  let len = bufLen(b);
  let cap = <usize>load<u32>(b, 8);
  if (len + extra > cap) {
    let ncap = cap << 1;
    if (ncap < len + extra) ncap = len + extra;
    store<u32>(b, <u32>realloc(bufData(b), ncap));
    store<u32>(b, <u32>ncap, 8);
  }
  return bufData(b) + len;
}

export function bufByte(b: usize, c: u8): void {
  let q = bufReserve(b, 1);
  store<u8>(q, c);
  store<u32>(b, load<u32>(b, 4) + 1, 4);
}

export function bufBytes(b: usize, p: usize, n: usize): void {
  if (n == 0) return;
  let q = bufReserve(b, n);
  memory.copy(q, p, n);
  store<u32>(b, load<u32>(b, 4) + <u32>n, 4);
}

export function bufRune(b: usize, r: i32): void {
  let q = bufReserve(b, 4);
  let k = encodeRune(q, r);
  store<u32>(b, load<u32>(b, 4) + <u32>k, 4);
}

export function bufU32(b: usize, v: u32): void {
  let q = bufReserve(b, 4);
  store<u32>(q, v);
  store<u32>(b, load<u32>(b, 4) + 4, 4);
}

export function bufFree(b: usize): void {
  opa_free(bufData(b));
  store<u32>(b, 0);
  store<u32>(b, 0, 4);
  store<u32>(b, 0, 8);
}

/** A string value holding the buffer's bytes; frees the buffer. */
export function bufToString(b: usize): usize {
  let n = bufLen(b);
  let v = allocString(n);
  if (n != 0) memory.copy(strPtr(v), bufData(b), n);
  bufFree(b);
  return v;
}
