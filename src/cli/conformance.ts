#!/usr/bin/env node
// `npm run conformance`: run OPA's language conformance cases through our
// pipeline and print pass/fail/skip per folder (`--json` for a summary).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadCases } from '../conformance/cases.js';
import { PACKAGE_ROOT } from './package-info.js';
import { runEvalStage } from '../conformance/eval.js';
import { formatTable, pct, runCheckStage, summarize, type CaseResult } from '../conformance/run.js';

const defaultDir = process.env.CONFORMANCE_DIR ?? resolve(PACKAGE_ROOT, '../shared/conformance/opa');

const program = new Command()
  .name('conformance')
  .description("Run OPA's YAML conformance cases through our compiler and report pass/fail/skip per folder.")
  .option('-d, --dir <path>', 'suite root', defaultDir)
  .option('--json', 'print a JSON summary instead of the table')
  .option('--failures', 'list every failing case with its reason')
  .option('--filter <regex>', 'only cases whose folder or note matches')
  .option('--min-pass <percent>', 'exit 2 when the overall pass rate is below this', parseFloat)
  .option('--stage <stage>', 'check: parse and check only; eval: compile to WASM and evaluate with @open-policy-agent/opa-wasm', 'eval')
  .action((opts: { dir: string; json?: boolean; failures?: boolean; filter?: string; minPass?: number; stage: string }) => {
    if (opts.stage !== 'check' && opts.stage !== 'eval') {
      console.error(`conformance: unknown stage ${opts.stage} (check or eval)`);
      process.exit(1);
    }
    if (!existsSync(opts.dir)) {
      console.error(`conformance: suite not found at ${opts.dir} (set --dir or CONFORMANCE_DIR)`);
      process.exit(1);
    }
    const filter = opts.filter ? new RegExp(opts.filter) : undefined;
    const cases = loadCases(opts.dir).filter((c) => !filter || filter.test(c.folder) || filter.test(c.note));
    const started = performance.now();
    const results: CaseResult[] = cases.map((c) => {
      try {
        const checked = runCheckStage(c);
        if (opts.stage === 'check' || checked.status !== 'pass') return { case: c, outcome: checked };
        return { case: c, outcome: runEvalStage(c) };
      } catch (e) {
        return { case: c, outcome: { status: 'fail', reason: `crash: ${e instanceof Error ? e.stack ?? e.message : String(e)}` } };
      }
    });
    const ms = performance.now() - started;
    const summary = summarize(opts.stage, results);
    const failures = results.filter((r) => r.outcome.status !== 'pass').map((r) => ({
      folder: r.case.folder, file: r.case.file, note: r.case.note, status: r.outcome.status,
      reason: 'reason' in r.outcome ? r.outcome.reason : '',
    }));
    if (opts.json) {
      console.log(JSON.stringify({ ...summary, elapsedMs: Math.round(ms), failures }, null, 2));
    } else {
      console.log(`stage: ${summary.stage} (${opts.stage === 'check' ? 'parse + check every module and query' : 'compile to WASM, load with @open-policy-agent/opa-wasm, evaluate, compare'})\n`);
      console.log(formatTable(summary));
      const ce = summary.compileErrorCases;
      console.log(`\ncompile-time error cases: ${ce.matched}/${ce.total} matched (${pct(ce.matched, ce.total)})`);
      console.log(`${cases.length} cases in ${ms.toFixed(0)} ms`);
      const shown = opts.failures ? failures : failures.slice(0, 20);
      if (shown.length) {
        console.log(`\n${failures.length} not passing${opts.failures ? '' : ' (first 20; --failures for all)'}:`);
        for (const f of shown) console.log(`  ${f.status.toUpperCase()} ${f.folder}/${f.file} "${f.note}": ${f.reason.split('\n')[0]}`);
      }
      console.log(`\n${summary.total.pass} passed, ${summary.total.fail} failed, ${summary.total.skip} skipped`);
    }
    const rate = (100 * summary.total.pass) / Math.max(1, summary.total.cases);
    if (opts.minPass !== undefined && rate < opts.minPass) process.exit(2);
  });

program.parse();
