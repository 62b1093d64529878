// Operators: unification, assignment, membership, comparison, arithmetic and
// set operators that have an infix spelling. Source: OPA v1/ast/builtins.go.

import type { BuiltinDecl } from './decl.js';
import { T, ANY, NUM, BOOL } from '../types.js';
import { arg, SET_ANY } from './shared.js';

const NUM_OR_SET = T.any(NUM, SET_ANY);

function comparison(name: string, infix: string, what: string): BuiltinDecl {
  return {
    name,
    infix,
    categories: ['comparison'],
    args: [arg('x', ANY), arg('y', ANY)],
    result: arg('result', BOOL, `true if \`x\` is ${what} \`y\`; false otherwise`),
  };
}

export const operatorsBuiltins: BuiltinDecl[] = [
  // OPA declares `eq`, `assign` and the membership builtins without categories
  // or argument names; the categories and names here are ours.
  {
    name: 'eq',
    infix: '=',
    categories: ['assignment'],
    args: [arg('x', ANY), arg('y', ANY)],
    result: arg('result', BOOL),
    description: 'Unification (`=`).',
  },
  {
    name: 'assign',
    infix: ':=',
    categories: ['assignment'],
    args: [arg('x', ANY), arg('y', ANY)],
    result: arg('result', BOOL),
    description: 'Assignment (`:=`).',
  },
  {
    name: 'internal.member_2',
    infix: 'in',
    categories: ['internal'],
    args: [arg('x', ANY), arg('xs', ANY)],
    result: arg('result', BOOL),
    description: 'Membership: `x in xs`.',
  },
  {
    name: 'internal.member_3',
    infix: 'in',
    categories: ['internal'],
    args: [arg('k', ANY), arg('v', ANY), arg('xs', ANY)],
    result: arg('result', BOOL),
    description: 'Membership with key: `k, v in xs`.',
  },

  comparison('gt', '>', 'greater than'),
  comparison('gte', '>=', 'greater or equal to'),
  comparison('lt', '<', 'less than'),
  comparison('lte', '<=', 'less than or equal to'),
  comparison('neq', '!=', 'not equal to'),
  comparison('equal', '==', 'equal to'),

  {
    name: 'plus',
    infix: '+',
    categories: ['numbers'],
    args: [arg('x', NUM), arg('y', NUM)],
    result: arg('z', NUM, 'the sum of `x` and `y`'),
    description: 'Plus adds two numbers together.',
  },
  {
    name: 'minus',
    infix: '-',
    categories: ['sets', 'numbers'],
    args: [arg('x', NUM_OR_SET), arg('y', NUM_OR_SET)],
    result: arg('z', NUM_OR_SET, 'the difference of `x` and `y`'),
    description: 'Minus subtracts the second number from the first number or computes the difference between two sets.',
  },
  {
    name: 'mul',
    infix: '*',
    categories: ['numbers'],
    args: [arg('x', NUM), arg('y', NUM)],
    result: arg('z', NUM, 'the product of `x` and `y`'),
    description: 'Multiplies two numbers.',
  },
  {
    name: 'div',
    infix: '/',
    categories: ['numbers'],
    args: [arg('x', NUM, 'the dividend'), arg('y', NUM, 'the divisor')],
    result: arg('z', NUM, 'the result of `x` divided by `y`'),
    description: 'Divides the first number by the second number.',
  },
  {
    name: 'rem',
    infix: '%',
    categories: ['numbers'],
    args: [arg('x', NUM), arg('y', NUM)],
    result: arg('z', NUM, 'the remainder'),
    description: 'Returns the remainder for of `x` divided by `y`, for `y != 0`.',
  },

  {
    name: 'and',
    infix: '&',
    categories: ['sets'],
    args: [arg('x', SET_ANY, 'the first set'), arg('y', SET_ANY, 'the second set')],
    result: arg('z', SET_ANY, 'the intersection of `x` and `y`'),
    description: 'Returns the intersection of two sets.',
  },
  {
    name: 'or',
    infix: '|',
    categories: ['sets'],
    args: [arg('x', SET_ANY), arg('y', SET_ANY)],
    result: arg('z', SET_ANY, 'the union of `x` and `y`'),
    description: 'Returns the union of two sets.',
  },
];
