// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Time operands and results shared by the time.* builtins: OPA's tzTime
// operand (ns or [ns, tz(, layout)]) decoded into Unix seconds and
// nanoseconds in a selected location, and results checked against the int64
// nanosecond range.
import { typeOf, numRepr, numInt, strPtr, strLen, allocString, arrLen, arrAt, newInt } from "../values";
import { T_NUMBER, T_STRING, T_ARRAY, N_INT } from "../layout";
import { typeError, msgStart, msgText, msgBytes, msgBuiltinError } from "./errors";
import { loadLocation, setUTC, floorDiv } from "./time-tz";

// Scratch for short texts (names, digits).
export const TXT: usize = memory.data(64, 8);

/** String value with its own copy of the bytes. */
export function heapString(p: usize, n: usize): usize {
  let v = allocString(n);
  memory.copy(strPtr(v), p, n);
  return v;
}

// ---- time operands (OPA's tzTime) ------------------------------------------------------

// Operand result: Unix seconds, nanoseconds and the layout of a [ns, tz, layout] array.
export let tSec: i64 = 0;
export let tNsec: i64 = 0;
export let tLayout: usize = 0; // string value or 0

const NS_WANT = "either number (ns) or [number (ns), string (tz)]";

function setNs(ns: i64): void {
  tSec = floorDiv(ns, 1000000000);
  tNsec = ns - tSec * 1000000000;
}

/** Decode x (number or [ns, tz(, layout)]); selects its location. False after reporting an error. */
export function tzTime(name: string, x: usize): bool {
  setUTC();
  tLayout = 0;
  let nv = x;
  let t = typeOf(x);
  if (t == T_ARRAY) {
    let n = arrLen(x);
    if (n == 0) { typeError(name, 1, NS_WANT, x); return false; }
    nv = arrAt(x, 0);
    if (typeOf(nv) != T_NUMBER) { typeError(name, 1, "number", nv); return false; }
    if (n > 1) {
      let tz = arrAt(x, 1);
      if (typeOf(tz) != T_STRING) { typeError(name, 1, "string", tz); return false; }
      if (!loadLocation(strPtr(tz), strLen(tz))) {
        msgStart();
        msgText("unknown time zone ");
        msgBytes(strPtr(tz), strLen(tz));
        msgBuiltinError(name);
        return false;
      }
    }
    if (n > 2) {
      let lay = arrAt(x, 2);
      if (typeOf(lay) != T_STRING) { typeError(name, 1, "string", lay); return false; }
      tLayout = lay;
    }
  } else if (t != T_NUMBER) {
    typeError(name, 1, NS_WANT, x);
    return false;
  }
  if (numRepr(nv) != N_INT) {
    msgStart();
    msgText("timestamp too big");
    msgBuiltinError(name);
    return false;
  }
  setNs(numInt(nv));
  return true;
}

// Valid range: time.Unix(0, MinInt64) .. time.Unix(0, MaxInt64).
const MIN_SEC: i64 = -9223372037;
const MIN_NSEC: i64 = 145224192;
const MAX_SEC: i64 = 9223372036;
const MAX_NSEC: i64 = 854775807;

export function safeUnixNano(name: string, sec: i64, nsec: i64): usize {
  if (sec < MIN_SEC || (sec == MIN_SEC && nsec < MIN_NSEC) || sec > MAX_SEC || (sec == MAX_SEC && nsec > MAX_NSEC)) {
    msgStart();
    msgText("time outside of valid range");
    return msgBuiltinError(name);
  }
  return newInt(sec * 1000000000 + nsec);
}
