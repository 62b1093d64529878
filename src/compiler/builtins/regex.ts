// Regular-expression builtins. OPA's builtins.go gives them no category; its
// builtin metadata files them under `regex`.

import type { BuiltinDecl } from './decl.js';
import { T, STR, NUM, BOOL } from '../types.js';
import { arg, ARR_STR } from './shared.js';

export const regexBuiltins: BuiltinDecl[] = [
  {
    name: 'regex.is_valid',
    categories: ['regex'],
    args: [arg('pattern', STR, 'regular expression')],
    result: arg('result', BOOL, 'true if `pattern` is a valid regular expression'),
    description: 'Checks if a string is a valid regular expression.',
  },
  {
    name: 'regex.match',
    categories: ['regex'],
    args: [arg('pattern', STR, 'regular expression'), arg('value', STR, 'value to match against `pattern`')],
    result: arg('result', BOOL, 'true if `value` matches `pattern`'),
    description: 'Matches a string against a regular expression.',
  },
  {
    name: 'regex.split',
    categories: ['regex'],
    args: [arg('pattern', STR, 'regular expression'), arg('value', STR, 'string to match')],
    result: arg('output', ARR_STR, 'the parts obtained by splitting `value`'),
    description: 'Splits the input string by the occurrences of the given pattern.',
  },
  {
    name: 'regex.globs_match',
    categories: ['regex'],
    args: [arg('glob1', STR, 'first glob-style regular expression'), arg('glob2', STR, 'second glob-style regular expression')],
    result: arg('result', BOOL, 'true if the intersection of `glob1` and `glob2` matches a non-empty set of non-empty strings'),
    description: 'Checks if the intersection of two glob-style regular expressions matches a non-empty set of non-empty strings.',
  },
  {
    name: 'regex.template_match',
    categories: ['regex'],
    args: [
      arg('template', STR, 'template expression containing `0..n` regular expressions'),
      arg('value', STR, 'string to match'),
      arg('delimiter_start', STR, 'start delimiter of the regular expression in `template`'),
      arg('delimiter_end', STR, 'end delimiter of the regular expression in `template`'),
    ],
    result: arg('result', BOOL, 'true if `value` matches the `template`'),
    description: 'Matches a string against a pattern, where there pattern may be glob-like',
  },
  {
    name: 'regex.find_n',
    categories: ['regex'],
    args: [
      arg('pattern', STR, 'regular expression'),
      arg('value', STR, 'string to match'),
      arg('number', NUM, 'number of matches to return, if `-1`, returns all matches'),
    ],
    result: arg('output', ARR_STR, 'collected matches'),
    description: 'Returns the specified number of matches when matching the input against the pattern.',
  },
  {
    name: 'regex.find_all_string_submatch_n',
    categories: ['regex'],
    args: [
      arg('pattern', STR, 'regular expression'),
      arg('value', STR, 'string to match'),
      arg('number', NUM, 'number of matches to return; `-1` means all matches'),
    ],
    result: arg('output', T.array(ARR_STR), 'array of all matches'),
    description: 'Returns all successive matches of the expression.',
  },
  {
    name: 'regex.replace',
    categories: ['regex'],
    args: [arg('s', STR, 'string being processed'), arg('pattern', STR, 'regex pattern to be applied'), arg('value', STR, 'regex value')],
    result: arg('output', STR, 'string with replaced substrings'),
    description: 'Find and replaces the text using the regular expression pattern.',
  },
  {
    // Deprecated (use regex.match); OPA declares it without category or names.
    name: 're_match',
    categories: ['regex'],
    args: [arg('pattern', STR), arg('value', STR)],
    result: arg('result', BOOL),
    deprecated: true,
    description: 'Deprecated: use `regex.match`.',
  },
];
