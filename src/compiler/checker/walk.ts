// Small traversal helpers over terms and bodies shared by the checker passes.

import type { Body, Literal, Term } from '../ast.js';

/** Global roots: never local variables. */
export const GLOBAL_ROOTS = new Set(['input', 'data']);

/** Calls `f` on every term reachable from `t`, comprehension bodies included, call operators excluded. */
export function forEachTerm(t: Term, f: (t: Term) => void): void {
  f(t);
  switch (t.type) {
    case 'ref':
      forEachTerm(t.head, f);
      t.path.forEach((p) => forEachTerm(p, f));
      break;
    case 'call':
      t.args.forEach((a) => forEachTerm(a, f));
      break;
    case 'array':
    case 'set':
      t.items.forEach((i) => forEachTerm(i, f));
      break;
    case 'object':
      t.entries.forEach(([k, v]) => (forEachTerm(k, f), forEachTerm(v, f)));
      break;
    case 'arraycomp':
    case 'setcomp':
      forEachTerm(t.head, f);
      forEachBodyTerm(t.body, f);
      break;
    case 'objectcomp':
      forEachTerm(t.key, f);
      forEachTerm(t.value, f);
      forEachBodyTerm(t.body, f);
      break;
  }
}

export function forEachLiteralTerm(lit: Literal, f: (t: Term) => void): void {
  switch (lit.kind) {
    case 'expr':
      forEachTerm(lit.term, f);
      break;
    case 'some':
      lit.vars.forEach((v) => forEachTerm(v, f));
      break;
    case 'somein':
      if (lit.key) forEachTerm(lit.key, f);
      forEachTerm(lit.value, f);
      forEachTerm(lit.domain, f);
      break;
    case 'every':
      if (lit.key) forEachTerm(lit.key, f);
      forEachTerm(lit.value, f);
      forEachTerm(lit.domain, f);
      forEachBodyTerm(lit.body, f);
      break;
  }
  for (const w of lit.with) {
    forEachTerm(w.target, f);
    forEachTerm(w.value, f);
  }
}

export function forEachBodyTerm(body: Body, f: (t: Term) => void): void {
  for (const lit of body) forEachLiteralTerm(lit, f);
}

/**
 * Local variables of a term, not descending into comprehensions (whose
 * variables belong to their own scope) and skipping call operators.
 */
export function shallowVars(t: Term, out: Set<string> = new Set()): Set<string> {
  switch (t.type) {
    case 'var':
      if (!GLOBAL_ROOTS.has(t.name)) out.add(t.name);
      break;
    case 'ref':
      shallowVars(t.head, out);
      t.path.forEach((p) => shallowVars(p, out));
      break;
    case 'call':
      t.args.forEach((a) => shallowVars(a, out));
      break;
    case 'array':
    case 'set':
      t.items.forEach((i) => shallowVars(i, out));
      break;
    case 'object':
      t.entries.forEach(([k, v]) => (shallowVars(k, out), shallowVars(v, out)));
      break;
  }
  return out;
}

/** Every local variable used anywhere in `t`, comprehension bodies included. */
export function deepVars(t: Term, out: Set<string> = new Set()): Set<string> {
  forEachTerm(t, (x) => {
    if (x.type === 'var' && !GLOBAL_ROOTS.has(x.name)) out.add(x.name);
  });
  return out;
}

/** Variables used at the top level of a body (not inside comprehensions or every bodies). */
export function bodyShallowVars(body: Body, out: Set<string> = new Set()): Set<string> {
  for (const lit of body) {
    switch (lit.kind) {
      case 'expr':
        shallowVars(lit.term, out);
        break;
      case 'some':
        lit.vars.forEach((v) => out.add(v.name));
        break;
      case 'somein':
      case 'every':
        if (lit.key) shallowVars(lit.key, out);
        shallowVars(lit.value, out);
        shallowVars(lit.domain, out);
        break;
    }
    for (const w of lit.with) if (!w.replacement) shallowVars(w.value, out);
  }
  return out;
}
