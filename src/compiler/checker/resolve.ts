// Name resolution, as OPA's compiler does before type and safety checks:
// - references to rules of the same package and to imports become full
//   `data.…` / `input.…` references;
// - locals declared with `:=` or `some` get unique names (`x$1`) so that
//   shadowing in nested scopes is explicit, and each `_` becomes its own
//   wildcard (`_$2`);
// - each call is bound to a builtin or a user function (`CallTerm.target`).
// The pass copies terms; the parsed AST is left untouched.

import type { Body, CallTerm, Import, Literal, Location, Module, RefTerm, Rule, RuleHead, Term, VarTerm, WithModifier } from '../ast.js';
import { displayName, refToPath } from '../ast.js';
import { lookupBuiltin } from '../builtins/registry.js';
import { RegoError } from '../errors.js';
import { GLOBAL_ROOTS } from './walk.js';

/** What the whole compile unit defines, by package. */
export interface RuleIndex {
  /** Package key (`a.b`) → first names of the rules it defines. */
  roots: Map<string, Set<string>>;
  /** Full data path of each function (`data.a.f`) → arity of its definitions. */
  functions: Map<string, number>;
  /** Full data path of every rule, for `with` targets and data refs. */
  rulePaths: Set<string>;
}

export function buildRuleIndex(modules: Module[]): RuleIndex {
  const roots = new Map<string, Set<string>>();
  const functions = new Map<string, number>();
  const rulePaths = new Set<string>();
  for (const m of modules) {
    const key = m.package.path.join('.');
    let set = roots.get(key);
    if (!set) roots.set(key, (set = new Set()));
    for (const r of m.rules) {
      const first = r.head.ref.type === 'var' ? r.head.ref.name : (r.head.ref.head as VarTerm).name;
      set.add(first);
      const path = staticHeadPath(r);
      const full = ['data', ...m.package.path, ...path].join('.');
      rulePaths.add(full);
      if (r.kind === 'function') functions.set(full, r.head.args!.length);
    }
  }
  return { roots, functions, rulePaths };
}

/** The leading string segments of a rule's head ref: `a.b[x].c` → ['a','b']. */
export function staticHeadPath(r: Rule): string[] {
  const ref = r.head.ref;
  if (ref.type === 'var') return [ref.name];
  const out = [(ref.head as VarTerm).name];
  for (const p of ref.path) {
    if (p.type !== 'string') break;
    out.push(p.value);
  }
  return out;
}

class Scope {
  readonly declared = new Map<string, string>();
  /** Free (undeclared) variables referenced so far in this scope. */
  readonly referenced = new Set<string>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): string | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const d = s.declared.get(name);
      if (d !== undefined) return d;
    }
    return undefined;
  }
}

export class Resolver {
  private counter = 0;
  private imports = new Map<string, string[]>();
  private pkg: string[] = [];
  private roots = new Set<string>();

  constructor(private readonly index: RuleIndex, readonly errors: RegoError[]) {}

  /** Resolve every rule of a module; returns the rewritten rules. */
  resolveModule(m: Module): Rule[] {
    this.pkg = m.package.path;
    this.roots = this.index.roots.get(this.pkg.join('.')) ?? new Set();
    this.imports = importAliases(m.imports, this.errors);
    return m.rules.map((r) => this.resolveRule(r));
  }

  /** Resolve a free-standing query (no package context beyond `pkg`). */
  resolveQuery(body: Body, pkg: string[] = [], imports: Import[] = []): Body {
    this.pkg = pkg;
    this.roots = this.index.roots.get(pkg.join('.')) ?? new Set();
    this.imports = importAliases(imports, this.errors);
    return this.body(body, new Scope());
  }

  private fresh(name: string): string {
    return `${name}$${++this.counter}`;
  }

  private resolveRule(r: Rule): Rule {
    const scope = new Scope();
    let args: Term[] | undefined;
    if (r.head.args) {
      // Function arguments are bound on entry; their variables are rule locals.
      args = r.head.args.map((a) => this.declarePattern(a, scope, 'arg'));
    }
    const body = this.body(r.body, scope);
    const head = this.head(r.head, scope, args);
    const out: Rule = { ...r, head, body };
    if (r.else) out.else = this.resolveElse(r.else, r.head.args);
    return out;
  }

  private resolveElse(r: Rule, fnArgs?: Term[]): Rule {
    const scope = new Scope();
    const args = fnArgs?.map((a) => this.declarePattern(a, scope, 'arg'));
    const body = this.body(r.body, scope);
    const head = this.head(r.head, scope, args);
    const out: Rule = { ...r, head, body };
    if (r.else) out.else = this.resolveElse(r.else, fnArgs);
    return out;
  }

  private head(h: RuleHead, scope: Scope, args?: Term[]): RuleHead {
    const ref = h.ref.type === 'var' ? h.ref : { ...h.ref, path: h.ref.path.map((p) => (p.type === 'string' ? p : this.term(p, scope))) };
    return {
      ...h,
      ref,
      args,
      key: h.key && this.term(h.key, scope),
      value: h.value && this.term(h.value, scope),
    };
  }

  private body(body: Body, scope: Scope): Body {
    const out: Body = [];
    for (const lit of body) {
      const r = this.literal(lit, scope);
      if (r) out.push(r);
    }
    return out;
  }

  private literal(lit: Literal, scope: Scope): Literal | undefined {
    const withs = lit.with.map((w) => this.withModifier(w, scope));
    switch (lit.kind) {
      case 'some':
        for (const v of lit.vars) this.declare(v, scope, 'some');
        return undefined; // a declaration only; nothing to evaluate
      case 'somein': {
        const domain = this.term(lit.domain, scope);
        const key = lit.key && this.declarePattern(lit.key, scope, 'some');
        const value = this.declarePattern(lit.value, scope, 'some');
        return { ...lit, key, value, domain, with: withs };
      }
      case 'every': {
        const domain = this.term(lit.domain, scope);
        const inner = new Scope(scope);
        const key = lit.key && this.declarePattern(lit.key, inner, 'some');
        const value = this.declarePattern(lit.value, inner, 'some');
        const body = this.body(lit.body, inner);
        return { ...lit, key, value, domain, body, with: withs };
      }
      case 'expr': {
        const t = lit.term;
        if (t.type === 'call' && t.fn.type === 'var' && t.fn.name === 'assign' && t.args.length === 2) {
          const rhs = this.term(t.args[1], scope);
          const lhs = this.declarePattern(t.args[0], scope, 'assign');
          const call: CallTerm = { ...t, args: [lhs, rhs], target: { kind: 'builtin', name: 'assign' } };
          return { ...lit, term: call, with: withs };
        }
        return { ...lit, term: this.term(t, scope), with: withs };
      }
    }
  }

  /** Declare the variables of an assignment/some pattern (`x`, `[a, _]`, `{"k": v}`). */
  private declarePattern(t: Term, scope: Scope, how: 'assign' | 'some' | 'arg'): Term {
    switch (t.type) {
      case 'var':
        return this.declare(t, scope, how);
      case 'array':
        return { ...t, items: t.items.map((i) => this.declarePattern(i, scope, how)) };
      case 'object':
        return { ...t, entries: t.entries.map(([k, v]) => [this.term(k, scope), this.declarePattern(v, scope, how)] as [Term, Term]) };
      case 'ref':
        if (how === 'assign') {
          this.errors.push(new RegoError('rego_compile_error', `cannot assign to ref`, t.loc));
        }
        return this.term(t, scope);
      default:
        if (how === 'assign' && (t.type === 'call' || t.type === 'set' || t.type.endsWith('comp'))) {
          this.errors.push(new RegoError('rego_compile_error', `cannot assign to ${t.type === 'call' ? 'call' : t.type}`, t.loc));
        }
        return this.term(t, scope);
    }
  }

  private declare(v: VarTerm, scope: Scope, how: 'assign' | 'some' | 'arg'): VarTerm {
    if (v.name === '_') return { ...v, name: this.fresh('_') };
    if (GLOBAL_ROOTS.has(v.name)) {
      this.errors.push(new RegoError('rego_compile_error', `variables must not shadow ${v.name} (use a different variable name)`, v.loc));
      return v;
    }
    if (how === 'arg') {
      if (!scope.declared.has(v.name)) scope.declared.set(v.name, v.name);
      return v;
    }
    if (scope.declared.has(v.name)) {
      const verb = how === 'assign' ? 'assigned' : 'declared';
      this.errors.push(new RegoError('rego_compile_error', `var ${v.name} ${verb} above`, v.loc));
      return { ...v, name: scope.declared.get(v.name)! };
    }
    if (scope.referenced.has(v.name)) {
      this.errors.push(new RegoError('rego_compile_error', `var ${v.name} referenced above`, v.loc));
    }
    const name = this.fresh(v.name);
    scope.declared.set(v.name, name);
    return { ...v, name };
  }

  private term(t: Term, scope: Scope): Term {
    switch (t.type) {
      case 'var':
        return this.varRef(t, scope);
      case 'ref': {
        const head = this.term(t.head, scope);
        const path = t.path.map((p) => (p.type === 'string' ? p : this.term(p, scope)));
        if (head.type === 'ref') return { ...t, head: head.head, path: [...head.path, ...path] };
        return { ...t, head, path };
      }
      case 'call':
        return this.call(t, scope);
      case 'array':
        return { ...t, items: t.items.map((i) => this.term(i, scope)) };
      case 'set':
        return { ...t, items: t.items.map((i) => this.term(i, scope)) };
      case 'object':
        return { ...t, entries: t.entries.map(([k, v]) => [this.term(k, scope), this.term(v, scope)] as [Term, Term]) };
      case 'arraycomp':
      case 'setcomp': {
        const inner = new Scope(scope);
        const body = this.body(t.body, inner);
        return { ...t, body, head: this.term(t.head, inner) };
      }
      case 'objectcomp': {
        const inner = new Scope(scope);
        const body = this.body(t.body, inner);
        return { ...t, body, key: this.term(t.key, inner), value: this.term(t.value, inner) };
      }
      default:
        return t;
    }
  }

  /** A variable in value position: a local, a wildcard, or a global (rule, import, input, data). */
  private varRef(v: VarTerm, scope: Scope): Term {
    if (v.name === '_') return { ...v, name: this.fresh('_') };
    const local = scope.lookup(v.name);
    if (local !== undefined) return local === v.name ? v : { ...v, name: local };
    const global = this.globalPath(v.name);
    if (global) return pathToRef(global, v.loc);
    scope.referenced.add(v.name);
    return v;
  }

  /** `p` (rule of this package), an import alias, or `input`/`data`; else undefined. */
  private globalPath(name: string): string[] | undefined {
    if (name === 'input' || name === 'data') return [name];
    const imp = this.imports.get(name);
    if (imp) return imp;
    if (this.roots.has(name)) return ['data', ...this.pkg, name];
    return undefined;
  }

  private call(t: CallTerm, scope: Scope): CallTerm {
    const args = t.args.map((a) => this.term(a, scope));
    const name = refToPath(t.fn);
    if (!name) {
      this.errors.push(new RegoError('rego_type_error', `invalid call: operator must be a name`, t.loc));
      return { ...t, args };
    }
    const target = this.resolveFunction(name, t.loc);
    return { ...t, args, target };
  }

  /** Bind a call's operator name to a user function or builtin. */
  private resolveFunction(name: string[], loc: Location): CallTerm['target'] {
    let full: string[] | undefined;
    const [head, ...rest] = name;
    if (head === 'data') full = name;
    else if (this.imports.has(head)) full = [...this.imports.get(head)!, ...rest];
    else if (this.roots.has(head)) full = ['data', ...this.pkg, ...name];
    if (full && full[0] === 'data') {
      if (this.index.functions.has(full.join('.'))) return { kind: 'function', path: full };
      this.errors.push(new RegoError('rego_type_error', `undefined function ${full.join('.')}`, loc));
      return undefined;
    }
    const dotted = name.join('.');
    if (lookupBuiltin(dotted)) return { kind: 'builtin', name: dotted };
    this.errors.push(new RegoError('rego_type_error', `undefined function ${dotted}`, loc));
    return undefined;
  }

  private withModifier(w: WithModifier, scope: Scope): WithModifier {
    const target = this.withTarget(w.target);
    // `with f as g`: a value that names a function (and is no local) replaces f by g.
    const name = refToPath(w.value);
    if (name && !scope.lookup(name[0]) && !GLOBAL_ROOTS.has(name[0])) {
      const fn = this.functionByName(name);
      if (fn) return { ...w, target, value: w.value, replacement: fn };
    }
    return { ...w, target, value: this.term(w.value, scope) };
  }

  /** A user function or builtin called `name`, if there is one (no error otherwise). */
  private functionByName(name: string[]): CallTerm['target'] {
    const [head, ...rest] = name;
    let full: string[] | undefined;
    if (head === 'data') full = name;
    else if (this.imports.has(head)) full = [...this.imports.get(head)!, ...rest];
    else if (this.roots.has(head)) full = ['data', ...this.pkg, ...name];
    if (full) return this.index.functions.has(full.join('.')) ? { kind: 'function', path: full } : undefined;
    const dotted = name.join('.');
    return lookupBuiltin(dotted) ? { kind: 'builtin', name: dotted } : undefined;
  }

  /** `with` targets are not evaluated: they name input, data, or a function to replace. */
  private withTarget(t: Term): Term {
    const path = refToPath(t);
    if (!path) {
      this.errors.push(new RegoError('rego_type_error', 'with keyword target must reference existing input, data, or a function', t.loc));
      return t;
    }
    const [head, ...rest] = path;
    const global = this.globalPath(head);
    if (global) return pathToRef([...global, ...rest], t.loc);
    if (lookupBuiltin(path.join('.'))) return t;
    this.errors.push(new RegoError('rego_type_error', `with keyword target must reference existing input, data, or a function (got ${path.join('.')})`, t.loc));
    return t;
  }
}

export function importAliases(imports: Import[], errors: RegoError[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const imp of imports) {
    const path = refToPath(imp.path);
    if (!path || path[0] === 'future' || path[0] === 'rego') continue;
    if (path.length === 1 && !imp.alias) continue; // `import input` / `import data`
    const alias = imp.alias ?? path[path.length - 1];
    if (out.has(alias)) errors.push(new RegoError('rego_compile_error', `import must not shadow import ${alias}`, imp.loc));
    out.set(alias, path);
  }
  return out;
}

export function pathToRef(path: string[], loc: Location): VarTerm | RefTerm {
  const head: VarTerm = { type: 'var', name: path[0], loc: { ...loc } };
  if (path.length === 1) return head;
  return { type: 'ref', head, path: path.slice(1).map((p) => ({ type: 'string' as const, value: p, loc: { ...loc } })), loc: { ...loc } };
}

export { displayName };
