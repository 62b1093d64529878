// The `policy` command tree. Kept apart from main.ts so tests can run the CLI
// in-process and read its exit code.

import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerBundle } from './commands/bundle.js';
import { registerCheck } from './commands/check.js';
import { registerCompile } from './commands/compile.js';
import { registerServe } from './commands/serve.js';
import { registerTest } from './commands/test.js';
import { EXIT, takeExit, type ExitCode } from './exit.js';
import { VERSION } from './package-info.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('policy')
    .description('Policy-as-code for AI-agent gateways: check, compile and test Rego policies.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerCheck(program);
  registerCompile(program);
  registerBundle(program);
  registerTest(program);
  registerAudit(program);
  registerServe(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Run the CLI with user arguments (no `node`/script prefix); resolves to the exit code. */
export async function runCli(args: string[]): Promise<ExitCode> {
  takeExit();
  const program = buildProgram();
  try {
    await program.parseAsync(args, { from: 'user' });
    return takeExit();
  } catch (e) {
    takeExit();
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    console.error(`policy: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.usage;
  }
}
