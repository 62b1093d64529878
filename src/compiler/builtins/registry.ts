// The builtin signature table: every OPA v1 builtin, joined from the family
// files. Source of truth is OPA's v1/ast/builtins.go and capabilities.json
// (names, argument and result types, infix spellings, relation /
// nondeterministic / deprecated flags); see each family file for notes.

import type { BuiltinDecl } from './decl.js';
import { operatorsBuiltins } from './operators.js';
import { numbersBuiltins } from './numbers.js';
import { bitsBuiltins } from './bits.js';
import { aggregatesBuiltins } from './aggregates.js';
import { arraysBuiltins } from './arrays.js';
import { setsBuiltins } from './sets.js';
import { objectsBuiltins } from './objects.js';
import { stringsBuiltins } from './strings.js';
import { regexBuiltins } from './regex.js';
import { globBuiltins } from './glob.js';
import { encodingBuiltins } from './encoding.js';
import { typesBuiltins } from './types.js';
import { conversionsBuiltins } from './conversions.js';
import { netBuiltins } from './net.js';
import { semverBuiltins } from './semver.js';
import { uuidBuiltins } from './uuid.js';
import { graphBuiltins } from './graph.js';
import { timeBuiltins } from './time.js';
import { tokensBuiltins } from './tokens.js';
import { cryptoBuiltins } from './crypto.js';
import { miscBuiltins } from './misc.js';

const FAMILIES: readonly BuiltinDecl[][] = [
  operatorsBuiltins,
  numbersBuiltins,
  bitsBuiltins,
  aggregatesBuiltins,
  arraysBuiltins,
  setsBuiltins,
  objectsBuiltins,
  stringsBuiltins,
  regexBuiltins,
  globBuiltins,
  encodingBuiltins,
  typesBuiltins,
  conversionsBuiltins,
  netBuiltins,
  semverBuiltins,
  uuidBuiltins,
  graphBuiltins,
  timeBuiltins,
  tokensBuiltins,
  cryptoBuiltins,
  miscBuiltins,
];

function buildTable(): Map<string, BuiltinDecl> {
  const table = new Map<string, BuiltinDecl>();
  for (const family of FAMILIES) {
    for (const decl of family) {
      if (table.has(decl.name)) throw new Error(`builtin declared twice: ${decl.name}`);
      table.set(decl.name, decl);
    }
  }
  return table;
}

/** Every builtin by its Rego name (`count`, `io.jwt.decode`, `internal.member_2`). */
export const BUILTINS: ReadonlyMap<string, BuiltinDecl> = buildTable();

/** Infix spelling → declarations with it, in declaration order (`in` has two). */
const BY_INFIX = new Map<string, BuiltinDecl[]>();
for (const decl of BUILTINS.values()) {
  if (decl.infix === undefined) continue;
  const list = BY_INFIX.get(decl.infix);
  if (list) list.push(decl);
  else BY_INFIX.set(decl.infix, [decl]);
}

const SORTED: readonly BuiltinDecl[] = [...BUILTINS.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export function lookupBuiltin(name: string): BuiltinDecl | undefined {
  return BUILTINS.get(name);
}

/**
 * The builtin an infix operator stands for. `in` is shared by
 * `internal.member_2` (`x in xs`) and `internal.member_3` (`k, v in xs`): pass
 * the number of operands to choose; without it the two-operand form is given.
 */
export function builtinByInfix(op: string, operands?: number): BuiltinDecl | undefined {
  const list = BY_INFIX.get(op);
  if (!list) return undefined;
  if (operands === undefined) return list[0];
  return list.find((d) => d.args.length === operands);
}

/** All builtins, sorted by name (code-unit order, as in OPA's capabilities.json). */
export function allBuiltins(): BuiltinDecl[] {
  return [...SORTED];
}
