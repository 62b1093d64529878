// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Builtin errors, as OPA reports them. With strict builtin errors (a compile
// option that sets `rt_strict_errors`), a failing builtin aborts evaluation
// with `eval_builtin_error: name: message` or `eval_type_error: …`;
// otherwise the call is simply undefined. Messages are composed in a static
// buffer: AssemblyScript string concatenation would allocate outside our heap.
import { opa_abort } from "../env";
import { typeOf } from "../values";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET } from "../layout";

/** Patched to 1 by the compiler for `--strict-builtin-errors`. */
export let rt_strict_errors: i32 = 0;

const CAP: usize = 512;
const BUF: usize = memory.data(512, 8);
let len: usize = 0;

function put(s: string): void {
  let n = s.length;
  let src = changetype<usize>(s);
  for (let i = 0; i < n && len < CAP - 1; i++) store<u8>(BUF + len++, <u8>load<u16>(src + (<usize>i << 1)));
}

function putDigit(d: i32): void {
  if (len < CAP - 1) store<u8>(BUF + len++, <u8>(48 + d));
}

function abortNow(): void {
  store<u8>(BUF + len, 0);
  opa_abort(<i32>BUF);
  unreachable();
}

/** A builtin failed: undefined, or in strict mode `eval_builtin_error: name: message`. */
export function builtinError(name: string, message: string): usize {
  if (rt_strict_errors == 0) return 0;
  len = 0;
  put("eval_builtin_error: ");
  put(name);
  put(": ");
  put(message);
  abortNow();
  return 0;
}

export function typeNameOf(v: usize): string {
  switch (typeOf(v)) {
    case T_NULL: return "null";
    case T_BOOLEAN: return "boolean";
    case T_NUMBER: return "number";
    case T_STRING: return "string";
    case T_ARRAY: return "array";
    case T_OBJECT: return "object";
    case T_SET: return "set";
  }
  return "undefined";
}

/** An operand of the wrong type: `eval_type_error: name: operand 1 must be number but got string`. */
export function typeError(name: string, operand: i32, want: string, got: usize): usize {
  if (rt_strict_errors == 0) return 0;
  len = 0;
  put("eval_type_error: ");
  put(name);
  put(": operand ");
  putDigit(operand);
  put(" must be ");
  put(want);
  put(" but got ");
  put(typeNameOf(got));
  abortNow();
  return 0;
}
