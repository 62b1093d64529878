// `policy compile` writes a WASM module; `policy eval` evaluates one with
// @open-policy-agent/opa-wasm, as any OPA SDK user would.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { compile } from '../../compiler/compile.js';
import { RegoErrors } from '../../compiler/errors.js';
import { findRegoFiles, readSources } from '../../compiler/frontend.js';
import { printPolicy } from '../../compiler/ir/print.js';
import { loadDataFiles } from '../../bundle/data.js';
import { capabilities, readCapabilities } from '../../compiler/capabilities.js';
import { nativeBuiltins } from '../../compiler/codegen/runtime-module.js';
import { hostBuiltinNames } from '../../runtime/host-builtins.js';
import { EXIT, setExit } from '../exit.js';
import { capabilitiesOption, entrypointsOption } from '../options.js';

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('Compile Rego files and directories to a WebAssembly module that follows OPA\'s WASM ABI.')
    .argument('<paths...>', '.rego files or directories')
    .addOption(entrypointsOption())
    .option('-o, --output <file>', 'where to write the module', 'policy.wasm')
    .option('--dump-ir', 'print the planned IR instead of writing a module')
    .option('--strict-builtin-errors', 'failing builtins abort evaluation (as OPA\'s strict-builtin-errors) instead of being undefined')
    .addOption(capabilitiesOption())
    .option('--max-memory <bytes>', 'heap limit for one evaluation; beyond it evaluation aborts with out of memory (default 1 GiB)', (v) => parseInt(v, 10))
    .action((paths: string[], opts: { entrypoint: string[]; output: string; dumpIr?: boolean; strictBuiltinErrors?: boolean; maxMemory?: number; capabilities?: string }) => {
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length) return usage(`no such file or directory: ${missing.join(', ')}`);
      try {
        const started = performance.now();
        if (opts.maxMemory !== undefined && !(opts.maxMemory > 0)) return usage('--max-memory must be a positive number of bytes');
        const result = compile(readSources(findRegoFiles(paths)), {
          entrypoints: opts.entrypoint,
          strictBuiltinErrors: opts.strictBuiltinErrors,
          maxMemoryBytes: opts.maxMemory,
          allowedBuiltins: opts.capabilities ? readCapabilities(opts.capabilities) : undefined,
        });
        if (opts.dumpIr) {
          console.log(printPolicy(result.policy));
          return;
        }
        writeFileSync(opts.output, result.wasm);
        const ms = (performance.now() - started).toFixed(1);
        console.log(`wrote ${opts.output}: ${result.wasm.length} bytes, entrypoints ${result.entrypoints.join(', ')} (${ms} ms)`);
        if (result.hostBuiltins.length) console.log(`host builtins: ${result.hostBuiltins.join(', ')}`);
      } catch (e) {
        if (e instanceof RegoErrors) {
          for (const err of e.errors) console.error(err.message);
          setExit(EXIT.usage);
          return;
        }
        usage(e instanceof Error ? e.message : String(e));
      }
    });

  program
    .command('capabilities')
    .description('Print the builtins this compiler supports (natively or through the host) in OPA\'s capabilities JSON format.')
    .action(() => {
      const native = nativeBuiltins();
      const host = new Set(hostBuiltinNames());
      // = and := are compiled to unification, not called.
      console.log(JSON.stringify(capabilities((n) => native.has(n) || host.has(n) || n === 'eq' || n === 'assign'), null, 2));
    });

  program
    .command('eval')
    .description('Evaluate a compiled module (or bundle, later) and print the result set as JSON.')
    .requiredOption('-m, --module <file.wasm>', 'compiled policy module')
    .option('-e, --entrypoint <name>', 'entrypoint name (default: the first)')
    .option('-d, --data <file>', 'base document (JSON or YAML)')
    .option('--data-dir <dir>', 'load data.json/data.yaml files under dir at their directory\'s data path')
    .option('-i, --input <file|->', 'input document (JSON or YAML; - for standard input)')
    .option('--compact', 'print the result set on one line')
    .action(async (opts: { module: string; entrypoint?: string; data?: string; dataDir?: string; input?: string; compact?: boolean }) => {
      try {
        const require = createRequire(import.meta.url);
        const { loadPolicy } = require('@open-policy-agent/opa-wasm') as {
          loadPolicy: (wasm: Uint8Array) => Promise<{ setData(d: unknown): void; evaluate(i?: unknown, e?: string | number): unknown; entrypoints: Record<string, number> }>;
        };
        const policy = await loadPolicy(readFileSync(opts.module));
        if (opts.data && opts.dataDir) return usage('use --data or --data-dir, not both');
        if (opts.data) policy.setData(readDocument(opts.data));
        if (opts.dataDir) policy.setData(loadDataFiles([opts.dataDir]));
        const input = opts.input ? readDocument(opts.input) : undefined;
        if (opts.entrypoint && !(opts.entrypoint in policy.entrypoints)) {
          return usage(`unknown entrypoint ${opts.entrypoint}; the module has: ${Object.keys(policy.entrypoints).join(', ')}`);
        }
        console.log(JSON.stringify(policy.evaluate(input, opts.entrypoint ?? 0), null, opts.compact ? undefined : 2));
      } catch (e) {
        usage(`evaluation failed: ${e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : String(e)}`);
      }
    });
}

function usage(message: string): void {
  console.error(`policy: ${message}`);
  setExit(EXIT.usage);
}

function readDocument(path: string): unknown {
  const text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  try {
    return path.endsWith('.json') || path === '-' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
