// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Value memory layout shared by all runtime files. See README.md "Memory layout".

// Type tags, identical to OPA's C runtime.
export const T_NULL: u8 = 1;
export const T_BOOLEAN: u8 = 2;
export const T_NUMBER: u8 = 3;
export const T_STRING: u8 = 4;
export const T_ARRAY: u8 = 5;
export const T_OBJECT: u8 = 6;
export const T_SET: u8 = 7;

// Number representations (byte 1 of a number).
export const N_INT: u8 = 0;   // i64 at +8
export const N_FLOAT: u8 = 1; // f64 at +8, never integral within i64 range
export const N_REF: u8 = 2;   // decimal text: u32 len at +4, u32 ptr at +8

export const NUM_SIZE: usize = 16;
export const STR_HDR: usize = 12; // type, flags, len@4, ptr@8, inline bytes@12
export const ARR_SIZE: usize = 16; // type, len@4, cap@8, elems@12
// Object/set header: type, flags@1, len@4, cap@8, entries@12, index@16,
// slots@20, iterPos@24.
export const TBL_SIZE: usize = 28;
export const F_SORTED: u8 = 1;

// Small non-negative ints are interned at the bottom of the heap.
export const INTERN_COUNT: i32 = 256;

// opa_value_add_path / remove_path error codes.
export const ERR_OK: i32 = 0;
export const ERR_INTERNAL: i32 = 1;
export const ERR_INVALID_TYPE: i32 = 2;
export const ERR_INVALID_PATH: i32 = 3;

export const MAX_DEPTH: i32 = 1000;
