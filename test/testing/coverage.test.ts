import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { printPolicy } from '../../src/compiler/ir/print.js';
import { coverageCobertura, coverageJson, coverageLcov } from '../../src/testing/coverage.js';
import { runTests } from '../../src/testing/runner.js';
import { tempTree } from './helpers.js';

// Lines, numbered by hand:
//  5 default allow          — covered: test_guest_denied falls back to it
//  7 allow head             — covered: test_admin_get's body succeeds
//  8, 9 allow literals      — covered
// 12 deny_reason head       — not covered: nothing evaluates deny_reason
// 13 its literal            — not covered
const POLICY = `package cov

import rego.v1

default allow := false

allow if {
	input.role == "admin"
	input.method == "GET"
}

deny_reason := "not admin" if {
	input.role != "admin"
}
`;

// Every line of the test file runs: 5 and 7 (heads and one-line bodies on the same line).
const TESTS = `package cov_test

import rego.v1

test_admin_get if data.cov.allow with input as {"role": "admin", "method": "GET"}

test_guest_denied if not data.cov.allow with input as {"role": "guest"}
`;

describe('coverage', () => {
  it('matches the lines checked by hand', async () => {
    const dir = tempTree({ 'cov.rego': POLICY, 'cov_test.rego': TESTS });
    const { results, coverage } = await runTests({ paths: [dir], coverage: true });
    expect(results.every((r) => r.status === 'pass')).toBe(true);
    expect(coverage!.files).toEqual([
      { file: `${dir}/cov.rego`, covered: [5, 7, 8, 9], notCovered: [12, 13], coverage: 66.67 },
      { file: `${dir}/cov_test.rego`, covered: [5, 7], notCovered: [], coverage: 100 },
    ]);
    expect(coverage!).toMatchObject({ coveredLines: 6, notCoveredLines: 2, coverage: 75 });
  });

  it('counts a line as not covered when evaluation stops before it', async () => {
    const dir = tempTree({
      'p.rego': 'package p\n\nimport rego.v1\n\nallow if {\n\tinput.a == 1\n\tinput.b == 2\n}\n\ntest_a_only if not data.p.allow with input as {"a": 2}\n',
    });
    const { coverage } = await runTests({ paths: [dir], coverage: true });
    // Line 6 ran (and failed), so line 7 and the head on line 5 never did.
    expect(coverage!.files[0]).toMatchObject({ covered: [6, 10], notCovered: [5, 7] });
  });

  it('leaves the rules the runner appends for parameterised tests out of the report', async () => {
    const dir = tempTree({
      'p.rego': 'package p\n\nimport rego.v1\n\ncases := {"a": 1}\n\ntest_x[k] if {\n\tsome k, v in cases\n\tv == 1\n}\n',
    });
    const { coverage } = await runTests({ paths: [dir], coverage: true });
    expect(coverage!.files[0]).toMatchObject({ covered: [5, 7, 8, 9], notCovered: [] });
  });

  it('writes OPA JSON, lcov and Cobertura', async () => {
    const dir = tempTree({ 'cov.rego': POLICY, 'cov_test.rego': TESTS });
    const { coverage } = await runTests({ paths: [dir], coverage: true });
    const json = JSON.parse(coverageJson(coverage!));
    expect(json.files[`${dir}/cov.rego`]).toEqual({
      covered: [{ start: { row: 5 }, end: { row: 5 } }, { start: { row: 7 }, end: { row: 9 } }],
      not_covered: [{ start: { row: 12 }, end: { row: 13 } }],
      covered_lines: 4,
      not_covered_lines: 2,
      coverage: 66.67,
    });
    expect(json.coverage).toBe(75);

    const lcov = coverageLcov(coverage!);
    expect(lcov).toContain(`SF:${dir}/cov.rego\nDA:5,1\nDA:7,1\nDA:8,1\nDA:9,1\nDA:12,0\nDA:13,0\nLF:6\nLH:4\nend_of_record`);

    const xml = coverageCobertura(coverage!, 0);
    expect(xml).toContain('<coverage line-rate="0.7500" branch-rate="0" lines-covered="6" lines-valid="8"');
    expect(xml).toContain(`<class name="cov.rego" filename="${dir}/cov.rego" line-rate="0.6667"`);
    expect(xml).toContain('<line number="12" hits="0"/>');
  });

  it('costs nothing when off: no cover statements and the same module bytes', () => {
    const files = [{ path: 'cov.rego', text: POLICY }];
    const plain = compile(files, { entrypoints: ['cov/allow'] });
    const off = compile(files, { entrypoints: ['cov/allow'], coverage: false });
    const on = compile(files, { entrypoints: ['cov/allow'], coverage: true });
    expect(Buffer.from(off.wasm).equals(Buffer.from(plain.wasm))).toBe(true);
    expect(printPolicy(plain.policy)).not.toContain('cover ');
    expect(printPolicy(on.policy)).toContain('cover cov.rego:8');
    expect(plain.coverage).toBeUndefined();
    expect(on.coverage!.points.length).toBeGreaterThan(0);
  });
});
