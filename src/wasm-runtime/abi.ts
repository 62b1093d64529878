// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Module entry: every export of the runtime. Names and signatures are the
// contract with the host (OPA Wasm ABI 1.3) and with generated policy code.
import {
  opa_abort, opa_println, opa_builtin0, opa_builtin1, opa_builtin2, opa_builtin3, opa_builtin4,
} from "./env";
import { fail } from "./alloc";
import { T_ARRAY, T_OBJECT, T_SET, T_STRING, T_BOOLEAN, T_NUMBER } from "./layout";
import {
  nullValue, trueValue, falseValue, boolValue, typeOf, boolOf, newInt, newFloat, newString,
  newArray, arrPush, arrLen, arrAt, strPtr, strLen, valueFree, deepCopy, shallowCopy,
} from "./values";
import { numberFromText, numToI32, numToI64, numToF64 } from "./numbers";
import { newTable, objInsert, setAdd } from "./table";
import { compareValues, equalValues } from "./compare";
import { hashValue } from "./hash";
import { parse } from "./json-parse";
import { dump } from "./json-dump";
import { addPath, removePath, merge } from "./paths";
import { getValue, iterNext, lengthOf, objectKeys } from "./access";

export {
  opa_malloc, opa_free, opa_heap_ptr_get, opa_heap_ptr_set,
  opa_heap_blocks_stash, opa_heap_blocks_restore, opa_heap_stash_clear, rt_heap_base, rt_max_pages,
} from "./alloc";

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 3;

// ---- OPA ABI ---------------------------------------------------------------

export function opa_json_parse(str: usize, len: usize): usize { return parse(str, len, false); }
export function opa_value_parse(str: usize, len: usize): usize { return parse(str, len, true); }
export function opa_json_dump(v: usize): usize { return dump(v, false); }
export function opa_value_dump(v: usize): usize { return dump(v, true); }
export function opa_value_add_path(base: usize, path: usize, v: usize): i32 { return addPath(base, path, v); }
export function opa_value_remove_path(base: usize, path: usize): i32 { return removePath(base, path); }
export function opa_value_free(v: usize): void { valueFree(v); }
export function opa_value_type(v: usize): i32 { return <i32>typeOf(v); }

// ---- constructors ------------------------------------------------------------

export function rt_null(): usize { return nullValue(); }
export function rt_true(): usize { return trueValue(); }
export function rt_false(): usize { return falseValue(); }
export function rt_boolean(b: i32): usize { return boolValue(b != 0); }
export function rt_int(v: i64): usize { return newInt(v); }
export function rt_float(v: f64): usize { return newFloat(v); }

export function rt_number_ref(str: usize, len: usize): usize {
  let v = numberFromText(str, len);
  if (v == 0) fail("rt_number_ref: invalid number");
  return v;
}

export function rt_string(ptr: usize, len: usize): usize { return newString(ptr, len); }
export function rt_array(cap: i32): usize { return newArray(cap < 0 ? 0 : <u32>cap); }
export function rt_object(): usize { return newTable(T_OBJECT); }
export function rt_set(): usize { return newTable(T_SET); }

// ---- mutation during construction ------------------------------------------

export function rt_array_append(arr: usize, v: usize): void {
  if (typeOf(arr) != T_ARRAY) fail("rt_array_append: not an array");
  arrPush(arr, v);
}

export function rt_object_insert(obj: usize, k: usize, v: usize): void {
  if (typeOf(obj) != T_OBJECT) fail("rt_object_insert: not an object");
  objInsert(obj, k, v);
}

export function rt_set_add(set: usize, v: usize): void {
  if (typeOf(set) != T_SET) fail("rt_set_add: not a set");
  setAdd(set, v);
}

// ---- inspection ----------------------------------------------------------------

export function rt_length(v: usize): i32 { return <i32>lengthOf(v); }
export function rt_get(v: usize, key: usize): usize { return getValue(v, key); }
export function rt_is_true(v: usize): i32 { return <i32>(typeOf(v) == T_BOOLEAN && boolOf(v)); }
export function rt_is_false(v: usize): i32 { return <i32>(typeOf(v) == T_BOOLEAN && !boolOf(v)); }
export function rt_compare(a: usize, b: usize): i32 { return compareValues(a, b); }
export function rt_equal(a: usize, b: usize): i32 { return <i32>equalValues(a, b); }
export function rt_hash(v: usize): i32 { return <i32>hashValue(v); }
export function rt_iter(v: usize, prev: usize): usize { return iterNext(v, prev); }

export function rt_array_get(arr: usize, i: i32): usize {
  if (typeOf(arr) != T_ARRAY || <u32>i >= arrLen(arr)) return 0;
  return arrAt(arr, <u32>i);
}

export function rt_object_keys(obj: usize): usize { return objectKeys(obj); }
export function rt_merge(a: usize, b: usize): usize { return merge(a, b); }
export function rt_copy(v: usize): usize { return deepCopy(v); }
/** Extra: copies the container only (for `with` upserts). */
export function rt_shallow_copy(v: usize): usize { return shallowCopy(v); }

export function rt_number_to_i32(v: usize, out: usize): i32 {
  return <i32>(typeOf(v) == T_NUMBER && numToI32(v, out));
}
/** Extra: like rt_number_to_i32 for the full i64 range. */
export function rt_number_to_i64(v: usize, out: usize): i32 {
  return <i32>(typeOf(v) == T_NUMBER && numToI64(v, out));
}
/** Extra: nearest double (exact for ints below 2^53 and floats). NaN if not a number. */
export function rt_number_to_f64(v: usize): f64 {
  return typeOf(v) == T_NUMBER ? numToF64(v) : NaN;
}

export function rt_string_ptr(v: usize): usize { return typeOf(v) == T_STRING ? strPtr(v) : 0; }
export function rt_string_len(v: usize): i32 { return typeOf(v) == T_STRING ? <i32>strLen(v) : 0; }

// ---- host calls ----------------------------------------------------------------

export function rt_abort(msg: usize): void { opa_abort(<i32>msg); unreachable(); }
/** Extra: Rego print() sink. */
export function rt_println(msg: usize): void { opa_println(<i32>msg); }

export function rt_call_builtin0(id: i32, ctx: i32): i32 { return opa_builtin0(id, ctx); }
export function rt_call_builtin1(id: i32, ctx: i32, a1: i32): i32 { return opa_builtin1(id, ctx, a1); }
export function rt_call_builtin2(id: i32, ctx: i32, a1: i32, a2: i32): i32 { return opa_builtin2(id, ctx, a1, a2); }
export function rt_call_builtin3(id: i32, ctx: i32, a1: i32, a2: i32, a3: i32): i32 {
  return opa_builtin3(id, ctx, a1, a2, a3);
}
export function rt_call_builtin4(id: i32, ctx: i32, a1: i32, a2: i32, a3: i32, a4: i32): i32 {
  return opa_builtin4(id, ctx, a1, a2, a3, a4);
}

// ---- result sets ----------------------------------------------------------------

const RESULT: usize = memory.data<u8>([114, 101, 115, 117, 108, 116]); // "result"

export function rt_result_set_new(): usize { return newTable(T_SET); }

/** Add {"result": v} to the result set. */
export function rt_result_add(rs: usize, v: usize): void {
  let o = newTable(T_OBJECT);
  objInsert(o, newString(RESULT, 6), v);
  rt_set_add(rs, o);
}
