// Call checks: builtin and function arity, and argument types where a
// literal argument can never match the declared type (`count(1)`). Only
// certain mismatches are reported, so valid policies are never rejected.

import type { CallTerm, Term } from '../ast.js';
import type { BuiltinDecl } from '../builtins/decl.js';
import { lookupBuiltin } from '../builtins/registry.js';
import { RegoError } from '../errors.js';
import { mayBeAssignable, T, typeToString, type RegoType } from '../types.js';

export function checkCall(t: CallTerm, functionArity: (path: string) => number | undefined, errors: RegoError[]): void {
  const target = t.target;
  if (!target) return;
  if (target.kind === 'function') {
    const arity = functionArity(target.path.join('.'));
    if (arity !== undefined && t.args.length !== arity && t.args.length !== arity + 1) {
      errors.push(new RegoError('rego_type_error', `${target.path.join('.')}: arity mismatch\n\thave: ${t.args.length} argument(s)\n\twant: ${arity} argument(s)`, t.loc));
    }
    return;
  }
  const decl = lookupBuiltin(target.name);
  if (!decl || decl.variadic) return;
  const n = decl.args.length;
  // A builtin with a result may take one extra argument: the output.
  const maxArgs = decl.result ? n + 1 : n;
  if (t.args.length < n || t.args.length > maxArgs) {
    errors.push(new RegoError('rego_type_error', `${target.name}: arity mismatch\n\thave: (${t.args.map(describeArg).join(', ')})\n\twant: (${signature(decl)})`, t.loc));
    return;
  }
  for (let i = 0; i < n; i++) {
    const actual = literalType(t.args[i]);
    if (actual && !mayBeAssignable(decl.args[i].type, actual)) {
      errors.push(new RegoError('rego_type_error', `${target.name}: invalid argument(s)\n\thave: (${t.args.slice(0, n).map(describeArg).join(', ')})\n\twant: (${signature(decl)})`, t.loc));
      return;
    }
  }
}

function signature(d: BuiltinDecl): string {
  return d.args.map((a) => `${a.name}: ${typeToString(a.type)}`).join(', ');
}

function describeArg(t: Term): string {
  const ty = literalType(t);
  return ty ? typeToString(ty) : '???';
}

/** The type of a term whose type is known from its syntax alone, else undefined. */
export function literalType(t: Term): RegoType | undefined {
  switch (t.type) {
    case 'null': return T.null;
    case 'boolean': return T.boolean;
    case 'number': return T.number;
    case 'string': return T.string;
    case 'array':
    case 'arraycomp': return T.array();
    case 'set':
    case 'setcomp': return T.set();
    case 'object':
    case 'objectcomp': return T.object();
    default: return undefined;
  }
}
