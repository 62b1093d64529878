// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Rego total order (OPA ast.Compare): null < boolean < number < string <
// array < object < set; arrays lexicographic; objects by sorted keys, each
// key then its value, then length; sets by sorted elements then length.
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT } from "./layout";
import { boolOf, strLen, strPtr, arrLen, arrAt } from "./values";
import { numCompare, numEqual } from "./numbers";
import { ensureSorted, tblLen, keyAt, valAt, hashAt, tblFind } from "./table";
import { bytesEqual, bytesCompare } from "./bytes";

function sign(x: i32): i32 { return x < 0 ? -1 : (x > 0 ? 1 : 0); }

function strCompare(a: usize, b: usize): i32 {
  return bytesCompare(strPtr(a), strLen(a), strPtr(b), strLen(b));
}

/** -1/0/1; a missing value (0) sorts first. */
export function compareValues(a: usize, b: usize): i32 {
  if (a == b) return 0;
  if (a == 0) return -1;
  if (b == 0) return 1;
  let ta = load<u8>(a), tb = load<u8>(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  if (ta == T_NULL) return 0;
  if (ta == T_BOOLEAN) return sign(<i32>boolOf(a) - <i32>boolOf(b));
  if (ta == T_NUMBER) return numCompare(a, b);
  if (ta == T_STRING) return strCompare(a, b);
  if (ta == T_ARRAY) {
    let na = arrLen(a), nb = arrLen(b);
    let n = na < nb ? na : nb;
    for (let i: u32 = 0; i < n; i++) {
      let c = compareValues(arrAt(a, i), arrAt(b, i));
      if (c != 0) return c;
    }
    return na < nb ? -1 : (na > nb ? 1 : 0);
  }
  ensureSorted(a);
  ensureSorted(b);
  let na = tblLen(a), nb = tblLen(b);
  let n = na < nb ? na : nb;
  for (let i: u32 = 0; i < n; i++) {
    let c = compareValues(keyAt(a, i), keyAt(b, i));
    if (c != 0) return c;
    if (ta == T_OBJECT) {
      c = compareValues(valAt(a, i), valAt(b, i));
      if (c != 0) return c;
    }
  }
  return na < nb ? -1 : (na > nb ? 1 : 0);
}

/** Same as compareValues(a, b) == 0, without sorting collections. */
export function equalValues(a: usize, b: usize): bool {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  let ta = load<u8>(a);
  if (ta != load<u8>(b)) return false;
  if (ta == T_NULL) return true;
  if (ta == T_BOOLEAN) return boolOf(a) == boolOf(b);
  if (ta == T_NUMBER) return numEqual(a, b);
  if (ta == T_STRING) {
    let n = strLen(a);
    return n == strLen(b) && bytesEqual(strPtr(a), strPtr(b), n);
  }
  if (ta == T_ARRAY) {
    let n = arrLen(a);
    if (n != arrLen(b)) return false;
    for (let i: u32 = 0; i < n; i++) if (!equalValues(arrAt(a, i), arrAt(b, i))) return false;
    return true;
  }
  let n = tblLen(a);
  if (n != tblLen(b)) return false;
  for (let i: u32 = 0; i < n; i++) {
    let j = tblFind(b, keyAt(a, i), hashAt(a, i));
    if (j < 0) return false;
    if (ta == T_OBJECT && !equalValues(valAt(a, i), valAt(b, <u32>j))) return false;
  }
  return true;
}
