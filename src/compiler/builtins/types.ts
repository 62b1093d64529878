// Type predicates and `type_name`.

import type { BuiltinDecl } from './decl.js';
import { ANY, STR, BOOL } from '../types.js';
import { arg } from './shared.js';

function is(name: string, article: string, what: string, description: string): BuiltinDecl {
  return {
    name,
    categories: ['types'],
    args: [arg('x', ANY, 'input value')],
    result: arg('result', BOOL, `\`true\` if \`x\` is ${article}${what}, \`false\` otherwise.`),
    description,
  };
}

export const typesBuiltins: BuiltinDecl[] = [
  is('is_number', 'a ', 'number', 'Returns `true` if the input value is a number.'),
  is('is_string', 'a ', 'string', 'Returns `true` if the input value is a string.'),
  is('is_boolean', 'an ', 'boolean', 'Returns `true` if the input value is a boolean.'),
  is('is_array', 'an ', 'array', 'Returns `true` if the input value is an array.'),
  is('is_set', 'a ', 'set', 'Returns `true` if the input value is a set.'),
  is('is_object', 'an ', 'object', 'Returns true if the input value is an object'),
  is('is_null', '', 'null', 'Returns `true` if the input value is null.'),
  {
    name: 'type_name',
    categories: ['types'],
    args: [arg('x', ANY, 'input value')],
    result: arg('type', STR, 'one of "null", "boolean", "number", "string", "array", "object", "set"'),
    description: 'Returns the type of its input value.',
  },
];
