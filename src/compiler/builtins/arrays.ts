// array.* builtins. OPA gives them no category in builtins.go; its builtin
// metadata files them under `array`.

import type { BuiltinDecl } from './decl.js';
import { NUM } from '../types.js';
import { arg, ARR_ANY } from './shared.js';

export const arraysBuiltins: BuiltinDecl[] = [
  {
    name: 'array.concat',
    categories: ['array'],
    args: [arg('x', ARR_ANY, 'the first array'), arg('y', ARR_ANY, 'the second array')],
    result: arg('z', ARR_ANY, 'the concatenation of `x` and `y`'),
    description: 'Concatenates two arrays.',
  },
  {
    // Added in OPA v1.13.0.
    name: 'array.flatten',
    categories: ['array'],
    args: [arg('arr', ARR_ANY, 'the array to be flattened')],
    result: arg('flattened', ARR_ANY, 'array flattened one level'),
    description: 'Non-recursively unpacks array items in arr into the flattened array. Other types are appended as-is.',
  },
  {
    name: 'array.slice',
    categories: ['array'],
    args: [
      arg('arr', ARR_ANY, 'the array to be sliced'),
      arg('start', NUM, "the start index of the returned slice; if less than zero, it's clamped to 0"),
      arg('stop', NUM, "the stop index of the returned slice; if larger than `count(arr)`, it's clamped to `count(arr)`"),
    ],
    result: arg('slice', ARR_ANY, 'the subslice of `array`, from `start` to `end`, including `arr[start]`, but excluding `arr[end]`'),
    description: 'Returns a slice of a given array. If `start` is greater or equal than `stop`, `slice` is `[]`.',
  },
  {
    name: 'array.reverse',
    categories: ['array'],
    args: [arg('arr', ARR_ANY, 'the array to be reversed')],
    result: arg('rev', ARR_ANY, 'an array containing the elements of `arr` in reverse order'),
    description: 'Returns the reverse of a given array.',
  },
];
