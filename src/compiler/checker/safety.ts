// Safety: every variable must be bound before it is used, as in OPA. Bodies
// are reordered so that each literal comes after the literals that bind its
// inputs (OPA's reorderBodyForSafety); what cannot be ordered is reported as
// `rego_unsafe_var_error: var x is unsafe`.

import type { Body, CallTerm, Literal, Rule, Term } from '../ast.js';
import { displayName } from '../ast.js';
import { lookupBuiltin } from '../builtins/registry.js';
import { RegoError } from '../errors.js';
import { bodyShallowVars, deepVars, GLOBAL_ROOTS, shallowVars } from './walk.js';

type Vars = Set<string>;

export class SafetyChecker {
  constructor(private readonly functionArity: (path: string) => number | undefined, readonly errors: RegoError[]) {}

  checkRule(rule: Rule): Rule {
    const safe: Vars = new Set();
    if (rule.head.args) for (const a of rule.head.args) shallowVars(a, safe);
    // orderBody adds what the body binds to `safe`.
    const body = this.orderBody(rule.body, safe, outerVarsOfRule(rule));
    const out: Rule = { ...rule, body };
    this.checkHead(rule, safe);
    if (rule.else) out.else = this.checkRule(rule.else);
    return out;
  }

  /** Order a query's literals; `safe` are variables bound beforehand. */
  checkQuery(body: Body, safe: Vars = new Set()): Body {
    return this.orderBody(body, new Set(safe), bodyShallowVars(body));
  }

  private checkHead(rule: Rule, bound: Vars): void {
    const h = rule.head;
    const terms: Term[] = [];
    if (h.key) terms.push(h.key);
    if (h.value) terms.push(h.value);
    if (h.ref.type === 'ref') terms.push(...h.ref.path.filter((p) => p.type !== 'string'));
    const reported = new Set<string>();
    // Refs in the head iterate like body refs (`q := xs[_]`), as OPA moves them into the body.
    for (const t of terms) for (const v of refIterationVars(t, bound)) bound.add(v);
    for (const t of terms) {
      for (const v of shallowVars(t)) {
        if (!bound.has(v) && !reported.has(v)) {
          reported.add(v);
          this.errors.push(new RegoError('rego_unsafe_var_error', `var ${displayName(v)} is unsafe`, h.loc));
        }
      }
      this.checkClosures(t, bound);
    }
  }

  /**
   * Reorder `body` for safety. `safe` holds variables bound before the body
   * and is updated with those the body binds. `outer` are the variables of
   * the enclosing scopes, used to tell closure variables of nested
   * comprehensions from their own locals.
   */
  orderBody(body: Body, safe: Vars, outer: Vars): Body {
    const pending = [...body];
    const ordered: Literal[] = [];
    const scopeVars = new Set([...outer, ...bodyShallowVars(body)]);
    while (pending.length) {
      const i = pending.findIndex((lit) => this.missing(lit, safe, scopeVars).size === 0);
      if (i < 0) {
        this.reportUnsafe(pending, safe, scopeVars);
        ordered.push(...pending);
        break;
      }
      const [lit] = pending.splice(i, 1);
      ordered.push(this.orderNested(lit, safe, scopeVars));
      if (!lit.negated) for (const v of this.outputs(lit, safe)) safe.add(v);
    }
    return ordered;
  }

  private reportUnsafe(pending: Literal[], safe: Vars, scopeVars: Vars): void {
    // Name only the root causes: variables that no remaining literal could
    // ever bind. (`y := x` with x unbound reports x, not y.)
    const bindable: Vars = new Set();
    for (const lit of pending) if (!lit.negated) potentialOutputs(lit, bindable);
    let reported = 0;
    const seen = new Set<string>();
    for (const lit of pending) {
      for (const v of this.missing(lit, safe, scopeVars)) {
        if (bindable.has(v) || seen.has(v)) continue;
        seen.add(v);
        reported++;
        this.errors.push(new RegoError('rego_unsafe_var_error', `var ${displayName(v)} is unsafe`, lit.loc));
      }
    }
    if (reported === 0) {
      // Literals waiting on each other (x = y, y = x): name the first one's variables.
      for (const v of this.missing(pending[0], safe, scopeVars)) {
        this.errors.push(new RegoError('rego_unsafe_var_error', `var ${displayName(v)} is unsafe`, pending[0].loc));
      }
    }
  }

  /** Recurse into comprehension and `every` bodies with the variables safe at this point. */
  private orderNested(lit: Literal, safe: Vars, scopeVars: Vars): Literal {
    const here = new Set(safe);
    if (!lit.negated) for (const v of this.outputs(lit, here)) here.add(v);
    const mapTerm = (t: Term): Term => this.orderClosures(t, here, scopeVars);
    switch (lit.kind) {
      case 'expr':
        return { ...lit, term: mapTerm(lit.term), with: lit.with.map((w) => ({ ...w, value: mapTerm(w.value) })) };
      case 'somein':
        return { ...lit, domain: mapTerm(lit.domain) };
      case 'every': {
        const inner = new Set(safe);
        if (lit.key) shallowVars(lit.key, inner);
        shallowVars(lit.value, inner);
        const body = this.orderBody(lit.body, inner, new Set([...scopeVars, ...inner]));
        return { ...lit, domain: mapTerm(lit.domain), body };
      }
      default:
        return lit;
    }
  }

  private orderClosures(t: Term, safe: Vars, scopeVars: Vars): Term {
    const rec = (x: Term): Term => this.orderClosures(x, safe, scopeVars);
    switch (t.type) {
      case 'arraycomp':
      case 'setcomp': {
        const inner = new Set(safe);
        const before = this.errors.length;
        const body = this.orderBody(t.body, inner, scopeVars);
        if (this.errors.length === before) this.checkCompHead([t.head], inner, t.loc);
        return { ...t, body, head: this.orderClosures(t.head, inner, scopeVars) };
      }
      case 'objectcomp': {
        const inner = new Set(safe);
        const before = this.errors.length;
        const body = this.orderBody(t.body, inner, scopeVars);
        if (this.errors.length === before) this.checkCompHead([t.key, t.value], inner, t.loc);
        return { ...t, body };
      }
      case 'ref':
        return { ...t, head: rec(t.head), path: t.path.map(rec) };
      case 'call':
        return { ...t, args: t.args.map(rec) };
      case 'array':
      case 'set':
        return { ...t, items: t.items.map(rec) };
      case 'object':
        return { ...t, entries: t.entries.map(([k, v]) => [rec(k), rec(v)] as [Term, Term]) };
      default:
        return t;
    }
  }

  private checkCompHead(terms: Term[], bound: Vars, loc: Term['loc']): void {
    for (const t of terms) {
      for (const v of shallowVars(t)) {
        if (!bound.has(v)) this.errors.push(new RegoError('rego_unsafe_var_error', `var ${displayName(v)} is unsafe`, loc));
      }
    }
  }

  /** Comprehensions in rule heads (`p := [x | …]`) are ordered in place. */
  private checkClosures(t: Term, bound: Vars): void {
    this.orderClosures(t, bound, bound);
  }

  // ---------------------------------------------------------- inputs and outputs

  /** Variables `lit` needs that are not yet safe (empty = it can run now). */
  missing(lit: Literal, safe: Vars, scopeVars: Vars): Vars {
    const out: Vars = new Set();
    const need = (t: Term, extra: Vars = safe) => {
      for (const v of this.inputs(t, extra, scopeVars)) if (!extra.has(v)) out.add(v);
    };
    const avail = new Set(safe);
    for (const v of this.outputs(lit, safe)) avail.add(v);
    switch (lit.kind) {
      case 'expr': {
        const t = lit.term;
        if (lit.negated) {
          // Iteration inside a negation is local to it; unification is not.
          need(t, new Set([...safe, ...refIterationVars(t, safe)]));
        } else if (t.type === 'call' && isUnify(t)) {
          for (const v of [...deepVarsOf(t.args[0], scopeVars), ...deepVarsOf(t.args[1], scopeVars)]) if (!avail.has(v)) out.add(v);
        } else need(t, avail);
        break;
      }
      case 'somein':
        need(lit.domain);
        break;
      case 'every': {
        need(lit.domain);
        const inner = new Set(safe);
        if (lit.key) shallowVars(lit.key, inner);
        shallowVars(lit.value, inner);
        for (const v of bodyClosureVars(lit.body, scopeVars)) if (!inner.has(v)) out.add(v);
        break;
      }
    }
    for (const w of lit.with) if (!w.replacement) need(w.value);
    return out;
  }

  /** Variables a term needs bound to be evaluated, given `safe`; closure variables of comprehensions included. */
  private inputs(t: Term, safe: Vars, scopeVars: Vars): Vars {
    const out: Vars = new Set();
    const iter = refIterationVars(t, safe);
    const visit = (x: Term): void => {
      switch (x.type) {
        case 'var':
          if (!GLOBAL_ROOTS.has(x.name) && !iter.has(x.name)) out.add(x.name);
          break;
        case 'ref':
          visit(x.head);
          x.path.forEach(visit);
          break;
        case 'call':
          x.args.forEach(visit);
          break;
        case 'array':
        case 'set':
          x.items.forEach(visit);
          break;
        case 'object':
          x.entries.forEach(([k, v]) => (visit(k), visit(v)));
          break;
        case 'arraycomp':
        case 'setcomp':
        case 'objectcomp':
          for (const v of closureVars(x, scopeVars)) out.add(v);
          break;
      }
    };
    visit(t);
    return out;
  }

  /** Variables `lit` binds when it runs with `safe` already bound. */
  outputs(lit: Literal, safe: Vars): Vars {
    const out: Vars = new Set();
    switch (lit.kind) {
      case 'expr': {
        const t = lit.term;
        for (const v of refIterationVars(t, safe)) out.add(v);
        if (t.type !== 'call') break;
        if (isUnify(t)) {
          unifyOutputs(t.args[0], t.args[1], new Set([...safe, ...out]), out);
        } else {
          const arity = this.arityOf(t);
          if (arity !== undefined && t.args.length === arity + 1) {
            for (const v of patternVars(t.args[arity])) if (!safe.has(v)) out.add(v);
          }
        }
        break;
      }
      case 'somein':
        for (const v of refIterationVars(lit.domain, safe)) out.add(v);
        if (lit.key) for (const v of patternVars(lit.key)) out.add(v);
        for (const v of patternVars(lit.value)) out.add(v);
        break;
    }
    return out;
  }

  arityOf(t: CallTerm): number | undefined {
    const target = t.target;
    if (!target) return undefined;
    if (target.kind === 'function') return this.functionArity(target.path.join('.'));
    const decl = lookupBuiltin(target.name);
    if (!decl || decl.variadic) return undefined;
    return decl.args.length;
  }
}

function isUnify(t: CallTerm): boolean {
  return t.target?.kind === 'builtin' && (t.target.name === 'eq' || t.target.name === 'assign') && t.args.length === 2;
}

/** Unification `a = b`: variables on one side become bound once the other side can be computed. */
function unifyOutputs(a: Term, b: Term, safe: Vars, out: Vars): void {
  for (let changed = true; changed;) {
    changed = false;
    const before = out.size;
    unifyStep(a, b, safe, out);
    unifyStep(b, a, safe, out);
    for (const v of out) safe.add(v);
    changed = out.size !== before;
  }
}

function unifyStep(pattern: Term, value: Term, safe: Vars, out: Vars): void {
  if (pattern.type === 'array' && value.type === 'array' && pattern.items.length === value.items.length) {
    pattern.items.forEach((p, i) => unifyStep(p, value.items[i], safe, out));
    return;
  }
  if (pattern.type === 'object' && value.type === 'object') {
    for (const [pk, pv] of pattern.entries) {
      const match = value.entries.find(([vk]) => sameGround(vk, pk));
      if (match) unifyStep(pv, match[1], safe, out);
    }
    return;
  }
  const valueVars = shallowVars(value);
  for (const v of refIterationVars(value, safe)) valueVars.delete(v);
  if ([...valueVars].every((v) => safe.has(v))) {
    for (const v of patternVars(pattern)) if (!safe.has(v)) out.add(v);
  }
}

function sameGround(a: Term, b: Term): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'string' || a.type === 'number' || a.type === 'boolean') return (a as { value: unknown }).value === (b as { value: unknown }).value;
  return a.type === 'null';
}

/** Every variable `lit` could bind if its inputs were available. */
function potentialOutputs(lit: Literal, out: Vars): void {
  const refVars = (t: Term) => {
    const visit = (x: Term): void => {
      if (x.type === 'ref') {
        visit(x.head);
        for (const p of x.path) (p.type === 'var' ? out.add(p.name) : visit(p));
      } else if (x.type === 'call') x.args.forEach(visit);
      else if (x.type === 'array' || x.type === 'set') x.items.forEach(visit);
      else if (x.type === 'object') x.entries.forEach(([k, v]) => (visit(k), visit(v)));
    };
    visit(t);
  };
  if (lit.kind === 'expr') {
    refVars(lit.term);
    const t = lit.term;
    if (t.type === 'call') {
      if (isUnify(t)) {
        patternVars(t.args[0], out);
        // `:=` only ever binds its left-hand side.
        if (t.target?.kind === 'builtin' && t.target.name === 'eq') patternVars(t.args[1], out);
      }
      else if (t.args.length > 0) patternVars(t.args[t.args.length - 1], out);
    }
  } else if (lit.kind === 'somein') {
    refVars(lit.domain);
    if (lit.key) patternVars(lit.key, out);
    patternVars(lit.value, out);
  }
}

/** Variables a pattern binds: bare vars, and vars in array items and object values. */
export function patternVars(t: Term, out: Vars = new Set()): Vars {
  switch (t.type) {
    case 'var':
      if (!GLOBAL_ROOTS.has(t.name)) out.add(t.name);
      break;
    case 'array':
      t.items.forEach((i) => patternVars(i, out));
      break;
    case 'object':
      t.entries.forEach(([, v]) => patternVars(v, out));
      break;
  }
  return out;
}

/**
 * Unbound variables in the index positions of refs (`data.a[i]`, `x[_]`):
 * evaluating the ref iterates and binds them. The ref's head must be bound
 * (a global, or a safe local), and so must vars in non-var index terms.
 */
export function refIterationVars(t: Term, safe: Vars, out: Vars = new Set()): Vars {
  const visit = (x: Term): void => {
    switch (x.type) {
      case 'ref': {
        visit(x.head);
        const headOk = x.head.type !== 'var' || GLOBAL_ROOTS.has(x.head.name) || safe.has(x.head.name) || out.has(x.head.name);
        for (const p of x.path) {
          if (p.type === 'var' && headOk && !safe.has(p.name)) out.add(p.name);
          else if ((p.type === 'array' || p.type === 'object') && headOk) {
            // A composite key is a pattern: `s[[1, x]]` binds x by matching keys.
            for (const v of patternVars(p)) if (!safe.has(v)) out.add(v);
            visit(p);
          } else visit(p);
        }
        break;
      }
      case 'call':
        x.args.forEach(visit);
        break;
      case 'array':
      case 'set':
        x.items.forEach(visit);
        break;
      case 'object':
        x.entries.forEach(([k, v]) => (visit(k), visit(v)));
        break;
    }
  };
  visit(t);
  return out;
}

/** Variables of a comprehension that belong to an enclosing scope. */
function closureVars(t: Term, scopeVars: Vars): Vars {
  const out: Vars = new Set();
  for (const v of deepVars(t)) if (scopeVars.has(v)) out.add(v);
  return out;
}

function bodyClosureVars(body: Body, scopeVars: Vars): Vars {
  const out: Vars = new Set();
  const all = new Set<string>();
  for (const lit of body) {
    if (lit.kind === 'expr') deepVars(lit.term, all);
    if (lit.kind === 'somein' || lit.kind === 'every') {
      deepVars(lit.domain, all);
      if (lit.kind === 'every') for (const v of bodyClosureVars(lit.body, scopeVars)) all.add(v);
    }
    for (const w of lit.with) if (!w.replacement) deepVars(w.value, all);
  }
  for (const v of all) if (scopeVars.has(v)) out.add(v);
  return out;
}

function deepVarsOf(t: Term, scopeVars: Vars): Vars {
  const out = shallowVars(t);
  const visitComp = (x: Term): void => {
    if (x.type === 'arraycomp' || x.type === 'setcomp' || x.type === 'objectcomp') {
      for (const v of closureVars(x, scopeVars)) out.add(v);
    } else if (x.type === 'ref') (visitComp(x.head), x.path.forEach(visitComp));
    else if (x.type === 'call') x.args.forEach(visitComp);
    else if (x.type === 'array' || x.type === 'set') x.items.forEach(visitComp);
    else if (x.type === 'object') x.entries.forEach(([k, v]) => (visitComp(k), visitComp(v)));
  };
  visitComp(t);
  return out;
}

/** Variables of a rule visible to every nested scope: head, args, and top-level body vars. */
function outerVarsOfRule(rule: Rule): Vars {
  const out = bodyShallowVars(rule.body);
  const h = rule.head;
  if (h.args) h.args.forEach((a) => shallowVars(a, out));
  if (h.key) shallowVars(h.key, out);
  if (h.value) shallowVars(h.value, out);
  if (h.ref.type === 'ref') h.ref.path.forEach((p) => shallowVars(p, out));
  return out;
}
