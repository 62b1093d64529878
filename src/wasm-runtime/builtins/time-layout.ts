// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Go time layouts, shared by time.format and time.parse_ns: day and month
// names, the layout scanner (Go's nextStdChunk) and the named layouts OPA
// accepts (RFC3339, ANSIC, ...).

// ---- names ------------------------------------------------------------------------

export const DAY_NAMES = "SundayMondayTuesdayWednesdayThursdayFridaySaturday";
export const DAY_OFF: usize = memory.data<u8>([0, 6, 12, 19, 28, 36, 42, 50]);
export const MONTH_NAMES = "JanuaryFebruaryMarchAprilMayJuneJulyAugustSeptemberOctoberNovemberDecember";
export const MONTH_OFF: usize = memory.data<u8>([0, 7, 15, 20, 25, 28, 32, 36, 42, 51, 58, 66, 74]);

/** Write chars [a, b) of an ASCII literal to out; returns the count. */
export function putLit(out: usize, s: string, a: usize, b: usize): usize {
  let src = changetype<usize>(s);
  for (let i = a; i < b; i++) store<u8>(out + i - a, <u8>load<u16>(src + (i << 1)));
  return b - a;
}

export function dayName(out: usize, wd: i32, short: bool): usize {
  let a = <usize>load<u8>(DAY_OFF + <usize>wd), b = <usize>load<u8>(DAY_OFF + <usize>wd + 1);
  return putLit(out, DAY_NAMES, a, short ? a + 3 : b);
}

export function monthName(out: usize, m: i32, short: bool): usize {
  let a = <usize>load<u8>(MONTH_OFF + <usize>(m - 1)), b = <usize>load<u8>(MONTH_OFF + <usize>m);
  return putLit(out, MONTH_NAMES, a, short ? a + 3 : b);
}

// ---- layouts -------------------------------------------------------------------------------

export const STD_LONG_MONTH = 1, STD_MONTH = 2, STD_NUM_MONTH = 3, STD_ZERO_MONTH = 4,
  STD_LONG_WEEKDAY = 5, STD_WEEKDAY = 6, STD_DAY = 7, STD_UNDER_DAY = 8, STD_ZERO_DAY = 9,
  STD_UNDER_YEARDAY = 10, STD_ZERO_YEARDAY = 11, STD_HOUR = 12, STD_HOUR12 = 13,
  STD_ZERO_HOUR12 = 14, STD_MINUTE = 15, STD_ZERO_MINUTE = 16, STD_SECOND = 17,
  STD_ZERO_SECOND = 18, STD_LONG_YEAR = 19, STD_YEAR = 20, STD_PM = 21, STD_pm = 22,
  STD_TZ = 23, STD_ISO8601_TZ = 24, STD_ISO8601_SECONDS_TZ = 25, STD_ISO8601_SHORT_TZ = 26,
  STD_ISO8601_COLON_TZ = 27, STD_ISO8601_COLON_SECONDS_TZ = 28, STD_NUM_TZ = 29,
  STD_NUM_SECONDS_TZ = 30, STD_NUM_SHORT_TZ = 31, STD_NUM_COLON_TZ = 32,
  STD_NUM_COLON_SECONDS_TZ = 33, STD_FRAC0 = 34, STD_FRAC9 = 35;

// nextStdChunk results: prefix is [layout, chunkStart), std is [chunkStart, chunkEnd)
export let chunkStart: usize = 0;
export let chunkEnd: usize = 0;
export let chunkStd: i32 = 0;
export let fracDigits: i32 = 0;
export let fracComma = false;

function at(p: usize, end: usize, i: usize): u32 { return p + i < end ? <u32>load<u8>(p + i) : 0; }

export function hasAt(p: usize, end: usize, i: usize, s: string): bool {
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

export function isDigitAt(p: usize, end: usize, i: usize): bool {
  return p + i < end && <u32>load<u8>(p + i) - 48 < 10;
}

function found(p: usize, i: usize, len: usize, std: i32): void {
  chunkStart = p + i;
  chunkEnd = p + i + len;
  chunkStd = std;
}

/** Go's nextStdChunk over [p, end). chunkStd 0: no more elements. */
export function nextStdChunk(p: usize, end: usize): void {
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
export let layP: usize = 0;
export let layN: usize = 0;

export function useLayout(p: usize, n: usize): void {
  let named = namedLayout(p, n);
  if (named === null) { layP = p; layN = n; return; }
  let s = <string>named;
  layN = putLit(LAYOUT_BUF, s, 0, <usize>s.length);
  layP = LAYOUT_BUF;
}

/** Use a layout given as an ASCII literal (copied into LAYOUT_BUF). */
export function useLiteralLayout(s: string): void {
  layN = putLit(LAYOUT_BUF, s, 0, <usize>s.length);
  layP = LAYOUT_BUF;
}
