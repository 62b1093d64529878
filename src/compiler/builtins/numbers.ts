// Number builtins (rounding, absolute value, ranges). `rand.intn` lives in misc.ts.

import type { BuiltinDecl } from './decl.js';
import { T, NUM } from '../types.js';
import { arg } from './shared.js';

function rounding(name: string, what: string, description: string): BuiltinDecl {
  return {
    name,
    categories: ['numbers'],
    args: [arg('x', NUM, 'the number to round')],
    result: arg('y', NUM, `the result of rounding \`x\`${what}`),
    description,
  };
}

export const numbersBuiltins: BuiltinDecl[] = [
  {
    name: 'abs',
    categories: ['numbers'],
    args: [arg('x', NUM, 'the number to take the absolute value of')],
    result: arg('y', NUM, 'the absolute value of `x`'),
    description: 'Returns the number without its sign.',
  },
  rounding('round', '', 'Rounds the number to the nearest integer.'),
  rounding('ceil', ' _up_', 'Rounds the number _up_ to the nearest integer.'),
  rounding('floor', ' _down_', 'Rounds the number _down_ to the nearest integer.'),
  {
    name: 'numbers.range',
    categories: ['numbers'],
    args: [arg('a', NUM, 'the start of the range'), arg('b', NUM, 'the end of the range (inclusive)')],
    result: arg('range', T.array(NUM), 'the range between `a` and `b`'),
    description: 'Returns an array of numbers in the given (inclusive) range.',
  },
  {
    name: 'numbers.range_step',
    categories: ['numbers'],
    args: [
      arg('a', NUM, 'the start of the range'),
      arg('b', NUM, 'the end of the range (inclusive)'),
      arg('step', NUM, 'the step between numbers in the range'),
    ],
    result: arg('range', T.array(NUM), 'the range between `a` and `b` in `step` increments'),
    description: 'Returns an array of numbers in the given (inclusive) range incremented by a positive step.',
  },
];
