// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Hashing consistent with equalValues: numbers hash their canonical value
// (numbers.ts), objects and sets combine entries order-independently.
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT } from "./layout";
import { boolOf, strLen, strPtr, arrLen, arrAt } from "./values";
import { numHash } from "./numbers";
import { tblLen, hashAt, valAt } from "./table";

@inline function fmix32(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85EBCA6B;
  h ^= h >> 13;
  h *= 0xC2B2AE35;
  h ^= h >> 16;
  return h;
}

/** MurmurHash3 (x86, 32-bit) of a byte range. */
export function hashBytes(p: usize, n: usize, seed: u32): u32 {
  let h = seed ^ <u32>n;
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    let k = load<u32>(p + i) * 0xCC9E2D51;
    k = rotl<u32>(k, 15) * 0x1B873593;
    h = rotl<u32>(h ^ k, 13) * 5 + 0xE6546B64;
  }
  let k: u32 = 0;
  let rest = n - i;
  if (rest >= 3) k ^= <u32>load<u8>(p + i + 2) << 16;
  if (rest >= 2) k ^= <u32>load<u8>(p + i + 1) << 8;
  if (rest >= 1) {
    k ^= <u32>load<u8>(p + i);
    h ^= rotl<u32>(k * 0xCC9E2D51, 15) * 0x1B873593;
  }
  return fmix32(h);
}

/** Hash of a string value's bytes (what hashValue gives a string). */
@inline export function hashString(p: usize, n: usize): u32 {
  return hashBytes(p, n, 0x9747B28C);
}

export function hashValue(v: usize): u32 {
  if (v == 0) return 0;
  let t = load<u8>(v);
  if (t == T_NULL) return 0x6E756C6C;
  if (t == T_BOOLEAN) return boolOf(v) ? 0x74727565 : 0x66616C73;
  if (t == T_NUMBER) return numHash(v);
  if (t == T_STRING) return hashString(strPtr(v), strLen(v));
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let h: u32 = 0x41525259 ^ n;
    for (let i: u32 = 0; i < n; i++) h = fmix32(h * 31 + hashValue(arrAt(v, i)));
    return h;
  }
  // Objects and sets: a sum is independent of entry order.
  let n = tblLen(v);
  let h: u32 = 0;
  if (t == T_OBJECT) {
    for (let i: u32 = 0; i < n; i++) h += fmix32(hashAt(v, i) * 0x9E3779B1 + hashValue(valAt(v, i)));
    return fmix32(h ^ 0x4F424A00 ^ n);
  }
  for (let i: u32 = 0; i < n; i++) h += fmix32(hashAt(v, i));
  return fmix32(h ^ 0x53455400 ^ n);
}
