// The shape of one builtin's declaration. Each family file exports a list of
// these; `registry.ts` joins them into the one table the checker, the planner
// and `policy capabilities` read.

import type { RegoType } from '../types.js';

export interface BuiltinArg {
  name: string;
  type: RegoType;
  description?: string;
}

export interface BuiltinDecl {
  /** Rego name as called: `count`, `strings.reverse`, `io.jwt.decode`. */
  name: string;
  /** OPA's categories, e.g. ['strings']. */
  categories: string[];
  args: BuiltinArg[];
  /** The output; absent only for builtins with no result (none in Rego v1 besides `print`). */
  result?: BuiltinArg;
  /** `print` takes any number of arguments of this type. */
  variadic?: RegoType;
  /** Infix spelling when the builtin is an operator: `+`, `==`, `in`. */
  infix?: string;
  /** Relations (`walk`) may produce several outputs. */
  relation?: boolean;
  /** May give a different answer for the same arguments (`time.now_ns`, `rand.intn`). */
  nondeterministic?: boolean;
  /** Deprecated in OPA (still accepted, but `--strict` would flag it). */
  deprecated?: boolean;
  description?: string;
}
