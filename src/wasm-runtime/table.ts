// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Objects and sets: an insertion-ordered entry array plus an open-addressing
// index (built past INDEX_MIN entries). Entries are sorted in place, lazily,
// whenever Rego order is needed (iteration, dump, compare); a flag records
// whether they already are, so sorted input (and comprehension output over
// sorted input) never pays for a sort. Sorting allocates only a temporary
// buffer, so long-lived values (data) stay valid across heap resets.
import { opa_malloc, opa_free, realloc, blockSize, alloc } from "./alloc";
import { T_OBJECT, T_SET, T_STRING, TBL_SIZE, F_SORTED } from "./layout";
import { compareValues, equalValues } from "./compare";
import { hashValue } from "./hash";
import { valueFree, deepCopy, strLen, strPtr } from "./values";
import { bytesEqual, bytesCompare, copyBytes } from "./bytes";

const INDEX_MIN: u32 = 8;

// Entry layout: key@0, [value@4], hash@stride-4. Objects 12 bytes, sets 8.
// A stored hash of 0 means "not computed yet": small tables look string and
// scalar keys up by comparing them, so most entries never need their hash
// (hashAt computes and stores it on demand; an index needs them all).
@inline export function stride(t: usize): usize { return load<u8>(t) == T_SET ? 8 : 12; }
@inline export function tblLen(t: usize): u32 { return load<u32>(t, 4); }
@inline function entries(t: usize): usize { return <usize>load<u32>(t, 12); }
@inline function entry(t: usize, i: u32): usize { return entries(t) + <usize>i * stride(t); }
@inline export function keyAt(t: usize, i: u32): usize { return <usize>load<u32>(entry(t, i)); }
/** Object: value of entry i. */
@inline export function valAt(t: usize, i: u32): usize { return <usize>load<u32>(entry(t, i), 4); }
export function hashAt(t: usize, i: u32): u32 {
  let s = stride(t);
  let p = entries(t) + <usize>i * s + s - 4;
  let h = load<u32>(p);
  if (h == 0) {
    h = hashValue(<usize>load<u32>(p - s + 4));
    store<u32>(p, h);
  }
  return h;
}

export function newTable(type: u8): usize {
  let t = alloc(TBL_SIZE);
  store<u32>(t, <u32>type | (<u32>F_SORTED << 8));
  store<u64>(t, 0, 4);
  store<u64>(t, 0, 12);
  store<u64>(t, 0, 20);
  return t;
}

/** Keys compared without hashing them (in small tables). */
@inline function isPlainKey(k: usize): bool { return load<u8>(k) <= T_STRING; }

/** Entry index of `key` (whose hash is `h`), or -1. */
export function tblFind(t: usize, key: usize, h: u32): i32 {
  let n = tblLen(t);
  let s = stride(t);
  let e = entries(t);
  let index = <usize>load<u32>(t, 16);
  if (index == 0) {
    for (let i: u32 = 0; i < n; i++) {
      let p = e + <usize>i * s;
      let hs = load<u32>(p + s - 4);
      if ((hs == h || hs == 0) && (<usize>load<u32>(p) == key || equalValues(<usize>load<u32>(p), key))) return <i32>i;
    }
    return -1;
  }
  let mask = load<u32>(t, 20) - 1;
  let i = h & mask;
  while (true) {
    let slot = load<u32>(index + (<usize>i << 2));
    if (slot == 0) return -1;
    let p = e + <usize>(slot - 1) * s;
    if (load<u32>(p + s - 4) == h && (<usize>load<u32>(p) == key || equalValues(<usize>load<u32>(p), key))) return <i32>(slot - 1);
    i = (i + 1) & mask;
  }
  return -1;
}

/** Entry index of `key`, or -1: small tables compare plain keys (strings
 * by length and bytes) without hashing them. */
export function tblIndexOf(t: usize, key: usize): i32 {
  if (load<u32>(t, 16) != 0 || !isPlainKey(key)) return tblFind(t, key, hashValue(key));
  let n = tblLen(t);
  let s = stride(t);
  let p = entries(t);
  if (load<u8>(key) == T_STRING) {
    let kp = strPtr(key), kl = strLen(key);
    for (let i: u32 = 0; i < n; i++, p += s) {
      let k = <usize>load<u32>(p);
      if (k == key) return <i32>i;
      if (load<u8>(k) == T_STRING && strLen(k) == kl && bytesEqual(strPtr(k), kp, kl)) return <i32>i;
    }
    return -1;
  }
  for (let i: u32 = 0; i < n; i++, p += s) {
    let k = <usize>load<u32>(p);
    if (k == key || equalValues(k, key)) return <i32>i;
  }
  return -1;
}

function indexPut(index: usize, mask: u32, h: u32, slot: u32): void {
  let i = h & mask;
  while (load<u32>(index + (<usize>i << 2)) != 0) i = (i + 1) & mask;
  store<u32>(index + (<usize>i << 2), slot);
}

/** (Re)build the index with at least `min` slots and load factor <= 1/2. */
function rebuildIndex(t: usize, min: u32): void {
  let n = tblLen(t);
  let slots: u32 = 16;
  while (slots < min || slots < n << 1) slots <<= 1;
  let index = <usize>load<u32>(t, 16);
  if (index == 0 || load<u32>(t, 20) != slots) {
    if (index != 0) opa_free(index);
    index = opa_malloc(<usize>slots << 2);
    store<u32>(t, <u32>index, 16);
    store<u32>(t, slots, 20);
  }
  memory.fill(index, 0, <usize>slots << 2);
  let mask = slots - 1;
  for (let i: u32 = 0; i < n; i++) indexPut(index, mask, hashAt(t, i), i + 1);
}

/** Append a key known to be absent (h: its hash, or 0 if not computed). */
function append(t: usize, key: usize, val: usize, h: u32): void {
  let n = tblLen(t);
  let cap = load<u32>(t, 8);
  let s = stride(t);
  if (n >= cap) {
    cap = cap < 4 ? 4 : cap << 1;
    store<u32>(t, <u32>realloc(entries(t), <usize>cap * s), 12);
    store<u32>(t, cap, 8);
  }
  let p = entries(t) + <usize>n * s;
  store<u32>(p, <u32>key);
  if (s == 12) store<u32>(p, <u32>val, 4);
  store<u32>(p + s - 4, h);
  store<u32>(t, n + 1, 4);
  if (n > 0 && (load<u8>(t, 1) & F_SORTED) != 0 && compareValues(keyAt(t, n - 1), key) > 0) {
    store<u8>(t, load<u8>(t, 1) & ~F_SORTED, 1);
  }
  let index = <usize>load<u32>(t, 16);
  if (index != 0) {
    let slots = load<u32>(t, 20);
    if ((n + 1) << 1 > slots) rebuildIndex(t, slots << 1);
    else indexPut(index, slots - 1, h != 0 ? h : hashAt(t, n), n + 1);
  } else if (n + 1 > INDEX_MIN) {
    rebuildIndex(t, 32);
  }
}

/** Object insert. Returns the replaced value (key not stored), or 0. */
export function objInsert(t: usize, key: usize, val: usize): usize {
  let h: u32 = 0;
  let i: i32;
  if (load<u32>(t, 16) == 0 && isPlainKey(key)) i = tblIndexOf(t, key);
  else { h = hashValue(key); i = tblFind(t, key, h); }
  if (i >= 0) {
    let p = entry(t, <u32>i);
    let old = <usize>load<u32>(p, 4);
    store<u32>(p, <u32>val, 4);
    return old;
  }
  append(t, key, val, h);
  return 0;
}

/** Set add. Returns false (element not stored) when already present. */
export function setAdd(t: usize, v: usize): bool {
  let h: u32 = 0;
  let i: i32;
  if (load<u32>(t, 16) == 0 && isPlainKey(v)) i = tblIndexOf(t, v);
  else { h = hashValue(v); i = tblFind(t, v, h); }
  if (i >= 0) return false;
  append(t, v, 0, h);
  return true;
}

/** Object value for key, or 0. */
@inline export function objGet(t: usize, key: usize): usize {
  let i = tblIndexOf(t, key);
  return i < 0 ? 0 : valAt(t, <u32>i);
}

/** Stored set element equal to v, or 0. */
@inline export function setGet(t: usize, v: usize): usize {
  let i = tblIndexOf(t, v);
  return i < 0 ? 0 : keyAt(t, <u32>i);
}

/**
 * A table from n entries laid out as in a table of `type` ((key, value,
 * hash) or (element, hash) u32 words; hash 0 = not computed) at src: one
 * allocation for the entries, the index built once. Duplicates are resolved
 * as repeated objInsert / setAdd would: an object keeps the first key with
 * the last value, a set the first element; what is dropped is freed.
 */
export function tblBuild(type: u8, src: usize, n: u32): usize {
  let t = newTable(type);
  if (n == 0) return t;
  let s: usize = type == T_SET ? 8 : 12;
  let e = alloc(<usize>n * s);
  store<u32>(t, <u32>(s == 8 ? blockSize(e) >> 3 : blockSize(e) / 12), 8); // constant divisors
  store<u32>(t, <u32>e, 12);
  let m: u32 = 0;
  if (n <= INDEX_MIN && !hasDuplicates(src, n, s)) {
    copyBytes(e, src, <usize>n * s); // the common case: one copy
    m = n;
  } else {
    for (let i: u32 = 0; i < n; i++) {
      let q = src + <usize>i * s;
      let k = <usize>load<u32>(q);
      let h = load<u32>(q + s - 4);
      store<u32>(t, m, 4);
      let j: i32;
      if (m > INDEX_MIN) {
        if (h == 0) h = hashValue(k);
        j = tblFind(t, k, h);
      } else j = tblIndexOf(t, k);
      if (j >= 0) { dropDuplicate(type, entry(t, <u32>j), q); continue; }
      let p = e + <usize>m * s;
      store<u32>(p, <u32>k);
      if (s == 12) store<u32>(p, load<u32>(q, 4), 4);
      store<u32>(p + s - 4, h);
      m++;
      if (m == INDEX_MIN + 1) {
        // From here on, keys are found through an index sized for all n.
        store<u32>(t, m, 4);
        rebuildIndex(t, n << 1);
      } else if (m > INDEX_MIN + 1) {
        indexPut(<usize>load<u32>(t, 16), load<u32>(t, 20) - 1, h, m);
      }
    }
  }
  store<u32>(t, m, 4);
  // Sorted unless some key is greater than the next.
  let prev = <usize>load<u32>(e);
  for (let i: u32 = 1; i < m; i++) {
    let k = <usize>load<u32>(e + <usize>i * s);
    let c = load<u8>(prev) == T_STRING && load<u8>(k) == T_STRING
      ? bytesCompare(strPtr(prev), strLen(prev), strPtr(k), strLen(k))
      : compareValues(prev, k);
    if (c > 0) {
      store<u8>(t, load<u8>(t, 1) & ~F_SORTED, 1);
      break;
    }
    prev = k;
  }
  return t;
}

// Per-key fingerprints for hasDuplicates (n <= INDEX_MIN).
const FP: usize = memory.data(<i32>INDEX_MIN * 4, 4);

/** Equal keys have equal fingerprints: a string's length and first and last
 * bytes, else its hash. */
@inline function fingerprint(k: usize, h: u32): u32 {
  if (load<u8>(k) != T_STRING) return h != 0 ? h | 1 : hashValue(k) | 1;
  let n = strLen(k);
  if (n == 0) return 2;
  let p = strPtr(k);
  return ((<u32>n + 1) << 1) ^ (<u32>load<u8>(p) << 16) ^ (<u32>load<u8>(p + n - 1) << 24);
}

/** Any two of the n (<= INDEX_MIN) entries at src (stride s) with equal keys? */
function hasDuplicates(src: usize, n: u32, s: usize): bool {
  for (let i: u32 = 0; i < n; i++) {
    let q = src + <usize>i * s;
    let f = fingerprint(<usize>load<u32>(q), load<u32>(q + s - 4));
    for (let j: u32 = 0; j < i; j++) {
      if (load<u32>(FP + (<usize>j << 2)) != f) continue;
      if (equalValues(<usize>load<u32>(src + <usize>j * s), <usize>load<u32>(q))) return true;
    }
    store<u32>(FP + (<usize>i << 2), f);
  }
  return false;
}

/** Entry q duplicates stored entry p: keep p's key, take q's value. */
function dropDuplicate(type: u8, p: usize, q: usize): void {
  valueFree(<usize>load<u32>(q));
  if (type == T_SET) return;
  valueFree(<usize>load<u32>(p, 4));
  store<u32>(p, load<u32>(q, 4), 4);
}

/** Remove entry i (caller frees key/value if it owns them). */
export function tblRemoveAt(t: usize, i: u32): void {
  let n = tblLen(t);
  let s = stride(t);
  let p = entry(t, i);
  memory.copy(p, p + s, <usize>(n - i - 1) * s);
  store<u32>(t, n - 1, 4);
  store<u32>(t, 0, 24);
  if (load<u32>(t, 16) != 0) rebuildIndex(t, load<u32>(t, 20));
}

function cmpEntry(a: usize, b: usize): i32 {
  return compareValues(<usize>load<u32>(a), <usize>load<u32>(b));
}

/** Sort entries by key (Rego order) unless already sorted. */
export function ensureSorted(t: usize): void {
  if ((load<u8>(t, 1) & F_SORTED) != 0) return;
  let n = tblLen(t);
  let s = stride(t);
  let e = entries(t);
  if (n <= 16) {
    // Insertion sort; the moving entry lives in locals because comparing
    // nested sets/objects may re-enter ensureSorted.
    for (let i: u32 = 1; i < n; i++) {
      let p = e + <usize>i * s;
      let k = load<u32>(p), v = load<u32>(p, 4), h = load<u32>(p + s - 4);
      let j = i;
      while (j > 0 && compareValues(<usize>load<u32>(e + <usize>(j - 1) * s), <usize>k) > 0) {
        memory.copy(e + <usize>j * s, e + <usize>(j - 1) * s, s);
        j--;
      }
      let q = e + <usize>j * s;
      store<u32>(q, k);
      if (s == 12) store<u32>(q, v, 4);
      store<u32>(q + s - 4, h);
    }
  } else {
    mergeSort(e, n, s);
  }
  store<u8>(t, load<u8>(t, 1) | F_SORTED, 1);
  store<u32>(t, 0, 24);
  if (load<u32>(t, 16) != 0) rebuildIndex(t, load<u32>(t, 20));
}

/** Bottom-up merge sort of n entries of s bytes (stable). */
function mergeSort(base: usize, n: u32, s: usize): void {
  let bytes = <usize>n * s;
  let tmp = opa_malloc(bytes);
  let src = base, dst = tmp;
  for (let w: u32 = 1; w < n; w <<= 1) {
    for (let lo: u32 = 0; lo < n; lo += w << 1) {
      let mid = lo + w < n ? lo + w : n;
      let hi = mid + w < n ? mid + w : n;
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        let a = src + <usize>i * s, b = src + <usize>j * s;
        if (cmpEntry(a, b) <= 0) { memory.copy(dst + <usize>k * s, a, s); i++; }
        else { memory.copy(dst + <usize>k * s, b, s); j++; }
        k++;
      }
      if (i < mid) memory.copy(dst + <usize>k * s, src + <usize>i * s, <usize>(mid - i) * s);
      else if (j < hi) memory.copy(dst + <usize>k * s, src + <usize>j * s, <usize>(hi - j) * s);
    }
    let x = src; src = dst; dst = x;
  }
  if (src != base) memory.copy(base, src, bytes);
  opa_free(tmp);
}

/** Next key after `prev` in sorted order (0 = start), or 0 when done. */
export function tblIterNext(t: usize, prev: usize): usize {
  ensureSorted(t);
  let n = tblLen(t);
  if (n == 0) return 0;
  if (prev == 0) { store<u32>(t, 0, 24); return keyAt(t, 0); }
  let i: i32;
  let pos = load<u32>(t, 24);
  if (pos < n && keyAt(t, pos) == prev) i = <i32>pos; // fast path: last returned key
  else {
    i = tblFind(t, prev, hashValue(prev));
    if (i < 0) { // prev was removed: first key greater than it
      for (let k: u32 = 0; k < n; k++) {
        if (compareValues(keyAt(t, k), prev) > 0) { store<u32>(t, k, 24); return keyAt(t, k); }
      }
      return 0;
    }
  }
  let next = <u32>i + 1;
  if (next >= n) return 0;
  store<u32>(t, next, 24);
  return keyAt(t, next);
}

export function tblFree(t: usize, deep: bool): void {
  let n = tblLen(t);
  let obj = load<u8>(t) == T_OBJECT;
  if (deep) {
    for (let i: u32 = 0; i < n; i++) {
      valueFree(keyAt(t, i));
      if (obj) valueFree(valAt(t, i));
    }
  }
  if (entries(t) != 0) opa_free(entries(t));
  if (load<u32>(t, 16) != 0) opa_free(<usize>load<u32>(t, 16));
  opa_free(t);
}

/** Copy a table; `deep` copies keys and values too (hashes carry over). */
export function tblCopy(t: usize, deep: bool): usize {
  let c = newTable(load<u8>(t));
  let n = tblLen(t);
  if (n == 0) return c;
  let s = stride(t);
  let e = opa_malloc(<usize>n * s);
  memory.copy(e, entries(t), <usize>n * s);
  store<u8>(c, load<u8>(t, 1), 1);
  store<u32>(c, n, 4);
  store<u32>(c, n, 8);
  store<u32>(c, <u32>e, 12);
  if (deep) {
    for (let i: u32 = 0; i < n; i++) {
      let p = e + <usize>i * s;
      store<u32>(p, <u32>deepCopy(<usize>load<u32>(p)));
      if (s == 12) store<u32>(p, <u32>deepCopy(<usize>load<u32>(p, 4)), 4);
    }
  }
  if (n > INDEX_MIN) rebuildIndex(c, 32);
  return c;
}
