// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Type predicates and type_name.
import { typeOf, boolValue, newString } from "../values";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET } from "../layout";

export function builtin_is_null(v: usize): usize { return boolValue(typeOf(v) == T_NULL); }
export function builtin_is_boolean(v: usize): usize { return boolValue(typeOf(v) == T_BOOLEAN); }
export function builtin_is_number(v: usize): usize { return boolValue(typeOf(v) == T_NUMBER); }
export function builtin_is_string(v: usize): usize { return boolValue(typeOf(v) == T_STRING); }
export function builtin_is_array(v: usize): usize { return boolValue(typeOf(v) == T_ARRAY); }
export function builtin_is_object(v: usize): usize { return boolValue(typeOf(v) == T_OBJECT); }
export function builtin_is_set(v: usize): usize { return boolValue(typeOf(v) == T_SET); }

const NAMES: usize = memory.data<u8>([
  110, 117, 108, 108, // null
  98, 111, 111, 108, 101, 97, 110, // boolean
  110, 117, 109, 98, 101, 114, // number
  115, 116, 114, 105, 110, 103, // string
  97, 114, 114, 97, 121, // array
  111, 98, 106, 101, 99, 116, // object
  115, 101, 116, // set
]);
// Start of each name by type tag (1..7), and the end of the last.
const OFFSETS: usize = memory.data<u8>([0, 0, 4, 11, 17, 23, 28, 34, 37]);

export function builtin_type_name(v: usize): usize {
  let t = <i32>typeOf(v);
  if (t < 1 || t > 7) return 0;
  let start = <usize>load<u8>(OFFSETS + <usize>t);
  return newString(NAMES + start, <usize>load<u8>(OFFSETS + <usize>t + 1) - start);
}
