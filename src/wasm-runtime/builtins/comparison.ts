// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Comparison and membership builtins. Rego compares any two values with its
// total order (null < boolean < number < string < array < object < set).
import { compareValues, equalValues } from "../compare";
import { boolValue, typeOf, arrLen, arrAt } from "../values";
import { T_ARRAY, T_OBJECT, T_SET } from "../layout";
import { tblLen, valAt, setGet, objGet } from "../table";
import { numToI64 } from "../numbers";

export function builtin_equal(a: usize, b: usize): usize { return boolValue(equalValues(a, b)); }
export function builtin_neq(a: usize, b: usize): usize { return boolValue(!equalValues(a, b)); }
export function builtin_lt(a: usize, b: usize): usize { return boolValue(compareValues(a, b) < 0); }
export function builtin_lte(a: usize, b: usize): usize { return boolValue(compareValues(a, b) <= 0); }
export function builtin_gt(a: usize, b: usize): usize { return boolValue(compareValues(a, b) > 0); }
export function builtin_gte(a: usize, b: usize): usize { return boolValue(compareValues(a, b) >= 0); }

/** `x in xs`: an array element, an object value, or a set element equal to x. */
export function builtin_internal_member_2(x: usize, xs: usize): usize {
  let t = typeOf(xs);
  if (t == T_ARRAY) {
    let n = arrLen(xs);
    for (let i: u32 = 0; i < n; i++) if (equalValues(arrAt(xs, i), x)) return boolValue(true);
    return boolValue(false);
  }
  if (t == T_OBJECT) {
    let n = tblLen(xs);
    for (let i: u32 = 0; i < n; i++) if (equalValues(valAt(xs, i), x)) return boolValue(true);
    return boolValue(false);
  }
  if (t == T_SET) return boolValue(setGet(xs, x) != 0);
  return boolValue(false);
}

const I64_SCRATCH: usize = memory.data(8, 8);

/** `k, v in xs`: xs[k] exists and equals v (for sets: k and v are the element). */
export function builtin_internal_member_3(k: usize, v: usize, xs: usize): usize {
  let t = typeOf(xs);
  if (t == T_ARRAY) {
    if (!numToI64(k, I64_SCRATCH)) return boolValue(false);
    let i = load<i64>(I64_SCRATCH);
    if (i < 0 || i >= <i64>arrLen(xs)) return boolValue(false);
    return boolValue(equalValues(arrAt(xs, <u32>i), v));
  }
  if (t == T_OBJECT) {
    let got = objGet(xs, k);
    return boolValue(got != 0 && equalValues(got, v));
  }
  if (t == T_SET) return boolValue(equalValues(k, v) && setGet(xs, k) != 0);
  return boolValue(false);
}
