// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Collection builtins, with OPA's semantics (v1/topdown/{array,sets,binary,
// object,subset,walk,reachable}.go and aggregates.go's sort):
//   array.concat, array.slice, array.reverse, array.flatten, sort,
//   and (`&`), or (`|`), intersection, union, set_diff,
//   object.union, object.union_n, object.remove, object.filter, object.get,
//   object.keys, object.subset, walk, graph.reachable, graph.reachable_paths.
// json.filter / json.remove / json.patch live in collections-json.ts.
// Values are immutable once built, so results share elements with operands.
import { typeOf, newArray, arrPush, arrLen, arrAt, arrElems, newInt, boolValue, shallowCopy } from "../values";
import { T_NUMBER, T_ARRAY, T_OBJECT, T_SET } from "../layout";
import { newTable, objInsert, objGet, setAdd, setGet, tblLen, keyAt, valAt, ensureSorted } from "../table";
import { compareValues, equalValues } from "../compare";
import { numToI64 } from "../numbers";
import { opa_malloc, opa_free } from "../alloc";
import { typeError, operandMessageError, elementTypeError } from "./errors";
import { elemCount, elemAt, isArrayOrSet, arraySlice, arrayCopy } from "./collections-util";

export * from "./collections-json";

// ---- arrays -------------------------------------------------------------------

export function builtin_array_concat(a: usize, b: usize): usize {
  if (typeOf(a) != T_ARRAY) return typeError("array.concat", 1, "array", a);
  if (typeOf(b) != T_ARRAY) return typeError("array.concat", 2, "array", b);
  let na = arrLen(a), nb = arrLen(b);
  if (na == 0) return b;
  if (nb == 0) return a;
  let out = newArray(na + nb);
  memory.copy(arrElems(out), arrElems(a), <usize>na << 2);
  memory.copy(arrElems(out) + (<usize>na << 2), arrElems(b), <usize>nb << 2);
  store<u32>(out, na + nb, 4);
  return out;
}

const I64_OUT: usize = memory.data(8, 8);

export function builtin_array_slice(arr: usize, start: usize, stop: usize): usize {
  if (typeOf(arr) != T_ARRAY) return typeError("array.slice", 1, "array", arr);
  if (typeOf(start) != T_NUMBER) return typeError("array.slice", 2, "number", start);
  if (!numToI64(start, I64_OUT)) return operandMessageError("array.slice", "operand 2 must be integer number but got floating-point number");
  let from = load<i64>(I64_OUT);
  if (typeOf(stop) != T_NUMBER) return typeError("array.slice", 3, "number", stop);
  if (!numToI64(stop, I64_OUT)) return operandMessageError("array.slice", "operand 3 must be integer number but got floating-point number");
  let to = load<i64>(I64_OUT);
  let n = <i64>arrLen(arr);
  if (to < 0) to = 0;
  else if (to > n) to = n;
  if (from < 0) from = 0;
  else if (from > to) from = to;
  if (from == 0 && to >= n) return arr;
  return arraySlice(arr, <u32>from, <u32>to);
}

export function builtin_array_reverse(arr: usize): usize {
  if (typeOf(arr) != T_ARRAY) return typeError("array.reverse", 1, "array", arr);
  let n = arrLen(arr);
  let out = newArray(n);
  for (let i = n; i > 0; i--) arrPush(out, arrAt(arr, i - 1));
  return out;
}

/** One level: array elements are spliced in, anything else is kept as is. */
export function builtin_array_flatten(arr: usize): usize {
  if (typeOf(arr) != T_ARRAY) return typeError("array.flatten", 1, "array", arr);
  let n = arrLen(arr);
  let out = newArray(n);
  for (let i: u32 = 0; i < n; i++) {
    let e = arrAt(arr, i);
    if (typeOf(e) == T_ARRAY) {
      let m = arrLen(e);
      for (let j: u32 = 0; j < m; j++) arrPush(out, arrAt(e, j));
    } else {
      arrPush(out, e);
    }
  }
  return out;
}

/** Stable bottom-up merge sort of n value pointers at p, in Rego order. */
function sortPointers(p: usize, n: u32): void {
  if (n < 2) return;
  if (n <= 16) {
    for (let i: u32 = 1; i < n; i++) {
      let x = load<u32>(p + (<usize>i << 2));
      let j = i;
      while (j > 0 && compareValues(<usize>load<u32>(p + (<usize>(j - 1) << 2)), <usize>x) > 0) {
        store<u32>(p + (<usize>j << 2), load<u32>(p + (<usize>(j - 1) << 2)));
        j--;
      }
      store<u32>(p + (<usize>j << 2), x);
    }
    return;
  }
  let bytes = <usize>n << 2;
  let tmp = opa_malloc(bytes);
  let src = p, dst = tmp;
  for (let w: u32 = 1; w < n; w <<= 1) {
    for (let lo: u32 = 0; lo < n; lo += w << 1) {
      let mid = lo + w < n ? lo + w : n;
      let hi = mid + w < n ? mid + w : n;
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        let a = load<u32>(src + (<usize>i << 2)), b = load<u32>(src + (<usize>j << 2));
        if (compareValues(<usize>a, <usize>b) <= 0) { store<u32>(dst + (<usize>k << 2), a); i++; }
        else { store<u32>(dst + (<usize>k << 2), b); j++; }
        k++;
      }
      while (i < mid) { store<u32>(dst + (<usize>k << 2), load<u32>(src + (<usize>i << 2))); i++; k++; }
      while (j < hi) { store<u32>(dst + (<usize>k << 2), load<u32>(src + (<usize>j << 2))); j++; k++; }
    }
    let x = src; src = dst; dst = x;
  }
  if (src != p) memory.copy(p, src, bytes);
  opa_free(tmp);
}

export function builtin_sort(v: usize): usize {
  let t = typeOf(v);
  if (t == T_ARRAY) {
    let out = arrayCopy(v);
    sortPointers(arrElems(out), arrLen(out));
    return out;
  }
  if (t == T_SET) {
    ensureSorted(v);
    let n = tblLen(v);
    let out = newArray(n);
    for (let i: u32 = 0; i < n; i++) arrPush(out, keyAt(v, i));
    return out;
  }
  return typeError("sort", 1, "one of {set, array}", v);
}

// ---- sets ---------------------------------------------------------------------

function setIntersect(a: usize, b: usize): usize {
  if (tblLen(b) < tblLen(a)) { let x = a; a = b; b = x; }
  let out = newTable(T_SET);
  let n = tblLen(a);
  for (let i: u32 = 0; i < n; i++) {
    let e = keyAt(a, i);
    if (setGet(b, e) != 0) setAdd(out, e);
  }
  return out;
}

function setUnionInto(out: usize, b: usize): void {
  let n = tblLen(b);
  for (let i: u32 = 0; i < n; i++) setAdd(out, keyAt(b, i));
}

export function builtin_and(a: usize, b: usize): usize {
  if (typeOf(a) != T_SET) return typeError("and", 1, "set", a);
  if (typeOf(b) != T_SET) return typeError("and", 2, "set", b);
  return setIntersect(a, b);
}

export function builtin_or(a: usize, b: usize): usize {
  if (typeOf(a) != T_SET) return typeError("or", 1, "set", a);
  if (typeOf(b) != T_SET) return typeError("or", 2, "set", b);
  let out = shallowCopy(a);
  setUnionInto(out, b);
  return out;
}

export function builtin_set_diff(a: usize, b: usize): usize {
  if (typeOf(a) != T_SET) return typeError("set_diff", 1, "set", a);
  if (typeOf(b) != T_SET) return typeError("set_diff", 2, "set", b);
  let out = newTable(T_SET);
  let n = tblLen(a);
  for (let i: u32 = 0; i < n; i++) {
    let e = keyAt(a, i);
    if (setGet(b, e) == 0) setAdd(out, e);
  }
  return out;
}

/** Operand 1 must be a set of sets (elements checked in sorted order, as OPA). */
function setOfSets(name: string, xs: usize): bool {
  if (typeOf(xs) != T_SET) { typeError(name, 1, "set", xs); return false; }
  let n = elemCount(xs);
  for (let i: u32 = 0; i < n; i++) {
    let e = keyAt(xs, i);
    if (typeOf(e) != T_SET) { typeError(name, 1, "set", e); return false; }
  }
  return true;
}

export function builtin_intersection(xs: usize): usize {
  if (!setOfSets("intersection", xs)) return 0;
  let n = tblLen(xs);
  if (n == 0) return newTable(T_SET);
  let acc = keyAt(xs, 0);
  for (let i: u32 = 1; i < n; i++) acc = setIntersect(acc, keyAt(xs, i));
  return acc;
}

export function builtin_union(xs: usize): usize {
  if (!setOfSets("union", xs)) return 0;
  let out = newTable(T_SET);
  let n = tblLen(xs);
  for (let i: u32 = 0; i < n; i++) setUnionInto(out, keyAt(xs, i));
  return out;
}

// ---- objects ------------------------------------------------------------------

/** OPA's mergeWithOverwrite: recursive union, `b` wins unless both are objects. */
function mergeOverwrite(a: usize, b: usize): usize {
  ensureSorted(a);
  ensureSorted(b);
  let out = newTable(T_OBJECT);
  let n = tblLen(a);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(a, i), v = valAt(a, i);
    let v2 = objGet(b, k);
    if (v2 == 0) objInsert(out, k, v);
    else if (typeOf(v) == T_OBJECT && typeOf(v2) == T_OBJECT) objInsert(out, k, mergeOverwrite(v, v2));
    else objInsert(out, k, v2);
  }
  let m = tblLen(b);
  for (let i: u32 = 0; i < m; i++) {
    let k = keyAt(b, i);
    if (objGet(a, k) == 0) objInsert(out, k, valAt(b, i));
  }
  return out;
}

export function builtin_object_union(a: usize, b: usize): usize {
  if (typeOf(a) != T_OBJECT) return typeError("object.union", 1, "object", a);
  if (typeOf(b) != T_OBJECT) return typeError("object.union", 2, "object", b);
  if (equalValues(a, b)) return a;
  return mergeOverwrite(a, b);
}

/** Left-to-right fold of object.union (OPA merges back to front with
 * "frozen" keys, which yields the same document). */
export function builtin_object_union_n(arr: usize): usize {
  if (typeOf(arr) != T_ARRAY) return typeError("object.union_n", 1, "array", arr);
  let n = arrLen(arr);
  for (let i = n; i > 0; i--) {
    let e = arrAt(arr, i - 1);
    if (typeOf(e) != T_OBJECT) return elementTypeError("object.union_n", 1, arr, "object", e);
  }
  if (n == 0) return newTable(T_OBJECT);
  let acc = mergeOverwrite(newTable(T_OBJECT), arrAt(arr, 0));
  for (let i: u32 = 1; i < n; i++) acc = mergeOverwrite(acc, arrAt(arr, i));
  return acc;
}

/** The keys operand of object.remove / object.filter as a set-like table
 * (a set, or an object whose keys count), or 0 after a type error. */
function keysParam(name: string, keys: usize): usize {
  let t = typeOf(keys);
  if (t == T_SET || t == T_OBJECT) return keys;
  if (t == T_ARRAY) {
    let s = newTable(T_SET);
    let n = arrLen(keys);
    for (let i: u32 = 0; i < n; i++) setAdd(s, arrAt(keys, i));
    return s;
  }
  return typeError(name, 2, "one of {object, set, array}", keys);
}

function hasKey(keys: usize, k: usize): bool {
  return typeOf(keys) == T_SET ? setGet(keys, k) != 0 : objGet(keys, k) != 0;
}

export function builtin_object_remove(obj: usize, keys: usize): usize {
  if (typeOf(obj) != T_OBJECT) return typeError("object.remove", 1, "object", obj);
  let ks = keysParam("object.remove", keys);
  if (ks == 0) return 0;
  ensureSorted(obj);
  let out = newTable(T_OBJECT);
  let n = tblLen(obj);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(obj, i);
    if (!hasKey(ks, k)) objInsert(out, k, valAt(obj, i));
  }
  return out;
}

export function builtin_object_filter(obj: usize, keys: usize): usize {
  if (typeOf(obj) != T_OBJECT) return typeError("object.filter", 1, "object", obj);
  let ks = keysParam("object.filter", keys);
  if (ks == 0) return 0;
  ensureSorted(obj);
  let out = newTable(T_OBJECT);
  let n = tblLen(obj);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(obj, i);
    if (hasKey(ks, k)) objInsert(out, k, valAt(obj, i));
  }
  return out;
}

/** ast.Value.Find: the value at `path[i:]` below v, or 0. */
function findPath(v: usize, path: usize, i: u32): usize {
  let n = arrLen(path);
  while (i < n) {
    let k = arrAt(path, i);
    let t = typeOf(v);
    if (t == T_OBJECT) {
      v = objGet(v, k);
    } else if (t == T_ARRAY) {
      if (typeOf(k) != T_NUMBER || !numToI64(k, I64_OUT)) return 0;
      let idx = load<i64>(I64_OUT);
      if (idx < 0 || idx >= <i64>arrLen(v)) return 0;
      v = arrAt(v, <u32>idx);
    } else if (t == T_SET) {
      v = setGet(v, k);
    } else {
      return 0;
    }
    if (v == 0) return 0;
    i++;
  }
  return v;
}

export function builtin_object_get(obj: usize, key: usize, dflt: usize): usize {
  if (typeOf(obj) != T_OBJECT) return typeError("object.get", 1, "object", obj);
  if (typeOf(key) != T_ARRAY) {
    let v = objGet(obj, key);
    return v != 0 ? v : dflt;
  }
  if (arrLen(key) == 0) return obj;
  let v = findPath(obj, key, 0);
  return v != 0 ? v : dflt;
}

export function builtin_object_keys(obj: usize): usize {
  if (typeOf(obj) != T_OBJECT) return typeError("object.keys", 1, "object", obj);
  ensureSorted(obj);
  let out = newTable(T_SET);
  let n = tblLen(obj);
  for (let i: u32 = 0; i < n; i++) setAdd(out, keyAt(obj, i));
  return out;
}

// ---- object.subset ---------------------------------------------------------------

function objectSubset(sup: usize, sub: usize): bool {
  let n = tblLen(sub);
  for (let i: u32 = 0; i < n; i++) {
    let subV = valAt(sub, i);
    let supV = objGet(sup, keyAt(sub, i));
    if (supV == 0) return false;
    if (equalValues(subV, supV)) continue;
    let ta = typeOf(supV), tb = typeOf(subV);
    if (ta == T_OBJECT && tb == T_OBJECT) { if (!objectSubset(supV, subV)) return false; continue; }
    if (ta == T_SET && tb == T_SET) { if (!setSubset(supV, subV)) return false; continue; }
    if (ta == T_ARRAY && tb == T_ARRAY) { if (!arraySubset(supV, subV)) return false; continue; }
    return false;
  }
  return true;
}

function setSubset(sup: usize, sub: usize): bool {
  let n = tblLen(sub);
  for (let i: u32 = 0; i < n; i++) if (setGet(sup, keyAt(sub, i)) == 0) return false;
  return true;
}

/** `sub` occurs as a contiguous run inside `sup`. */
function arraySubset(sup: usize, sub: usize): bool {
  let n = arrLen(sup), m = arrLen(sub);
  if (m > n) return false;
  for (let s: u32 = 0; s + m <= n; s++) {
    let j: u32 = 0;
    while (j < m && equalValues(arrAt(sup, s + j), arrAt(sub, j))) j++;
    if (j == m) return true;
  }
  return false;
}

/** OPA's arraySetSubset: counts array elements found in the set (duplicates
 * count again) and succeeds once the count reaches the set's size; an empty
 * array is never a superset, not even of the empty set. */
function arraySetSubset(sup: usize, sub: usize): bool {
  let unmatched = <i64>tblLen(sub);
  let n = arrLen(sup);
  for (let i: u32 = 0; i < n; i++) {
    if (setGet(sub, arrAt(sup, i)) != 0) unmatched--;
    if (unmatched == 0) return true;
  }
  return false;
}

export function builtin_object_subset(sup: usize, sub: usize): usize {
  let ta = typeOf(sup), tb = typeOf(sub);
  if (ta == T_OBJECT && tb == T_OBJECT) return boolValue(objectSubset(sup, sub));
  if (ta == T_SET && tb == T_SET) return boolValue(setSubset(sup, sub));
  if (ta == T_ARRAY && tb == T_ARRAY) return boolValue(arraySubset(sup, sub));
  if (ta == T_ARRAY && tb == T_SET) return boolValue(arraySetSubset(sup, sub));
  return operandMessageError("object.subset", "both arguments object.subset must be of the same type or array and set");
}

// ---- walk -------------------------------------------------------------------------

function walkInto(out: usize, path: usize, v: usize): void {
  let pair = newArray(2);
  arrPush(pair, arrayCopy(path));
  arrPush(pair, v);
  arrPush(out, pair);
  let t = typeOf(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: u32 = 0; i < n; i++) {
      arrPush(path, newInt(<i64>i));
      walkInto(out, path, arrAt(v, i));
      store<u32>(path, arrLen(path) - 1, 4);
    }
  } else if (t == T_OBJECT || t == T_SET) {
    ensureSorted(v);
    let n = tblLen(v);
    for (let i: u32 = 0; i < n; i++) {
      let k = keyAt(v, i);
      arrPush(path, k);
      walkInto(out, path, t == T_OBJECT ? valAt(v, i) : k);
      store<u32>(path, arrLen(path) - 1, 4);
    }
  }
}

/** `walk` is a relation: OPA yields one `[path, value]` pair per nested
 * document (pre-order, keys and set elements in sorted order). Natively it
 * returns the array of all pairs; the planner iterates over it. */
export function builtin_walk(x: usize): usize {
  if (x == 0) return 0;
  let out = newArray(8);
  let path = newArray(8);
  walkInto(out, path, x);
  return out;
}

// ---- graphs -------------------------------------------------------------------------

export function builtin_graph_reachable(graph: usize, initial: usize): usize {
  if (typeOf(graph) != T_OBJECT) return typeError("graph.reachable", 1, "object", graph);
  if (!isArrayOrSet(initial)) return typeError("graph.reachable", 2, "{array, set}", initial);
  let queue = newArray(8);
  let n = elemCount(initial);
  for (let i: u32 = 0; i < n; i++) arrPush(queue, elemAt(initial, i));
  let reached = newTable(T_SET);
  for (let head: u32 = 0; head < arrLen(queue); head++) {
    let node = arrAt(queue, head);
    let edges = objGet(graph, node);
    if (edges == 0) continue;
    let m = elemCount(edges);
    if (isArrayOrSet(edges)) {
      for (let j: u32 = 0; j < m; j++) {
        let nb = elemAt(edges, j);
        if (setGet(reached, nb) == 0) arrPush(queue, nb);
      }
    }
    setAdd(reached, node);
  }
  return reached;
}

function edgeCount(edges: usize): u32 { return isArrayOrSet(edges) ? elemCount(edges) : 0; }

function onPath(path: usize, v: usize): bool {
  let n = arrLen(path);
  for (let i: u32 = 0; i < n; i++) if (equalValues(arrAt(path, i), v)) return true;
  return false;
}

/** OPA's pathBuilder; `path` is a stack (its nodes are also the `reached` set). */
function pathBuilder(graph: usize, root: usize, path: usize, out: usize): void {
  let edges = objGet(graph, root);
  if (edges == 0) { setAdd(out, arrayCopy(path)); return; }
  arrPush(path, root);
  let m = edgeCount(edges);
  if (m == 0) {
    setAdd(out, arrayCopy(path));
  } else {
    for (let j: u32 = 0; j < m; j++) {
      let nb = elemAt(edges, j);
      if (onPath(path, nb)) setAdd(out, arrayCopy(path));
      else pathBuilder(graph, nb, path, out);
    }
  }
  store<u32>(path, arrLen(path) - 1, 4);
}

export function builtin_graph_reachable_paths(graph: usize, initial: usize): usize {
  if (typeOf(graph) != T_OBJECT) return typeError("graph.reachable_paths", 1, "object", graph);
  if (!isArrayOrSet(initial)) return typeError("graph.reachable_paths", 2, "{array, set}", initial);
  let out = newTable(T_SET);
  let n = elemCount(initial);
  let path = newArray(8);
  for (let i: u32 = 0; i < n; i++) {
    let node = elemAt(initial, i);
    let edges = objGet(graph, node);
    if (edges == 0) continue;
    let m = edgeCount(edges);
    if (m == 0) {
      let single = newArray(1);
      arrPush(single, node);
      setAdd(out, single);
      continue;
    }
    for (let j: u32 = 0; j < m; j++) {
      store<u32>(path, 0, 4);
      arrPush(path, node);
      pathBuilder(graph, elemAt(edges, j), path, out);
    }
  }
  return out;
}
