// time.* builtins (category `time` per OPA's builtin metadata).

import type { BuiltinDecl } from './decl.js';
import { T, STR, NUM } from '../types.js';
import { arg } from './shared.js';

/** Nanoseconds since the epoch, or `[ns, timezone]`. */
const NS_TZ = T.any(NUM, T.tuple(NUM, STR));
const NS_TZ_DESC = 'a number representing the nanoseconds since the epoch (UTC); or a two-element array of the nanoseconds, and a timezone string';

export const timeBuiltins: BuiltinDecl[] = [
  {
    name: 'time.now_ns',
    categories: ['time'],
    args: [],
    result: arg('now', NUM, 'nanoseconds since epoch'),
    nondeterministic: true,
    description: 'Returns the current time since epoch in nanoseconds.',
  },
  {
    name: 'time.parse_ns',
    categories: ['time'],
    args: [arg('layout', STR, 'format used for parsing'), arg('value', STR, 'input to parse according to `layout`')],
    result: arg('ns', NUM, '`value` in nanoseconds since epoch'),
    description: 'Returns the time in nanoseconds parsed from the string in the given format.',
  },
  {
    name: 'time.parse_rfc3339_ns',
    categories: ['time'],
    args: [arg('value', STR, 'input string to parse in RFC3339 format')],
    result: arg('ns', NUM, '`value` in nanoseconds since epoch'),
    description: 'Returns the time in nanoseconds parsed from the string in RFC3339 format.',
  },
  {
    name: 'time.parse_duration_ns',
    categories: ['time'],
    args: [arg('duration', STR, 'a duration like "3m"')],
    result: arg('ns', NUM, 'the `duration` in nanoseconds'),
    description: 'Returns the duration in nanoseconds represented by a string.',
  },
  {
    name: 'time.format',
    categories: ['time'],
    args: [
      arg(
        'x',
        T.any(NUM, T.tuple(NUM, STR), T.tuple(NUM, STR, STR)),
        'a number representing the nanoseconds since the epoch (UTC); or a two-element array of the nanoseconds, and a timezone string; or a three-element array of ns, timezone string and a layout string',
      ),
    ],
    result: arg('formatted timestamp', STR, 'the formatted timestamp represented for the nanoseconds since the epoch in the supplied timezone (or UTC)'),
    description: 'Returns the formatted timestamp for the nanoseconds since epoch.',
  },
  {
    name: 'time.date',
    categories: ['time'],
    args: [arg('x', NS_TZ, NS_TZ_DESC)],
    result: arg('date', T.tuple(NUM, NUM, NUM), 'an array of `year`, `month` (1-12), and `day` (1-31)'),
    description: 'Returns the `[year, month, day]` for the nanoseconds since epoch.',
  },
  {
    name: 'time.clock',
    categories: ['time'],
    args: [arg('x', NS_TZ, NS_TZ_DESC)],
    result: arg('output', T.tuple(NUM, NUM, NUM), 'the `hour`, `minute` (0-59), and `second` (0-59)'),
    description: 'Returns the `[hour, minute, second]` of the day for the nanoseconds since epoch.',
  },
  {
    name: 'time.weekday',
    categories: ['time'],
    args: [arg('x', NS_TZ, NS_TZ_DESC)],
    result: arg('day', STR, 'the weekday represented by `ns` nanoseconds since the epoch in the supplied timezone (or UTC)'),
    description: 'Returns the day of the week (Monday, Tuesday, ...) for the nanoseconds since epoch.',
  },
  {
    name: 'time.add_date',
    categories: ['time'],
    args: [
      arg('ns', NUM, 'nanoseconds since the epoch'),
      arg('years', NUM, 'number of years to add'),
      arg('months', NUM, 'number of months to add'),
      arg('days', NUM, 'number of days to add'),
    ],
    result: arg('output', NUM, 'nanoseconds since the epoch representing the input time, with years, months and days added'),
    description: 'Returns the nanoseconds since epoch after adding years, months and days to nanoseconds.',
  },
  {
    name: 'time.diff',
    categories: ['time'],
    args: [
      arg('ns1', NS_TZ, 'nanoseconds since the epoch; or a two-element array of the nanoseconds, and a timezone string'),
      arg('ns2', NS_TZ, 'nanoseconds since the epoch; or a two-element array of the nanoseconds, and a timezone string'),
    ],
    result: arg('output', T.tuple(NUM, NUM, NUM, NUM, NUM, NUM), 'difference between `ns1` and `ns2` as `[years, months, days, hours, minutes, seconds]`'),
    description: 'Returns the difference between two unix timestamps in nanoseconds (with optional timezone strings).',
  },
];
