// The definitions of one rule group, planned into its function: in order, or
// behind a rule index (see indexing.ts) that evaluates only the definitions a
// key's value can satisfy. Large groups put each definition in a function of
// its own, so no WASM function outgrows engine limits (V8 rejects bodies over
// 7.6 MB) and a lookup's case is a single call.

import type { Rule, Term } from '../ast.js';
import type { RuleGroup } from '../checker/rules.js';
import { DATA, INPUT, local, type IndexConst, type Local } from '../ir/ir.js';
import { BodyPlanner, type PlanScope } from './body.js';
import { FuncBuilder } from './builder.js';
import { chooseRuleIndex, type KeySource, type ScalarTerm } from './indexing.js';
import type { Planner } from './planner.js';

/** Groups with more definitions than this plan each one as its own function. */
export const OUTLINE_MIN_RULES = 32;

export interface GroupContext {
  planner: Planner;
  /** The group function's body planner. */
  bp: BodyPlanner;
  group: RuleGroup;
  /** The local holding the group's value (a set or object for partial rules). */
  result: Local;
  arity: number;
  mocks: PlanScope['mocks'];
  indexing: boolean;
  /** Plan one definition (with its else chain) into `bp`'s function, contributing to `result`. */
  planOne: (bp: BodyPlanner, rule: Rule, result: Local) => void;
}

export function planDefinitions(ctx: GroupContext, definitions: Rule[]): void {
  const fb = ctx.bp.fb;
  const outline = definitions.length > OUTLINE_MIN_RULES;
  const emit = (r: Rule, i: number): void => (outline ? callOutlined(ctx, r, i) : ctx.planOne(ctx.bp, r, ctx.result));
  const index = ctx.indexing ? chooseRuleIndex(definitions) : undefined;
  if (!index) {
    definitions.forEach(emit);
    return;
  }
  const key = fb.newLocal();
  fb.emit({ op: 'resetLocal', target: key });
  fb.scoped(() => planKey(ctx.bp, index.key, key));
  const cases = definitions.map((r, i) => fb.collect(() => emit(r, i)));
  fb.emit({
    op: 'ruleIndex',
    key,
    entries: index.entries.map((e) => ({ value: indexConst(ctx.planner, e.value), cases: e.rules })),
    always: index.always,
    cases,
  });
}

/** key = the source's value, or stays undefined (0) when any step is missing. */
function planKey(bp: BodyPlanner, source: KeySource, target: Local): void {
  const fb = bp.fb;
  const root = source.root === 'input' ? bp.scope.input : 2 + source.root;
  const step = (i: number, from: Local): void => {
    if (i === source.path.length) return fb.emit({ op: 'assignVar', source: local(from), target });
    bp.term(source.path[i] as Term, (k) => {
      const next = fb.newLocal();
      fb.emit({ op: 'dot', source: local(from), key: k, target: next });
      step(i + 1, next);
    });
  };
  step(0, root);
}

function indexConst(planner: Planner, t: ScalarTerm): IndexConst {
  switch (t.type) {
    case 'string': return { kind: 'string', index: planner.str(t.value) };
    case 'number': return { kind: 'number', index: planner.str(t.value) };
    case 'boolean': return { kind: 'bool', value: t.value };
    case 'null': return { kind: 'null' };
  }
}

/**
 * The definition as a function (input, data, args…, value) → value: it
 * receives the group's value so far and returns it with this definition's
 * contribution (the same set or object for partial rules; for complete
 * rules and functions the value, undefined while none is defined).
 */
function callOutlined(ctx: GroupContext, rule: Rule, position: number): void {
  const { planner, group, arity } = ctx;
  const fb = new FuncBuilder(3 + arity);
  const resultParam = 2 + arity;
  const params = [INPUT, DATA, ...Array.from({ length: arity }, (_, i) => 2 + i), resultParam];
  const name = `${planner.funcs.length}:${group.key}#${position}`;
  const func = { name, path: group.path, params, result: resultParam, blocks: fb.blocks, locals: 0 };
  planner.funcs.push(func);
  ctx.planOne(new BodyPlanner(planner, fb, { input: INPUT, data: DATA, mocks: ctx.mocks }), rule, resultParam);
  fb.emit({ op: 'return', source: resultParam });
  func.locals = fb.localCount;

  const outer = ctx.bp;
  const args = params.slice(0, -1).map((p) => local(p === INPUT ? outer.scope.input : p === DATA ? outer.scope.data : p));
  outer.fb.scoped(() =>
    outer.fb.emit({ op: 'call', func: name, args: [...args, local(ctx.result)], target: ctx.result, builtin: false }),
  );
}
