// Planning of bodies, literals, terms, references and unification into IR
// statements, in continuation-passing style: each method takes the
// continuation `k` that plans whatever comes next, and calls it at the point
// where the value is available (inside a scan, after a dot, …).

import type { Body, CallTerm, Literal, Rule, Term, WithModifier } from '../ast.js';
import { displayName, refToPath } from '../ast.js';
import { lookupBuiltin } from '../builtins/registry.js';
import { bool, local, type Local, type Operand } from '../ir/ir.js';
import type { FuncBuilder } from './builder.js';
import { PlanError, type Planner } from './planner.js';
import type { RuleNode } from './ruletree.js';
import { planPrint } from './instrument.js';
import { RefPlanner } from './refs.js';

/** A `with` replacement in force: a value for a data path or function, or another function. */
export interface Mock {
  id: number;
  /** The replacement value as written (re-planned in other functions when ground). */
  value?: Term;
  /** The value already computed in the function that set up the `with`. */
  operand?: Operand;
  owner?: FuncBuilder;
  /** Replacement by another function or builtin. */
  fn?: CallTerm['target'];
}

export interface PlanScope {
  input: Local;
  data: Local;
  /** Keyed by data path (`data.test.q`) or builtin name (`count`). */
  mocks: Map<string, Mock>;
}

type K = () => void;
type KV = (v: Operand) => void;

let mockIds = 0;

export class BodyPlanner {
  private vars = new Map<string, Local>();
  private readonly refs = new RefPlanner(this);

  constructor(readonly planner: Planner, readonly fb: FuncBuilder, public scope: PlanScope) {}

  /** A bound variable by source name (declared locals carry a `$n` suffix after checking). */
  lookupVar(name: string): Local | undefined {
    const direct = this.vars.get(name);
    if (direct !== undefined) return direct;
    for (const [k, l] of this.vars) if (displayName(k) === name) return l;
    return undefined;
  }

  withFreshVars(fn: () => void): void {
    const saved = this.vars;
    this.vars = new Map();
    try {
      fn();
    } finally {
      this.vars = saved;
    }
  }

  /** Run `fn` with bindings made inside it discarded afterwards (comprehensions, negation). */
  private nested(fn: () => void): void {
    const saved = new Map(this.vars);
    try {
      fn();
    } finally {
      this.vars = saved;
    }
  }

  private bind(name: string, o: Operand, k: K): void {
    const l = this.toLocal(o);
    this.vars.set(name, l);
    k();
    this.vars.delete(name);
  }

  toLocal(o: Operand): Local {
    if (o.kind === 'local') return o.local;
    const l = this.fb.newLocal();
    this.fb.emit({ op: 'assignVar', source: o, target: l });
    return l;
  }

  private fail(): void {
    this.fb.emit({ op: 'break', index: 0 });
  }

  /** Function arguments: each parameter local is unified with the head's argument pattern. */
  bindParams(rule: Rule, params: Local[], k: K): void {
    const args = rule.head.args ?? [];
    const step = (i: number): void => {
      if (i === args.length) return k();
      this.unifyOperand(args[i], local(params[i]), () => step(i + 1));
    };
    step(0);
  }

  body(lits: Body, k: K, i = 0): void {
    if (i === lits.length) return k();
    this.planner.coverage?.mark(this.fb, lits[i].loc);
    this.literal(lits[i], () => this.body(lits, k, i + 1));
  }

  // ------------------------------------------------------------ literals

  private literal(lit: Literal, k: K): void {
    if (lit.with.length === 0) return this.literalCore(lit, k);
    const outer = this.scope;
    this.applyWiths(lit.with, 0, () => {
      // The continuation runs in the enclosing scope: `with` covers only this literal.
      this.literalCore(lit, () => {
        const inner = this.scope;
        this.scope = outer;
        k();
        this.scope = inner;
      });
    });
    this.scope = outer;
  }

  private literalCore(lit: Literal, k: K): void {
    if (lit.negated) {
      this.nested(() => this.fb.emit({ op: 'not', block: this.fb.collect(() => this.positive(lit, () => {})) }));
      return k();
    }
    this.positive(lit, k);
  }

  private positive(lit: Literal, k: K): void {
    switch (lit.kind) {
      case 'expr':
        return this.expr(lit.term, k);
      case 'somein':
        return this.term(lit.domain, (d) => {
          const src = this.toLocal(d);
          const key = this.fb.newLocal();
          const value = this.fb.newLocal();
          const block = this.fb.collect(() => {
            const withValue = () => this.unifyOperand(lit.value, local(value), k);
            if (lit.key) this.unifyOperand(lit.key, local(key), withValue);
            else withValue();
          });
          this.fb.emit({ op: 'scan', source: src, key, value, block });
        });
      case 'every':
        return this.term(lit.domain, (d) => {
          const src = this.toLocal(d);
          const key = this.fb.newLocal();
          const value = this.fb.newLocal();
          // every = no element for which the body fails:
          // not { block { scan { bind; not { body }; break 1 }; break 1 } }
          const notBlock = this.fb.collect(() => {
            this.fb.scoped(() => {
              const scanBlock = this.fb.collect(() => {
                this.nested(() => {
                  const withValue = () => {
                    this.fb.emit({ op: 'not', block: this.fb.collect(() => this.nested(() => this.body(lit.body, () => {}))) });
                    this.fb.emit({ op: 'break', index: 1 });
                  };
                  if (lit.key) this.unifyOperand(lit.key, local(key), () => this.unifyOperand(lit.value, local(value), withValue));
                  else this.unifyOperand(lit.value, local(value), withValue);
                });
              });
              this.fb.emit({ op: 'scan', source: src, key, value, block: scanBlock });
              this.fb.emit({ op: 'break', index: 1 });
            });
          });
          this.fb.emit({ op: 'not', block: notBlock });
          k();
        });
      case 'some':
        return k();
    }
  }

  private expr(t: Term, k: K): void {
    const target = t.type === 'call' ? this.mockedTarget(t.target) : undefined;
    if (t.type === 'call' && target?.kind === 'builtin' && target.name === 'print') {
      // print never fails: each operand is planned in its own block.
      const planner = this.planner;
      planPrint({ fb: this.fb, str: (x) => planner.str(x), useBuiltin: (n) => planner.useBuiltin(n), operand: (a, kv) => this.term(a, (v) => kv(this.toLocal(v))) }, t);
      return k();
    }
    if (t.type === 'call' && t.target?.kind === 'builtin' && (t.target.name === 'eq' || t.target.name === 'assign') && t.args.length === 2) {
      return this.unify(t.args[0], t.args[1], k);
    }
    if (t.type === 'call' && t.args.length === 2 && t.target?.kind === 'builtin' && (t.target.name === 'equal' || t.target.name === 'neq') && !this.scope.mocks.has(t.target.name)) {
      // `a == b` / `a != b` as a literal: compare directly instead of calling the builtin and testing its boolean.
      const op = t.target.name === 'equal' ? 'equal' : 'notEqual';
      return this.terms(t.args, ([a, b]) => {
        this.fb.emit({ op, a, b });
        k();
      });
    }
    if (t.type === 'call') {
      const arity = this.arity(t);
      if (arity !== undefined && t.args.length === arity + 1) {
        const call: CallTerm = { ...t, args: t.args.slice(0, arity) };
        return this.call(call, (res) => this.unifyOperand(t.args[arity], res, k));
      }
    }
    this.term(t, (v) => {
      this.fb.emit({ op: 'notEqual', a: v, b: bool(false) });
      k();
    });
  }

  private arity(t: CallTerm): number | undefined {
    const target = this.mockedTarget(t.target);
    if (!target) return undefined;
    if (target.kind === 'builtin') return lookupBuiltin(target.name)?.args.length;
    return this.planner.program.index.functions.get(target.path.join('.'));
  }

  // ------------------------------------------------------------ with

  private applyWiths(withs: WithModifier[], i: number, k: K): void {
    if (i === withs.length) return k();
    const w = withs[i];
    const path = refToPath(w.target) ?? [];
    const next = () => this.applyWiths(withs, i + 1, k);
    const mocks = new Map(this.scope.mocks);
    if (w.replacement) {
      mocks.set(path.join('.'), { id: ++mockIds, fn: w.replacement });
      this.scope = { ...this.scope, mocks };
      return next();
    }
    if (path[0] === 'input' || (path[0] === 'data' && !this.isVirtual(path))) {
      return this.term(w.value, (v) => {
        const root = path[0] === 'input' ? this.scope.input : this.scope.data;
        let target: Local;
        if (path.length === 1) target = this.toLocal(v);
        else {
          target = this.fb.newLocal();
          const segs: Operand[] = path.slice(1).map((p) => ({ kind: 'string', index: this.planner.str(p) }));
          this.fb.emit({ op: 'upsert', source: root, path: segs, value: v, target });
        }
        this.scope = path[0] === 'input' ? { ...this.scope, input: target } : { ...this.scope, data: target };
        next();
      });
    }
    // A rule, a function, or a builtin replaced by a value.
    return this.term(w.value, (v) => {
      mocks.set(path.join('.'), { id: ++mockIds, value: w.value, operand: v, owner: this.fb });
      this.scope = { ...this.scope, mocks };
      next();
    });
  }

  private isFunctionName(name: string): boolean {
    return lookupBuiltin(name) !== undefined || this.planner.program.index.functions.has(name);
  }

  /** Does `data.…` path name (or lie above) a rule? */
  private isVirtual(path: string[]): boolean {
    let node: RuleNode | undefined = this.planner.tree;
    for (const seg of path.slice(1)) {
      if (node.group) return true;
      node = node.children.get(seg);
      if (!node) return false;
    }
    return true;
  }

  /** A function target after `with f as g` replacements. */
  private mockedTarget(target: CallTerm['target']): CallTerm['target'] {
    if (!target) return target;
    const key = target.kind === 'builtin' ? target.name : target.path.join('.');
    const m = this.scope.mocks.get(key);
    return m?.fn ?? target;
  }

  /** Plan a mock's value in this function: reuse the operand where it was computed, else re-plan a ground term. */
  mockValue(m: Mock, k: KV): void {
    if (m.owner === this.fb && m.operand) return k(m.operand);
    this.term(m.value!, k);
  }

  // ------------------------------------------------------------ unification

  private unbound(t: Term): boolean {
    return t.type === 'var' && !this.vars.has(t.name) && t.name !== 'input' && t.name !== 'data';
  }

  hasUnbound(t: Term): boolean {
    switch (t.type) {
      case 'var': return this.unbound(t);
      case 'array': return t.items.some((x) => this.hasUnbound(x));
      case 'object': return t.entries.some(([, v]) => this.hasUnbound(v));
      default: return false;
    }
  }

  private unify(a: Term, b: Term, k: K): void {
    if (this.hasUnbound(a) && !this.hasUnbound(b)) return this.term(b, (v) => this.unifyOperand(a, v, k));
    if (this.hasUnbound(b) && !this.hasUnbound(a)) return this.term(a, (v) => this.unifyOperand(b, v, k));
    if (a.type === 'array' && b.type === 'array') {
      if (a.items.length !== b.items.length) return this.fail();
      const step = (i: number): void => (i === a.items.length ? k() : this.unify(a.items[i], b.items[i], () => step(i + 1)));
      return step(0);
    }
    if (a.type === 'object' && b.type === 'object' && [...a.entries, ...b.entries].every(([key]) => isScalar(key))) {
      const pairs: [Term, Term][] = [];
      for (const [ka, va] of a.entries) {
        const match = b.entries.find(([kb]) => sameGround(ka, kb));
        if (!match) return this.fail();
        pairs.push([va, match[1]]);
      }
      if (pairs.length !== b.entries.length) return this.fail();
      const step = (i: number): void => (i === pairs.length ? k() : this.unify(pairs[i][0], pairs[i][1], () => step(i + 1)));
      return step(0);
    }
    if (this.hasUnbound(a) || this.hasUnbound(b)) {
      throw new PlanError(`cannot unify ${a.type} with ${b.type} while both have unbound variables`);
    }
    this.term(a, (va) => this.term(b, (vb) => {
      this.fb.emit({ op: 'equal', a: va, b: vb });
      k();
    }));
  }

  /** Unify a pattern term with an already computed value. */
  unifyOperand(pattern: Term, v: Operand, k: K): void {
    if (this.unbound(pattern)) return this.bind((pattern as { name: string }).name, v, k);
    if (pattern.type === 'array' && this.hasUnbound(pattern)) {
      const src = this.toLocal(v);
      this.fb.emit({ op: 'isArray', source: local(src) });
      const n = this.fb.newLocal();
      this.fb.emit({ op: 'len', source: local(src), target: n });
      const want = this.fb.newLocal();
      this.fb.emit({ op: 'makeNumberInt', value: pattern.items.length, target: want });
      this.fb.emit({ op: 'equal', a: local(n), b: local(want) });
      const step = (i: number): void => {
        if (i === pattern.items.length) return k();
        const idx = this.fb.newLocal();
        this.fb.emit({ op: 'makeNumberInt', value: i, target: idx });
        const item = this.fb.newLocal();
        this.fb.emit({ op: 'dot', source: local(src), key: local(idx), target: item });
        this.unifyOperand(pattern.items[i], local(item), () => step(i + 1));
      };
      return step(0);
    }
    if (pattern.type === 'object' && this.hasUnbound(pattern)) {
      const src = this.toLocal(v);
      this.fb.emit({ op: 'isObject', source: local(src) });
      const n = this.fb.newLocal();
      this.fb.emit({ op: 'len', source: local(src), target: n });
      const want = this.fb.newLocal();
      this.fb.emit({ op: 'makeNumberInt', value: pattern.entries.length, target: want });
      this.fb.emit({ op: 'equal', a: local(n), b: local(want) });
      const step = (i: number): void => {
        if (i === pattern.entries.length) return k();
        const [kt, vt] = pattern.entries[i];
        this.term(kt, (key) => {
          const item = this.fb.newLocal();
          this.fb.emit({ op: 'dot', source: local(src), key, target: item });
          this.unifyOperand(vt, local(item), () => step(i + 1));
        });
      };
      return step(0);
    }
    this.term(pattern, (p) => {
      this.fb.emit({ op: 'equal', a: p, b: v });
      k();
    });
  }

  // ------------------------------------------------------------ terms

  term(t: Term, k: KV): void {
    const fb = this.fb;
    // Constant composites are built directly: no continuation per element, so
    // a large literal (a table of routes) costs no stack depth.
    if ((t.type === 'array' || t.type === 'object' || t.type === 'set') && isGround(t)) return k(local(this.ground(t)));
    switch (t.type) {
      case 'null': {
        const l = fb.newLocal();
        fb.emit({ op: 'makeNull', target: l });
        return k(local(l));
      }
      case 'boolean':
        return k(bool(t.value));
      case 'number': {
        const l = fb.newLocal();
        if (/^-?\d+$/.test(t.value) && Number.isSafeInteger(Number(t.value))) fb.emit({ op: 'makeNumberInt', value: Number(t.value), target: l });
        else fb.emit({ op: 'makeNumberRef', index: this.planner.str(t.value), target: l });
        return k(local(l));
      }
      case 'string':
        return k({ kind: 'string', index: this.planner.str(t.value) });
      case 'var': {
        if (t.name === 'input') return this.refs.ref({ type: 'ref', head: t, path: [], loc: t.loc }, k);
        if (t.name === 'data') return this.refs.ref({ type: 'ref', head: t, path: [], loc: t.loc }, k);
        const l = this.vars.get(t.name);
        if (l === undefined) throw new PlanError(`${t.loc.file}:${t.loc.row}:${t.loc.col}: variable ${t.name} is not bound`);
        return k(local(l));
      }
      case 'ref':
        return this.refs.ref(t, k);
      case 'call':
        return this.call(t, k);
      case 'array':
        return this.terms(t.items, (ops) => {
          const l = fb.newLocal();
          fb.emit({ op: 'makeArray', capacity: ops.length, target: l });
          for (const o of ops) fb.emit({ op: 'arrayAppend', array: l, value: o });
          k(local(l));
        });
      case 'set':
        return this.terms(t.items, (ops) => {
          const l = fb.newLocal();
          fb.emit({ op: 'makeSet', target: l });
          for (const o of ops) fb.emit({ op: 'setAdd', set: l, value: o });
          k(local(l));
        });
      case 'object':
        return this.terms(t.entries.flat(), (ops) => {
          const l = fb.newLocal();
          fb.emit({ op: 'makeObject', target: l });
          for (let i = 0; i < ops.length; i += 2) fb.emit({ op: 'objectInsert', object: l, key: ops[i], value: ops[i + 1] });
          k(local(l));
        });
      case 'arraycomp':
      case 'setcomp':
      case 'objectcomp': {
        const l = fb.newLocal();
        fb.emit(t.type === 'arraycomp' ? { op: 'makeArray', capacity: 0, target: l } : t.type === 'setcomp' ? { op: 'makeSet', target: l } : { op: 'makeObject', target: l });
        this.nested(() =>
          fb.scoped(() =>
            this.body(t.body, () => {
              if (t.type === 'arraycomp') this.term(t.head, (v) => fb.emit({ op: 'arrayAppend', array: l, value: v }));
              else if (t.type === 'setcomp') this.term(t.head, (v) => fb.emit({ op: 'setAdd', set: l, value: v }));
              else this.term(t.key, (kk) => this.term(t.value, (v) => fb.emit({ op: 'objectInsertOnce', object: l, key: kk, value: v })));
            }),
          ),
        );
        return k(local(l));
      }
    }
  }

  /** Build a constant term (see isGround) into a new local. */
  private ground(t: Term): Local {
    const fb = this.fb;
    const l = fb.newLocal();
    const op = (x: Term): Operand => {
      switch (x.type) {
        case 'boolean': return bool(x.value);
        case 'string': return { kind: 'string', index: this.planner.str(x.value) };
        default: return local(this.ground(x));
      }
    };
    switch (t.type) {
      case 'null': fb.emit({ op: 'makeNull', target: l }); break;
      case 'number':
        if (/^-?\d+$/.test(t.value) && Number.isSafeInteger(Number(t.value))) fb.emit({ op: 'makeNumberInt', value: Number(t.value), target: l });
        else fb.emit({ op: 'makeNumberRef', index: this.planner.str(t.value), target: l });
        break;
      case 'boolean':
      case 'string':
        fb.emit({ op: 'assignVar', source: op(t), target: l });
        break;
      case 'array':
        fb.emit({ op: 'makeArray', capacity: t.items.length, target: l });
        for (const i of t.items) fb.emit({ op: 'arrayAppend', array: l, value: op(i) });
        break;
      case 'set':
        fb.emit({ op: 'makeSet', target: l });
        for (const i of t.items) fb.emit({ op: 'setAdd', set: l, value: op(i) });
        break;
      case 'object':
        fb.emit({ op: 'makeObject', target: l });
        for (const [key, v] of t.entries) fb.emit({ op: 'objectInsert', object: l, key: op(key), value: op(v) });
        break;
      default:
        throw new PlanError(`not a constant: ${t.type}`);
    }
    return l;
  }

  /**
   * Plan several terms; `k` gets their operands in the original order. Terms
   * that bind variables (`input.xs[i]` with i unbound) go first, so
   * `i == input.xs[i]` binds i before reading it.
   */
  terms(ts: Term[], k: (ops: Operand[]) => void): void {
    const order = ts.map((_, i) => i);
    if (ts.length > 1) order.sort((a, b) => Number(this.bindsVars(ts[b])) - Number(this.bindsVars(ts[a])) || a - b);
    const ops: Operand[] = new Array(ts.length);
    const step = (n: number): void => {
      if (n === order.length) return k([...ops]);
      this.term(ts[order[n]], (o) => {
        ops[order[n]] = o;
        step(n + 1);
      });
    };
    step(0);
  }

  /** Does evaluating `t` bind a variable (an unbound ref index)? */
  private bindsVars(t: Term): boolean {
    switch (t.type) {
      case 'ref': return t.path.some((p) => this.hasUnbound(p) || this.bindsVars(p)) || this.bindsVars(t.head);
      case 'call': return t.args.some((a) => this.bindsVars(a));
      case 'array': case 'set': return t.items.some((x) => this.bindsVars(x));
      case 'object': return t.entries.some(([kk, v]) => this.bindsVars(kk) || this.bindsVars(v));
      default: return false;
    }
  }

  private call(t: CallTerm, k: KV): void {
    const original = t.target;
    if (!original) throw new PlanError(`unresolved call at ${t.loc.file}:${t.loc.row}`);
    const key = original.kind === 'builtin' ? original.name : original.path.join('.');
    const mock = this.scope.mocks.get(key);
    // A value replacing a function still needs its arguments defined.
    if (mock && !mock.fn) return this.terms(t.args, () => this.mockValue(mock, k));
    const target = mock?.fn ?? original;
    this.terms(t.args, (ops) => {
      const res = this.fb.newLocal();
      if (target.kind === 'builtin') {
        this.planner.useBuiltin(target.name);
        this.fb.emit({ op: 'call', func: target.name, args: ops, target: res, builtin: true, loc: { file: t.loc.file, row: t.loc.row } });
      } else {
        const group = this.planner.program.groups.get(target.path.join('.'));
        if (!group) throw new PlanError(`unknown function ${target.path.join('.')}`);
        // A replacement function runs with no function replaced: inside it,
        // the replaced function and every other mocked one mean the originals.
        let mocks = this.scope.mocks;
        if (mock?.fn) {
          mocks = new Map([...mocks].filter(([name]) => !this.isFunctionName(name)));
        }
        const fn = this.planner.ruleFunc(group, mocks);
        this.fb.emit({ op: 'call', func: fn, args: [local(this.scope.input), local(this.scope.data), ...ops], target: res, builtin: false });
      }
      if (target.kind === 'builtin' && lookupBuiltin(target.name)?.relation) {
        // A relation (`walk`) returns all its results as an array: each is one solution.
        const key = this.fb.newLocal();
        const value = this.fb.newLocal();
        const block = this.fb.collect(() => k(local(value)));
        this.fb.emit({ op: 'scan', source: res, key, value, block });
        return;
      }
      k(local(res));
    });
  }
}

const groundCache = new WeakMap<Term, boolean>();

/** A term made only of literals (no variables, references, calls or comprehensions). */
function isGround(t: Term): boolean {
  const cached = groundCache.get(t);
  if (cached !== undefined) return cached;
  let g: boolean;
  switch (t.type) {
    case 'null': case 'boolean': case 'number': case 'string': g = true; break;
    case 'array': case 'set': g = t.items.every(isGround); break;
    case 'object': g = t.entries.every(([k, v]) => isGround(k) && isGround(v)); break;
    default: g = false;
  }
  groundCache.set(t, g);
  return g;
}

function isScalar(t: Term): boolean {
  return t.type === 'string' || t.type === 'number' || t.type === 'boolean' || t.type === 'null';
}

function sameGround(a: Term, b: Term): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'null') return true;
  if (a.type === 'string' || a.type === 'number' || a.type === 'boolean') return (a as { value: unknown }).value === (b as { value: unknown }).value;
  return false;
}
