// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Scalar and array constructors/accessors, deep free and copy.
import { opa_malloc, opa_free, realloc, isStatic, staticEnd, internedInt, fail, alloc } from "./alloc";
import {
  T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET,
  N_INT, N_FLOAT, N_REF, NUM_SIZE, STR_HDR, ARR_SIZE, INTERN_COUNT,
} from "./layout";
import { tblFree, tblCopy } from "./table";

// Sizes above this would wrap u32 arithmetic; opa_malloc rejects them anyway.
const MAX_BYTES: usize = 0x7FFF0000;

// null, true, false: shared, never freed (below the heap).
const SINGLETONS: usize = memory.data<u8>([
  1, 0, 0, 0, 0, 0, 0, 0,
  2, 1, 0, 0, 0, 0, 0, 0,
  2, 0, 0, 0, 0, 0, 0, 0,
], 8);

@inline export function nullValue(): usize { return SINGLETONS; }
@inline export function trueValue(): usize { return SINGLETONS + 8; }
@inline export function falseValue(): usize { return SINGLETONS + 16; }
@inline export function boolValue(b: bool): usize { return b ? SINGLETONS + 8 : SINGLETONS + 16; }

@inline export function typeOf(v: usize): u8 { return v == 0 ? 0 : load<u8>(v); }
@inline export function boolOf(v: usize): bool { return load<u8>(v, 1) != 0; }

// ---- numbers --------------------------------------------------------------

@inline export function numRepr(v: usize): u8 { return load<u8>(v, 1); }
@inline export function numInt(v: usize): i64 { return load<i64>(v, 8); }
@inline export function numFloat(v: usize): f64 { return load<f64>(v, 8); }
@inline export function refLen(v: usize): usize { return <usize>load<u32>(v, 4); }
@inline export function refPtr(v: usize): usize { return <usize>load<u32>(v, 8); }

export function newInt(i: i64): usize {
  if (i >= 0 && i < <i64>INTERN_COUNT) return internedInt(<i32>i);
  let v = alloc(NUM_SIZE);
  store<u32>(v, <u32>T_NUMBER | (<u32>N_INT << 8));
  store<u32>(v, 0, 4);
  store<i64>(v, i, 8);
  return v;
}

/** Floats holding an integer within i64 become ints, so equal numbers share a
 * representation except float/ref pairs (compared as decimals). */
export function newFloat(f: f64): usize {
  if (isFinite(f) && f == Math.trunc(f) && f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
    return newInt(<i64>f);
  }
  return newFloatRaw(f);
}

export function newFloatRaw(f: f64): usize {
  let v = opa_malloc(NUM_SIZE);
  store<u32>(v, <u32>T_NUMBER | (<u32>N_FLOAT << 8));
  store<u32>(v, 0, 4);
  store<f64>(v, f, 8);
  return v;
}

/** Decimal-text number; text in static data is referenced, else copied. */
export function newRef(p: usize, len: usize): usize {
  let v: usize;
  if (p + len <= staticEnd()) {
    v = opa_malloc(NUM_SIZE);
    store<u32>(v, <u32>p, 8);
  } else {
    if (len > MAX_BYTES) fail("out of memory");
    v = opa_malloc(NUM_SIZE + len);
    memory.copy(v + NUM_SIZE, p, len);
    store<u32>(v, <u32>(v + NUM_SIZE), 8);
  }
  store<u32>(v, <u32>T_NUMBER | (<u32>N_REF << 8));
  store<u32>(v, <u32>len, 4);
  store<u32>(v, 0, 12);
  return v;
}

// ---- strings --------------------------------------------------------------

@inline export function strLen(v: usize): usize { return <usize>load<u32>(v, 4); }
@inline export function strPtr(v: usize): usize { return <usize>load<u32>(v, 8); }

/** String value; bytes in static data are referenced, others copied inline. */
export function newString(p: usize, len: usize): usize {
  if (p + len <= staticEnd()) {
    let v = opa_malloc(STR_HDR);
    store<u32>(v, <u32>T_STRING);
    store<u32>(v, <u32>len, 4);
    store<u32>(v, <u32>p, 8);
    return v;
  }
  let v = allocString(len);
  memory.copy(v + STR_HDR, p, len);
  return v;
}

/** String with `len` uninitialised inline bytes at strPtr(v). */
export function allocString(len: usize): usize {
  if (len > MAX_BYTES) fail("out of memory");
  let v = alloc(STR_HDR + len);
  store<u32>(v, <u32>T_STRING | (1 << 8));
  store<u32>(v, <u32>len, 4);
  store<u32>(v, <u32>(v + STR_HDR), 8);
  return v;
}

// ---- arrays ---------------------------------------------------------------

@inline export function arrLen(v: usize): u32 { return load<u32>(v, 4); }
@inline export function arrElems(v: usize): usize { return <usize>load<u32>(v, 12); }
@inline export function arrAt(v: usize, i: u32): usize { return <usize>load<u32>(arrElems(v) + (<usize>i << 2)); }

export function newArray(cap: u32): usize {
  if (cap > <u32>(MAX_BYTES >> 2)) fail("out of memory");
  let v = alloc(ARR_SIZE);
  store<u32>(v, <u32>T_ARRAY);
  store<u32>(v, 0, 4);
  store<u32>(v, cap, 8);
  store<u32>(v, cap != 0 ? <u32>opa_malloc(<usize>cap << 2) : 0, 12);
  return v;
}

export function arrPush(a: usize, e: usize): void {
  let n = load<u32>(a, 4);
  let cap = load<u32>(a, 8);
  let elems = arrElems(a);
  if (n >= cap) {
    cap = cap < 4 ? 4 : cap << 1;
    elems = realloc(elems, <usize>cap << 2);
    store<u32>(a, cap, 8);
    store<u32>(a, <u32>elems, 12);
  }
  store<u32>(elems + (<usize>n << 2), <u32>e);
  store<u32>(a, n + 1, 4);
}

// ---- free / copy -----------------------------------------------------------

/** Deep free of a value tree (values from parse / add_path are trees). */
export function valueFree(v: usize): void {
  if (v == 0 || isStatic(v)) return;
  let t = load<u8>(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let e = arrElems(v);
    for (let i: u32 = 0; i < n; i++) valueFree(<usize>load<u32>(e + (<usize>i << 2)));
    opa_free(e);
  } else if (t == T_OBJECT || t == T_SET) {
    tblFree(v, true);
    return;
  }
  opa_free(v);
}

export function deepCopy(v: usize): usize {
  if (v == 0) return 0;
  let t = load<u8>(v);
  if (t == T_NULL || t == T_BOOLEAN) return v;
  if (t == T_NUMBER) {
    let r = numRepr(v);
    if (r == N_INT) return newInt(numInt(v));
    if (r == N_FLOAT) return newFloatRaw(numFloat(v));
    return newRef(refPtr(v), refLen(v));
  }
  if (t == T_STRING) return newString(strPtr(v), strLen(v));
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let a = newArray(n);
    for (let i: u32 = 0; i < n; i++) arrPush(a, deepCopy(arrAt(v, i)));
    return a;
  }
  return tblCopy(v, true);
}

export function shallowCopy(v: usize): usize {
  if (v == 0) return 0;
  let t = load<u8>(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let a = newArray(n);
    if (n != 0) memory.copy(arrElems(a), arrElems(v), <usize>n << 2);
    store<u32>(a, n, 4);
    return a;
  }
  if (t == T_OBJECT || t == T_SET) return tblCopy(v, false);
  return v; // scalars are immutable
}
