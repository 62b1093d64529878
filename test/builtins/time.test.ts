import { describe, expect, it } from 'vitest';
import { errorOf, rego } from '../helpers/rego.js';

const strict = { strict: true };

describe('time.parse_rfc3339_ns, time.parse_ns (native)', () => {
  it('parses RFC 3339 with offsets and nanoseconds', () => {
    expect(rego('time.parse_rfc3339_ns("1970-01-01T00:00:00Z")')).toBe(0);
    expect(rego('time.parse_rfc3339_ns("2017-06-02T19:00:00-07:00")')).toBe(1496455200000000000);
    expect(rego('time.parse_rfc3339_ns("2024-03-05T10:00:00.123456789123Z") == 1709632800123456789')).toBe(true);
    expect(rego('time.parse_rfc3339_ns("2262-04-11T23:47:16.854775807-00:00") == 9223372036854775807')).toBe(true);
    expect(rego('time.parse_rfc3339_ns("1677-09-21T00:12:43.145224192-00:00") == -9223372036854775808')).toBe(true);
  });

  it('checks the int64 nanosecond range exactly', () => {
    for (const s of ['1677-09-21T00:12:43.145224191-00:00', '2262-04-11T23:47:16.854775808-00:00', '0001-01-01T00:00:00Z']) {
      expect(rego(`time.parse_rfc3339_ns("${s}")`)).toBeUndefined();
      expect(errorOf(() => rego(`time.parse_rfc3339_ns("${s}")`, strict))).toMatch('eval_builtin_error: time.parse_rfc3339_ns: time outside of valid range');
    }
  });

  it('parses Go reference layouts and the named constants', () => {
    expect(rego('time.parse_ns("2006-01-02", "2020-02-29")')).toBe(1582934400000000000);
    expect(rego('time.parse_ns("RFC3339", "2024-03-05T10:00:00+01:00")')).toBe(1709629200000000000);
    expect(rego('time.parse_ns("RFC1123Z", "Tue, 05 Mar 2024 10:00:00 +0530")')).toBe(1709613000000000000);
    expect(rego('time.parse_ns("Jan 2 2006 3:04PM", "mar 5 2024 12:30AM")')).toBe(1709598600000000000);
    expect(rego('time.parse_ns("2006-002", "2024-060")')).toBe(1709164800000000000); // day of year, leap year
    expect(rego('time.parse_ns("02/01/06 15:04:05.000", "05/03/24 10:00:00.250")')).toBe(1709632800250000000);
    // no date: January 1 of year 0, before the int64 nanosecond range
    expect(errorOf(() => rego('time.parse_ns("15:04:05", "10:00:00.5")', strict))).toMatch('time outside of valid range');
    // a zone abbreviation other than UTC does not move the instant (Go's fabricated zone)
    expect(rego('time.parse_ns("Mon Jan _2 15:04:05 MST 2006", "Tue Mar  5 10:00:00 EST 2024")')).toBe(1709632800000000000);
    expect(rego('time.parse_ns("2006-01-02T15:04:05Z0700", "2024-03-05T10:00:00-0130")')).toBe(1709638200000000000);
  });

  it('reports parse errors as Go does', () => {
    const cases: Array<[string, string]> = [
      ['time.parse_ns("2006-01-02", "2020-02-30")', 'time.parse_ns: parsing time "2020-02-30": day out of range'],
      ['time.parse_ns("2006-01-02", "2020-2-03")', 'time.parse_ns: parsing time "2020-2-03" as "2006-01-02": cannot parse "2-03" as "01"'],
      ['time.parse_ns("2006-01-02", "2024-03-05 junk")', 'time.parse_ns: parsing time "2024-03-05 junk": extra text: " junk"'],
      ['time.parse_ns("2006-01-02 15:04", "2024-13-05 10:00")', 'time.parse_ns: parsing time "2024-13-05 10:00": month out of range'],
      ['time.parse_ns("15:04", "25:00")', 'time.parse_ns: parsing time "25:00": hour out of range'],
      ['time.parse_rfc3339_ns("2024-03-05 10:00:00Z")', 'time.parse_rfc3339_ns: parsing time "2024-03-05 10:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 10:00:00Z" as "T"'],
    ];
    for (const [expr, msg] of cases) {
      expect(rego(expr)).toBeUndefined();
      expect(errorOf(() => rego(expr, strict))).toMatch(`eval_builtin_error: ${msg}`);
    }
  });
});

describe('time.parse_duration_ns (native)', () => {
  it('parses Go durations', () => {
    expect(rego('[time.parse_duration_ns("100ms"), time.parse_duration_ns("1h30m"), time.parse_duration_ns("1.5s"), time.parse_duration_ns("-1.5h")]')).toEqual([
      100000000, 5400000000000, 1500000000, -5400000000000,
    ]);
    expect(rego('[time.parse_duration_ns("300µs"), time.parse_duration_ns("300μs"), time.parse_duration_ns("300us"), time.parse_duration_ns("+.5ms"), time.parse_duration_ns("0"), time.parse_duration_ns("7ns")]')).toEqual([
      300000, 300000, 300000, 500000, 0, 7,
    ]);
    expect(rego('time.parse_duration_ns("1.0000000001h")')).toBe(3600000000360);
    expect(rego('time.parse_duration_ns("2562047h47m16.854775807s") == 9223372036854775807')).toBe(true);
    expect(rego('time.parse_duration_ns("-2562047h47m16.854775808s") == -9223372036854775808')).toBe(true);
  });

  it('reports invalid durations', () => {
    const cases: Array<[string, string]> = [
      ['', 'time: invalid duration ""'],
      ['1', 'time: missing unit in duration "1"'],
      ['1d', 'time: unknown unit "d" in duration "1d"'],
      ['.s', 'time: invalid duration ".s"'],
      ['2562047h47m16.854775808s', 'time: invalid duration "2562047h47m16.854775808s"'],
    ];
    for (const [s, msg] of cases) {
      expect(errorOf(() => rego(`time.parse_duration_ns(${JSON.stringify(s)})`, strict))).toMatch(`eval_builtin_error: time.parse_duration_ns: ${msg}`);
    }
  });
});

describe('time.date, time.clock, time.weekday (native)', () => {
  it('breaks down UTC timestamps', () => {
    expect(rego('time.date(1517814000000000000)')).toEqual([2018, 2, 5]);
    expect(rego('time.clock(1582977600000000000)')).toEqual([12, 0, 0]);
    expect(rego('time.weekday(1518177600000000000)')).toBe('Friday');
    expect(rego('[time.date(-1), time.clock(-1), time.weekday(-1)]')).toEqual([[1969, 12, 31], [23, 59, 59], 'Wednesday']);
    expect(rego('time.date(-9223372036854775808)')).toEqual([1677, 9, 21]);
  });

  it('uses time zones, including DST rules', () => {
    expect(rego('time.clock([1517832000000000000, "America/New_York"])')).toEqual([7, 0, 0]);
    expect(rego('time.clock([1710054000000000000, "America/New_York"])')).toEqual([3, 0, 0]); // 2024-03-10 DST start
    expect(rego('time.clock([1710053999000000000, "America/New_York"])')).toEqual([1, 59, 59]);
    expect(rego('time.date([1670006453141828752, "Asia/Kolkata"])')).toEqual([2022, 12, 3]);
    expect(rego('time.clock([0, "Australia/Sydney"])')).toEqual([10, 0, 0]);
    expect(rego('time.clock([4102444800000000000, "Europe/London"])')).toEqual([0, 0, 0]); // 2100: footer rule
    expect(rego('time.clock([4118083200000000000, "Europe/London"])')).toEqual([1, 0, 0]); // 2100-07-01 BST
    expect(rego('[time.clock([0, "UTC"]), time.clock([0, ""]), time.clock([0, "Local"]), time.clock([0, "Etc/GMT+5"]), time.clock([0, "Etc/GMT-14"])]')).toEqual([
      [0, 0, 0], [0, 0, 0], [0, 0, 0], [19, 0, 0], [14, 0, 0],
    ]);
  });

  it('reports bad operands', () => {
    expect(rego('time.date([0, "Mars/Base"])')).toBeUndefined();
    expect(errorOf(() => rego('time.date([0, "Mars/Base"])', strict))).toMatch('eval_builtin_error: time.date: unknown time zone Mars/Base');
    expect(errorOf(() => rego('time.weekday(1582977600 * 10e12)', strict))).toMatch('eval_builtin_error: time.weekday: timestamp too big');
    expect(errorOf(() => rego('time.date(1.5)', strict))).toMatch('timestamp too big');
    expect(errorOf(() => rego('time.date(input.x)', { input: { x: [] }, strict: true }))).toMatch(
      'eval_type_error: time.date: operand 1 must be either number (ns) or [number (ns), string (tz)] but got array',
    );
    expect(errorOf(() => rego('time.clock(input.x)', { input: { x: [1, 2] }, strict: true }))).toMatch('time.clock: operand 1 must be string but got number');
  });
});

describe('time.add_date, time.diff (native)', () => {
  it('adds years, months and days with Go normalisation', () => {
    expect(rego('time.add_date(1585852421593912000, 3, 9, 12)')).toBe(1705257221593912000);
    expect(rego('time.add_date(1580428800000000000, 0, 1, 0)')).toBe(1583107200000000000); // Jan 31 + 1 month = Mar 2 (2020)
    expect(rego('time.add_date(1582934400000000000, 1, 0, 0)')).toBe(1614556800000000000); // Feb 29 + 1 year = Mar 1
    expect(rego('time.add_date(0, 0, 0, -1)')).toBe(-86400000000000);
  });

  it('checks the result range and integer operands', () => {
    expect(errorOf(() => rego('time.add_date(0, 2262, 1, 1)', strict))).toMatch('eval_builtin_error: time.add_date: time outside of valid range');
    expect(errorOf(() => rego('time.add_date(0, 0, 1.5, 0)', strict))).toMatch(
      'eval_type_error: time.add_date: operand 3 must be integer number but got floating-point number',
    );
  });

  it('computes calendar differences', () => {
    expect(rego('time.diff(0, 61000000000)')).toEqual([0, 0, 0, 0, 1, 1]);
    expect(rego('time.diff(time.parse_ns("2006-01-02", "2020-02-02"), time.parse_ns("2006-01-02", "2020-03-01"))')).toEqual([0, 0, 28, 0, 0, 0]);
    expect(rego('time.diff(time.parse_ns("2006-01-02", "2021-02-02"), time.parse_ns("2006-01-02", "2021-03-01"))')).toEqual([0, 0, 27, 0, 0, 0]);
    expect(rego('time.diff(time.parse_ns("2006-01-02", "2004-02-29"), time.parse_ns("2006-01-02", "2005-03-01"))')).toEqual([1, 0, 1, 0, 0, 0]);
    // the second operand is viewed in the first operand's zone
    expect(rego('time.diff([1709164800000000000, "UTC"], [1677628800000000000, "America/New_York"])')).toEqual([0, 11, 28, 0, 0, 0]);
    expect(rego('time.diff([3600000000000, "UTC"], [0, "Asia/Shanghai"])')).toEqual([0, 0, 0, 1, 0, 0]);
  });
});

describe('time.format (native)', () => {
  it('formats with zones and layouts', () => {
    expect(rego('time.format(1670006453141828752)')).toBe('2022-12-02T18:40:53.141828752Z');
    expect(rego('time.format([1670006453141828752, "Asia/Kolkata"])')).toBe('2022-12-03T00:10:53.141828752+05:30');
    expect(rego('time.format([1670006453141828752, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006"])')).toBe('Sat Dec 03 00:10:53 +0530 2022');
    expect(rego('time.format([1670006453141828752, "Asia/Kolkata", "RFC1123Z"])')).toBe('Sat, 03 Dec 2022 00:10:53 +0530');
    expect(rego('time.format([1670006453141828752, "America/New_York", "RFC822"])')).toBe('02 Dec 22 13:40 EST');
    expect(rego('time.format([0, "UTC", "Mon Jan _2 15:04:05 MST 2006"])')).toBe('Thu Jan  1 00:00:00 UTC 1970');
    expect(rego('time.format([1670006453141828752, "Asia/Kolkata", "3:04PM Monday January 2, 2006 (002 __2) .000 ,999 Z07:00:00 -07 Z0700 pm"])')).toBe(
      '12:10AM Saturday December 3, 2022 (337 337) .141 ,141 +05:30:00 +05 +0530 am',
    );
    expect(rego('time.format([1670006453100000000, "Etc/GMT+5", "2006-01-02T15:04:05.999999999Z07:00 MST"])')).toBe('2022-12-02T13:40:53.1-05:00 -05');
    expect(rego('time.format([1670006453000000000, "UTC", "RFC3339Nano"])')).toBe('2022-12-02T18:40:53Z');
    expect(rego('time.format([0, "", ""])')).toBe('1970-01-01T00:00:00Z');
    expect(rego('time.format(-1)')).toBe('1969-12-31T23:59:59.999999999Z');
  });

  it('reports bad operands', () => {
    expect(errorOf(() => rego('time.format(1582977600 * 10e12)', strict))).toMatch('eval_builtin_error: time.format: timestamp too big');
    expect(errorOf(() => rego('time.format([0, "Nowhere/Land"])', strict))).toMatch('time.format: unknown time zone Nowhere/Land');
  });
});
