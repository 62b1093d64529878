// Aggregates over collections, plus the deprecated `all` / `any`.

import type { BuiltinDecl } from './decl.js';
import { T, ANY, NUM, BOOL, STR } from '../types.js';
import { arg, ARR_ANY, OBJ_ANY, SET_ANY } from './shared.js';

const ARR_OR_SET = T.any(ARR_ANY, SET_ANY);
const NUMS = T.any(T.array(NUM), T.set(NUM));

export const aggregatesBuiltins: BuiltinDecl[] = [
  {
    name: 'count',
    categories: ['aggregates'],
    args: [arg('collection', T.any(STR, ARR_ANY, OBJ_ANY, SET_ANY), 'the set/array/object/string to be counted')],
    result: arg('n', NUM, 'the count of elements, key/val pairs, or characters, respectively.'),
    description: 'Count takes a collection or string and returns the number of elements (or characters) in it.',
  },
  {
    name: 'sum',
    categories: ['aggregates'],
    args: [arg('collection', NUMS, 'the set or array of numbers to sum')],
    result: arg('n', NUM, 'the sum of all elements'),
    description: 'Sums elements of an array or set of numbers.',
  },
  {
    name: 'product',
    categories: ['aggregates'],
    args: [arg('collection', NUMS, 'the set or array of numbers to multiply')],
    result: arg('n', NUM, 'the product of all elements'),
    description: 'Multiplies elements of an array or set of numbers',
  },
  {
    name: 'max',
    categories: ['aggregates'],
    args: [arg('collection', ARR_OR_SET, 'the set or array to be searched')],
    result: arg('n', ANY, 'the maximum of all elements'),
    description: 'Returns the maximum value in a collection.',
  },
  {
    name: 'min',
    categories: ['aggregates'],
    args: [arg('collection', ARR_OR_SET, 'the set or array to be searched')],
    result: arg('n', ANY, 'the minimum of all elements'),
    description: 'Returns the minimum value in a collection.',
  },
  {
    name: 'sort',
    categories: ['aggregates'],
    args: [arg('collection', ARR_OR_SET, 'the array or set to be sorted')],
    result: arg('n', ARR_ANY, 'the sorted array'),
    description: 'Returns a sorted array.',
  },

  // Deprecated; OPA declares them without category or argument names.
  {
    name: 'all',
    categories: ['aggregates'],
    args: [arg('collection', ARR_OR_SET)],
    result: arg('result', BOOL),
    deprecated: true,
    description: 'Deprecated: true if all items of the collection are true.',
  },
  {
    name: 'any',
    categories: ['aggregates'],
    args: [arg('collection', ARR_OR_SET)],
    result: arg('result', BOOL),
    deprecated: true,
    description: 'Deprecated: true if any item of the collection is true.',
  },
];
