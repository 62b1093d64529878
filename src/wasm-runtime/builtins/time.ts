// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// time.*: parse_rfc3339_ns, parse_ns, parse_duration_ns, date, clock,
// weekday, add_date, diff, format — Go's time package semantics (layouts,
// normalisation, error texts) on exact i64 nanoseconds. time.now_ns needs the
// clock and stays a host builtin.
//
// Time zones (see time-tz.ts): "" / "UTC", "Local" (treated as UTC — a
// compiled policy has no machine zone), Etc/GMT±N, and the IANA zones of the
// generated table (history from 1970 on); other names fail with
// "unknown time zone NAME" like Go's LoadLocation.
//
// Modules: this file (date, clock, weekday, add_date, diff), operands
// (time-operands), layouts (time-layout), time-format, time-parse,
// time-duration; zone data in time-tz / time-zones.
import { typeOf, numRepr, numInt, newArray, arrPush, newInt } from "../values";
import { T_NUMBER, N_INT } from "../layout";
import { typeError, msgStart, msgText, msgInt, msgBuiltinError, msgTypeError } from "./errors";
import {
  breakDown, fYear, fMonth, fDay, fHour, fMin, fSec, fWeekday, dateToUnix, dateNsec, daysIn, locSave, locRestore,
} from "./time-tz";
import { dayName } from "./time-layout";
import { TXT, heapString, tSec, tNsec, tzTime, safeUnixNano } from "./time-operands";

// ---- date, clock, weekday ----------------------------------------------------------------

function int3(a: i64, b: i64, c: i64): usize {
  let arr = newArray(3);
  arrPush(arr, newInt(a));
  arrPush(arr, newInt(b));
  arrPush(arr, newInt(c));
  return arr;
}

export function builtin_time_date(x: usize): usize {
  if (!tzTime("time.date", x)) return 0;
  breakDown(tSec);
  return int3(fYear, fMonth, fDay);
}

export function builtin_time_clock(x: usize): usize {
  if (!tzTime("time.clock", x)) return 0;
  breakDown(tSec);
  return int3(fHour, fMin, fSec);
}

export function builtin_time_weekday(x: usize): usize {
  if (!tzTime("time.weekday", x)) return 0;
  breakDown(tSec);
  let n = dayName(TXT, fWeekday, false);
  return heapString(TXT, n);
}

// ---- add_date, diff ------------------------------------------------------------------------

function intOperand(name: string, v: usize, pos: i32): bool {
  if (typeOf(v) != T_NUMBER) { typeError(name, pos, "number", v); return false; }
  if (numRepr(v) != N_INT) {
    msgStart();
    msgText("operand ");
    msgInt(pos);
    msgText(" must be integer number but got floating-point number");
    msgTypeError(name);
    return false;
  }
  return true;
}

export function builtin_time_add_date(x: usize, y: usize, m: usize, d: usize): usize {
  const name = "time.add_date";
  if (!tzTime(name, x)) return 0;
  if (!intOperand(name, y, 2) || !intOperand(name, m, 3) || !intOperand(name, d, 4)) return 0;
  let years = numInt(y), months = numInt(m), days = numInt(d);
  // beyond these the result is out of range anyway (and i64 math would wrap)
  if (years > 100000000 || years < -100000000 || months > 1200000000 || months < -1200000000 ||
      days > 36500000000 || days < -36500000000) {
    msgStart();
    msgText("time outside of valid range");
    return msgBuiltinError(name);
  }
  breakDown(tSec);
  let sec = dateToUnix(fYear + years, <i64>fMonth + months, <i64>fDay + days, fHour, fMin, fSec, tNsec);
  return safeUnixNano(name, sec, dateNsec);
}

const LOCBUF: usize = memory.data(16, 8);

export function builtin_time_diff(a: usize, b: usize): usize {
  const name = "time.diff";
  if (!tzTime(name, a)) return 0;
  let s1 = tSec, n1 = tNsec;
  locSave(LOCBUF);
  if (!tzTime(name, b)) return 0;
  let s2 = tSec, n2 = tNsec;
  // t2 is viewed in t1's location
  locRestore(LOCBUF);
  if (s1 > s2 || (s1 == s2 && n1 > n2)) { let t = s1; s1 = s2; s2 = t; let u = n1; n1 = n2; n2 = u; }
  breakDown(s1);
  let y1 = fYear, M1 = fMonth, d1 = fDay, h1 = fHour, m1 = fMin, c1 = fSec;
  breakDown(s2);
  let year = fYear - y1;
  let month = <i64>(fMonth - M1);
  let day = <i64>(fDay - d1);
  let hour = <i64>(fHour - h1);
  let min = <i64>(fMin - m1);
  let sec = <i64>(fSec - c1);
  if (sec < 0) { sec += 60; min--; }
  if (min < 0) { min += 60; hour--; }
  if (hour < 0) { hour += 24; day--; }
  if (day < 0) { day += <i64>daysIn(M1, y1); month--; }
  if (month < 0) { month += 12; year--; }
  let arr = newArray(6);
  arrPush(arr, newInt(year));
  arrPush(arr, newInt(month));
  arrPush(arr, newInt(day));
  arrPush(arr, newInt(hour));
  arrPush(arr, newInt(min));
  arrPush(arr, newInt(sec));
  return arr;
}
