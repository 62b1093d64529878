// String builtins. Categories as OPA declares them; `strings.replace_n` has
// none in builtins.go and is filed under `strings` by OPA's builtin metadata.

import type { BuiltinDecl } from './decl.js';
import { T, STR, NUM, BOOL } from '../types.js';
import { arg, ARR_ANY, ARR_STR, OBJ_STR_ANY, SET_STR } from './shared.js';

const STRS = T.any(STR, ARR_STR, SET_STR);

function s(name: string, args: BuiltinDecl['args'], result: NonNullable<BuiltinDecl['result']>, description: string): BuiltinDecl {
  return { name, categories: ['strings'], args, result, description };
}

function trim(name: string, second: [string, string], out: string, description: string): BuiltinDecl {
  return s(name, [arg('value', STR, 'string to trim'), arg(second[0], STR, second[1])], arg('output', STR, out), description);
}

export const stringsBuiltins: BuiltinDecl[] = [
  s(
    'strings.any_prefix_match',
    [arg('search', STRS, 'search string(s)'), arg('base', STRS, 'base string(s)')],
    arg('result', BOOL, 'result of the prefix check'),
    'Returns true if any of the search strings begins with any of the base strings.',
  ),
  s(
    'strings.any_suffix_match',
    [arg('search', STRS, 'search string(s)'), arg('base', STRS, 'base string(s)')],
    arg('result', BOOL, 'result of the suffix check'),
    'Returns true if any of the search strings ends with any of the base strings.',
  ),
  s(
    'concat',
    [arg('delimiter', STR, 'string to use as a delimiter'), arg('collection', T.any(ARR_STR, SET_STR), 'strings to join')],
    arg('output', STR, 'the joined string'),
    'Joins a set or array of strings with a delimiter.',
  ),
  s(
    'format_int',
    [arg('number', NUM, 'number to format'), arg('base', NUM, 'base of number representation to use')],
    arg('output', STR, 'formatted number'),
    'Returns the string representation of the number in the given base after rounding it down to an integer value.',
  ),
  s(
    'indexof',
    [arg('haystack', STR, 'string to search in'), arg('needle', STR, 'substring to look for')],
    arg('output', NUM, 'index of first occurrence, `-1` if not found'),
    'Returns the index of a substring contained inside a string.',
  ),
  s(
    'indexof_n',
    [arg('haystack', STR, 'string to search in'), arg('needle', STR, 'substring to look for')],
    arg('output', T.array(NUM), 'all indices at which `needle` occurs in `haystack`, may be empty'),
    'Returns a list of all the indexes of a substring contained inside a string.',
  ),
  s(
    'substring',
    [
      arg('value', STR, 'string to extract substring from'),
      arg('offset', NUM, 'offset, must be positive'),
      arg('length', NUM, 'length of the substring starting from `offset`'),
    ],
    arg('output', STR, 'substring of `value` from `offset`, of length `length`'),
    'Returns the  portion of a string for a given `offset` and a `length`.  If `length < 0`, `output` is the remainder of the string.',
  ),
  s('lower', [arg('x', STR, 'string that is converted to lower-case')], arg('y', STR, 'lower-case of x'), 'Returns the input string but with all characters in lower-case.'),
  s('upper', [arg('x', STR, 'string that is converted to upper-case')], arg('y', STR, 'upper-case of x'), 'Returns the input string but with all characters in upper-case.'),
  s(
    'contains',
    [arg('haystack', STR, 'string to search in'), arg('needle', STR, 'substring to look for')],
    arg('result', BOOL, 'result of the containment check'),
    'Returns `true` if the search string is included in the base string',
  ),
  s(
    'strings.count',
    [arg('search', STR, 'string to search in'), arg('substring', STR, 'substring to look for')],
    arg('output', NUM, 'count of occurrences, `0` if not found'),
    'Returns the number of non-overlapping instances of a substring in a string.',
  ),
  s(
    'startswith',
    [arg('search', STR, 'search string'), arg('base', STR, 'base string')],
    arg('result', BOOL, 'result of the prefix check'),
    'Returns true if the search string begins with the base string.',
  ),
  s(
    'endswith',
    [arg('search', STR, 'search string'), arg('base', STR, 'base string')],
    arg('result', BOOL, 'result of the suffix check'),
    'Returns true if the search string ends with the base string.',
  ),
  s(
    'split',
    [arg('x', STR, 'string that is split'), arg('delimiter', STR, 'delimiter used for splitting')],
    arg('ys', ARR_STR, 'split parts'),
    'Split returns an array containing elements of the input string split on a delimiter.',
  ),
  // Types from OPA v1.20's capabilities.json; the argument/result names are not
  // confirmed against OPA's source and mirror `split`.
  s(
    'strings.split_n',
    [arg('x', STR, 'string that is split'), arg('delimiter', STR, 'delimiter used for splitting'), arg('n', NUM, 'maximum number of parts')],
    arg('ys', ARR_STR, 'split parts'),
    'Splits the input string on a delimiter into at most `n` parts.',
  ),
  s(
    'replace',
    [arg('x', STR, 'string being processed'), arg('old', STR, 'substring to replace'), arg('new', STR, 'string to replace `old` with')],
    arg('y', STR, 'string with replaced substrings'),
    'Replace replaces all instances of a sub-string.',
  ),
  s(
    'strings.replace_n',
    [arg('patterns', T.object(STR, STR), 'replacement pairs'), arg('value', STR, 'string to replace substring matches in')],
    arg('output', STR, 'string with replaced substrings'),
    'Replaces a string from a list of old, new string pairs.',
  ),
  trim('trim', ['cutset', 'string of characters that are cut off'], 'string trimmed of `cutset` characters', 'Returns `value` with all leading or trailing instances of the `cutset` characters removed.'),
  trim('trim_left', ['cutset', 'string of characters that are cut off on the left'], 'string left-trimmed of `cutset` characters', 'Returns `value` with all leading instances of the `cutset` characters removed.'),
  trim('trim_prefix', ['prefix', 'prefix to cut off'], 'string with `prefix` cut off', "Returns `value` without the prefix. If `value` doesn't start with `prefix`, it is returned unchanged."),
  trim('trim_right', ['cutset', 'string of characters that are cut off on the right'], 'string right-trimmed of `cutset` characters', 'Returns `value` with all trailing instances of the `cutset` characters removed.'),
  trim('trim_suffix', ['suffix', 'suffix to cut off'], 'string with `suffix` cut off', "Returns `value` without the suffix. If `value` doesn't end with `suffix`, it is returned unchanged."),
  s(
    'trim_space',
    [arg('value', STR, 'string to trim')],
    arg('output', STR, 'string leading and trailing white space cut off'),
    'Return the given string with all leading and trailing white space removed.',
  ),
  s(
    'sprintf',
    [arg('format', STR, 'string with formatting verbs'), arg('values', ARR_ANY, 'arguments to format into formatting verbs')],
    arg('output', STR, '`format` formatted by the values in `values`'),
    'Returns the given string, formatted.',
  ),
  s('strings.reverse', [arg('x', STR, 'string to reverse')], arg('y', STR, 'reversed string'), 'Reverses a given string.'),
  s(
    'strings.render_template',
    [arg('value', STR, 'a templated string'), arg('vars', OBJ_STR_ANY, 'a mapping of template variable keys to values')],
    arg('result', STR, 'rendered template with template variables injected'),
    'Renders a templated string with given template variables injected.',
  ),
];
