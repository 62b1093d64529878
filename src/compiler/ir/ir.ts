// The intermediate representation between the checked AST and WebAssembly,
// modelled on OPA's planner IR: functions and plans made of blocks of
// statements over locals that hold value pointers.
//
// Execution model: statements run in order; a statement that "fails" (an
// undefined value, a false comparison) leaves the innermost enclosing block,
// and execution continues after it. This is how undefinedness propagates
// without exceptions, and maps one-to-one onto WASM `block`/`br`.

/** A local variable holding a value pointer; 0 means undefined. */
export type Local = number;

/** Locals every function and plan has. */
export const INPUT: Local = 0;
export const DATA: Local = 1;

export type Operand =
  | { kind: 'local'; local: Local }
  | { kind: 'bool'; value: boolean }
  /** An index into `Policy.strings`. */
  | { kind: 'string'; index: number };

export interface Block { stmts: Stmt[] }

/** A scalar constant of a rule index (text and number literals as `Policy.strings` indexes). */
export type IndexConst =
  | { kind: 'string'; index: number }
  | { kind: 'number'; index: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' };

/** Cases (ascending) that can only succeed when the key equals `value`. */
export interface IndexEntry { value: IndexConst; cases: number[] }

export type Stmt =
  /** Run each block in turn; a failure leaves only the block it happens in. */
  | { op: 'block'; blocks: Block[] }
  /** Leave `index` + 1 enclosing blocks (0 = the current one). */
  | { op: 'break'; index: number }
  /** Fails when `block` runs to its end. */
  | { op: 'not'; block: Block }
  /** For each key/value of a collection run `block` (keys: indexes, object keys, set elements). Fails on a non-collection. */
  | { op: 'scan'; source: Local; key: Local; value: Local; block: Block }
  /**
   * Rule indexing: run, in ascending order, the cases listed for the entry
   * equal to the value in `key` (Rego equality: `1` matches `1.0`; 0 matches
   * nothing) together with the `always` cases. Each case runs like a block: a
   * failure leaves only that case.
   */
  | { op: 'ruleIndex'; key: Local; entries: IndexEntry[]; always: number[]; cases: Block[] }
  /** target = source[key]; fails if undefined. */
  | { op: 'dot'; source: Operand; key: Operand; target: Local }
  | { op: 'len'; source: Operand; target: Local }
  /**
   * Call a builtin (`func` = Rego name) or an IR function (`func` = its name). Fails if the result is undefined.
   * `loc`: where a builtin is called, for the `file:row:` prefix of strict builtin errors.
   */
  | { op: 'call'; func: string; args: Operand[]; target: Local; builtin: boolean; loc?: { file: string; row: number } }
  | { op: 'assignVar'; source: Operand; target: Local }
  /** Assign, or fail with a conflict error if the target already holds a different value. */
  | { op: 'assignVarOnce'; source: Operand; target: Local; conflict: 'complete' | 'function' }
  | { op: 'resetLocal'; target: Local }
  | { op: 'makeNull'; target: Local }
  | { op: 'makeNumberInt'; value: number; target: Local }
  /** A number kept exact as its literal text (`Policy.strings[index]`). */
  | { op: 'makeNumberRef'; index: number; target: Local }
  | { op: 'makeArray'; capacity: number; target: Local }
  | { op: 'makeObject'; target: Local }
  | { op: 'makeSet'; target: Local }
  | { op: 'equal'; a: Operand; b: Operand }
  | { op: 'notEqual'; a: Operand; b: Operand }
  | { op: 'isArray'; source: Operand }
  | { op: 'isObject'; source: Operand }
  | { op: 'isSet'; source: Operand }
  | { op: 'isDefined'; source: Local }
  | { op: 'isUndefined'; source: Local }
  | { op: 'arrayAppend'; array: Local; value: Operand }
  | { op: 'objectInsert'; object: Local; key: Operand; value: Operand }
  /** Insert, or fail with a conflict error if the key holds a different value. */
  | { op: 'objectInsertOnce'; object: Local; key: Operand; value: Operand }
  /** target = deep merge of a and b (objects); fails on a conflict. */
  | { op: 'objectMerge'; a: Local; b: Local; target: Local }
  | { op: 'setAdd'; set: Local; value: Operand }
  /**
   * Ref-head rules (`a.b[x].c := v`, `a[x] contains y`): walk `path` from
   * `object`, creating objects on the way; at the leaf insert `value` once
   * (a different value is a conflict error) or add it to a set there.
   */
  | { op: 'objectInsertPath'; object: Local; path: Operand[]; value: Operand; leaf: 'once' | 'set' }
  /** target = a copy of source with `path` set to `value` (intermediate objects created): `with input.a.b as v`. */
  | { op: 'upsert'; source: Local; path: Operand[]; value: Operand; target: Local }
  | { op: 'resultSetAdd'; value: Local }
  | { op: 'return'; source: Local }
  /** Coverage (compile option): mark `Policy.coverage[point]` as evaluated. */
  | { op: 'cover'; point: number }
  /** Rego `print`: write the string in `source` (NUL-terminated text) through opa_println. */
  | { op: 'println'; source: Local };

export interface Func {
  name: string;
  /** The rule's data path, for messages. */
  path: string[];
  /** INPUT and DATA first, then the function's own arguments. */
  params: Local[];
  result: Local;
  blocks: Block[];
  /** Number of locals used (params included). */
  locals: number;
  /**
   * Evaluate at most once per evaluation for the same input and data values
   * (a rule without arguments): later calls return the first result. `with`
   * replacing input or data passes other values, so it misses the cache.
   */
  memo?: boolean;
}

/** An entrypoint: evaluates to a result set. */
export interface Plan {
  name: string;
  blocks: Block[];
  locals: number;
}

export interface Policy {
  strings: string[];
  /** Builtins called, by Rego name. */
  builtins: string[];
  funcs: Func[];
  plans: Plan[];
  /** With coverage on: the source line of each `cover` point, by point number. */
  coverage?: CoveragePoint[];
}

export interface CoveragePoint { file: string; row: number }

export const local = (l: Local): Operand => ({ kind: 'local', local: l });
export const bool = (value: boolean): Operand => ({ kind: 'bool', value });
