// The planner: checked program → IR. Every rule group becomes an IR function
// (planned on first use, so unused rules cost nothing); every entrypoint
// becomes a plan that adds `{"result": value}` to the result set. Bodies are
// planned in continuation-passing style: iteration opens a `scan`, and the
// rest of the body is planned inside it.

import type { Body, Literal, Rule, Term } from '../ast.js';
import type { CheckedProgram } from '../checker/index.js';
import type { RuleGroup } from '../checker/rules.js';
import { lookupBuiltin } from '../builtins/registry.js';
import { bool, DATA, INPUT, local, type Func, type Local, type Operand, type Plan, type Policy } from '../ir/ir.js';
import { FuncBuilder } from './builder.js';
import { BodyPlanner, type PlanScope } from './body.js';
import { buildRuleTree, type RuleNode } from './ruletree.js';
import { CoverageMap } from './instrument.js';
import { planDefinitions } from './definitions.js';

export interface Entrypoint {
  /** The name callers use: `test/p`. */
  name: string;
  /** Its data path: ['data', 'test', 'p']. */
  path: string[];
}

export interface QueryEntrypoint {
  name: string;
  /** A checked query body. */
  body: Body;
  /** Variables to report per result: `[{x: …, y: …}]`. */
  outputs: string[];
}

export class PlanError extends Error {}

export class Planner {
  readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  readonly builtins = new Set<string>();
  readonly funcs: Func[] = [];
  private readonly funcNames = new Map<string, string>();
  private readonly refFuncs = new Map<string, string>();
  readonly tree: RuleNode;
  /** Set when compiling with coverage: bodies and heads then mark their lines. */
  readonly coverage?: CoverageMap;
  /** Index large rule groups on the constants their bodies compare input with (definitions.ts). */
  readonly ruleIndexing: boolean;

  constructor(readonly program: CheckedProgram, opts: PlanOptions = {}) {
    this.tree = buildRuleTree(program.groups);
    this.ruleIndexing = opts.ruleIndexing ?? true;
    if (opts.coverage) this.coverage = new CoverageMap();
  }

  str(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  useBuiltin(name: string): void {
    if (!lookupBuiltin(name)) throw new PlanError(`unknown builtin ${name}`);
    this.builtins.add(name);
  }

  /** The IR function computing a rule group (planned on first request). */
  ruleFunc(group: RuleGroup, mocks: PlanScope['mocks']): string {
    const key = mocks.size ? `${group.key}#${mockKey(mocks)}` : group.key;
    const existing = this.funcNames.get(key);
    if (existing) return existing;
    const name = `${this.funcs.length}:${group.key}`;
    this.funcNames.set(key, name);
    const placeholder: Func = { name, path: group.path, params: [], result: 0, blocks: [], locals: 0 };
    this.funcs.push(placeholder);
    Object.assign(placeholder, this.planGroup(name, group, mocks));
    return name;
  }

  /**
   * The memoized IR function reading `input.<keys…>` or `data.<keys…>` (base
   * data) from its input/data parameters: undefined where a key is missing.
   */
  refFunc(root: 'input' | 'data', keys: string[]): string {
    const key = `${root}.${keys.map((k) => JSON.stringify(k)).join('.')}`;
    const existing = this.refFuncs.get(key);
    if (existing) return existing;
    const name = `${this.funcs.length}:ref:${root}.${keys.join('.')}`;
    const fb = new FuncBuilder(2);
    const result = fb.newLocal();
    const func: Func = { name, path: [root, ...keys], params: [INPUT, DATA], result, blocks: fb.blocks, locals: 0, memo: true };
    this.funcs.push(func);
    this.refFuncs.set(key, name);
    fb.scoped(() => {
      let src: Local = root === 'input' ? INPUT : DATA;
      if (keys.length > 1) {
        src = fb.newLocal();
        fb.emit({ op: 'call', func: this.refFunc(root, keys.slice(0, -1)), args: [local(INPUT), local(DATA)], target: src, builtin: false });
      }
      const value = fb.newLocal();
      fb.emit({ op: 'dot', source: local(src), key: { kind: 'string', index: this.str(keys[keys.length - 1]) }, target: value });
      fb.emit({ op: 'assignVar', source: local(value), target: result });
    });
    fb.emit({ op: 'return', source: result });
    func.locals = fb.localCount;
    return name;
  }

  private planGroup(name: string, group: RuleGroup, mocks: PlanScope['mocks']): Func {
    const first = group.rules[0];
    const arity = first.kind === 'function' ? first.head.args!.length : 0;
    const fb = new FuncBuilder(2 + arity);
    const params = [INPUT, DATA, ...Array.from({ length: arity }, (_, i) => 2 + i)];
    const result = fb.newLocal();
    const bp = new BodyPlanner(this, fb, { input: INPUT, data: DATA, mocks });
    const defaults = group.rules.filter((r) => r.isDefault);
    const definitions = group.rules.filter((r) => !r.isDefault);
    const planAll = () => planDefinitions({ planner: this, bp, group, result, arity, mocks, indexing: this.ruleIndexing, planOne: (b, r, res) => this.planDefinition(b, r, res, group) }, definitions);

    switch (first.kind) {
      case 'partial_set':
        // With variables in the reference (`a[x] contains y`) the document is an object of sets.
        fb.emit(group.rules.some((r) => refVarPath(r, group).length > 0) ? { op: 'makeObject', target: result } : { op: 'makeSet', target: result });
        planAll();
        break;
      case 'partial_object':
        fb.emit({ op: 'makeObject', target: result });
        planAll();
        break;
      default:
        planAll();
        for (const d of defaults) {
          fb.scoped(() => {
            fb.emit({ op: 'isUndefined', source: result });
            if (d.kind === 'function') bp.bindParams(d, params.slice(2), () => {});
            this.coverage?.mark(fb, d.head.loc);
            bp.term(d.head.value!, (v) => fb.emit({ op: 'assignVar', source: v, target: result }));
          });
        }
    }
    fb.emit({ op: 'return', source: result });
    // A rule without arguments has one value per input and data: compute it once per evaluation.
    const memo = arity === 0 && first.kind !== 'function';
    return { name, path: group.path, params, result, blocks: fb.blocks, locals: fb.localCount, memo };
  }

  /** One definition (with its else chain) contributing to `result`. */
  private planDefinition(bp: BodyPlanner, rule: Rule, result: Local, group: RuleGroup): void {
    const fb = bp.fb;
    const args = rule.kind === 'function' ? Array.from({ length: rule.head.args!.length }, (_, i) => 2 + i) : [];
    if (rule.kind === 'complete' || rule.kind === 'function') {
      // An else chain yields the first branch that is defined.
      const chainResult = rule.else ? fb.newLocal() : result;
      for (let branch: Rule | undefined = rule; branch; branch = branch.else) {
        const b = branch;
        fb.scoped(() => {
          if (rule.else) fb.emit({ op: 'isUndefined', source: chainResult });
          bp.withFreshVars(() => {
            bp.bindParams(b, args, () => {
              bp.body(b.body, () => {
                this.coverage?.mark(fb, b.head.loc);
                bp.term(b.head.value!, (v) => {
                  const conflict = rule.kind === 'function' ? 'function' : 'complete';
                  // Each branch may yield one value only (iteration in an else value is a conflict too).
                  fb.emit({ op: 'assignVarOnce', source: v, target: chainResult, conflict });
                });
              });
            });
          });
        });
      }
      if (rule.else) {
        fb.scoped(() => {
          fb.emit({ op: 'isDefined', source: chainResult });
          fb.emit({ op: 'assignVarOnce', source: local(chainResult), target: result, conflict: rule.kind === 'function' ? 'function' : 'complete' });
        });
      }
      return;
    }
    fb.scoped(() => {
      bp.withFreshVars(() => {
        bp.body(rule.body, () => {
          this.coverage?.mark(fb, rule.head.loc);
          const keyPath = refVarPath(rule, group);
          if (rule.kind === 'partial_set') {
            if (keyPath.length === 0) return bp.term(rule.head.key!, (k) => fb.emit({ op: 'setAdd', set: result, value: k }));
            // `a[x] contains y`: a set at the end of a path of objects.
            return bp.terms(keyPath, (path) => bp.term(rule.head.key!, (k) => fb.emit({ op: 'objectInsertPath', object: result, path, value: k, leaf: 'set' })));
          }
          if (keyPath.length === 1) {
            return bp.term(keyPath[0], (k) => bp.term(rule.head.value!, (v) => fb.emit({ op: 'objectInsertOnce', object: result, key: k, value: v })));
          }
          bp.terms(keyPath, (path) => bp.term(rule.head.value!, (v) => fb.emit({ op: 'objectInsertPath', object: result, path, value: v, leaf: 'once' })));
        });
      });
    });
  }

  planEntrypoint(ep: Entrypoint): Plan {
    const fb = new FuncBuilder(2);
    const bp = new BodyPlanner(this, fb, { input: INPUT, data: DATA, mocks: new Map() });
    const ref: Term = pathRef(ep.path);
    fb.scoped(() => bp.term(ref, (v) => addResult(bp, this.str('result'), v)));
    return { name: ep.name, blocks: fb.blocks, locals: fb.localCount };
  }

  planQuery(q: QueryEntrypoint): Plan {
    const fb = new FuncBuilder(2);
    const bp = new BodyPlanner(this, fb, { input: INPUT, data: DATA, mocks: new Map() });
    fb.scoped(() =>
      bp.withFreshVars(() =>
        bp.body(q.body, () => {
          const obj = fb.newLocal();
          fb.emit({ op: 'makeObject', target: obj });
          for (const name of q.outputs) {
            const l = bp.lookupVar(name);
            if (l === undefined) throw new PlanError(`query variable ${name} is not bound`);
            fb.emit({ op: 'objectInsert', object: obj, key: { kind: 'string', index: this.str(name) }, value: local(l) });
          }
          fb.emit({ op: 'resultSetAdd', value: obj });
        }),
      ),
    );
    return { name: q.name, blocks: fb.blocks, locals: fb.localCount };
  }
}

function addResult(bp: BodyPlanner, resultKey: number, v: Operand): void {
  const fb = bp.fb;
  const obj = fb.newLocal();
  fb.emit({ op: 'makeObject', target: obj });
  fb.emit({ op: 'objectInsert', object: obj, key: { kind: 'string', index: resultKey }, value: v });
  fb.emit({ op: 'resultSetAdd', value: obj });
}

/** The non-static tail of a rule's head reference, below its group path: `p[k]` → [k]. */
function refVarPath(rule: Rule, group: RuleGroup): Term[] {
  const ref = rule.head.ref;
  if (ref.type === 'var') return [];
  const staticLen = group.path.length - 2 - rule.pkg.length; // static segments after the rule name
  return ref.path.slice(staticLen);
}

export function pathRef(path: string[]): Term {
  const loc = { file: '<entrypoint>', row: 1, col: 1, offset: 0 };
  const head: Term = { type: 'var', name: path[0], loc };
  if (path.length === 1) return head;
  return { type: 'ref', head, path: path.slice(1).map((p) => ({ type: 'string' as const, value: p, loc })), loc };
}

function mockKey(mocks: PlanScope['mocks']): string {
  return [...mocks.keys()].sort().join(',') + '@' + [...mocks.values()].map((m) => m.id).join(',');
}

export interface PlanOptions {
  /** Mark each evaluated source line (rule heads, literals) for test coverage. */
  coverage?: boolean;
  /** Rule indexing (default on); off evaluates every definition, for comparison. */
  ruleIndexing?: boolean;
}

/** Plan a whole policy: the given entrypoints and queries, and every function they reach. */
export function planPolicy(program: CheckedProgram, entrypoints: Entrypoint[], queries: QueryEntrypoint[] = [], opts: PlanOptions = {}): Policy {
  const p = new Planner(program, opts);
  const plans: Plan[] = [...entrypoints.map((e) => p.planEntrypoint(e)), ...queries.map((q) => p.planQuery(q))];
  const policy: Policy = { strings: p.strings, builtins: [...p.builtins].sort(), funcs: p.funcs, plans };
  if (p.coverage) policy.coverage = p.coverage.points;
  return policy;
}

export { bool };
export type { Literal };
