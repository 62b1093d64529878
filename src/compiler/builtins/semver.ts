// Semantic-version builtins (category `semver` per OPA's builtin metadata).

import type { BuiltinDecl } from './decl.js';
import { ANY, STR, NUM, BOOL } from '../types.js';
import { arg } from './shared.js';

export const semverBuiltins: BuiltinDecl[] = [
  {
    name: 'semver.is_valid',
    categories: ['semver'],
    args: [arg('vsn', ANY, 'input to validate')],
    result: arg('result', BOOL, '`true` if `vsn` is a valid SemVer; `false` otherwise'),
    description: 'Validates that the input is a valid SemVer string.',
  },
  {
    name: 'semver.compare',
    categories: ['semver'],
    args: [arg('a', STR, 'first version string'), arg('b', STR, 'second version string')],
    result: arg('result', NUM, '`-1` if `a < b`; `1` if `a > b`; `0` if `a == b`'),
    description: 'Compares valid SemVer formatted version strings.',
  },
];
