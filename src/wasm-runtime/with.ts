// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// `with input.a.b as v`: a copy of the document with the path set. Only the
// objects along the path are copied (shallowly), so the cost is the path's
// length, not the document's size. Non-object intermediates are replaced by
// objects, as OPA does when `with` modifiers nest (`with input.a as 1 with
// input.a.b as 2` gives {"a": {"b": 2}}).
import { typeOf, shallowCopy, arrLen, arrAt } from "./values";
import { T_ARRAY, T_OBJECT } from "./layout";
import { newTable, objInsert, objGet } from "./table";

export function rt_upsert(base: usize, path: usize, value: usize): usize {
  if (typeOf(path) != T_ARRAY || arrLen(path) == 0) return value;
  let root = typeOf(base) == T_OBJECT ? shallowCopy(base) : newTable(T_OBJECT);
  let cur = root;
  let n = arrLen(path);
  for (let i: u32 = 0; i + 1 < n; i++) {
    let key = arrAt(path, i);
    let child = objGet(cur, key);
    let next = typeOf(child) == T_OBJECT ? shallowCopy(child) : newTable(T_OBJECT);
    objInsert(cur, key, next);
    cur = next;
  }
  objInsert(cur, arrAt(path, n - 1), value);
  return root;
}
