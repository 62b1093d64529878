// Rule-level checks across the compile unit, with OPA's codes: conflicting
// rule kinds, several defaults, a rule whose path is a prefix of another
// rule's, and recursion between rules and functions.

import type { Module, Rule, Term } from '../ast.js';
import { RegoError } from '../errors.js';
import { staticHeadPath } from './resolve.js';
import { forEachBodyTerm, forEachTerm } from './walk.js';

export interface RuleGroup {
  /** Full data path, e.g. ['data', 'test', 'p']. */
  path: string[];
  key: string;
  rules: Rule[];
}

/** Group the rules of all modules by the static part of their head reference. */
export function groupRules(modules: Module[]): Map<string, RuleGroup> {
  const groups = new Map<string, RuleGroup>();
  for (const m of modules) {
    for (const r of m.rules) {
      const path = ['data', ...m.package.path, ...staticHeadPath(r)];
      const key = path.join('.');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { path, key, rules: [] }));
      g.rules.push(r);
    }
  }
  return groups;
}

export function checkRuleGroups(groups: Map<string, RuleGroup>, errors: RegoError[]): void {
  for (const g of groups.values()) {
    const first = g.rules[0];
    const kinds = new Set(g.rules.map((r) => r.kind));
    const arities = new Set(g.rules.filter((r) => r.kind === 'function').map((r) => r.head.args!.length));
    if (kinds.size > 1 || arities.size > 1) {
      errors.push(new RegoError('rego_type_error', `conflicting rules ${g.key} found`, first.loc));
      continue;
    }
    const defaults = g.rules.filter((r) => r.isDefault);
    if (defaults.length > 1) {
      errors.push(new RegoError('rego_type_error', `multiple default rules ${g.key} found`, defaults[1].loc));
    }
  }
  // A complete rule, set or function cannot have rules nested below its path.
  // Rules with variables in their reference build objects that others may extend.
  const below = new Map<string, string[]>();
  for (const g of groups.values()) {
    for (let n = g.path.length - 1; n >= 2; n--) {
      const prefix = g.path.slice(0, n).join('.');
      const owner = groups.get(prefix);
      if (owner && !owner.rules.some(hasVarInRef)) below.set(prefix, [...(below.get(prefix) ?? []), g.key]);
    }
  }
  for (const [key, nested] of [...below].sort(([a], [b]) => a.localeCompare(b))) {
    errors.push(new RegoError('rego_type_error', `rule ${key} conflicts with [${nested.sort().join(' ')}]`, groups.get(key)!.rules[0].loc));
  }
}

function hasVarInRef(r: Rule): boolean {
  return r.head.ref.type === 'ref' && r.head.ref.path.some((p) => p.type !== 'string');
}

/** Report cycles among rules and functions (`rego_recursion_error`). */
export function checkRecursion(groups: Map<string, RuleGroup>, errors: RegoError[]): void {
  const keys = [...groups.keys()].sort();
  const edges = new Map<string, Set<string>>();
  for (const g of groups.values()) {
    const deps = new Set<string>();
    const onTerm = (t: Term) => {
      if (t.type === 'call' && t.target?.kind === 'function') deps.add(t.target.path.join('.'));
      if (t.type === 'ref' && t.head.type === 'var' && t.head.name === 'data') {
        const prefix = ['data'];
        for (const p of t.path) {
          if (p.type !== 'string') break;
          prefix.push(p.value);
        }
        for (const k of dependedOn(prefix, keys, groups)) deps.add(k);
      }
    };
    for (const rule of g.rules) {
      for (let r: Rule | undefined = rule; r; r = r.else) {
        forEachBodyTerm(r.body, onTerm);
        for (const t of [r.head.key, r.head.value, ...(r.head.args ?? [])]) if (t) forEachTerm(t, onTerm);
        if (r.head.ref.type === 'ref') r.head.ref.path.forEach((p) => forEachTerm(p, onTerm));
      }
    }
    edges.set(g.key, deps);
  }
  for (const cycle of findCycles(keys, edges)) {
    const g = groups.get(cycle[0])!;
    errors.push(new RegoError('rego_recursion_error', `rule ${cycle[0]} is recursive: ${[...cycle, cycle[0]].join(' -> ')}`, g.rules[0].loc));
  }
}

/** The rule groups a ref with static prefix `prefix` may read. */
function dependedOn(prefix: string[], sortedKeys: string[], groups: Map<string, RuleGroup>): string[] {
  const out: string[] = [];
  // A rule at a prefix of the ref (`data.a.p` for `data.a.p.x`).
  for (let n = prefix.length; n >= 2; n--) {
    const k = prefix.slice(0, n).join('.');
    if (groups.has(k)) out.push(k);
  }
  // Rules below the ref (`data.a` reads every rule of package a).
  if (prefix.length >= 2) {
    const p = prefix.join('.') + '.';
    for (const k of sortedKeys) if (k.startsWith(p)) out.push(k);
  }
  return out;
}

/** Elementary cycles reported once per strongly connected component (Tarjan). */
function findCycles(nodes: string[], edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || edges.get(v)?.has(v)) out.push(cyclePath(comp.sort()[0], new Set(comp), edges));
    }
  };
  for (const n of nodes) if (!idx.has(n)) strong(n);
  return out;
}

/** A concrete cycle through `start` inside one component, for the message. */
function cyclePath(start: string, comp: Set<string>, edges: Map<string, Set<string>>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (w === start) {
        const path = [v];
        for (let p = prev.get(v); p !== undefined; p = prev.get(p)) path.unshift(p);
        return path;
      }
      if (comp.has(w) && !seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
