// The Rego syntax tree. Every node carries its source location so that every
// later phase (checker, planner, codegen, test coverage) can point at the line
// a policy author wrote.

export interface Location {
  file: string;
  row: number; // 1-based
  col: number; // 1-based, in characters
  offset: number; // 0-based character offset into the source
  /** Offset just past the node's last character, when known. */
  end?: number;
}

// ---------------------------------------------------------------- terms

export type Term =
  | NullTerm
  | BooleanTerm
  | NumberTerm
  | StringTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | CallTerm;

export interface NullTerm { type: 'null'; loc: Location }
export interface BooleanTerm { type: 'boolean'; value: boolean; loc: Location }
/** Numbers keep their literal text so that big and precise numbers survive. */
export interface NumberTerm { type: 'number'; value: string; loc: Location }
export interface StringTerm { type: 'string'; value: string; loc: Location }
/**
 * `_` is parsed as a var named `_`; the checker renames each to a fresh
 * wildcard (`_$3`) and each declared local (`x := …`, `some x`) to a unique
 * name (`x$2`). `displayName` strips that suffix for messages.
 */
export interface VarTerm { type: 'var'; name: string; loc: Location }

export function displayName(name: string): string {
  const i = name.indexOf('$');
  return i < 0 ? name : name.slice(0, i);
}
/**
 * A reference: `head.a[b]["c"]`. `head` is a var (input, data, a local, a
 * rule name) or, less often, a composite or call term (`[1,2][i]`, `f(x).y`).
 * Dotted segments are stored as string terms, exactly as OPA does.
 */
export interface RefTerm { type: 'ref'; head: Term; path: Term[]; loc: Location }
export interface ArrayTerm { type: 'array'; items: Term[]; loc: Location }
export interface ObjectTerm { type: 'object'; entries: [Term, Term][]; loc: Location }
export interface SetTerm { type: 'set'; items: Term[]; loc: Location }
export interface ArrayComprehension { type: 'arraycomp'; head: Term; body: Body; loc: Location }
export interface SetComprehension { type: 'setcomp'; head: Term; body: Body; loc: Location }
export interface ObjectComprehension { type: 'objectcomp'; key: Term; value: Term; body: Body; loc: Location }
/**
 * A function call. Infix operators are calls too, as in OPA: `a + b` is
 * `plus(a, b)`, `x = y` is `eq(x, y)`, `x := y` is `assign(x, y)`,
 * `x in xs` is `internal.member_2(x, xs)`.
 * `fn` is the operator's reference, e.g. `count`, `strings.reverse`, `data.lib.f`.
 */
export interface CallTerm {
  type: 'call';
  fn: RefTerm | VarTerm;
  args: Term[];
  loc: Location;
  /** Filled in by the checker: what the call invokes. */
  target?: CallTarget;
}

export type CallTarget =
  | { kind: 'builtin'; name: string }
  /** A user-defined function, by its full data path (`['data','lib','f']`). */
  | { kind: 'function'; path: string[] };

// ---------------------------------------------------------------- bodies

export type Body = Literal[];

export type Literal = ExprLiteral | SomeLiteral | SomeInLiteral | EveryLiteral;

export interface WithModifier {
  target: Term;
  value: Term;
  loc: Location;
  /** Set by the checker when the value names a function or builtin (`with f as g`), not a value. */
  replacement?: CallTarget;
}

interface LiteralBase {
  negated: boolean;
  with: WithModifier[];
  loc: Location;
  /** Set by the checker's safety reordering: position in the source body. */
  sourceIndex?: number;
}

/** A plain expression: a call (`x > 1`, `f(x)`, `x := 1`) or a lone term (`input.ok`). */
export interface ExprLiteral extends LiteralBase { kind: 'expr'; term: Term }
/** `some x, y`: declares fresh local variables. */
export interface SomeLiteral extends LiteralBase { kind: 'some'; vars: VarTerm[] }
/** `some x in xs` / `some k, v in xs`. */
export interface SomeInLiteral extends LiteralBase { kind: 'somein'; key?: Term; value: Term; domain: Term }
/** `every k, v in domain { body }`. */
export interface EveryLiteral extends LiteralBase { kind: 'every'; key?: Term; value: Term; domain: Term; body: Body }

// ---------------------------------------------------------------- rules

export type RuleKind = 'complete' | 'partial_set' | 'partial_object' | 'function';

export interface RuleHead {
  /** Full reference of the head relative to the package: `p`, `a.b[x].c`. First element is the name var. */
  ref: RefTerm | VarTerm;
  /** Function arguments when the rule is a function. */
  args?: Term[];
  /** `p contains key` (partial set). */
  key?: Term;
  /** Value produced (`:= v`, `= v`; `true` when omitted). */
  value?: Term;
  /** `:=` was used (as opposed to `=`, or nothing). */
  assign: boolean;
  /** The value was written out (false when it defaults to `true`). */
  explicitValue: boolean;
  loc: Location;
}

export interface Rule {
  kind: RuleKind;
  head: RuleHead;
  body: Body;
  /** `default` rules have an empty body and are used when no other definition applies. */
  isDefault: boolean;
  /** The `else` branch, evaluated when this body is undefined. */
  else?: Rule;
  /** Annotations from a `# METADATA` block directly above the rule. */
  annotations?: Annotations;
  loc: Location;
  /** The package the rule is in, e.g. ['test'] for `package test`. */
  pkg: string[];
}

// ---------------------------------------------------------------- modules

export interface Import { path: RefTerm | VarTerm; alias?: string; loc: Location }

export interface Annotations {
  scope: 'package' | 'rule' | 'document' | 'subpackages';
  title?: string;
  description?: string;
  entrypoint?: boolean;
  /** The whole YAML document, for fields we do not model. */
  raw: Record<string, unknown>;
  loc: Location;
}

export interface Package { path: string[]; loc: Location; annotations?: Annotations }

export interface Comment { text: string; loc: Location }

export interface Module {
  file: string;
  package: Package;
  imports: Import[];
  rules: Rule[];
  comments: Comment[];
  /** 0 or 1, as in OPA's `rego_version`; we parse v1 only. */
  regoVersion: 1;
}

// ---------------------------------------------------------------- helpers

/** Dotted path of a ref whose segments are all plain strings, else undefined: `data.a.b` → ['data','a','b']. */
export function refToPath(t: Term): string[] | undefined {
  if (t.type === 'var') return [t.name];
  if (t.type !== 'ref' || t.head.type !== 'var') return undefined;
  const out = [t.head.name];
  for (const seg of t.path) {
    if (seg.type !== 'string') return undefined;
    out.push(seg.value);
  }
  return out;
}

/** Printable name of a call's operator: `count`, `strings.reverse`, `data.lib.f`. */
export function callName(fn: RefTerm | VarTerm): string {
  const path = refToPath(fn);
  return path ? path.join('.') : '<dynamic>';
}

/** The Rego-source spelling of a term, for error messages. */
export function termToString(t: Term): string {
  switch (t.type) {
    case 'null': return 'null';
    case 'boolean': return String(t.value);
    case 'number': return t.value;
    case 'string': return JSON.stringify(t.value);
    case 'var': return t.name;
    case 'ref': {
      let s = termToString(t.head);
      for (const p of t.path) {
        s += p.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value) ? `.${p.value}` : `[${termToString(p)}]`;
      }
      return s;
    }
    case 'array': return `[${t.items.map(termToString).join(', ')}]`;
    case 'set': return t.items.length ? `{${t.items.map(termToString).join(', ')}}` : 'set()';
    case 'object': return `{${t.entries.map(([k, v]) => `${termToString(k)}: ${termToString(v)}`).join(', ')}}`;
    case 'arraycomp': return `[${termToString(t.head)} | ...]`;
    case 'setcomp': return `{${termToString(t.head)} | ...}`;
    case 'objectcomp': return `{${termToString(t.key)}: ${termToString(t.value)} | ...}`;
    case 'call': return `${callName(t.fn)}(${t.args.map(termToString).join(', ')})`;
  }
}
