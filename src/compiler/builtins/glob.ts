// glob.* builtins (category `glob` per OPA's builtin metadata).

import type { BuiltinDecl } from './decl.js';
import { T, STR, BOOL } from '../types.js';
import { arg, ARR_STR } from './shared.js';

export const globBuiltins: BuiltinDecl[] = [
  {
    name: 'glob.match',
    categories: ['glob'],
    args: [
      arg('pattern', STR, 'glob pattern'),
      arg('delimiters', T.any(T.null, ARR_STR), 'glob pattern delimiters, e.g. `[".", ":"]`, defaults to `["."]` if unset. If `delimiters` is `null`, glob match without delimiter.'),
      arg('match', STR, 'string to match against `pattern`'),
    ],
    result: arg('result', BOOL, 'true if `match` can be found in `pattern` which is separated by `delimiters`'),
    description: 'Parses and matches strings against the glob notation. Not to be confused with `regex.globs_match`.',
  },
  {
    name: 'glob.quote_meta',
    categories: ['glob'],
    args: [arg('pattern', STR, 'glob pattern')],
    result: arg('output', STR, 'the escaped string of `pattern`'),
    description: 'Returns a string which represents a version of the pattern where all asterisks have been escaped.',
  },
];
