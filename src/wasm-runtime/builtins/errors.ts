// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Builtin errors, as OPA reports them. With strict builtin errors (a compile
// option that sets `rt_strict_errors`), a failing builtin aborts evaluation
// with `file:row: eval_builtin_error: name: message` (or eval_type_error);
// otherwise the call is simply undefined.
//
// The one message composer for every builtin family: messages are built from
// raw bytes in a static buffer (AssemblyScript string concatenation would
// allocate outside our heap):
//
//   msgStart(); msgText("invalid CIDR address: "); msgBytes(p, n);
//   return msgBuiltinError("net.cidr_expand");
import { opa_abort } from "../env";
import { typeOf } from "../values";
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET } from "../layout";

/** Patched to 1 by the compiler for `--strict-builtin-errors`. */
export let rt_strict_errors: i32 = 0;

/**
 * Under strict errors, compiled code sets this before each builtin call to
 * a NUL-terminated `file:row` of the call (0: unknown), the location OPA
 * puts in front of the error.
 */
export let rt_location: usize = 0;

/** Whether a failing builtin aborts (else it is just undefined). */
export function strictErrors(): bool { return rt_strict_errors != 0; }

// ---- composing the message ---------------------------------------------------

const CAP: usize = 4096;
const MSG: usize = memory.data(4096, 8);
let mlen: usize = 0;

export function msgStart(): void { mlen = 0; }

export function msgByte(c: u32): void {
  if (mlen < CAP) store<u8>(MSG + mlen++, <u8>c);
}

/** Append an ASCII string literal. */
export function msgText(s: string): void {
  let n = s.length;
  let src = changetype<usize>(s);
  for (let i = 0; i < n; i++) msgByte(<u32>load<u16>(src + (<usize>i << 1)));
}

export function msgBytes(p: usize, n: usize): void {
  if (n > CAP - mlen) n = CAP - mlen;
  memory.copy(MSG + mlen, p, n);
  mlen += n;
}

export function msgUint(v: u64): void {
  if (v >= 10) msgUint(v / 10);
  msgByte(<u32>(48 + v % 10));
}

export function msgInt(v: i64): void {
  if (v < 0) { msgByte(45); msgUint(<u64>0 - <u64>v); } // two's complement: also right for I64.MIN_VALUE
  else msgUint(<u64>v);
}

export function msgTypeName(v: usize): void { msgText(typeNameOf(v)); }

/** Length and address of the message composed so far (no NUL). */
export function msgLen(): usize { return mlen; }
export function msgPtr(): usize { return MSG; }

// ---- aborting -------------------------------------------------------------------

const OUT_CAP: usize = 4608;
const OUT: usize = memory.data(4608, 8);
let olen: usize = 0;

function outBytes(p: usize, n: usize): void {
  if (n > OUT_CAP - 1 - olen) n = OUT_CAP - 1 - olen;
  memory.copy(OUT + olen, p, n);
  olen += n;
}

function outText(s: string): void {
  let n = s.length;
  let src = changetype<usize>(s);
  for (let i = 0; i < n && olen < OUT_CAP - 1; i++) store<u8>(OUT + olen++, <u8>load<u16>(src + (<usize>i << 1)));
}

/** Abort with `[file:row: ]code: name: <composed message>`; never returns. */
function abortComposed(code: string, name: string): void {
  olen = 0;
  if (rt_location != 0) {
    let n: usize = 0;
    while (load<u8>(rt_location + n) != 0) n++;
    outBytes(rt_location, n);
    outText(": ");
  }
  outText(code);
  outText(": ");
  outText(name);
  outText(": ");
  outBytes(MSG, mlen);
  store<u8>(OUT + olen, 0);
  opa_abort(<i32>OUT);
  unreachable();
}

/** Undefined, or under strict errors `eval_builtin_error: name: <composed message>`. */
export function msgBuiltinError(name: string): usize {
  if (rt_strict_errors != 0) abortComposed("eval_builtin_error", name);
  return 0;
}

/** Undefined, or under strict errors `eval_type_error: name: <composed message>`. */
export function msgTypeError(name: string): usize {
  if (rt_strict_errors != 0) abortComposed("eval_type_error", name);
  return 0;
}

// ---- common shapes ----------------------------------------------------------------

/** A builtin failed: undefined, or in strict mode `eval_builtin_error: name: message`. */
export function builtinError(name: string, message: string): usize {
  if (rt_strict_errors == 0) return 0;
  msgStart();
  msgText(message);
  return msgBuiltinError(name);
}

/** `eval_type_error: name: message` under strict builtin errors, else undefined. */
export function operandMessageError(name: string, message: string): usize {
  if (rt_strict_errors == 0) return 0;
  msgStart();
  msgText(message);
  return msgTypeError(name);
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
  msgStart();
  msgText("operand ");
  msgInt(operand);
  msgText(" must be ");
  msgText(want);
  msgText(" but got ");
  msgTypeName(got);
  return msgTypeError(name);
}

/**
 * OPA's NewOperandElementErr: `operand N must be array of <want>s but got
 * array containing number` (set in place of array for sets).
 */
export function elementTypeError(name: string, operand: i32, composite: usize, want: string, got: usize): usize {
  if (rt_strict_errors == 0) return 0;
  msgStart();
  msgText("operand ");
  msgInt(operand);
  msgText(" must be ");
  msgTypeName(composite);
  msgText(" of ");
  msgText(want);
  msgText("s but got ");
  msgTypeName(composite);
  msgText(" containing ");
  msgTypeName(got);
  return msgTypeError(name);
}
