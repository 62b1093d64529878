// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Byte-range equality, order and copy for the hot paths (object keys, parsed
// strings). Most ranges are short keys, for which V8's out-of-line bulk
// memory calls cost more than a word loop; unaligned u64 loads are fine in wasm.

/** p[0..n) == q[0..n). Sized loads that may overlap, never past the ends. */
@inline export function bytesEqual(p: usize, q: usize, n: usize): bool {
  if (p == q) return true;
  if (n >= 8) return bytesEqualLong(p, q, n);
  if (n >= 4) return load<u32>(p) == load<u32>(q) && load<u32>(p + n - 4) == load<u32>(q + n - 4);
  if (n >= 2) return load<u16>(p) == load<u16>(q) && load<u8>(p + n - 1) == load<u8>(q + n - 1);
  return n == 0 || load<u8>(p) == load<u8>(q);
}

function bytesEqualLong(p: usize, q: usize, n: usize): bool {
  let i: usize = 0;
  while (i + 8 < n) {
    if (load<u64>(p + i) != load<u64>(q + i)) return false;
    i += 8;
  }
  return load<u64>(p + n - 8) == load<u64>(q + n - 8);
}

/** Bytewise order of p[0..la) and q[0..lb): -1, 0 or 1. */
export function bytesCompare(p: usize, la: usize, q: usize, lb: usize): i32 {
  let n = la < lb ? la : lb;
  let i: usize = 0;
  if (p != q) {
    while (i + 8 <= n) {
      let a = load<u64>(p + i), b = load<u64>(q + i);
      if (a != b) {
        // Little-endian: the lowest differing bit is in the first differing byte.
        let s = ctz<u64>(a ^ b) & ~<u64>7;
        return ((a >> s) & 0xFF) < ((b >> s) & 0xFF) ? -1 : 1;
      }
      i += 8;
    }
    while (i < n) {
      let a = load<u8>(p + i), b = load<u8>(q + i);
      if (a != b) return a < b ? -1 : 1;
      i++;
    }
  }
  return la < lb ? -1 : (la > lb ? 1 : 0);
}

/** Copy n bytes between non-overlapping ranges. Short copies loop: V8
 * calls out of line for memory.copy, which costs more than ~100 bytes. */
@inline export function copyBytes(dst: usize, src: usize, n: usize): void {
  if (n > 128) { memory.copy(dst, src, n); return; }
  let i: usize = 0;
  while (i + 8 <= n) {
    store<u64>(dst + i, load<u64>(src + i));
    i += 8;
  }
  if (i + 4 <= n) {
    store<u32>(dst + i, load<u32>(src + i));
    i += 4;
  }
  while (i < n) {
    store<u8>(dst + i, load<u8>(src + i));
    i++;
  }
}
