// Rule indexing, the analysis half: which definitions of a rule group can only
// succeed when one reference equals a constant. A body literal
// `input.request.route == "/v1/x"` (either side, `=` too, or
// `input.m in {"GET", "HEAD"}`) is a necessary condition of its rule, so a
// lookup of the reference's value in a table of constants finds the only
// definitions worth evaluating. The planner evaluates the reference once and
// emits a `ruleIndex` statement; definitions without such a literal run for
// every value.
//
// Sound by construction: only top-level, positive literals without `with`
// count (they must all hold for the body to succeed), the reference is read
// from the function's own `input` or an argument (which no literal of the body
// can change), and an else chain is indexed only when every branch carries a
// condition on the same reference. As in OPA, a definition that is skipped
// because its key cannot match is not evaluated at all, so an error it would
// have raised before reaching the condition is not raised.

import type { Rule, Term } from '../ast.js';

/** Where an index key is read: `input` or a function argument, then constant segments. */
export interface KeySource {
  /** 'input', or the index of a function argument. */
  root: 'input' | number;
  /** Constant path segments (strings, numbers) below the root. */
  path: ScalarTerm[];
}

export type ScalarTerm = Extract<Term, { type: 'string' | 'number' | 'boolean' | 'null' }>;

export interface RuleIndexPlan {
  key: KeySource;
  /** Constants and the definitions (positions in the list given) that require them. */
  entries: { value: ScalarTerm; rules: number[] }[];
  /** Definitions with no condition on the key: evaluated for every value. */
  always: number[];
}

/** Groups with fewer definitions are evaluated in full: a lookup would not pay for itself. */
export const MIN_INDEXED_RULES = 8;

/** Choose the reference that leaves the fewest definitions to evaluate per lookup, if any is worth it. */
export function chooseRuleIndex(definitions: Rule[], minRules = MIN_INDEXED_RULES): RuleIndexPlan | undefined {
  if (definitions.length < minRules) return undefined;
  const perRule = definitions.map(ruleConditions);
  // One pass: per reference, how many definitions it conditions and on how many distinct values.
  const stats = new Map<string, { key: KeySource; conditioned: number; values: Set<string> }>();
  for (const conds of perRule) {
    for (const c of conds) {
      let st = stats.get(c.id);
      if (!st) stats.set(c.id, (st = { key: c.key, conditioned: 0, values: new Set() }));
      st.conditioned++;
      for (const v of c.values) st.values.add(v.id);
    }
  }
  let best: { id: string; cost: number } | undefined;
  for (const [id, st] of stats) {
    // Expected definitions evaluated for a key that hits one bucket.
    const cost = definitions.length - st.conditioned + st.conditioned / st.values.size;
    if (!best || cost < best.cost) best = { id, cost };
  }
  if (!best || best.cost > definitions.length / 2) return undefined;

  const entries = new Map<string, { value: ScalarTerm; rules: number[] }>();
  const always: number[] = [];
  perRule.forEach((conds, i) => {
    const c = conds.find((x) => x.id === best!.id);
    if (!c) return void always.push(i);
    for (const v of c.values) {
      let e = entries.get(v.id);
      if (!e) entries.set(v.id, (e = { value: v.term, rules: [] }));
      e.rules.push(i);
    }
  });
  return { key: stats.get(best.id)!.key, entries: [...entries.values()], always };
}

interface Condition {
  id: string;
  key: KeySource;
  /** The constants the key may equal for the rule to succeed (distinct). */
  values: { id: string; term: ScalarTerm }[];
}

/** Conditions of a definition with its else chain: only keys every branch conditions, values united. */
function ruleConditions(rule: Rule): Condition[] {
  let result = branchConditions(rule, rule);
  for (let branch = rule.else; branch && result.length; branch = branch.else) {
    const conds = branchConditions(branch, rule);
    result = result.flatMap((c) => {
      const other = conds.find((x) => x.id === c.id);
      return other ? [{ ...c, values: union(c.values, other.values) }] : [];
    });
  }
  return result;
}

const NO_ARGS: ReadonlyMap<string, number> = new Map();

/** Conditions one body (plus its head's constant arguments) puts on input references and arguments. */
function branchConditions(branch: Rule, definition: Rule): Condition[] {
  const out: Condition[] = [];
  const args = branch.head.args ?? definition.head.args;
  let argIndex: ReadonlyMap<string, number> = NO_ARGS;
  if (args?.length) {
    const byName = new Map<string, number>();
    args.forEach((a, i) => {
      if (a.type === 'var' && !byName.has(a.name)) byName.set(a.name, i);
      // `f("GET") := …` conditions argument i.
      else if (isScalar(a)) addCondition(out, { root: i, path: [] }, [a]);
    });
    argIndex = byName;
  }

  const aliases = new Map<string, KeySource>();
  const source = (t: Term): KeySource | undefined => keySource(t, aliases, argIndex);
  for (const lit of branch.body) {
    if (lit.kind !== 'expr' || lit.negated || lit.with.length) continue;
    const t = lit.term;
    if (t.type !== 'call' || t.target?.kind !== 'builtin' || t.args.length !== 2) continue;
    const [a, b] = t.args;
    const name = t.target.name;
    if (name === 'assign' || name === 'eq') {
      // `req := input.request` makes `req.method` an input reference too.
      const [v, other] = a.type === 'var' ? [a, b] : b.type === 'var' ? [b, a] : [undefined, undefined];
      if (v && v.name !== 'input' && v.name !== 'data' && !argIndex.has(v.name) && !aliases.has(v.name)) {
        const s = source(other!);
        if (s) aliases.set(v.name, s);
      }
    }
    if (name === 'equal' || name === 'eq') {
      const [ref, c] = isScalar(b) ? [a, b] : isScalar(a) ? [b, a] : [undefined, undefined];
      const s = ref && source(ref);
      if (s) addCondition(out, s, [c as ScalarTerm]);
    } else if (name === 'internal.member_2' && (b.type === 'set' || b.type === 'array') && b.items.length > 0 && b.items.every(isScalar)) {
      const s = source(a);
      if (s) addCondition(out, s, b.items as ScalarTerm[]);
    }
  }
  return out;
}

/** A second condition on the same key narrows it: both must hold. */
function addCondition(out: Condition[], key: KeySource, terms: ScalarTerm[]): void {
  const id = sourceId(key);
  const values = terms.length === 1 ? [{ id: constKey(terms[0]), term: terms[0] }] : union([], terms.map((term) => ({ id: constKey(term), term })));
  const prev = out.find((c) => c.id === id);
  if (!prev) return void out.push({ id, key, values });
  const narrowed = prev.values.filter((v) => values.some((w) => w.id === v.id));
  // Contradictory conditions: the rule never succeeds; keeping one value stays sound.
  prev.values = narrowed.length ? narrowed : [values[0]];
}

function union<T extends { id: string }>(a: T[], b: T[]): T[] {
  const out = [...a];
  for (const x of b) if (!out.some((y) => y.id === x.id)) out.push(x);
  return out;
}

function keySource(t: Term, aliases: Map<string, KeySource>, argIndex: ReadonlyMap<string, number>): KeySource | undefined {
  const root = (v: Term): KeySource | undefined => {
    if (v.type !== 'var') return undefined;
    if (v.name === 'input') return { root: 'input', path: [] };
    const arg = argIndex.get(v.name);
    if (arg !== undefined) return { root: arg, path: [] };
    return aliases.get(v.name);
  };
  if (t.type === 'var') return root(t);
  if (t.type !== 'ref') return undefined;
  const base = root(t.head);
  if (!base || !t.path.every((p) => p.type === 'string' || p.type === 'number')) return undefined;
  return { root: base.root, path: [...base.path, ...(t.path as ScalarTerm[])] };
}

function isScalar(t: Term): t is ScalarTerm {
  return t.type === 'string' || t.type === 'number' || t.type === 'boolean' || t.type === 'null';
}

/**
 * Identity of a constant as written. Numbers spelled differently (`1`,
 * `1.0`) get separate entries here; the code generator merges entries whose
 * values are equal at run time.
 */
function constKey(t: ScalarTerm): string {
  return t.type === 'null' ? 'null' : `${t.type}:${String(t.value)}`;
}

function sourceId(s: KeySource): string {
  let id = String(s.root);
  for (const p of s.path) id += '\u0000' + constKey(p);
  return id;
}
