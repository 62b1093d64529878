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
import { opa_malloc, opa_free } from "../alloc";
import { typeOf, numRepr, numInt, strPtr, strLen, allocString, newArray, arrPush, arrLen, arrAt, newInt } from "../values";
import { T_NUMBER, T_STRING, T_ARRAY, N_INT } from "../layout";
import { typeError, msgStart, msgText, msgBytes, msgInt, msgBuiltinError, msgTypeError } from "./errors";
import { msgTimeQuote } from "./quote";
import {
  loadLocation, setUTC, lookup, lkName, lkNameLen, lkOff, breakDown,
  fYear, fMonth, fDay, fHour, fMin, fSec, fWeekday, fYday, fOff,
  dateToUnix, dateNsec, floorDiv, daysIn, isLeap, daysBefore, locSave, locRestore, locSame,
} from "./time-tz";

// ---- names ------------------------------------------------------------------------

const DAY_NAMES = "SundayMondayTuesdayWednesdayThursdayFridaySaturday";
const DAY_OFF: usize = memory.data<u8>([0, 6, 12, 19, 28, 36, 42, 50]);
const MONTH_NAMES = "JanuaryFebruaryMarchAprilMayJuneJulyAugustSeptemberOctoberNovemberDecember";
const MONTH_OFF: usize = memory.data<u8>([0, 7, 15, 20, 25, 28, 32, 36, 42, 51, 58, 66, 74]);

/** Write chars [a, b) of an ASCII literal to out; returns the count. */
function putLit(out: usize, s: string, a: usize, b: usize): usize {
  let src = changetype<usize>(s);
  for (let i = a; i < b; i++) store<u8>(out + i - a, <u8>load<u16>(src + (i << 1)));
  return b - a;
}

function dayName(out: usize, wd: i32, short: bool): usize {
  let a = <usize>load<u8>(DAY_OFF + <usize>wd), b = <usize>load<u8>(DAY_OFF + <usize>wd + 1);
  return putLit(out, DAY_NAMES, a, short ? a + 3 : b);
}

function monthName(out: usize, m: i32, short: bool): usize {
  let a = <usize>load<u8>(MONTH_OFF + <usize>(m - 1)), b = <usize>load<u8>(MONTH_OFF + <usize>m);
  return putLit(out, MONTH_NAMES, a, short ? a + 3 : b);
}

function heapString(p: usize, n: usize): usize {
  let v = allocString(n);
  memory.copy(strPtr(v), p, n);
  return v;
}

// ---- time operands (OPA's tzTime) ------------------------------------------------------

// Operand result: Unix seconds, nanoseconds and the layout of a [ns, tz, layout] array.
let tSec: i64 = 0;
let tNsec: i64 = 0;
let tLayout: usize = 0; // string value or 0

const NS_WANT = "either number (ns) or [number (ns), string (tz)]";

function setNs(ns: i64): void {
  tSec = floorDiv(ns, 1000000000);
  tNsec = ns - tSec * 1000000000;
}

/** Decode x (number or [ns, tz(, layout)]); selects its location. False after reporting an error. */
function tzTime(name: string, x: usize): bool {
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

function safeUnixNano(name: string, sec: i64, nsec: i64): usize {
  if (sec < MIN_SEC || (sec == MIN_SEC && nsec < MIN_NSEC) || sec > MAX_SEC || (sec == MAX_SEC && nsec > MAX_NSEC)) {
    msgStart();
    msgText("time outside of valid range");
    return msgBuiltinError(name);
  }
  return newInt(sec * 1000000000 + nsec);
}

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

const TXT: usize = memory.data(64, 8);

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

// ---- layouts -------------------------------------------------------------------------------

const STD_LONG_MONTH = 1, STD_MONTH = 2, STD_NUM_MONTH = 3, STD_ZERO_MONTH = 4,
  STD_LONG_WEEKDAY = 5, STD_WEEKDAY = 6, STD_DAY = 7, STD_UNDER_DAY = 8, STD_ZERO_DAY = 9,
  STD_UNDER_YEARDAY = 10, STD_ZERO_YEARDAY = 11, STD_HOUR = 12, STD_HOUR12 = 13,
  STD_ZERO_HOUR12 = 14, STD_MINUTE = 15, STD_ZERO_MINUTE = 16, STD_SECOND = 17,
  STD_ZERO_SECOND = 18, STD_LONG_YEAR = 19, STD_YEAR = 20, STD_PM = 21, STD_pm = 22,
  STD_TZ = 23, STD_ISO8601_TZ = 24, STD_ISO8601_SECONDS_TZ = 25, STD_ISO8601_SHORT_TZ = 26,
  STD_ISO8601_COLON_TZ = 27, STD_ISO8601_COLON_SECONDS_TZ = 28, STD_NUM_TZ = 29,
  STD_NUM_SECONDS_TZ = 30, STD_NUM_SHORT_TZ = 31, STD_NUM_COLON_TZ = 32,
  STD_NUM_COLON_SECONDS_TZ = 33, STD_FRAC0 = 34, STD_FRAC9 = 35;

// nextStdChunk results: prefix is [layout, chunkStart), std is [chunkStart, chunkEnd)
let chunkStart: usize = 0;
let chunkEnd: usize = 0;
let chunkStd: i32 = 0;
let fracDigits: i32 = 0;
let fracComma = false;

function at(p: usize, end: usize, i: usize): u32 { return p + i < end ? <u32>load<u8>(p + i) : 0; }

function hasAt(p: usize, end: usize, i: usize, s: string): bool {
  let n = <usize>s.length;
  if (p + i + n > end) return false;
  let src = changetype<usize>(s);
  for (let k: usize = 0; k < n; k++) if (<u32>load<u8>(p + i + k) != <u32>load<u16>(src + (k << 1))) return false;
  return true;
}

function isLowerAt(p: usize, end: usize, i: usize): bool {
  let c = at(p, end, i);
  return c >= 97 && c <= 122;
}

function isDigitAt(p: usize, end: usize, i: usize): bool {
  return p + i < end && <u32>load<u8>(p + i) - 48 < 10;
}

function found(p: usize, i: usize, len: usize, std: i32): void {
  chunkStart = p + i;
  chunkEnd = p + i + len;
  chunkStd = std;
}

/** Go's nextStdChunk over [p, end). chunkStd 0: no more elements. */
function nextStdChunk(p: usize, end: usize): void {
  let n = end - p;
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    switch (c) {
      case 74: // J
        if (hasAt(p, end, i, "Jan")) {
          if (hasAt(p, end, i, "January")) { found(p, i, 7, STD_LONG_MONTH); return; }
          if (!isLowerAt(p, end, i + 3)) { found(p, i, 3, STD_MONTH); return; }
        }
        break;
      case 77: // M
        if (hasAt(p, end, i, "Mon")) {
          if (hasAt(p, end, i, "Monday")) { found(p, i, 6, STD_LONG_WEEKDAY); return; }
          if (!isLowerAt(p, end, i + 3)) { found(p, i, 3, STD_WEEKDAY); return; }
        }
        if (hasAt(p, end, i, "MST")) { found(p, i, 3, STD_TZ); return; }
        break;
      case 48: { // 0
        let d = at(p, end, i + 1);
        if (d >= 49 && d <= 54) {
          let std = d == 49 ? STD_ZERO_MONTH : d == 50 ? STD_ZERO_DAY : d == 51 ? STD_ZERO_HOUR12 :
            d == 52 ? STD_ZERO_MINUTE : d == 53 ? STD_ZERO_SECOND : STD_YEAR;
          found(p, i, 2, std);
          return;
        }
        if (d == 48 && at(p, end, i + 2) == 50) { found(p, i, 3, STD_ZERO_YEARDAY); return; }
        break;
      }
      case 49: // 1
        if (at(p, end, i + 1) == 53) { found(p, i, 2, STD_HOUR); return; }
        found(p, i, 1, STD_NUM_MONTH);
        return;
      case 50: // 2
        if (hasAt(p, end, i, "2006")) { found(p, i, 4, STD_LONG_YEAR); return; }
        found(p, i, 1, STD_DAY);
        return;
      case 95: // _
        if (at(p, end, i + 1) == 50) {
          if (hasAt(p, end, i + 1, "2006")) { found(p, i + 1, 4, STD_LONG_YEAR); return; }
          found(p, i, 2, STD_UNDER_DAY);
          return;
        }
        if (at(p, end, i + 1) == 95 && at(p, end, i + 2) == 50) { found(p, i, 3, STD_UNDER_YEARDAY); return; }
        break;
      case 51: found(p, i, 1, STD_HOUR12); return;
      case 52: found(p, i, 1, STD_MINUTE); return;
      case 53: found(p, i, 1, STD_SECOND); return;
      case 80: // P
        if (at(p, end, i + 1) == 77) { found(p, i, 2, STD_PM); return; }
        break;
      case 112: // p
        if (at(p, end, i + 1) == 109) { found(p, i, 2, STD_pm); return; }
        break;
      case 45: // -
        if (hasAt(p, end, i, "-070000")) { found(p, i, 7, STD_NUM_SECONDS_TZ); return; }
        if (hasAt(p, end, i, "-07:00:00")) { found(p, i, 9, STD_NUM_COLON_SECONDS_TZ); return; }
        if (hasAt(p, end, i, "-0700")) { found(p, i, 5, STD_NUM_TZ); return; }
        if (hasAt(p, end, i, "-07:00")) { found(p, i, 6, STD_NUM_COLON_TZ); return; }
        if (hasAt(p, end, i, "-07")) { found(p, i, 3, STD_NUM_SHORT_TZ); return; }
        break;
      case 90: // Z
        if (hasAt(p, end, i, "Z070000")) { found(p, i, 7, STD_ISO8601_SECONDS_TZ); return; }
        if (hasAt(p, end, i, "Z07:00:00")) { found(p, i, 9, STD_ISO8601_COLON_SECONDS_TZ); return; }
        if (hasAt(p, end, i, "Z0700")) { found(p, i, 5, STD_ISO8601_TZ); return; }
        if (hasAt(p, end, i, "Z07:00")) { found(p, i, 6, STD_ISO8601_COLON_TZ); return; }
        if (hasAt(p, end, i, "Z07")) { found(p, i, 3, STD_ISO8601_SHORT_TZ); return; }
        break;
      case 46: case 44: { // . ,
        let ch = at(p, end, i + 1);
        if (ch == 48 || ch == 57) {
          let j = i + 1;
          while (at(p, end, j) == ch) j++;
          if (!isDigitAt(p, end, j)) {
            fracDigits = <i32>((j - (i + 1)) & 0xFFF);
            fracComma = c == 44;
            found(p, i, j - i, ch == 48 ? STD_FRAC0 : STD_FRAC9);
            return;
          }
        }
        break;
      }
    }
  }
  chunkStart = end;
  chunkEnd = end;
  chunkStd = 0;
}

// Predefined layout names OPA accepts for parse_ns and format.
function namedLayout(p: usize, n: usize): string | null {
  if (litEq(p, n, "ANSIC")) return "Mon Jan _2 15:04:05 2006";
  if (litEq(p, n, "UnixDate")) return "Mon Jan _2 15:04:05 MST 2006";
  if (litEq(p, n, "RubyDate")) return "Mon Jan 02 15:04:05 -0700 2006";
  if (litEq(p, n, "RFC822")) return "02 Jan 06 15:04 MST";
  if (litEq(p, n, "RFC822Z")) return "02 Jan 06 15:04 -0700";
  if (litEq(p, n, "RFC850")) return "Monday, 02-Jan-06 15:04:05 MST";
  if (litEq(p, n, "RFC1123")) return "Mon, 02 Jan 2006 15:04:05 MST";
  if (litEq(p, n, "RFC1123Z")) return "Mon, 02 Jan 2006 15:04:05 -0700";
  if (litEq(p, n, "RFC3339")) return "2006-01-02T15:04:05Z07:00";
  if (litEq(p, n, "RFC3339Nano")) return "2006-01-02T15:04:05.999999999Z07:00";
  return null;
}

function litEq(p: usize, n: usize, s: string): bool {
  if (<i32>n != s.length) return false;
  let src = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(p + i) != <u32>load<u16>(src + (i << 1))) return false;
  return true;
}

// A layout as bytes: static copies of the named layouts, or the operand's bytes.
const LAYOUT_BUF: usize = memory.data(64, 8);
let layP: usize = 0;
let layN: usize = 0;

function useLayout(p: usize, n: usize): void {
  let named = namedLayout(p, n);
  if (named === null) { layP = p; layN = n; return; }
  let s = <string>named;
  layN = putLit(LAYOUT_BUF, s, 0, <usize>s.length);
  layP = LAYOUT_BUF;
}

// ---- format ---------------------------------------------------------------------------------

function appendInt(out: usize, o: usize, x: i64, width: i32): usize {
  let u: u64;
  if (x < 0) { store<u8>(out + o++, 45); u = <u64>0 - <u64>x; } else u = <u64>x;
  let tmp = TXT + 40;
  let k = 0;
  do { store<u8>(tmp + <usize>k, <u8>(48 + <u32>(u % 10))); u /= 10; k++; } while (u != 0);
  for (let pad = width - k; pad > 0; pad--) store<u8>(out + o++, 48);
  while (k > 0) { k--; store<u8>(out + o++, load<u8>(tmp + <usize>k)); }
  return o;
}

function appendNano(out: usize, o: usize, nsec: i64, std: i32, digits: i32, comma: bool): usize {
  let trim = std == STD_FRAC9;
  if (trim && (digits == 0 || nsec == 0)) return o;
  let dot: u8 = comma ? 44 : 46;
  let start = o;
  store<u8>(out + o++, dot);
  o = appendInt(out, o, nsec, 9);
  if (digits < 9) o = o - 9 + <usize>digits;
  if (trim) {
    while (o > start && load<u8>(out + o - 1) == 48) o--;
    if (o > start && load<u8>(out + o - 1) == dot) o--;
  }
  return o;
}

function appendZone(out: usize, o: usize, std: i32, offset: i32): usize {
  let iso = std == STD_ISO8601_TZ || std == STD_ISO8601_COLON_TZ || std == STD_ISO8601_SECONDS_TZ ||
    std == STD_ISO8601_SHORT_TZ || std == STD_ISO8601_COLON_SECONDS_TZ;
  if (offset == 0 && iso) { store<u8>(out + o++, 90); return o; }
  let zone = offset / 60;
  let absoff = offset;
  if (zone < 0) { store<u8>(out + o++, 45); zone = -zone; absoff = -absoff; }
  else store<u8>(out + o++, 43);
  o = appendInt(out, o, zone / 60, 2);
  if (std == STD_ISO8601_COLON_TZ || std == STD_NUM_COLON_TZ || std == STD_ISO8601_COLON_SECONDS_TZ || std == STD_NUM_COLON_SECONDS_TZ) {
    store<u8>(out + o++, 58);
  }
  if (std != STD_NUM_SHORT_TZ && std != STD_ISO8601_SHORT_TZ) o = appendInt(out, o, zone % 60, 2);
  if (std == STD_ISO8601_SECONDS_TZ || std == STD_NUM_SECONDS_TZ || std == STD_NUM_COLON_SECONDS_TZ || std == STD_ISO8601_COLON_SECONDS_TZ) {
    if (std == STD_NUM_COLON_SECONDS_TZ || std == STD_ISO8601_COLON_SECONDS_TZ) store<u8>(out + o++, 58);
    o = appendInt(out, o, absoff % 60, 2);
  }
  return o;
}

/** Go's Time.Format of (tSec, tNsec) in the current location with layout [layP, +layN). */
function formatTime(): usize {
  let cap = layN * 12 + 64;
  let out = opa_malloc(cap);
  breakDown(tSec);
  let name = lkName, nameLen = lkNameLen, offset = fOff;
  let o: usize = 0;
  let p = layP, end = layP + layN;
  while (p < end) {
    nextStdChunk(p, end);
    let pre = chunkStart - p;
    memory.copy(out + o, p, pre);
    o += pre;
    if (chunkStd == 0) break;
    p = chunkEnd;
    let std = chunkStd;
    switch (std) {
      case STD_YEAR: { let y = fYear < 0 ? -fYear : fYear; o = appendInt(out, o, y % 100, 2); break; }
      case STD_LONG_YEAR: o = appendInt(out, o, fYear, 4); break;
      case STD_MONTH: o += monthName(out + o, fMonth, true); break;
      case STD_LONG_MONTH: o += monthName(out + o, fMonth, false); break;
      case STD_NUM_MONTH: o = appendInt(out, o, fMonth, 0); break;
      case STD_ZERO_MONTH: o = appendInt(out, o, fMonth, 2); break;
      case STD_WEEKDAY: o += dayName(out + o, fWeekday, true); break;
      case STD_LONG_WEEKDAY: o += dayName(out + o, fWeekday, false); break;
      case STD_DAY: o = appendInt(out, o, fDay, 0); break;
      case STD_UNDER_DAY: if (fDay < 10) store<u8>(out + o++, 32); o = appendInt(out, o, fDay, 0); break;
      case STD_ZERO_DAY: o = appendInt(out, o, fDay, 2); break;
      case STD_UNDER_YEARDAY:
        if (fYday < 100) { store<u8>(out + o++, 32); if (fYday < 10) store<u8>(out + o++, 32); }
        o = appendInt(out, o, fYday, 0);
        break;
      case STD_ZERO_YEARDAY: o = appendInt(out, o, fYday, 3); break;
      case STD_HOUR: o = appendInt(out, o, fHour, 2); break;
      case STD_HOUR12: { let hr = fHour % 12; if (hr == 0) hr = 12; o = appendInt(out, o, hr, 0); break; }
      case STD_ZERO_HOUR12: { let hr = fHour % 12; if (hr == 0) hr = 12; o = appendInt(out, o, hr, 2); break; }
      case STD_MINUTE: o = appendInt(out, o, fMin, 0); break;
      case STD_ZERO_MINUTE: o = appendInt(out, o, fMin, 2); break;
      case STD_SECOND: o = appendInt(out, o, fSec, 0); break;
      case STD_ZERO_SECOND: o = appendInt(out, o, fSec, 2); break;
      case STD_PM: store<u8>(out + o++, fHour >= 12 ? 80 : 65); store<u8>(out + o++, 77); break;
      case STD_pm: store<u8>(out + o++, fHour >= 12 ? 112 : 97); store<u8>(out + o++, 109); break;
      case STD_TZ:
        if (nameLen != 0) { memory.copy(out + o, name, nameLen); o += nameLen; break; }
        {
          let zone = offset / 60;
          if (zone < 0) { store<u8>(out + o++, 45); zone = -zone; } else store<u8>(out + o++, 43);
          o = appendInt(out, o, zone / 60, 2);
          o = appendInt(out, o, zone % 60, 2);
        }
        break;
      case STD_FRAC0: case STD_FRAC9:
        o = appendNano(out, o, tNsec, std, fracDigits, fracComma);
        break;
      default:
        o = appendZone(out, o, std, offset);
    }
  }
  let v = heapString(out, o);
  opa_free(out);
  return v;
}

export function builtin_time_format(x: usize): usize {
  if (!tzTime("time.format", x)) return 0;
  if (tLayout == 0) useLayout(changetype<usize>(0), 0);
  else useLayout(strPtr(tLayout), strLen(tLayout));
  if (tLayout == 0 || layN == 0) {
    // default (and "" which OPA also maps to it): RFC3339Nano
    let s = "2006-01-02T15:04:05.999999999Z07:00";
    layN = putLit(LAYOUT_BUF, s, 0, <usize>s.length);
    layP = LAYOUT_BUF;
  }
  return formatTime();
}

// ---- parse ------------------------------------------------------------------------------------

// Parse error detail for the message: kind 0 "cannot parse", 1 extra text, 2 range/message.
let peKind = 0;
let peLayoutElem: usize = 0;
let peLayoutElemLen: usize = 0;
let peValueElem: usize = 0;
let peValueElemLen: usize = 0;
let peMessage: string = "";

let pSec: i64 = 0;
let pNsec: i64 = 0;

function getnum(v: usize, end: usize, fixed: bool): i32 {
  // returns value, or -1 (errBad); advances gnEnd
  if (!isDigitAt(v, end, 0)) return -1;
  if (!isDigitAt(v, end, 1)) {
    if (fixed) return -1;
    gnEnd = v + 1;
    return <i32>load<u8>(v) - 48;
  }
  gnEnd = v + 2;
  return (<i32>load<u8>(v) - 48) * 10 + <i32>load<u8>(v + 1) - 48;
}
let gnEnd: usize = 0;

function getnum3(v: usize, end: usize, fixed: bool): i32 {
  let n = 0, i: usize = 0;
  for (; i < 3 && isDigitAt(v, end, i); i++) n = n * 10 + <i32>load<u8>(v + i) - 48;
  if (i == 0 || (fixed && i != 3)) return -1;
  gnEnd = v + i;
  return n;
}

/** Match names case-insensitively at v (Go's lookup); index or -1, end in gnEnd. */
function lookupName(v: usize, end: usize, long: bool, months: bool): i32 {
  let count = months ? 12 : 7;
  for (let i = 0; i < count; i++) {
    let a: usize, b: usize;
    let s: string;
    if (months) { s = MONTH_NAMES; a = <usize>load<u8>(MONTH_OFF + <usize>i); b = <usize>load<u8>(MONTH_OFF + <usize>i + 1); }
    else { s = DAY_NAMES; a = <usize>load<u8>(DAY_OFF + <usize>i); b = <usize>load<u8>(DAY_OFF + <usize>i + 1); }
    if (!long) b = a + 3;
    let len = b - a;
    if (v + len > end) continue;
    let src = changetype<usize>(s);
    let ok = true;
    for (let k: usize = 0; k < len; k++) {
      let c1 = <u32>load<u8>(v + k), c2 = <u32>load<u16>(src + ((a + k) << 1));
      if (c1 != c2) {
        c1 |= 32; c2 |= 32;
        if (c1 != c2 || c1 < 97 || c1 > 122) { ok = false; break; }
      }
    }
    if (ok) { gnEnd = v + len; return i; }
  }
  return -1;
}

/** Go's atoi over [p, p+n): optional sign then digits; -2^63 sentinel on error. */
const ATOI_BAD: i64 = I64.MIN_VALUE;
function atoi(p: usize, n: usize): i64 {
  let neg = false;
  let i: usize = 0;
  if (n > 0 && (load<u8>(p) == 45 || load<u8>(p) == 43)) { neg = load<u8>(p) == 45; i = 1; }
  if (i == n) return neg ? ATOI_BAD : 0; // Go: leadingInt of "" is 0 with no error
  let x: u64 = 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c - 48 >= 10) return ATOI_BAD;
    if (x > 922337203685477580) return ATOI_BAD;
    x = x * 10 + <u64>(c - 48);
    if (x > 0x8000000000000000) return ATOI_BAD;
  }
  return neg ? -(<i64>x) : <i64>x;
}

/** parseNanoseconds(value, nbytes): value[0] is '.' or ','. -1 on error. */
function parseNanos(v: usize, nbytes: usize): i64 {
  let c = load<u8>(v);
  if (c != 46 && c != 44) return -1;
  if (nbytes > 10) nbytes = 10;
  let ns = atoi(v + 1, nbytes - 1);
  if (ns == ATOI_BAD) return -1;
  for (let i = nbytes; i < 10; i++) ns *= 10;
  return ns;
}

function parseTimeZone(v: usize, end: usize): i32 {
  let n = end - v;
  if (n < 3) return 0;
  if (n >= 4 && (hasAt(v, end, 0, "ChST") || hasAt(v, end, 0, "MeST"))) return 4;
  if (hasAt(v, end, 0, "GMT")) {
    if (n == 3) return 3;
    return 3 + parseSignedOffset(v + 3, end);
  }
  let c0 = load<u8>(v);
  if (c0 == 43 || c0 == 45) return parseSignedOffset(v, end);
  let nUpper = 0;
  for (; nUpper < 6; nUpper++) {
    if (<usize>nUpper >= n) break;
    let c = <u32>load<u8>(v + <usize>nUpper);
    if (c < 65 || c > 90) break;
  }
  if (nUpper == 5) return load<u8>(v + 4) == 84 ? 5 : 0;
  if (nUpper == 4) return (load<u8>(v + 3) == 84 || hasAt(v, end, 0, "WITA")) ? 4 : 0;
  if (nUpper == 3) return 3;
  return 0;
}

function parseSignedOffset(v: usize, end: usize): i32 {
  let sign = load<u8>(v);
  if (sign != 45 && sign != 43) return 0;
  let i = v + 1;
  let x: u64 = 0;
  while (i < end && <u32>load<u8>(i) - 48 < 10) {
    if (x > 922337203685477580) return 0;
    x = x * 10 + <u64>(load<u8>(i) - 48);
    i++;
  }
  if (i == v + 1) return 0;
  if (x > 23) return 0;
  return <i32>(i - v);
}

/** Go's time.parse with default location UTC (Local treated as UTC). Sets pSec/pNsec. */
function parseTime(vp: usize, vn: usize): bool {
  let layout = layP, lend = layP + layN;
  let value = vp, vend = vp + vn;
  let rangeErr: string | null = null;
  let amSet = false, pmSet = false;
  let year: i64 = 0, month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0;
  let nsec: i64 = 0;
  let zUTC = false;
  let zoneOffset = -1;
  let zoneNameLen: usize = 0;
  while (true) {
    nextStdChunk(layout, lend);
    let prefix = layout, prefixEnd = chunkStart;
    let stdP = chunkStart, stdEnd = chunkEnd;
    let std = chunkStd;
    let fd = fracDigits;
    // skip(value, prefix)
    let pp = prefix;
    let ok = true;
    while (pp < prefixEnd) {
      let pc = load<u8>(pp);
      if (pc == 32) {
        if (value < vend && load<u8>(value) != 32) { ok = false; break; }
        while (pp < prefixEnd && load<u8>(pp) == 32) pp++;
        while (value < vend && load<u8>(value) == 32) value++;
        continue;
      }
      if (value >= vend || load<u8>(value) != pc) { ok = false; break; }
      pp++;
      value++;
    }
    if (!ok) {
      peKind = 0;
      peLayoutElem = prefix; peLayoutElemLen = prefixEnd - prefix;
      peValueElem = value; peValueElemLen = vend - value;
      return false;
    }
    if (std == 0) {
      if (value != vend) { peKind = 1; peValueElem = value; peValueElemLen = vend - value; return false; }
      break;
    }
    layout = stdEnd;
    let hold = value;
    let err = false;
    switch (std) {
      case STD_YEAR: {
        if (vend - value < 2) { err = true; break; }
        let y = atoi(value, 2);
        value += 2;
        if (y == ATOI_BAD) { err = true; break; }
        year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case STD_LONG_YEAR: {
        if (vend - value < 4 || !isDigitAt(value, vend, 0)) { err = true; break; }
        let y = atoi(value, 4);
        value += 4;
        if (y == ATOI_BAD) { err = true; break; }
        year = y;
        break;
      }
      case STD_MONTH: case STD_LONG_MONTH: {
        let m = lookupName(value, vend, std == STD_LONG_MONTH, true);
        if (m < 0) { err = true; break; }
        month = m + 1;
        value = gnEnd;
        break;
      }
      case STD_NUM_MONTH: case STD_ZERO_MONTH: {
        let m = getnum(value, vend, std == STD_ZERO_MONTH);
        if (m < 0) { err = true; break; }
        value = gnEnd;
        month = m;
        if (m <= 0 || m > 12) rangeErr = "month";
        break;
      }
      case STD_WEEKDAY: case STD_LONG_WEEKDAY: {
        let d = lookupName(value, vend, std == STD_LONG_WEEKDAY, false);
        if (d < 0) { err = true; break; }
        value = gnEnd;
        break;
      }
      case STD_DAY: case STD_UNDER_DAY: case STD_ZERO_DAY: {
        if (std == STD_UNDER_DAY && value < vend && load<u8>(value) == 32) value++;
        let d = getnum(value, vend, std == STD_ZERO_DAY);
        if (d < 0) { err = true; break; }
        value = gnEnd;
        day = d;
        break;
      }
      case STD_UNDER_YEARDAY: case STD_ZERO_YEARDAY: {
        for (let i = 0; i < 2; i++) if (std == STD_UNDER_YEARDAY && value < vend && load<u8>(value) == 32) value++;
        let d = getnum3(value, vend, std == STD_ZERO_YEARDAY);
        if (d < 0) { err = true; break; }
        value = gnEnd;
        yday = d;
        break;
      }
      case STD_HOUR: {
        let h = getnum(value, vend, false);
        if (h < 0) { err = true; break; }
        value = gnEnd;
        hour = h;
        if (h >= 24) rangeErr = "hour";
        break;
      }
      case STD_HOUR12: case STD_ZERO_HOUR12: {
        let h = getnum(value, vend, std == STD_ZERO_HOUR12);
        if (h < 0) { err = true; break; }
        value = gnEnd;
        hour = h;
        if (h > 12) rangeErr = "hour";
        break;
      }
      case STD_MINUTE: case STD_ZERO_MINUTE: {
        let m = getnum(value, vend, std == STD_ZERO_MINUTE);
        if (m < 0) { err = true; break; }
        value = gnEnd;
        min = m;
        if (m >= 60) rangeErr = "minute";
        break;
      }
      case STD_SECOND: case STD_ZERO_SECOND: {
        let s = getnum(value, vend, std == STD_ZERO_SECOND);
        if (s < 0) { err = true; break; }
        value = gnEnd;
        sec = s;
        if (s >= 60) { rangeErr = "second"; break; }
        // a fractional second in the value but not in the layout
        if (vend - value >= 2 && (load<u8>(value) == 46 || load<u8>(value) == 44) && isDigitAt(value, vend, 1)) {
          nextStdChunk(layout, lend);
          if (chunkStd == STD_FRAC0 || chunkStd == STD_FRAC9) break;
          let n: usize = 2;
          while (isDigitAt(value, vend, n)) n++;
          let ns = parseNanos(value, n);
          if (ns < 0) { err = true; break; }
          nsec = ns;
          value += n;
        }
        break;
      }
      case STD_PM: case STD_pm: {
        if (vend - value < 2) { err = true; break; }
        let a = load<u8>(value), b = load<u8>(value + 1);
        value += 2;
        if (std == STD_PM) {
          if (a == 80 && b == 77) pmSet = true;
          else if (a == 65 && b == 77) amSet = true;
          else err = true;
        } else {
          if (a == 112 && b == 109) pmSet = true;
          else if (a == 97 && b == 109) amSet = true;
          else err = true;
        }
        break;
      }
      case STD_ISO8601_TZ: case STD_ISO8601_SHORT_TZ: case STD_ISO8601_COLON_TZ:
      case STD_ISO8601_SECONDS_TZ: case STD_ISO8601_COLON_SECONDS_TZ:
      case STD_NUM_TZ: case STD_NUM_SHORT_TZ: case STD_NUM_COLON_TZ:
      case STD_NUM_SECONDS_TZ: case STD_NUM_COLON_SECONDS_TZ: {
        let iso = std >= STD_ISO8601_TZ && std <= STD_ISO8601_COLON_SECONDS_TZ;
        if (iso && value < vend && load<u8>(value) == 90) { value++; zUTC = true; break; }
        let avail = vend - value;
        let sign: u32, hh: usize, mm: usize = 0, ss: usize = 0, hasMM = true, hasSS = false;
        if (std == STD_ISO8601_COLON_TZ || std == STD_NUM_COLON_TZ) {
          if (avail < 6 || load<u8>(value + 3) != 58) { err = true; break; }
          hh = value + 1; mm = value + 4; value += 6;
        } else if (std == STD_NUM_SHORT_TZ || std == STD_ISO8601_SHORT_TZ) {
          if (avail < 3) { err = true; break; }
          hh = value + 1; hasMM = false; value += 3;
        } else if (std == STD_ISO8601_COLON_SECONDS_TZ || std == STD_NUM_COLON_SECONDS_TZ) {
          if (avail < 9 || load<u8>(value + 3) != 58 || load<u8>(value + 6) != 58) { err = true; break; }
          hh = value + 1; mm = value + 4; ss = value + 7; hasSS = true; value += 9;
        } else if (std == STD_ISO8601_SECONDS_TZ || std == STD_NUM_SECONDS_TZ) {
          if (avail < 7) { err = true; break; }
          hh = value + 1; mm = value + 3; ss = value + 5; hasSS = true; value += 7;
        } else {
          if (avail < 5) { err = true; break; }
          hh = value + 1; mm = value + 3; value += 5;
        }
        sign = <u32>load<u8>(hold);
        let hr = getnum(hh, hh + 2, true);
        let mi = hasMM ? getnum(mm, mm + 2, true) : 0;
        let se = hasSS ? getnum(ss, ss + 2, true) : 0;
        if (hr < 0 || mi < 0 || se < 0) { err = true; }
        if (hr > 24) rangeErr = "time zone offset hour";
        if (mi > 60) rangeErr = "time zone offset minute";
        if (se > 60) rangeErr = "time zone offset second";
        zoneOffset = (hr * 60 + mi) * 60 + se;
        if (sign == 45) zoneOffset = -zoneOffset;
        else if (sign != 43) err = true;
        break;
      }
      case STD_TZ: {
        if (vend - value >= 3 && hasAt(value, vend, 0, "UTC")) { zUTC = true; value += 3; break; }
        let n = parseTimeZone(value, vend);
        if (n == 0) { err = true; break; }
        zoneNameLen = <usize>n;
        value += <usize>n;
        break;
      }
      case STD_FRAC0: {
        let ndigit = <usize>(1 + fd);
        if (vend - value < ndigit) { err = true; break; }
        let ns = parseNanos(value, ndigit);
        if (ns < 0) { err = true; break; }
        nsec = ns;
        value += ndigit;
        break;
      }
      case STD_FRAC9: {
        if (vend - value < 2 || (load<u8>(value) != 46 && load<u8>(value) != 44) || !isDigitAt(value, vend, 1)) break;
        let i: usize = 0;
        while (isDigitAt(value, vend, i + 1)) i++;
        let ns = parseNanos(value, 1 + i);
        if (ns < 0) { err = true; break; }
        nsec = ns;
        value += 1 + i;
        break;
      }
    }
    if (rangeErr !== null) {
      peKind = 2;
      peMessage = <string>rangeErr;
      return false;
    }
    if (err) {
      peKind = 0;
      peLayoutElem = stdP; peLayoutElemLen = stdEnd - stdP;
      peValueElem = hold; peValueElemLen = vend - hold;
      return false;
    }
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour == 12) hour = 0;
  if (yday >= 0) {
    let d = 0, m = 0;
    if (isLeap(year)) {
      if (yday == 31 + 29) { m = 2; d = 29; }
      else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) { peKind = 3; peMessage = "day-of-year out of range"; return false; }
    if (m == 0) {
      m = (yday - 1) / 31 + 1;
      if (daysBefore(m) < yday) m++;
      d = yday - daysBefore(m - 1);
    }
    if (month >= 0 && month != m) { peKind = 3; peMessage = "day-of-year does not match month"; return false; }
    month = m;
    if (day >= 0 && day != d) { peKind = 3; peMessage = "day-of-year does not match day"; return false; }
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) { peKind = 3; peMessage = "day out of range"; return false; }
  setUTC();
  let s = dateToUnix(year, month, day, hour, min, sec, nsec);
  // A numeric offset moves the instant; a zone abbreviation does not (Go
  // records it in a fabricated zero-offset location).
  if (!zUTC && zoneOffset != -1) s -= <i64>zoneOffset;
  pSec = s;
  pNsec = dateNsec;
  return true;
}

function parseError(name: string, vp: usize, vn: usize): usize {
  msgStart();
  msgText("parsing time ");
  msgTimeQuote(vp, vn);
  if (peKind == 0) {
    msgText(" as ");
    msgTimeQuote(layP, layN);
    msgText(": cannot parse ");
    msgTimeQuote(peValueElem, peValueElemLen);
    msgText(" as ");
    msgTimeQuote(peLayoutElem, peLayoutElemLen);
  } else if (peKind == 1) {
    msgText(": extra text: ");
    msgTimeQuote(peValueElem, peValueElemLen);
  } else if (peKind == 2) {
    msgText(": ");
    msgText(peMessage);
    msgText(" out of range");
  } else {
    msgText(": ");
    msgText(peMessage);
  }
  return msgBuiltinError(name);
}

export function builtin_time_parse_ns(layout: usize, value: usize): usize {
  const name = "time.parse_ns";
  if (typeOf(layout) != T_STRING) return typeError(name, 1, "string", layout);
  if (typeOf(value) != T_STRING) return typeError(name, 2, "string", value);
  useLayout(strPtr(layout), strLen(layout));
  if (!parseTime(strPtr(value), strLen(value))) return parseError(name, strPtr(value), strLen(value));
  return safeUnixNano(name, pSec, pNsec);
}

export function builtin_time_parse_rfc3339_ns(value: usize): usize {
  const name = "time.parse_rfc3339_ns";
  if (typeOf(value) != T_STRING) return typeError(name, 1, "string", value);
  let s = "2006-01-02T15:04:05Z07:00";
  layN = putLit(LAYOUT_BUF, s, 0, <usize>s.length);
  layP = LAYOUT_BUF;
  if (!parseTime(strPtr(value), strLen(value))) return parseError(name, strPtr(value), strLen(value));
  return safeUnixNano(name, pSec, pNsec);
}

// ---- parse_duration_ns ---------------------------------------------------------------------------

// quoted source for the error messages
let durP: usize = 0;
let durN: usize = 0;

function durationError(kind: i32, up: usize, un: usize): usize {
  msgStart();
  if (kind == 0) msgText("time: invalid duration ");
  else if (kind == 1) msgText("time: missing unit in duration ");
  else { msgText("time: unknown unit "); msgTimeQuote(up, un); msgText(" in duration "); }
  msgTimeQuote(durP, durN);
  return msgBuiltinError("time.parse_duration_ns");
}

function unitValue(u: usize, n: usize): u64 {
  if (n == 2 && load<u8>(u + 1) == 115) { // ?s
    let c = load<u8>(u);
    if (c == 110) return 1;           // ns
    if (c == 117) return 1000;        // us
    if (c == 109) return 1000000;     // ms
  }
  if (n == 3 && load<u8>(u + 2) == 115) {
    let a = load<u8>(u), b = load<u8>(u + 1);
    if ((a == 0xC2 && b == 0xB5) || (a == 0xCE && b == 0xBC)) return 1000; // µs, μs
  }
  if (n == 1) {
    let c = load<u8>(u);
    if (c == 115) return 1000000000;     // s
    if (c == 109) return 60000000000;    // m
    if (c == 104) return 3600000000000;  // h
  }
  return 0;
}

export function builtin_time_parse_duration_ns(a: usize): usize {
  if (typeOf(a) != T_STRING) return typeError("time.parse_duration_ns", 1, "string", a);
  let s = strPtr(a), end = s + strLen(a);
  durP = s; durN = strLen(a);
  let d: u64 = 0;
  let neg = false;
  if (s < end) {
    let c = load<u8>(s);
    if (c == 45 || c == 43) { neg = c == 45; s++; }
  }
  if (end - s == 1 && load<u8>(s) == 48) return newInt(0);
  if (s == end) return durationError(0, 0, 0);
  while (s < end) {
    let c = <u32>load<u8>(s);
    if (!(c == 46 || c - 48 < 10)) return durationError(0, 0, 0);
    // leading int
    let v: u64 = 0;
    let start = s;
    while (s < end && <u32>load<u8>(s) - 48 < 10) {
      if (v > 0x8000000000000000 / 10) return durationError(0, 0, 0);
      v = v * 10 + <u64>(load<u8>(s) - 48);
      if (v > 0x8000000000000000) return durationError(0, 0, 0);
      s++;
    }
    let pre = s != start;
    let f: u64 = 0;
    let scale: f64 = 1;
    let post = false;
    if (s < end && load<u8>(s) == 46) {
      s++;
      let fs = s;
      let overflow = false;
      while (s < end && <u32>load<u8>(s) - 48 < 10) {
        if (!overflow) {
          if (f > (0x7FFFFFFFFFFFFFFF) / 10) overflow = true;
          else {
            let y = f * 10 + <u64>(load<u8>(s) - 48);
            if (y > 0x8000000000000000) overflow = true;
            else { f = y; scale *= 10; }
          }
        }
        s++;
      }
      post = s != fs;
    }
    if (!pre && !post) return durationError(0, 0, 0);
    let us = s;
    while (s < end) {
      let u = <u32>load<u8>(s);
      if (u == 46 || u - 48 < 10) break;
      s++;
    }
    if (s == us) return durationError(1, 0, 0);
    let unit = unitValue(us, s - us);
    if (unit == 0) return durationError(2, us, s - us);
    if (v > 0x8000000000000000 / unit) return durationError(0, 0, 0);
    v *= unit;
    if (f > 0) {
      v += <u64>(<f64>f * (<f64>unit / scale));
      if (v > 0x8000000000000000) return durationError(0, 0, 0);
    }
    d += v;
    if (d > 0x8000000000000000) return durationError(0, 0, 0);
  }
  if (neg) return newInt(<i64>(<u64>0 - d));
  if (d > 0x7FFFFFFFFFFFFFFF) return durationError(0, 0, 0);
  return newInt(<i64>d);
}
