// Graph builtins: walk (a relation) and graph.reachable(_paths).

import type { BuiltinDecl } from './decl.js';
import { T, ANY } from '../types.js';
import { arg, ARR_ANY, SET_ANY } from './shared.js';

const ARR_OR_SET = T.any(ARR_ANY, SET_ANY);
const GRAPH = T.object(ANY, ARR_OR_SET);

export const graphBuiltins: BuiltinDecl[] = [
  {
    name: 'walk',
    categories: ['graph'],
    relation: true,
    args: [arg('x', ANY, 'value to walk')],
    result: arg('output', T.tuple(ARR_ANY, ANY), 'pairs of `path` and `value`: `path` is an array representing the pointer to `value` in `x`'),
    description: 'Generates `[path, value]` tuples for all nested documents of `x` (recursively).',
  },
  {
    name: 'graph.reachable',
    categories: ['graph'],
    args: [arg('graph', GRAPH, 'object containing a set or array of neighboring vertices'), arg('initial', ARR_OR_SET, 'set or array of root vertices')],
    result: arg('output', SET_ANY, 'set of vertices reachable from the `initial` vertices in the directed `graph`'),
    description: 'Computes the set of reachable nodes in the graph from a set of starting nodes.',
  },
  {
    name: 'graph.reachable_paths',
    categories: ['graph'],
    args: [arg('graph', GRAPH, 'object containing a set or array of root vertices'), arg('initial', ARR_OR_SET, 'initial paths')],
    result: arg('output', T.set(ARR_ANY), 'paths reachable from the `initial` vertices in the directed `graph`'),
    description: 'Computes the set of reachable paths in the graph from a set of starting nodes.',
  },
];
