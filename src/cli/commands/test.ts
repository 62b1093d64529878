// `policy test <paths…>`: Rego unit tests and decision fixtures, run against
// the compiled WASM (or a built bundle). Exit 0 all passed, 2 a test failed
// or coverage is under the threshold, 1 a load or compile error.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { coverageCobertura, coverageJson, coverageLcov, type CoverageReport } from '../../testing/coverage.js';
import { buildMatrices, formatMatrix, MatrixError, type DecisionMatrix } from '../../testing/matrix.js';
import { formatJson, formatJunit } from '../../testing/report-machine.js';
import { formatCoverageTable, formatPretty } from '../../testing/report-pretty.js';
import { summarize } from '../../testing/results.js';
import { LoadError, runTests, VerificationFailed } from '../../testing/runner.js';
import { EXIT, setExit } from '../exit.js';

interface TestOptions {
  verbose?: boolean;
  run?: string;
  format: string;
  coverage?: boolean;
  threshold?: number;
  coverageFormat?: string;
  coverageOutput?: string;
  matrix?: string;
  bundle?: string;
  verificationKey?: string;
  strictBuiltinErrors?: boolean;
}

const FORMATS = ['pretty', 'json', 'junit'];
const COVERAGE_FORMATS = ['json', 'lcov', 'cobertura'];

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('Run Rego unit tests (test_* rules) and decision fixtures (YAML under fixtures/) against the compiled WebAssembly.')
    .argument('<paths...>', 'directories and files: .rego sources and tests, data.json/data.yaml, fixture YAML')
    .option('-v, --verbose', 'list every test with its duration')
    .option('-r, --run <regex>', 'only tests whose name matches: data.pkg.test_x, or suite/case name for fixtures')
    .option('-f, --format <format>', `report format: ${FORMATS.join(', ')}`, 'pretty')
    .option('-c, --coverage', 'report per-file line coverage')
    .option('--threshold <pct>', 'fail (exit 2) when total coverage is below this percentage (implies --coverage)', parseFloat)
    .option('--coverage-format <format>', `write coverage as ${COVERAGE_FORMATS.join(', ')} (to stdout, or --coverage-output); implies --coverage`)
    .option('--coverage-output <file>', 'file for the coverage report (default format json)')
    .option('--matrix <entrypoint>', 'print the decision table (e.g. route × role) the fixtures prove for this entrypoint')
    .option('-b, --bundle <file>', 'run the fixtures against this built bundle (.tar.gz) instead of the sources')
    .option('--verification-key <key>', 'with --bundle: verify its signature first (PEM, JWKS, or a file holding one)')
    .option('--strict-builtin-errors', 'failing builtins abort evaluation (the test errors) instead of being undefined')
    .action(async (paths: string[], opts: TestOptions) => {
      if (!FORMATS.includes(opts.format)) return usage(`--format must be one of ${FORMATS.join(', ')}`);
      if (opts.coverageFormat && !COVERAGE_FORMATS.includes(opts.coverageFormat)) return usage(`--coverage-format must be one of ${COVERAGE_FORMATS.join(', ')}`);
      if (opts.threshold !== undefined && !(opts.threshold >= 0 && opts.threshold <= 100)) return usage('--threshold must be a percentage between 0 and 100');
      let run: RegExp | undefined;
      try {
        run = opts.run ? new RegExp(opts.run) : undefined;
      } catch (e) {
        return usage(`--run: ${(e as Error).message}`);
      }
      const coverage = Boolean(opts.coverage || opts.threshold !== undefined || opts.coverageFormat || opts.coverageOutput);

      let outcome;
      try {
        outcome = await runTests({ paths, bundle: opts.bundle, verificationKey: opts.verificationKey, run, coverage, strictBuiltinErrors: opts.strictBuiltinErrors });
      } catch (e) {
        if (e instanceof VerificationFailed) {
          console.error(`policy test: ${e.message}`);
          setExit(EXIT.failed);
          return;
        }
        if (e instanceof LoadError) return usage(e.message);
        throw e;
      }
      for (const w of outcome.warnings) console.error(`policy test: warning: ${w}`);
      let matrices: DecisionMatrix[] | undefined;
      if (opts.matrix) {
        try {
          matrices = buildMatrices(opts.matrix, outcome.suites, outcome.results, outcome.fixtureData);
        } catch (e) {
          if (e instanceof MatrixError) return usage(`--matrix: ${e.message}`);
          throw e;
        }
      }

      // A coverage document on stdout replaces the report there; the report then goes to stderr.
      const coverageToStdout = Boolean(opts.coverageFormat && !opts.coverageOutput);
      const report = coverageToStdout ? (s: string) => process.stderr.write(s) : (s: string) => process.stdout.write(s);
      if (outcome.target.kind === 'bundle' && opts.format === 'pretty') {
        report(`fixtures ran against ${outcome.target.path} (sha256 ${outcome.target.digest.slice(0, 12)}${outcome.target.revision ? `, revision ${outcome.target.revision}` : ''})\n`);
      }
      if (opts.format === 'json') report(formatJson(outcome.results, { coverage: outcome.coverage, matrices }));
      else if (opts.format === 'junit') report(formatJunit(outcome.results));
      else {
        report(formatPretty(outcome.results, { verbose: opts.verbose }));
        if (outcome.coverage && !opts.coverageFormat) report('\n' + formatCoverageTable(outcome.coverage));
        for (const m of matrices ?? []) report('\n' + formatMatrix(m));
      }
      if (outcome.coverage && (opts.coverageFormat || opts.coverageOutput)) {
        const doc = coverageDocument(outcome.coverage, opts.coverageFormat ?? 'json');
        if (opts.coverageOutput) writeFileSync(opts.coverageOutput, doc);
        else process.stdout.write(doc);
      }

      const s = summarize(outcome.results);
      if (s.failed || s.errors) setExit(EXIT.failed);
      if (opts.threshold !== undefined && outcome.coverage && outcome.coverage.coverage < opts.threshold) {
        console.error(`policy test: coverage ${outcome.coverage.coverage}% is below the threshold of ${opts.threshold}%`);
        setExit(EXIT.failed);
      }
    });
}

function coverageDocument(report: CoverageReport, format: string): string {
  if (format === 'lcov') return coverageLcov(report);
  if (format === 'cobertura') return coverageCobertura(report);
  return coverageJson(report);
}

function usage(message: string): void {
  console.error(`policy test: ${message}`);
  setExit(EXIT.usage);
}
