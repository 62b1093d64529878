// Bitwise integer builtins. OPA gives them no category in builtins.go; its
// builtin metadata files them under `bits`.

import type { BuiltinDecl } from './decl.js';
import { NUM } from '../types.js';
import { arg } from './shared.js';

function binary(name: string, what: string, description: string): BuiltinDecl {
  return {
    name,
    categories: ['bits'],
    args: [arg('x', NUM, 'the first integer'), arg('y', NUM, 'the second integer')],
    result: arg('z', NUM, `the bitwise ${what} of \`x\` and \`y\``),
    description,
  };
}

function shift(name: string, dir: string): BuiltinDecl {
  return {
    name,
    categories: ['bits'],
    args: [arg('x', NUM, 'the integer to shift'), arg('s', NUM, 'the number of bits to shift')],
    result: arg('z', NUM, `the result of shifting \`x\` \`s\` bits to the ${dir}`),
    description: `Returns a new integer with its bits shifted \`s\` bits to the ${dir}.`,
  };
}

export const bitsBuiltins: BuiltinDecl[] = [
  binary('bits.or', 'OR', 'Returns the bitwise "OR" of two integers.'),
  binary('bits.and', 'AND', 'Returns the bitwise "AND" of two integers.'),
  {
    name: 'bits.negate',
    categories: ['bits'],
    args: [arg('x', NUM, 'the integer to negate')],
    result: arg('z', NUM, 'the bitwise negation of `x`'),
    description: 'Returns the bitwise negation (flip) of an integer.',
  },
  binary('bits.xor', 'XOR', 'Returns the bitwise "XOR" (exclusive-or) of two integers.'),
  shift('bits.lsh', 'left'),
  shift('bits.rsh', 'right'),
];
