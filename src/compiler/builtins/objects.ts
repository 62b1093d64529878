// object.* builtins and the JSON-path object manipulations (json.filter,
// json.remove, json.patch).
//
// Result types follow OPA v1.20's capabilities: earlier v1.x releases declared
// the results of object.union/union_n/remove/filter, json.filter/remove and
// object.subset as `any`; they are now `object[any: any]` (`boolean` for
// object.subset). OPA's builtins.go gives object.* no category; its builtin
// metadata files them under `object`, as it does the json.* ones here.

import type { BuiltinDecl } from './decl.js';
import { T, ANY, STR, BOOL } from '../types.js';
import { arg, ARR_ANY, OBJ_ANY, SET_ANY, objWithStatic } from './shared.js';

const KEYS = T.any(ARR_ANY, OBJ_ANY, SET_ANY);
const PATH = T.any(STR, ARR_ANY);
const PATHS = T.any(T.array(PATH), T.set(PATH));
const SUBSET_OPERAND = T.any(ARR_ANY, OBJ_ANY, SET_ANY);

export const objectsBuiltins: BuiltinDecl[] = [
  {
    name: 'object.union',
    categories: ['object'],
    args: [arg('a', OBJ_ANY, 'left-hand object'), arg('b', OBJ_ANY, 'right-hand object')],
    result: arg('output', OBJ_ANY, 'a new object which is the result of an asymmetric recursive union of two objects where conflicts are resolved by choosing the key from the right-hand object `b`'),
    description: 'Creates a new object of the asymmetric union of two objects.',
  },
  {
    name: 'object.union_n',
    categories: ['object'],
    args: [arg('objects', T.array(OBJ_ANY), 'list of objects to merge')],
    result: arg('output', OBJ_ANY, 'asymmetric recursive union of all objects in `objects`, merged from left to right, where conflicts are resolved by choosing the key from the right-hand object'),
    description: 'Creates a new object that is the asymmetric union of all objects merged from left to right.',
  },
  {
    name: 'object.remove',
    categories: ['object'],
    args: [arg('object', OBJ_ANY, 'object to remove keys from'), arg('keys', KEYS, 'keys to remove from x')],
    result: arg('output', OBJ_ANY, 'result of removing the specified `keys` from `object`'),
    description: 'Removes specified keys from an object.',
  },
  {
    name: 'object.filter',
    categories: ['object'],
    args: [arg('object', OBJ_ANY, 'object to filter keys'), arg('keys', KEYS, 'keys to keep in `object`')],
    result: arg('filtered', OBJ_ANY, 'remaining data from `object` with only keys specified in `keys`'),
    description: 'Filters the object by keeping only specified keys.',
  },
  {
    name: 'object.get',
    categories: ['object'],
    args: [
      arg('object', OBJ_ANY, 'object to get `key` from'),
      arg('key', ANY, 'key to lookup in `object`'),
      arg('default', ANY, 'default to use when lookup fails'),
    ],
    result: arg('value', ANY, '`object[key]` if present, otherwise `default`'),
    description: "Returns value of an object's key if present, otherwise a default.",
  },
  {
    name: 'object.keys',
    categories: ['object'],
    args: [arg('object', OBJ_ANY, 'object to get keys from')],
    result: arg('value', SET_ANY, "set of `object`'s keys"),
    description: "Returns a set of an object's keys.",
  },
  {
    name: 'object.subset',
    categories: ['object'],
    args: [
      arg('super', SUBSET_OPERAND, 'object to test if sub is a subset of'),
      arg('sub', SUBSET_OPERAND, 'object to test if super is a superset of'),
    ],
    result: arg('result', BOOL, '`true` if `sub` is a subset of `super`'),
    description: 'Determines if an object `sub` is a subset of another object `super`.',
  },

  {
    name: 'json.filter',
    categories: ['object'],
    args: [arg('object', OBJ_ANY, 'object to filter'), arg('paths', PATHS, 'JSON string paths')],
    result: arg('filtered', OBJ_ANY, 'remaining data from `object` with only keys specified in `paths`'),
    description: 'Filters the object.',
  },
  {
    name: 'json.remove',
    categories: ['object'],
    args: [arg('object', OBJ_ANY, 'object to remove paths from'), arg('paths', PATHS, 'JSON string paths')],
    result: arg('output', OBJ_ANY, 'result of removing all keys specified in `paths`'),
    description: 'Removes paths from an object.',
  },
  {
    name: 'json.patch',
    categories: ['object'],
    args: [
      arg('object', ANY, 'the object to patch'),
      arg('patches', T.array(objWithStatic([['op', STR], ['path', ANY]], ANY, ANY)), 'the JSON patches to apply'),
    ],
    result: arg('output', ANY, 'result obtained after consecutively applying all patch operations in `patches`'),
    description: 'Patches an object according to RFC6902.',
  },
];
