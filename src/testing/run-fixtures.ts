// Evaluate a fixture suite's cases: the decision is allow iff the entrypoint
// is `true`; reasons, when the policy has them, come from the reasons rule
// evaluated with the same input.

import type { PolicyEngine } from './engine.js';
import { normalizeEntrypoint, type FixtureCase, type FixtureSuite, type ReasonsExpectation } from './fixtures.js';
import type { Decision, TestResult } from './results.js';

export function runFixtureSuite(engine: PolicyEngine, suite: FixtureSuite, reasonsEntrypoint: string | undefined, selected: (id: string) => boolean): TestResult[] {
  const entrypoint = normalizeEntrypoint(suite.entrypoint);
  const out: TestResult[] = [];
  for (const c of suite.cases) {
    const id = `${suite.suite}/${c.name}`;
    if (!selected(id)) continue;
    out.push(runCase(engine, suite, c, id, entrypoint, reasonsEntrypoint));
  }
  return out;
}

function runCase(engine: PolicyEngine, suite: FixtureSuite, c: FixtureCase, id: string, entrypoint: string, reasonsEntrypoint: string | undefined): TestResult {
  const base = {
    kind: 'fixture' as const, suite: suite.suite, name: c.name, id, location: c.location,
    expected: { expect: c.expect, reasons: c.reasons }, entrypoint, input: c.input,
  };
  const decision = engine.evaluate(entrypoint, c.input);
  if (decision.error !== undefined) {
    return { ...base, status: 'error', message: `${entrypoint}: ${decision.error}`, durationNs: decision.durationNs, output: decision.output };
  }
  const actual: Decision = { allow: decision.value === true };
  let durationNs = decision.durationNs;
  const output = [...decision.output];
  if (reasonsEntrypoint) {
    const r = engine.evaluate(reasonsEntrypoint, c.input);
    durationNs += r.durationNs;
    output.push(...r.output);
    if (r.error !== undefined) {
      return { ...base, status: 'error', message: `${reasonsEntrypoint}: ${r.error}`, actual, durationNs, output };
    }
    actual.reasons = Array.isArray(r.value) ? r.value.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).sort() : [];
  }
  const problems = mismatches(c, actual, reasonsEntrypoint !== undefined);
  return { ...base, status: problems.length ? 'fail' : 'pass', message: problems.join('; ') || undefined, actual, durationNs, output };
}

function mismatches(c: FixtureCase, actual: Decision, haveReasons: boolean): string[] {
  const out: string[] = [];
  const decided = actual.allow ? 'allow' : 'deny';
  if (decided !== c.expect) out.push(`expected ${c.expect}, got ${decided}`);
  if (c.reasons) {
    if (!haveReasons) out.push('reasons expected, but the policy has no reasons rule (set `reasons:` in the fixture)');
    else out.push(...reasonProblems(c.reasons, actual.reasons ?? []));
  }
  return out;
}

function reasonProblems(want: ReasonsExpectation, got: string[]): string[] {
  const have = new Set(got);
  if ('exact' in want) {
    const missing = want.exact.filter((r) => !have.has(r));
    const extra = got.filter((r) => !want.exact.includes(r));
    return [
      ...(missing.length ? [`missing reasons ${JSON.stringify(missing)}`] : []),
      ...(extra.length ? [`unexpected reasons ${JSON.stringify(extra)}`] : []),
    ];
  }
  const missing = want.contains.filter((r) => !have.has(r));
  return missing.length ? [`missing reasons ${JSON.stringify(missing)}`] : [];
}
