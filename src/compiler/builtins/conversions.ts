// Conversions: to_number, units.*, and the deprecated cast_* builtins.
// OPA gives units.* no category in builtins.go (its metadata files them under
// `units`) and the cast_* builtins neither category nor argument names; those
// are ours.

import type { BuiltinDecl } from './decl.js';
import { T, ANY, STR, NUM, BOOL, type RegoType } from '../types.js';
import { arg, ARR_ANY, OBJ_ANY, SET_ANY } from './shared.js';

function cast(name: string, to: RegoType): BuiltinDecl {
  return {
    name,
    categories: ['conversions'],
    args: [arg('x', ANY)],
    result: arg('y', to),
    deprecated: true,
    description: `Deprecated: returns \`x\` if it is of type ${name.slice('cast_'.length)}, fails otherwise.`,
  };
}

export const conversionsBuiltins: BuiltinDecl[] = [
  {
    name: 'to_number',
    categories: ['conversions'],
    args: [arg('x', T.any(T.null, BOOL, NUM, STR), 'value to convert')],
    result: arg('num', NUM, 'the numeric representation of `x`'),
    description: 'Converts a string, bool, or number value to a number.',
  },
  {
    name: 'units.parse',
    categories: ['units'],
    args: [arg('x', STR, 'the unit to parse')],
    result: arg('y', NUM, 'the parsed number'),
    description: 'Converts strings like "10G", "5K", "4M", "1500m", and the like into a number.',
  },
  {
    name: 'units.parse_bytes',
    categories: ['units'],
    args: [arg('x', STR, 'the byte unit to parse')],
    result: arg('y', NUM, 'the parsed number'),
    description: 'Converts strings like "10GB", "5K", "4mb", or "1e6KB" into an integer number of bytes.',
  },
  cast('cast_array', ARR_ANY),
  cast('cast_boolean', BOOL),
  cast('cast_null', T.null),
  cast('cast_object', OBJ_ANY),
  cast('cast_set', SET_ANY),
  cast('cast_string', STR),
];
