// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Arithmetic: integers stay exact while they fit in i64, otherwise the result
// is the nearest double. A non-number operand makes the result undefined.
// `minus` on two sets is set difference, as in Rego.
import { typeOf, numRepr, numInt, newInt, newFloat } from "../values";
import { numToF64 } from "../numbers";
import { T_NUMBER, T_SET, N_INT } from "../layout";
import { newTable, tblLen, keyAt, setAdd, setGet } from "../table";
import { builtinError, typeError } from "./errors";
import { decimalOp, decimalRem, REM_BY_ZERO } from "./bigdecimal";
import { N_REF } from "../layout";

/** Exactness matters: an int overflowed i64, or an operand is a number kept as exact text. */
function exactOp(a: usize, b: usize, op: i32): usize {
  let v = decimalOp(a, b, op);
  return v;
}

function anyRef(a: usize, b: usize): bool {
  return numRepr(a) == N_REF || numRepr(b) == N_REF;
}

/** The type error for the first operand that is not a number. */
function numberOperands(name: string, a: usize, b: usize): usize {
  if (typeOf(a) != T_NUMBER) return typeError(name, 1, "number", a);
  return typeError(name, 2, "number", b);
}

function bothInts(a: usize, b: usize): bool {
  return typeOf(a) == T_NUMBER && typeOf(b) == T_NUMBER && numRepr(a) == N_INT && numRepr(b) == N_INT;
}

function bothNumbers(a: usize, b: usize): bool {
  return typeOf(a) == T_NUMBER && typeOf(b) == T_NUMBER;
}

function integral(v: usize): bool {
  let r = numRepr(v);
  if (r == N_INT) return true;
  let f = numToF64(v);
  return isFinite(f) && Math.floor(f) == f;
}

/**
 * A double result is inexact: both operands are whole numbers (one a float,
 * like 1e30) and the result is beyond 2^53, where doubles skip integers.
 * OPA computes such results exactly.
 */
function inexactWhole(a: usize, b: usize, r: f64): bool {
  return Math.abs(r) >= 9007199254740992.0 && integral(a) && integral(b);
}

export function builtin_plus(a: usize, b: usize): usize {
  if (bothInts(a, b)) {
    let x = numInt(a), y = numInt(b), r = x + y;
    if (((x ^ r) & (y ^ r)) >= 0) return newInt(r);
    let e = exactOp(a, b, 0);
    if (e != 0) return e;
  }
  if (!bothNumbers(a, b)) return numberOperands("plus", a, b);
  let r = numToF64(a) + numToF64(b);
  if (anyRef(a, b) || inexactWhole(a, b, r)) { let e = exactOp(a, b, 0); if (e != 0) return e; }
  return newFloat(r);
}

export function builtin_minus(a: usize, b: usize): usize {
  if (typeOf(a) == T_SET) {
    if (typeOf(b) != T_SET) return typeError("minus", 2, "set", b);
    let out = newTable(T_SET);
    let n = tblLen(a);
    for (let i: u32 = 0; i < n; i++) {
      let e = keyAt(a, i);
      if (setGet(b, e) == 0) setAdd(out, e);
    }
    return out;
  }
  if (bothInts(a, b)) {
    let x = numInt(a), y = numInt(b), r = x - y;
    if (((x ^ y) & (x ^ r)) >= 0) return newInt(r);
    let e = exactOp(a, b, 1);
    if (e != 0) return e;
  }
  if (!bothNumbers(a, b)) {
    if (typeOf(a) != T_NUMBER) return typeError("minus", 1, "number", a);
    return typeError("minus", 2, typeOf(a) == T_NUMBER ? "number" : "set", b);
  }
  let r = numToF64(a) - numToF64(b);
  if (anyRef(a, b) || inexactWhole(a, b, r)) { let e = exactOp(a, b, 1); if (e != 0) return e; }
  return newFloat(r);
}

export function builtin_mul(a: usize, b: usize): usize {
  if (bothInts(a, b)) {
    let x = numInt(a), y = numInt(b);
    if (x > -2147483648 && x < 2147483648 && y > -2147483648 && y < 2147483648) return newInt(x * y);
    let e = exactOp(a, b, 2);
    if (e != 0) return e;
  }
  if (!bothNumbers(a, b)) return numberOperands("mul", a, b);
  let r = numToF64(a) * numToF64(b);
  if (anyRef(a, b) || inexactWhole(a, b, r)) { let e = exactOp(a, b, 2); if (e != 0) return e; }
  return newFloat(r);
}

export function builtin_div(a: usize, b: usize): usize {
  if (!bothNumbers(a, b)) return numberOperands("div", a, b);
  if (bothInts(a, b)) {
    let x = numInt(a), y = numInt(b);
    if (y == 0) return builtinError("div", "divide by zero");
    if (x % y == 0 && !(x == I64.MIN_VALUE && y == -1)) return newInt(x / y);
  }
  let d = numToF64(b);
  if (d == 0) return builtinError("div", "divide by zero");
  return newFloat(numToF64(a) / d);
}

export function builtin_rem(a: usize, b: usize): usize {
  if (!bothNumbers(a, b)) return numberOperands("rem", a, b);
  if (!bothInts(a, b)) {
    // Integers beyond i64 (or written as 1e30) stay exact, as OPA's big.Int.
    let e = decimalRem(a, b);
    if (e == REM_BY_ZERO) return builtinError("rem", "modulo by zero");
    return e != 0 ? e : builtinError("rem", "modulo on floating-point number");
  }
  let x = numInt(a), y = numInt(b);
  if (y == 0) return builtinError("rem", "modulo by zero");
  if (y == -1) return newInt(0);
  return newInt(x % y);
}

export function builtin_abs(a: usize): usize {
  if (typeOf(a) != T_NUMBER) return typeError("abs", 1, "number", a);
  if (numRepr(a) == N_INT && numInt(a) != I64.MIN_VALUE) {
    let x = numInt(a);
    return newInt(x < 0 ? -x : x);
  }
  return newFloat(Math.abs(numToF64(a)));
}
