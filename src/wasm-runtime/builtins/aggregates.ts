// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Aggregates over collections: count, sum, product, max, min.
import { typeOf, strLen, strPtr, arrLen, arrAt, newInt } from "../values";
import { T_STRING, T_ARRAY, T_OBJECT, T_SET, T_NUMBER } from "../layout";
import { tblLen, keyAt } from "../table";
import { compareValues } from "../compare";
import { builtin_plus, builtin_mul } from "./arithmetic";

/** Number of Unicode code points in a UTF-8 string. */
function runeCount(p: usize, n: usize): i64 {
  let c: i64 = 0;
  for (let i: usize = 0; i < n; i++) if ((load<u8>(p + i) & 0xC0) != 0x80) c++;
  return c;
}

export function builtin_count(v: usize): usize {
  let t = typeOf(v);
  if (t == T_STRING) return newInt(runeCount(strPtr(v), strLen(v)));
  if (t == T_ARRAY) return newInt(<i64>arrLen(v));
  if (t == T_OBJECT || t == T_SET) return newInt(<i64>tblLen(v));
  return 0;
}

/** Element i of an array or set (sets iterate in their sorted key order). */
function elementCount(v: usize): u32 {
  let t = typeOf(v);
  if (t == T_ARRAY) return arrLen(v);
  if (t == T_SET) return tblLen(v);
  return 0;
}

function elementAt(v: usize, i: u32): usize {
  return typeOf(v) == T_ARRAY ? arrAt(v, i) : keyAt(v, i);
}

function isCollection(v: usize): bool {
  let t = typeOf(v);
  return t == T_ARRAY || t == T_SET;
}

function fold(v: usize, start: i64, mul: bool): usize {
  if (!isCollection(v)) return 0;
  let acc = newInt(start);
  let n = elementCount(v);
  for (let i: u32 = 0; i < n; i++) {
    let e = elementAt(v, i);
    if (typeOf(e) != T_NUMBER) return 0;
    acc = mul ? builtin_mul(acc, e) : builtin_plus(acc, e);
    if (acc == 0) return 0;
  }
  return acc;
}

export function builtin_sum(v: usize): usize { return fold(v, 0, false); }
export function builtin_product(v: usize): usize { return fold(v, 1, true); }

function extreme(v: usize, wantMax: bool): usize {
  if (!isCollection(v)) return 0;
  let n = elementCount(v);
  if (n == 0) return 0;
  let best = elementAt(v, 0);
  for (let i: u32 = 1; i < n; i++) {
    let e = elementAt(v, i);
    let c = compareValues(e, best);
    if (wantMax ? c > 0 : c < 0) best = e;
  }
  return best;
}

export function builtin_max(v: usize): usize { return extreme(v, true); }
export function builtin_min(v: usize): usize { return extreme(v, false); }

