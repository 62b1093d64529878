// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Data-document patching (opa_value_add_path / remove_path) and deep merge.
import {
  T_STRING, T_ARRAY, T_OBJECT,
  ERR_OK, ERR_INTERNAL, ERR_INVALID_TYPE, ERR_INVALID_PATH,
} from "./layout";
import { typeOf, arrLen, arrAt, valueFree, deepCopy } from "./values";
import { newTable, objInsert, objGet, tblFind, tblRemoveAt, tblLen, keyAt, valAt } from "./table";
import { hashValue } from "./hash";
import { getValue } from "./access";

/** Path must be a non-empty array whose elements, except the last, are
 * strings (as OPA's _validate_json_path). Returns its length or -1. */
function pathLen(path: usize): i32 {
  if (typeOf(path) != T_ARRAY) return -1;
  let n = arrLen(path);
  if (n == 0) return -1;
  for (let i: u32 = 0; i + 1 < n; i++) if (typeOf(arrAt(path, i)) != T_STRING) return -1;
  return <i32>n;
}

/** Set `value` at `path` inside `base`, creating missing objects. On success
 * `value` is owned by `base`; a replaced value is freed. Path keys are copied
 * so the caller can free the path. The base is unchanged on error. */
export function addPath(base: usize, path: usize, value: usize): i32 {
  let n = pathLen(path);
  if (n < 0) return ERR_INVALID_PATH;
  if (base == 0 || value == 0) return ERR_INTERNAL;
  let curr = base;
  for (let i: u32 = 0; i + 1 < <u32>n; i++) {
    let k = arrAt(path, i);
    let next = getValue(curr, k);
    if (next == 0) {
      if (typeOf(curr) != T_OBJECT) return ERR_INVALID_TYPE;
      next = newTable(T_OBJECT);
      objInsert(curr, deepCopy(k), next);
    }
    curr = next;
  }
  if (typeOf(curr) != T_OBJECT) return ERR_INVALID_TYPE;
  let k = arrAt(path, <u32>n - 1);
  let h = hashValue(k);
  let i = tblFind(curr, k, h);
  if (i >= 0) {
    let old = valAt(curr, <u32>i);
    objInsert(curr, k, value); // replaces the value, keeps the stored key
    if (old != value) valueFree(old);
  } else {
    objInsert(curr, deepCopy(k), value);
  }
  return ERR_OK;
}

/** Remove the entry at `path`; missing paths are already removed. */
export function removePath(base: usize, path: usize): i32 {
  let n = pathLen(path);
  if (n < 0) return ERR_INVALID_PATH;
  if (base == 0) return ERR_INTERNAL;
  let curr = base;
  for (let i: u32 = 0; i + 1 < <u32>n; i++) {
    curr = getValue(curr, arrAt(path, i));
    if (curr == 0) return ERR_OK;
  }
  if (typeOf(curr) != T_OBJECT) return ERR_INVALID_TYPE;
  let k = arrAt(path, <u32>n - 1);
  let i = tblFind(curr, k, hashValue(k));
  if (i < 0) return ERR_OK;
  let key = keyAt(curr, <u32>i);
  let val = valAt(curr, <u32>i);
  tblRemoveAt(curr, <u32>i);
  valueFree(key);
  valueFree(val);
  return ERR_OK;
}

/** Deep merge of two objects; 0 on conflict (a key whose values are not
 * both objects) or when either side is not an object. Shares structure. */
export function merge(a: usize, b: usize): usize {
  if (a == 0) return b;
  if (b == 0) return a;
  if (typeOf(a) != T_OBJECT || typeOf(b) != T_OBJECT) return 0;
  let r = newTable(T_OBJECT);
  let n = tblLen(a);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(a, i);
    let va = valAt(a, i);
    let vb = objGet(b, k);
    if (vb != 0) {
      va = merge(va, vb);
      if (va == 0) return 0;
    }
    objInsert(r, k, va);
  }
  n = tblLen(b);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(b, i);
    if (objGet(a, k) == 0) objInsert(r, k, valAt(b, i));
  }
  return r;
}
