// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// time.format: Go's Time.Format of a tzTime operand with its layout
// (default RFC3339Nano).
import { opa_malloc, opa_free } from "../alloc";
import { strPtr, strLen } from "../values";
import {
  lkName, lkNameLen, breakDown, fYear, fMonth, fDay, fHour, fMin, fSec, fWeekday, fYday, fOff,
} from "./time-tz";
import {
  dayName, monthName, nextStdChunk, chunkStart, chunkEnd, chunkStd, fracDigits, fracComma, layP, layN, useLayout,
  useLiteralLayout, STD_LONG_MONTH, STD_MONTH, STD_NUM_MONTH, STD_ZERO_MONTH, STD_LONG_WEEKDAY, STD_WEEKDAY, STD_DAY,
  STD_UNDER_DAY, STD_ZERO_DAY, STD_UNDER_YEARDAY, STD_ZERO_YEARDAY, STD_HOUR, STD_HOUR12, STD_ZERO_HOUR12,
  STD_MINUTE, STD_ZERO_MINUTE, STD_SECOND, STD_ZERO_SECOND, STD_LONG_YEAR, STD_YEAR, STD_PM, STD_pm, STD_TZ,
  STD_ISO8601_TZ, STD_ISO8601_SECONDS_TZ, STD_ISO8601_SHORT_TZ, STD_ISO8601_COLON_TZ, STD_ISO8601_COLON_SECONDS_TZ,
  STD_NUM_SECONDS_TZ, STD_NUM_SHORT_TZ, STD_NUM_COLON_TZ, STD_NUM_COLON_SECONDS_TZ, STD_FRAC0, STD_FRAC9,
} from "./time-layout";
import { TXT, heapString, tSec, tNsec, tLayout, tzTime } from "./time-operands";

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
    useLiteralLayout("2006-01-02T15:04:05.999999999Z07:00");
  }
  return formatTime();
}
