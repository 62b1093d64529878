// Evaluate one Rego unit test: pass when defined and true, fail when
// undefined or anything else, error when evaluation aborts. A parameterised
// test yields one result per case.

import type { PolicyEngine } from './engine.js';
import type { RegoTest } from './rego-tests.js';
import type { TestResult } from './results.js';

export function runRegoTest(engine: PolicyEngine, t: RegoTest, selected: (id: string) => boolean): TestResult[] {
  const base = { kind: 'rego' as const, suite: t.pkg, location: t.location };
  const id = `${t.pkg}.${t.name}`;
  // A parameterised test runs when --run may name one of its cases; cases are filtered below.
  if (!selected(id) && !t.parameterised) return [];
  if (t.skip) return [{ ...base, name: t.name, id, status: 'skip', durationNs: 0, output: [] }];

  const ev = engine.evaluate(t.entrypoint, {});
  const result = (name: string, status: TestResult['status'], message?: string): TestResult => ({
    ...base, name, id: `${t.pkg}.${name}`, status, message, durationNs: ev.durationNs, output: ev.output,
  });
  if (ev.error !== undefined) return selected(id) || !t.parameterised ? [result(t.name, 'error', ev.error)] : [];
  if (!t.parameterised) {
    return [ev.value === true ? result(t.name, 'pass') : result(t.name, 'fail', ev.value === undefined ? 'the test is undefined (a test passes when it is defined and true)' : `the test's value is ${JSON.stringify(ev.value)}, not true`)];
  }

  // Parameterised: the rule's value is an object of passing case → true.
  const passed = ev.value && typeof ev.value === 'object' && !Array.isArray(ev.value) ? (ev.value as Record<string, unknown>) : {};
  let cases: unknown[] = Object.keys(passed);
  if (t.cases) {
    const listed = engine.evaluate(t.cases, {});
    if (listed.error !== undefined) return selected(id) ? [result(t.name, 'error', listed.error)] : [];
    if (Array.isArray(listed.value)) cases = listed.value;
  }
  if (cases.length === 0) return selected(id) ? [result(t.name, 'fail', 'no test cases')] : [];
  const out: TestResult[] = [];
  for (const c of cases) {
    const name = `${t.name}[${JSON.stringify(c)}]`;
    if (!selected(`${t.pkg}.${name}`) && !selected(id)) continue;
    const value = passed[typeof c === 'string' ? c : JSON.stringify(c)];
    out.push(value === true ? result(name, 'pass') : result(name, 'fail', 'this case is not in the test\'s passing set (its body is undefined or false for it)'));
  }
  return out;
}

