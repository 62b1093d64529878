// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Minimal unsigned big integers for exact decimal/binary comparisons (used
// only by numconv.ts off its fast paths). Layout: u32 limb count at +0, then
// little-endian u32 limbs. Callers size buffers with bnAlloc.
import { opa_malloc } from "./alloc";

export function bnAlloc(limbs: u32): usize {
  let a = opa_malloc(4 + (<usize>limbs << 2));
  store<u32>(a, 0);
  return a;
}

function limb(a: usize, i: u32): usize { return a + 4 + (<usize>i << 2); }

export function bnSetU64(a: usize, v: u64): void {
  let n: u32 = 0;
  if (v != 0) { store<u32>(limb(a, 0), <u32>v); n = 1; }
  if ((v >> 32) != 0) { store<u32>(limb(a, 1), <u32>(v >> 32)); n = 2; }
  store<u32>(a, n);
}

export function bnCopy(dst: usize, src: usize): void {
  memory.copy(dst, src, 4 + (<usize>load<u32>(src) << 2));
}

/** a = a * m + add */
export function bnMulAdd(a: usize, m: u32, add: u32): void {
  let n = load<u32>(a);
  let carry: u64 = add;
  for (let i: u32 = 0; i < n; i++) {
    let p = <u64>load<u32>(limb(a, i)) * m + carry;
    store<u32>(limb(a, i), <u32>p);
    carry = p >> 32;
  }
  if (carry != 0) { store<u32>(limb(a, n), <u32>carry); store<u32>(a, n + 1); }
}

export function bnMulPow5(a: usize, k: i32): void {
  while (k >= 13) { bnMulAdd(a, 1220703125, 0); k -= 13; } // 5^13
  let m: u32 = 1;
  while (k-- > 0) m *= 5;
  if (m != 1) bnMulAdd(a, m, 0);
}

export function bnShl(a: usize, bits: i32): void {
  let n = load<u32>(a);
  if (n == 0 || bits == 0) return;
  let words = <u32>bits >> 5;
  let sh = <u32>bits & 31;
  let top: u32 = 0;
  if (sh != 0) {
    top = load<u32>(limb(a, n - 1)) >> (32 - sh);
    for (let i = n - 1; i > 0; i--) {
      store<u32>(limb(a, i), (load<u32>(limb(a, i)) << sh) | (load<u32>(limb(a, i - 1)) >> (32 - sh)));
    }
    store<u32>(limb(a, 0), load<u32>(limb(a, 0)) << sh);
  }
  if (words != 0) {
    memory.copy(limb(a, words), limb(a, 0), <usize>n << 2);
    memory.fill(limb(a, 0), 0, <usize>words << 2);
  }
  n += words;
  if (top != 0) { store<u32>(limb(a, n), top); n++; }
  store<u32>(a, n);
}

export function bnCmp(a: usize, b: usize): i32 {
  let na = load<u32>(a), nb = load<u32>(b);
  while (na > 0 && load<u32>(limb(a, na - 1)) == 0) na--;
  while (nb > 0 && load<u32>(limb(b, nb - 1)) == 0) nb--;
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = na; i > 0; i--) {
    let x = load<u32>(limb(a, i - 1)), y = load<u32>(limb(b, i - 1));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Compare a * 10^k with h * 2^g exactly; clobbers a and r. */
export function bnCmpDecBin(a: usize, k: i32, h: u64, g: i32, r: usize): i32 {
  bnSetU64(r, h);
  if (k >= 0) bnMulPow5(a, k); else bnMulPow5(r, -k);
  if (k > g) bnShl(a, k - g); else if (g > k) bnShl(r, g - k);
  return bnCmp(a, r);
}
