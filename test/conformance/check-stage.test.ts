// The front end against OPA's own conformance cases: every module OPA accepts
// must parse and check cleanly. Failures are printed with their reasons.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/conformance/cases.js';
import { runCheckStage, summarize, type CaseResult } from '../../src/conformance/run.js';

const root = process.env.CONFORMANCE_DIR ?? fileURLToPath(new URL('../../../shared/conformance/opa', import.meta.url));

describe.skipIf(!existsSync(root))('conformance: check stage', () => {
  it('parses and checks every module OPA accepts', () => {
    const cases = loadCases(root);
    expect(cases.length).toBeGreaterThan(1000);
    const results: CaseResult[] = cases.map((c) => ({ case: c, outcome: runCheckStage(c) }));
    const summary = summarize('check', results);
    const failures = results.filter((r) => r.outcome.status !== 'pass');
    for (const f of failures) console.log(`${f.case.folder}/${f.case.file} "${f.case.note}": ${'reason' in f.outcome ? f.outcome.reason : ''}`);
    expect(failures.map((f) => f.case.note)).toEqual([]);
    expect(summary.total.pass).toBe(cases.length);
  });
});
