// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// time.parse_ns and time.parse_rfc3339_ns: Go's time.Parse (default location
// UTC, "Local" treated as UTC) with Go's error texts.
import { typeOf, strPtr, strLen } from "../values";
import { T_STRING } from "../layout";
import { typeError, msgStart, msgText, msgBuiltinError } from "./errors";
import { msgTimeQuote } from "./quote";
import { setUTC, dateToUnix, dateNsec, daysIn, isLeap, daysBefore } from "./time-tz";
import {
  DAY_NAMES, DAY_OFF, MONTH_NAMES, MONTH_OFF, hasAt, isDigitAt, nextStdChunk, chunkStart, chunkEnd, chunkStd,
  fracDigits, layP, layN, useLayout, useLiteralLayout, STD_LONG_MONTH, STD_MONTH, STD_NUM_MONTH, STD_ZERO_MONTH,
  STD_LONG_WEEKDAY, STD_WEEKDAY, STD_DAY, STD_UNDER_DAY, STD_ZERO_DAY, STD_UNDER_YEARDAY, STD_ZERO_YEARDAY, STD_HOUR,
  STD_HOUR12, STD_ZERO_HOUR12, STD_MINUTE, STD_ZERO_MINUTE, STD_SECOND, STD_ZERO_SECOND, STD_LONG_YEAR, STD_YEAR,
  STD_PM, STD_pm, STD_TZ, STD_ISO8601_TZ, STD_ISO8601_SECONDS_TZ, STD_ISO8601_SHORT_TZ, STD_ISO8601_COLON_TZ,
  STD_ISO8601_COLON_SECONDS_TZ, STD_NUM_TZ, STD_NUM_SECONDS_TZ, STD_NUM_SHORT_TZ, STD_NUM_COLON_TZ,
  STD_NUM_COLON_SECONDS_TZ, STD_FRAC0, STD_FRAC9,
} from "./time-layout";
import { safeUnixNano } from "./time-operands";

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
  useLiteralLayout("2006-01-02T15:04:05Z07:00");
  if (!parseTime(strPtr(value), strLen(value))) return parseError(name, strPtr(value), strLen(value));
  return safeUnixNano(name, pSec, pNsec);
}
