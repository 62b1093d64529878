// Reports for CI systems: JSON (results in the spirit of `opa test --format
// json`, plus a summary) and JUnit XML (one testsuite per package or fixture suite).

import { coverageJson, xml, type CoverageReport } from './coverage.js';
import type { DecisionMatrix } from './matrix.js';
import { summarize, type TestResult } from './results.js';

export function formatJson(results: TestResult[], extra: { coverage?: CoverageReport; matrices?: DecisionMatrix[] } = {}): string {
  const doc: Record<string, unknown> = {
    summary: summarize(results),
    results: results.map((r) => ({
      kind: r.kind,
      location: r.location,
      package: r.kind === 'rego' ? r.suite : undefined,
      suite: r.kind === 'fixture' ? r.suite : undefined,
      name: r.name,
      status: r.status,
      fail: r.status === 'fail' || undefined,
      skip: r.status === 'skip' || undefined,
      error: r.status === 'error' ? { message: r.message } : undefined,
      message: r.status === 'fail' ? r.message : undefined,
      duration: r.durationNs,
      output: r.output.length ? r.output : undefined,
      entrypoint: r.entrypoint,
      expected: r.expected,
      actual: r.actual,
      input: r.status === 'fail' || r.status === 'error' ? r.input : undefined,
    })),
  };
  if (extra.coverage) doc.coverage = JSON.parse(coverageJson(extra.coverage));
  if (extra.matrices) doc.matrices = extra.matrices;
  return JSON.stringify(doc, null, 2) + '\n';
}

export function formatJunit(results: TestResult[]): string {
  const suites = new Map<string, TestResult[]>();
  for (const r of results) suites.set(r.suite, [...(suites.get(r.suite) ?? []), r]);
  const total = summarize(results);
  const secs = (ns: number) => (ns / 1e9).toFixed(6);
  const allTime = results.reduce((n, r) => n + r.durationNs, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="policy test" tests="${total.total}" failures="${total.failed}" errors="${total.errors}" skipped="${total.skipped}" time="${secs(allTime)}">`,
  ];
  for (const [name, rs] of suites) {
    const s = summarize(rs);
    const time = rs.reduce((n, r) => n + r.durationNs, 0);
    out.push(`  <testsuite name="${xml(name)}" tests="${s.total}" failures="${s.failed}" errors="${s.errors}" skipped="${s.skipped}" time="${secs(time)}">`);
    for (const r of rs) {
      const attrs = `classname="${xml(name)}" name="${xml(r.name)}" file="${xml(r.location.file)}" line="${r.location.row}" time="${secs(r.durationNs)}"`;
      const body: string[] = [];
      const detail = [
        r.expected ? `expected: ${r.expected.expect}${r.expected.reasons ? ` ${JSON.stringify(r.expected.reasons)}` : ''}` : '',
        r.actual ? `actual: ${r.actual.allow ? 'allow' : 'deny'}${r.actual.reasons ? ` ${JSON.stringify(r.actual.reasons)}` : ''}` : '',
        r.input !== undefined && r.status !== 'pass' ? `input: ${JSON.stringify(r.input)}` : '',
      ].filter(Boolean).join('\n');
      const where = [`${r.location.file}:${r.location.row}`, detail].filter(Boolean).join('\n');
      if (r.status === 'fail') body.push(`      <failure message="${xml(r.message ?? 'failed')}" type="failure">${xml(where)}</failure>`);
      if (r.status === 'error') body.push(`      <error message="${xml(r.message ?? 'error')}" type="error">${xml(where)}</error>`);
      if (r.status === 'skip') body.push('      <skipped/>');
      if (r.output.length) body.push(`      <system-out>${xml(r.output.join('\n'))}</system-out>`);
      out.push(body.length ? `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>` : `    <testcase ${attrs}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
