// What a test run produces: one result per Rego test (or test case) and per
// fixture case, in the order they ran. Reporters only read these.

export interface SourceLocation {
  file: string;
  row: number;
  col: number;
}

export type TestStatus = 'pass' | 'fail' | 'error' | 'skip';

export interface Decision {
  allow: boolean;
  reasons?: string[];
}

export interface TestResult {
  kind: 'rego' | 'fixture';
  /** `data.pkg` for Rego tests, the suite name for fixtures. */
  suite: string;
  /** `test_x`, `test_x["case"]`, or a fixture case's name. */
  name: string;
  /** What `--run` matches: `data.pkg.test_x` or `suite/case name`. */
  id: string;
  location: SourceLocation;
  status: TestStatus;
  durationNs: number;
  /** print() output while the test ran. */
  output: string[];
  /** Why it failed or errored. */
  message?: string;
  /** Fixtures: what was expected and what the policy decided. */
  expected?: { expect: 'allow' | 'deny'; reasons?: { exact: string[] } | { contains: string[] } };
  actual?: Decision;
  /** Fixtures: the entrypoint and the input evaluated (for the matrix and reports). */
  entrypoint?: string;
  input?: unknown;
}

export interface Summary {
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  total: number;
}

export function summarize(results: TestResult[]): Summary {
  const s: Summary = { passed: 0, failed: 0, errors: 0, skipped: 0, total: results.length };
  for (const r of results) {
    if (r.status === 'pass') s.passed++;
    else if (r.status === 'fail') s.failed++;
    else if (r.status === 'error') s.errors++;
    else s.skipped++;
  }
  return s;
}
