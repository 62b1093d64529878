// UUID builtins (category `uuid` per OPA's builtin metadata).

import type { BuiltinDecl } from './decl.js';
import { STR } from '../types.js';
import { arg, OBJ_STR_ANY } from './shared.js';

export const uuidBuiltins: BuiltinDecl[] = [
  {
    name: 'uuid.rfc4122',
    categories: ['uuid'],
    args: [arg('k', STR, 'seed string')],
    result: arg('output', STR, 'a version 4 UUID; for any given `k`, the output will be consistent throughout a query evaluation'),
    nondeterministic: true,
    description: 'Returns a new UUIDv4.',
  },
  {
    name: 'uuid.parse',
    categories: ['uuid'],
    args: [arg('uuid', STR, 'UUID string to parse')],
    result: arg('result', OBJ_STR_ANY, 'Properties of UUID if valid (version, variant, etc). Undefined otherwise.'),
    description: 'Parses the string value as an UUID and returns an object with the well-defined fields of the UUID if valid.',
  },
];
