// OPA's conformance cases compiled by our compiler and evaluated through
// @open-policy-agent/opa-wasm. The per-folder report is `npm run conformance`;
// this test holds the line: no crashes, the core language at ≥ 90%.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/conformance/cases.js';
import { runEvalStage } from '../../src/conformance/eval.js';
import { runCheckStage, summarize, type CaseResult } from '../../src/conformance/run.js';

const root = process.env.CONFORMANCE_DIR ?? fileURLToPath(new URL('../../../shared/conformance/opa', import.meta.url));

describe.skipIf(!existsSync(root))('conformance: evaluation through WASM', () => {
  const results: CaseResult[] = loadCases(root).map((c) => {
    const checked = runCheckStage(c);
    return { case: c, outcome: checked.status === 'pass' ? runEvalStage(c) : checked };
  });
  const summary = summarize('eval', results);

  it('never crashes the compiler or the host', () => {
    const crashes = results.filter((r) => r.outcome.status === 'fail' && /crash|Maximum call stack/.test(r.outcome.reason));
    expect(crashes.map((r) => `${r.case.folder} ${r.case.note}`)).toEqual([]);
  });

  it('passes at least 90% of the core-language folders', () => {
    console.log(`core: ${summary.core.pass}/${summary.core.cases}, total: ${summary.total.pass}/${summary.total.cases} (${summary.total.skip} skipped for missing builtins)`);
    expect(summary.core.pass / summary.core.cases).toBeGreaterThanOrEqual(0.9);
  });

  it('names a reason for every skip', () => {
    for (const r of results) if (r.outcome.status === 'skip') expect(r.outcome.reason).toMatch(/^builtin \S+ is not implemented yet$/);
  });
});
