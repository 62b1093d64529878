// `policy check <paths…>`: parse and check Rego files, print located errors.

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { findRegoFiles, parseAndCheck, readSources } from '../../compiler/frontend.js';
import { EXIT, setExit } from '../exit.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Parse and check Rego files and directories; print errors as file:line:col: code: message.')
    .argument('<paths...>', '.rego files or directories to check')
    .option('--max-errors <n>', 'stop listing after this many errors (0 = all)', (v) => parseInt(v, 10), 0)
    .option('-q, --quiet', 'print nothing on success')
    .action((paths: string[], opts: { maxErrors: number; quiet?: boolean }) => {
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length) {
        console.error(`policy check: no such file or directory: ${missing.join(', ')}`);
        setExit(EXIT.usage);
        return;
      }
      const files = findRegoFiles(paths);
      if (files.length === 0) {
        console.error(`policy check: no .rego files found under ${paths.join(', ')}`);
        setExit(EXIT.usage);
        return;
      }
      const { errors, modules } = parseAndCheck(readSources(files));
      if (errors.length) {
        const shown = opts.maxErrors > 0 ? errors.slice(0, opts.maxErrors) : errors;
        for (const e of shown) console.error(e.message);
        if (shown.length < errors.length) console.error(`... and ${errors.length - shown.length} more`);
        console.error(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`);
        setExit(EXIT.usage);
        return;
      }
      if (!opts.quiet) {
        const rules = modules.reduce((n, m) => n + m.rules.length, 0);
        console.log(`ok: ${files.length} file${files.length === 1 ? '' : 's'}, ${modules.length} module${modules.length === 1 ? '' : 's'}, ${rules} rule${rules === 1 ? '' : 's'} checked`);
      }
    });
}
