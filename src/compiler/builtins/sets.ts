// Set builtins without an infix spelling (`and` / `or` / `minus` are in operators.ts).

import type { BuiltinDecl } from './decl.js';
import { T } from '../types.js';
import { arg, SET_ANY } from './shared.js';

export const setsBuiltins: BuiltinDecl[] = [
  {
    name: 'intersection',
    categories: ['sets'],
    args: [arg('xs', T.set(SET_ANY), 'set of sets to intersect')],
    result: arg('y', SET_ANY, 'the intersection of all `xs` sets'),
    description: 'Returns the intersection of the given input sets.',
  },
  {
    name: 'union',
    categories: ['sets'],
    args: [arg('xs', T.set(SET_ANY), 'set of sets to merge')],
    result: arg('y', SET_ANY, 'the union of all `xs` sets'),
    description: 'Returns the union of the given input sets.',
  },
  {
    // Deprecated (replaced by `minus`); OPA declares it without category or names.
    name: 'set_diff',
    categories: ['sets'],
    args: [arg('x', SET_ANY), arg('y', SET_ANY)],
    result: arg('z', SET_ANY),
    deprecated: true,
    description: 'Deprecated: use `x - y`.',
  },
];
