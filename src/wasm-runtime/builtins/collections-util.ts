// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Helpers shared by the collection builtins (collections.ts,
// collections-json.ts): element access for arrays and sets, and small
// array edits.
// Nothing here is re-exported from the runtime.
import { typeOf, newArray, arrPush, arrLen, arrElems, arrAt, newString } from "../values";
import { T_ARRAY, T_SET, T_OBJECT } from "../layout";
import { tblLen, keyAt, ensureSorted, objGet } from "../table";
import { opa_free } from "../alloc";

// ---- element access ------------------------------------------------------------

/** Number of elements of an array or set (0 for anything else). */
export function elemCount(v: usize): u32 {
  let t = typeOf(v);
  if (t == T_ARRAY) return arrLen(v);
  if (t == T_SET || t == T_OBJECT) { ensureSorted(v); return tblLen(v); }
  return 0;
}

/** Element i of an array, or of a set in sorted order (call elemCount first). */
export function elemAt(v: usize, i: u32): usize {
  return typeOf(v) == T_ARRAY ? arrAt(v, i) : keyAt(v, i);
}

export function isArrayOrSet(v: usize): bool {
  let t = typeOf(v);
  return t == T_ARRAY || t == T_SET;
}

// ---- arrays -------------------------------------------------------------------

/** New array holding elements [from, to) of `a`. */
export function arraySlice(a: usize, from: u32, to: u32): usize {
  let n = to > from ? to - from : 0;
  let out = newArray(n);
  if (n != 0) memory.copy(arrElems(out), arrElems(a) + (<usize>from << 2), <usize>n << 2);
  store<u32>(out, n, 4);
  return out;
}

export function arrayCopy(a: usize): usize { return arraySlice(a, 0, arrLen(a)); }

/** Insert `e` at index i (0 <= i <= len) of a mutable array. */
export function arrayInsertAt(a: usize, i: u32, e: usize): void {
  let n = arrLen(a);
  arrPush(a, e);
  if (i >= n) return;
  let p = arrElems(a) + (<usize>i << 2);
  memory.copy(p + 4, p, <usize>(n - i) << 2);
  store<u32>(p, <u32>e);
}

/** Remove index i (0 <= i < len) of a mutable array. */
export function arrayRemoveAt(a: usize, i: u32): void {
  let n = arrLen(a);
  let p = arrElems(a) + (<usize>i << 2);
  memory.copy(p, p + 4, <usize>(n - i - 1) << 2);
  store<u32>(a, n - 1, 4);
}

export function arraySet(a: usize, i: u32, e: usize): void {
  store<u32>(arrElems(a) + (<usize>i << 2), <u32>e);
}

// ---- index keys -------------------------------------------------------------------

const DIGITS: usize = memory.data(24, 8);

/** obj[string(i)]: the value under the decimal text of an array index, or 0. */
export function getIndexKey(obj: usize, i: u32): usize {
  let p = DIGITS + 24;
  let n: usize = 0;
  do {
    p--;
    store<u8>(p, <u8>(48 + i % 10));
    i /= 10;
    n++;
  } while (i != 0);
  let key = newString(p, n); // references the static digits
  let v = objGet(obj, key);
  opa_free(key);
  return v;
}
