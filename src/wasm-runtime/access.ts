// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Lookup, iteration and length (OPA opa_value_get / _iter / _length).
import { T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, N_INT } from "./layout";
import { typeOf, numRepr, numInt, newInt, arrLen, arrAt, strLen, newArray, arrPush } from "./values";
import { objGet, setGet, tblIterNext, tblLen, ensureSorted, keyAt } from "./table";

/** Array index of an integral number key, or -1. */
function indexOf(key: usize, n: u32): i64 {
  if (typeOf(key) != T_NUMBER || numRepr(key) != N_INT) return -1;
  let i = numInt(key);
  return i >= 0 && i < <i64>n ? i : -1;
}

@inline export function getValue(v: usize, key: usize): usize {
  if (key == 0) return 0;
  let t = typeOf(v);
  if (t == T_OBJECT) return objGet(v, key);
  if (t == T_ARRAY) {
    let i = indexOf(key, arrLen(v));
    return i < 0 ? 0 : arrAt(v, <u32>i);
  }
  if (t == T_SET) return setGet(v, key);
  return 0;
}

/** Next iteration key: array indexes (number values), object keys and set
 * elements in sorted (Rego) order. prev = 0 starts; returns 0 at the end. */
export function iterNext(v: usize, prev: usize): usize {
  let t = typeOf(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    if (prev == 0) return n != 0 ? newInt(0) : 0;
    let i = indexOf(prev, n);
    return i >= 0 && i + 1 < <i64>n ? newInt(i + 1) : 0;
  }
  if (t == T_OBJECT || t == T_SET) return tblIterNext(v, prev);
  return 0;
}

export function lengthOf(v: usize): u32 {
  let t = typeOf(v);
  if (t == T_STRING) return <u32>strLen(v);
  if (t == T_ARRAY) return arrLen(v);
  if (t == T_OBJECT || t == T_SET) return tblLen(v);
  return 0;
}

/** Sorted array of an object's keys (shared, not copied), or 0. */
export function objectKeys(v: usize): usize {
  if (typeOf(v) != T_OBJECT) return 0;
  ensureSorted(v);
  let n = tblLen(v);
  let a = newArray(n);
  for (let i: u32 = 0; i < n; i++) arrPush(a, keyAt(v, i));
  return a;
}
