// Shorthands shared by the builtin family files. Types mirror OPA's
// `types` package: `types.A` = ANY, `types.SetOfAny` = SET_ANY,
// `types.NewArray(nil, X)` = T.array(X), `types.NewArray([a, b], nil)` =
// T.tuple(a, b), `types.NewObject(nil, NewDynamicProperty(K, V))` = T.object(K, V).
//
// Union members are written in OPA's canonical order (null, boolean, number,
// string, array, object, set) and static object keys sorted, so
// `typeToString` renders them the way OPA's capabilities.json does.

import type { BuiltinArg } from './decl.js';
import { T, ANY, STR, type RegoType } from '../types.js';

/** A named argument or result. */
export function arg(name: string, type: RegoType, description?: string): BuiltinArg {
  return description === undefined ? { name, type } : { name, type, description };
}

/** object[any: any] */
export const OBJ_ANY = T.object(ANY, ANY);
/** object[string: any] */
export const OBJ_STR_ANY = T.object(STR, ANY);
/** set[any] */
export const SET_ANY = T.set(ANY);
/** set[string] */
export const SET_STR = T.set(STR);
/** array[any] */
export const ARR_ANY = T.array(ANY);
/** array[string] */
export const ARR_STR = T.array(STR);

/** An object with static keys plus a dynamic part: OPA's `types.NewObject(static, dynamic)`. */
export function objWithStatic(props: [string, RegoType][], key: RegoType, value: RegoType): RegoType {
  return { k: 'object', key, value, static: props };
}
