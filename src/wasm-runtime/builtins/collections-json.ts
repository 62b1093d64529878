// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// json.filter, json.remove and json.patch, following OPA's
// v1/topdown/json.go, ast.Object.Filter and internal/edittree.
//
// Paths are "a/b/c" strings (a leading "/" is optional; "~1" and "~0"
// unescape to "/" and "~") or arrays of path segments. json.filter and
// json.remove turn the paths into a tree of objects whose leaves are null;
// array elements are addressed by the decimal *string* of their index, set
// elements by the element itself.
//
// json.patch replays OPA's EditTree so that multi-operation patches give
// exactly OPA's results, including its handling of arrays: a step into an
// array element that has not been touched yet reads that position of the
// array as it was when the array's node was created (so after an earlier
// insert or removal in the same array it picks the pre-edit element, as OPA
// does). Any failing operation makes the result undefined.
import { typeOf, newArray, arrPush, arrLen, arrAt, newString, strLen, strPtr, numRepr, numInt } from "../values";
import { T_NULL, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, N_INT } from "../layout";
import { newTable, objInsert, objGet, setAdd, setGet, tblLen, keyAt, valAt, ensureSorted } from "../table";
import { equalValues } from "../compare";
import { opa_malloc, opa_free } from "../alloc";
import { nullValue } from "../values";
import { typeError } from "./errors";
import { getIndexKey, arrayInsertAt, arrayRemoveAt } from "./collections-util";

// ---- paths --------------------------------------------------------------------

/** "a/b" → ["a", "b"]: leading slashes trimmed, split on "/", each part
 * unescaped ("~1" → "/", then "~0" → "~"). "" is the empty path. */
function parseStringPath(s: usize): usize {
  let p = strPtr(s), n = strLen(s);
  let out = newArray(4);
  if (n == 0) return out;
  let i: usize = 0;
  while (i < n && load<u8>(p + i) == 0x2F) i++;
  let tmp = opa_malloc(n - i + 1);
  while (true) {
    let start = i;
    while (i < n && load<u8>(p + i) != 0x2F) i++;
    // pass 1: "~1" → "/"
    let m: usize = 0;
    let j = start;
    while (j < i) {
      let c = load<u8>(p + j);
      if (c == 0x7E && j + 1 < i && load<u8>(p + j + 1) == 0x31) { store<u8>(tmp + m++, 0x2F); j += 2; }
      else { store<u8>(tmp + m++, c); j++; }
    }
    // pass 2 (in place): "~0" → "~"
    let w: usize = 0;
    let r: usize = 0;
    while (r < m) {
      let c = load<u8>(tmp + r);
      if (c == 0x7E && r + 1 < m && load<u8>(tmp + r + 1) == 0x30) { store<u8>(tmp + w++, 0x7E); r += 2; }
      else { store<u8>(tmp + w++, c); r++; }
    }
    arrPush(out, newString(tmp, w));
    if (i >= n) break;
    i++; // skip "/"
  }
  opa_free(tmp);
  return out;
}

/** A path operand element: string or array of segments; 0 otherwise. */
function parsePath(p: usize): usize {
  let t = typeOf(p);
  if (t == T_STRING) return parseStringPath(p);
  if (t == T_ARRAY) return p;
  return 0;
}

/** OPA's getJSONPaths: array of parsed paths, or 0 after a type error. */
function jsonPaths(name: string, paths: usize): usize {
  let t = typeOf(paths);
  if (t != T_ARRAY && t != T_SET) return typeError(name, 2, "one of {set, array}", paths);
  if (t == T_SET) ensureSorted(paths);
  let n = t == T_ARRAY ? arrLen(paths) : tblLen(paths);
  let out = newArray(n);
  for (let i: u32 = 0; i < n; i++) {
    let e = t == T_ARRAY ? arrAt(paths, i) : keyAt(paths, i);
    let p = parsePath(e);
    if (p == 0) return typeError(name, 2, "one of {set, array} containing string paths or array of path segments", e);
    arrPush(out, p);
  }
  return out;
}

/** OPA's pathsToObject: nested objects with null leaves; a shorter path
 * wins over longer ones below it; empty paths are ignored. */
function pathsToObject(paths: usize): usize {
  let root = newTable(T_OBJECT);
  let n = arrLen(paths);
  for (let i: u32 = 0; i < n; i++) {
    let path = arrAt(paths, i);
    let m = arrLen(path);
    if (m == 0) continue;
    let node = root;
    let done = false;
    for (let j: u32 = 0; j + 1 < m; j++) {
      let k = arrAt(path, j);
      let child = objGet(node, k);
      if (child == 0) {
        let obj = newTable(T_OBJECT);
        objInsert(node, k, obj);
        node = obj;
        continue;
      }
      if (typeOf(child) == T_NULL) { done = true; break; }
      node = child;
    }
    if (!done) objInsert(node, arrAt(path, m - 1), nullValue());
  }
  return root;
}

// ---- json.filter ------------------------------------------------------------------

/** ast filterObject: keep what the filter tree selects (null = everything). */
function filterValue(o: usize, filter: usize): usize {
  if (typeOf(filter) == T_NULL) return o;
  let t = typeOf(o);
  if (t == T_ARRAY) {
    let n = arrLen(o);
    let out = newArray(0);
    for (let i: u32 = 0; i < n; i++) {
      let sub = getIndexKey(filter, i);
      if (sub != 0) arrPush(out, filterValue(arrAt(o, i), sub));
    }
    return out;
  }
  if (t == T_SET) {
    ensureSorted(o);
    let n = tblLen(o);
    let out = newTable(T_SET);
    for (let i: u32 = 0; i < n; i++) {
      let e = keyAt(o, i);
      let sub = objGet(filter, e);
      if (sub != 0) setAdd(out, filterValue(e, sub));
    }
    return out;
  }
  if (t == T_OBJECT) {
    ensureSorted(o);
    let n = tblLen(o);
    let out = newTable(T_OBJECT);
    for (let i: u32 = 0; i < n; i++) {
      let k = keyAt(o, i);
      let sub = objGet(filter, k);
      if (sub != 0) objInsert(out, k, filterValue(valAt(o, i), sub));
    }
    return out;
  }
  return o;
}

export function builtin_json_filter(obj: usize, paths: usize): usize {
  if (typeOf(obj) != T_OBJECT) return typeError("json.filter", 1, "object", obj);
  let ps = jsonPaths("json.filter", paths);
  if (ps == 0) return 0;
  return filterValue(obj, pathsToObject(ps));
}

// ---- json.remove ------------------------------------------------------------------

/** OPA's jsonRemove: `a` without the null leaves of `b` (0 = removed). */
function removeValue(a: usize, b: usize): usize {
  if (b == 0) return a;
  let tb = typeOf(b);
  if (tb == T_NULL) return 0;
  if (tb != T_OBJECT) return a;
  let t = typeOf(a);
  if (t == T_OBJECT) {
    ensureSorted(a);
    let n = tblLen(a);
    let out = newTable(T_OBJECT);
    for (let i: u32 = 0; i < n; i++) {
      let k = keyAt(a, i);
      let v = removeValue(valAt(a, i), objGet(b, k));
      if (v != 0) objInsert(out, k, v);
    }
    return out;
  }
  if (t == T_SET) {
    ensureSorted(a);
    let n = tblLen(a);
    let out = newTable(T_SET);
    for (let i: u32 = 0; i < n; i++) {
      let e = keyAt(a, i);
      let v = removeValue(e, objGet(b, e));
      if (v != 0) setAdd(out, v);
    }
    return out;
  }
  if (t == T_ARRAY) {
    let n = arrLen(a);
    let out = newArray(n);
    for (let i: u32 = 0; i < n; i++) {
      let v = removeValue(arrAt(a, i), getIndexKey(b, i));
      if (v != 0) arrPush(out, v);
    }
    return out;
  }
  return a;
}

export function builtin_json_remove(obj: usize, paths: usize): usize {
  if (typeOf(obj) != T_OBJECT) return typeError("json.remove", 1, "object", obj);
  let ps = jsonPaths("json.remove", paths);
  if (ps == 0) return 0;
  return removeValue(obj, pathsToObject(ps));
}

// ---- json.patch: OPA's EditTree ------------------------------------------------------
//
// Node (16 bytes): kind@0, value@4 (the term the node was created from),
// children@8. Objects and sets: a table from key to child node (a deleted
// key maps to a node of kind K_DELETED). Arrays: an array of entries, one per
// current element: an untouched original element as (index << 1) | 1, or a
// child node pointer (8-aligned, so bit 0 is clear).

const K_DELETED: u32 = 0;
const K_SCALAR: u32 = 1;
const K_OBJECT: u32 = 2;
const K_SET: u32 = 3;
const K_ARRAY: u32 = 4;

function nodeKind(n: usize): u32 { return load<u32>(n); }
function nodeValue(n: usize): usize { return <usize>load<u32>(n, 4); }
function nodeChildren(n: usize): usize { return <usize>load<u32>(n, 8); }

function initNode(node: usize, v: usize): void {
  let t = typeOf(v);
  let kind = K_SCALAR;
  let ch: usize = 0;
  if (v == 0) kind = K_DELETED;
  else if (t == T_OBJECT || t == T_SET) { kind = t == T_OBJECT ? K_OBJECT : K_SET; ch = newTable(T_OBJECT); }
  else if (t == T_ARRAY) {
    kind = K_ARRAY;
    let n = arrLen(v);
    ch = newArray(n);
    for (let i: u32 = 0; i < n; i++) arrPush(ch, <usize>((i << 1) | 1));
  }
  store<u32>(node, kind);
  store<u32>(node, <u32>v, 4);
  store<u32>(node, <u32>ch, 8);
}

function newNode(v: usize): usize {
  let n = opa_malloc(16);
  initNode(n, v);
  return n;
}

let deletedNode: usize = 0;
function deleted(): usize {
  if (deletedNode == 0) deletedNode = newNode(0);
  return deletedNode;
}

function isComposite(v: usize): bool {
  let t = typeOf(v);
  return t == T_OBJECT || t == T_SET || t == T_ARRAY;
}

function render(node: usize): usize {
  let kind = nodeKind(node);
  if (kind == K_DELETED) return 0;
  let v = nodeValue(node);
  if (kind == K_SCALAR) return v;
  let ch = nodeChildren(node);
  if (kind == K_ARRAY) {
    let n = arrLen(ch);
    let out = newArray(n);
    for (let i: u32 = 0; i < n; i++) {
      let e = arrAt(ch, i);
      arrPush(out, (e & 1) != 0 ? arrAt(v, <u32>(e >> 1)) : render(e));
    }
    return out;
  }
  let nc = tblLen(ch);
  if (nc == 0) return v;
  ensureSorted(ch);
  ensureSorted(v);
  let n = tblLen(v);
  if (kind == K_OBJECT) {
    let out = newTable(T_OBJECT);
    for (let i: u32 = 0; i < nc; i++) {
      let c = valAt(ch, i);
      if (nodeKind(c) != K_DELETED) objInsert(out, keyAt(ch, i), render(c));
    }
    for (let i: u32 = 0; i < n; i++) {
      let k = keyAt(v, i);
      if (objGet(ch, k) == 0) objInsert(out, k, valAt(v, i));
    }
    return out;
  }
  let out = newTable(T_SET);
  for (let i: u32 = 0; i < nc; i++) {
    let c = valAt(ch, i);
    if (nodeKind(c) != K_DELETED) setAdd(out, render(c));
  }
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(v, i);
    if (objGet(ch, k) == 0) setAdd(out, k);
  }
  return out;
}

/** A set node is re-rendered (edits folded into its value) before composite keys are used. */
function collapse(node: usize): void {
  store<u32>(node, <u32>render(node), 4);
  store<u32>(node, <u32>newTable(T_OBJECT), 8);
}

let idxOk = false;

/** edittree toIndex: integral numbers, "-" (the length), or decimal strings
 * without leading zeros (an optional sign is accepted, as strconv.ParseInt). */
function toIndex(length: u32, key: usize): i64 {
  idxOk = false;
  let t = typeOf(key);
  if (t == T_NUMBER) {
    if (numRepr(key) != N_INT) return 0;
    idxOk = true;
    return numInt(key);
  }
  if (t != T_STRING) return 0;
  let p = strPtr(key), n = strLen(key);
  if (n == 1 && load<u8>(p) == 0x2D) { idxOk = true; return <i64>length; }
  let i: usize = 0;
  let neg = false;
  if (n > 0 && (load<u8>(p) == 0x2B || load<u8>(p) == 0x2D)) { neg = load<u8>(p) == 0x2D; i = 1; }
  if (i >= n) return 0;
  let acc: u64 = 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i) - 48;
    if (c > 9) return 0;
    if (acc > (0x8000000000000000 - <u64>c) / 10) return 0; // beyond |i64|
    acc = acc * 10 + <u64>c;
  }
  if (!neg && acc > 0x7FFFFFFFFFFFFFFF) return 0;
  if (load<u8>(p) == 0x30 && n != 1) return 0; // leading zero
  idxOk = true;
  return neg ? -<i64>acc : <i64>acc;
}

/** EditTree.Insert: the new child node, or 0 on error. */
function insertChild(node: usize, key: usize, value: usize): usize {
  let kind = nodeKind(node);
  if (kind == K_OBJECT) {
    let c = newNode(value);
    objInsert(nodeChildren(node), key, c);
    return c;
  }
  if (kind == K_SET) {
    if (!equalValues(key, value)) return 0;
    if (isComposite(key)) collapse(node);
    let c = newNode(value);
    objInsert(nodeChildren(node), key, c);
    return c;
  }
  if (kind == K_ARRAY) {
    let ch = nodeChildren(node);
    let len = arrLen(ch);
    let idx = toIndex(len, key);
    if (!idxOk || idx < 0 || idx > <i64>len) return 0;
    let c = newNode(value);
    arrayInsertAt(ch, <u32>idx, c);
    return c;
  }
  return 0; // deleted or scalar
}

/** EditTree.Delete; false on error. */
function deleteChild(node: usize, key: usize): bool {
  let kind = nodeKind(node);
  if (kind == K_OBJECT || kind == K_SET) {
    if (kind == K_SET && isComposite(key)) collapse(node);
    let ch = nodeChildren(node);
    let c = objGet(ch, key);
    if (c != 0) {
      if (nodeKind(c) == K_DELETED) return false;
      objInsert(ch, key, deleted());
      return true;
    }
    let v = nodeValue(node);
    if ((kind == K_OBJECT ? objGet(v, key) : setGet(v, key)) == 0) return false;
    objInsert(ch, key, deleted());
    return true;
  }
  if (kind == K_ARRAY) {
    let ch = nodeChildren(node);
    let len = arrLen(ch);
    let idx = toIndex(len, key);
    if (!idxOk || idx < 0 || idx >= <i64>len) return false;
    arrayRemoveAt(ch, <u32>idx);
    return true;
  }
  return false;
}

/** EditTree.Unfold over path[0:count]: the node there, or 0 on error. */
function unfold(node: usize, path: usize, count: u32): usize {
  for (let i: u32 = 0; i < count; i++) {
    let kind = nodeKind(node);
    let key = arrAt(path, i);
    if (kind == K_OBJECT || kind == K_SET) {
      if (kind == K_SET && isComposite(key)) collapse(node);
      let c = objGet(nodeChildren(node), key);
      if (c != 0) {
        if (nodeKind(c) == K_DELETED) return 0;
        node = c;
        continue;
      }
      let v = nodeValue(node);
      let found = kind == K_OBJECT ? objGet(v, key) : setGet(v, key);
      if (found == 0) return 0;
      node = insertChild(node, key, found);
      if (node == 0) return 0;
      continue;
    }
    if (kind == K_ARRAY) {
      let ch = nodeChildren(node);
      let len = arrLen(ch);
      let idx = toIndex(len, key);
      if (!idxOk) return 0;
      if (idx >= 0 && idx < <i64>len) {
        let e = arrAt(ch, <u32>idx);
        if ((e & 1) == 0) { node = e; continue; }
      }
      // Not edited yet: OPA reads the node's original array at this index.
      let orig = nodeValue(node);
      if (idx < 0 || idx >= <i64>arrLen(orig)) return 0;
      let v = arrAt(orig, <u32>idx);
      if (idx >= <i64>len) return 0; // the delete half of OPA's replace fails
      arrayRemoveAt(ch, <u32>idx);
      let c = newNode(v);
      arrayInsertAt(ch, <u32>idx, c);
      node = c;
      continue;
    }
    return 0; // deleted or scalar
  }
  return node;
}

function insertAtPath(root: usize, path: usize, value: usize): bool {
  if (value == 0) return false;
  let n = arrLen(path);
  if (n == 0) { initNode(root, value); return true; }
  let dest = unfold(root, path, n - 1);
  return dest != 0 && insertChild(dest, arrAt(path, n - 1), value) != 0;
}

function deleteAtPath(root: usize, path: usize): bool {
  let n = arrLen(path);
  if (n == 0) {
    if (nodeKind(root) == K_DELETED) return false;
    initNode(root, 0);
    return true;
  }
  let dest = unfold(root, path, n - 1);
  return dest != 0 && deleteChild(dest, arrAt(path, n - 1));
}

/** Rendered value at path; 0 when missing (or the deleted root). */
function renderAtPath(root: usize, path: usize): usize {
  let dest = unfold(root, path, arrLen(path));
  return dest == 0 ? 0 : render(dest);
}

// Attribute names and op names (UTF-8).
const WORDS: usize = memory.data<u8>([
  111, 112, // op @0
  112, 97, 116, 104, // path @2
  102, 114, 111, 109, // from @6
  118, 97, 108, 117, 101, // value @10
  97, 100, 100, // add @15
  114, 101, 109, 111, 118, 101, // remove @18
  114, 101, 112, 108, 97, 99, 101, // replace @24
  109, 111, 118, 101, // move @31
  99, 111, 112, 121, // copy @35
  116, 101, 115, 116, // test @39
]);

function attr(o: usize, off: usize, n: usize): usize {
  let k = newString(WORDS + off, n);
  let v = objGet(o, k);
  opa_free(k);
  return v;
}

function isWord(s: usize, off: usize, n: usize): bool {
  return strLen(s) == n && memory.compare(strPtr(s), WORDS + off, n) == 0;
}

const OP_ADD = 1, OP_REMOVE = 2, OP_REPLACE = 3, OP_MOVE = 4, OP_COPY = 5, OP_TEST = 6;

/** One patch operation; false on any error (the whole patch is then undefined). */
function applyOp(root: usize, o: usize): bool {
  if (typeOf(o) != T_OBJECT) return false;
  let opv = attr(o, 0, 2);
  if (opv == 0 || typeOf(opv) != T_STRING) return false;
  let op = 0;
  if (isWord(opv, 15, 3)) op = OP_ADD;
  else if (isWord(opv, 18, 6)) op = OP_REMOVE;
  else if (isWord(opv, 24, 7)) op = OP_REPLACE;
  else if (isWord(opv, 31, 4)) op = OP_MOVE;
  else if (isWord(opv, 35, 4)) op = OP_COPY;
  else if (isWord(opv, 39, 4)) op = OP_TEST;
  else return false;
  let pathv = attr(o, 2, 4);
  if (pathv == 0) return false;
  let from: usize = 0, value: usize = 0;
  if (op == OP_MOVE || op == OP_COPY) { from = attr(o, 6, 4); if (from == 0) return false; }
  if (op == OP_ADD || op == OP_REPLACE || op == OP_TEST) { value = attr(o, 10, 5); if (value == 0) return false; }
  let path = parsePath(pathv);
  if (path == 0) return false;
  if (op == OP_ADD) return insertAtPath(root, path, value);
  if (op == OP_REMOVE) return deleteAtPath(root, path);
  if (op == OP_REPLACE) return deleteAtPath(root, path) && insertAtPath(root, path, value);
  if (op == OP_TEST) return equalValues(renderAtPath(root, path), value);
  let fromPath = parsePath(from);
  if (fromPath == 0) return false;
  let chunk = renderAtPath(root, fromPath);
  if (chunk == 0) return false;
  if (op == OP_MOVE && !deleteAtPath(root, fromPath)) return false;
  return insertAtPath(root, path, chunk);
}

export function builtin_json_patch(doc: usize, patches: usize): usize {
  if (typeOf(patches) != T_ARRAY) return typeError("json.patch", 2, "array", patches);
  if (doc == 0) return 0;
  let root = newNode(doc);
  let n = arrLen(patches);
  for (let i: u32 = 0; i < n; i++) if (!applyOp(root, arrAt(patches, i))) return 0;
  return render(root);
}
