// The checker: parsed modules → checked program. Runs OPA's compile-time
// checks in OPA's order (resolve names, rule conflicts, calls, safety,
// recursion) and returns the rewritten modules the planner consumes.

import type { Body, Import, Module, Term } from '../ast.js';
import { RegoError, sortErrors } from '../errors.js';
import { checkCall } from './calls.js';
import { buildRuleIndex, Resolver, type RuleIndex } from './resolve.js';
import { checkRecursion, checkRuleGroups, groupRules, type RuleGroup } from './rules.js';
import { SafetyChecker } from './safety.js';
import { forEachBodyTerm, forEachTerm } from './walk.js';

export interface CheckedProgram {
  /** Modules with names resolved, locals renamed and bodies ordered for safety. */
  modules: Module[];
  index: RuleIndex;
  /** Rules grouped by the static part of their path (`data.pkg.p`). */
  groups: Map<string, RuleGroup>;
}

export interface CheckResult {
  program: CheckedProgram;
  errors: RegoError[];
}

export function check(modules: Module[]): CheckResult {
  // Stages run in OPA's order and stop after the first stage that reports
  // errors, so one mistake is not echoed by later stages.
  const errors: RegoError[] = [];
  const index = buildRuleIndex(modules);
  const resolver = new Resolver(index, errors);
  const resolved: Module[] = modules.map((m) => ({ ...m, rules: resolver.resolveModule(m) }));
  const groups = groupRules(resolved);
  const partial = (): CheckResult => ({ program: { modules: resolved, index, groups }, errors: sortErrors(dedupe(errors)) });
  if (errors.length) return partial();

  checkRuleGroups(groups, errors);
  const arity = (path: string) => index.functions.get(path);
  for (const m of resolved) {
    for (const r of m.rules) {
      for (let x: typeof r | undefined = r; x; x = x.else) {
        forEachBodyTerm(x.body, (t) => t.type === 'call' && checkCall(t, arity, errors));
        for (const h of [x.head.key, x.head.value]) if (h) forEachTerm(h, (t: Term) => t.type === 'call' && checkCall(t, arity, errors));
      }
    }
  }
  if (errors.length) return partial();

  const safety = new SafetyChecker(arity, errors);
  const checked: Module[] = resolved.map((m) => ({ ...m, rules: m.rules.map((r) => safety.checkRule(r)) }));
  const checkedGroups = groupRules(checked);
  if (!errors.length) checkRecursion(checkedGroups, errors);

  return { program: { modules: checked, index, groups: checkedGroups }, errors: sortErrors(dedupe(errors)) };
}

/** Check a query (e.g. `data.test.p = x`) against a checked program. */
export function checkQuery(body: Body, program: CheckedProgram, pkg: string[] = [], imports: Import[] = []): { body: Body; errors: RegoError[] } {
  const errors: RegoError[] = [];
  const resolver = new Resolver(program.index, errors);
  const resolved = resolver.resolveQuery(body, pkg, imports);
  const arity = (path: string) => program.index.functions.get(path);
  forEachBodyTerm(resolved, (t) => t.type === 'call' && checkCall(t, arity, errors));
  const ordered = new SafetyChecker(arity, errors).checkQuery(resolved);
  return { body: ordered, errors: sortErrors(dedupe(errors)) };
}

function dedupe(errors: RegoError[]): RegoError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.message) ? false : (seen.add(e.message), true)));
}
