// The front end as one call: Rego files → parsed modules → checked program.
// Used by `policy check`, the conformance runner and (later) the compiler.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Module } from './ast.js';
import { check, type CheckedProgram } from './checker/index.js';
import { RegoError, sortErrors } from './errors.js';
import { parseModule } from './parser.js';

export interface SourceFile {
  /** Path as shown in error messages. */
  path: string;
  text: string;
}

export interface FrontendResult {
  modules: Module[];
  /** Present when parsing succeeded (checking may still have reported errors). */
  program?: CheckedProgram;
  errors: RegoError[];
}

/** Parse and check a set of Rego sources as one compile unit. */
export function parseAndCheck(files: SourceFile[]): FrontendResult {
  const modules: Module[] = [];
  const errors: RegoError[] = [];
  for (const f of files) {
    const { value, errors: errs } = parseModule(f.text, f.path);
    errors.push(...errs);
    modules.push(value);
  }
  if (errors.length) return { modules, errors: sortErrors(errors) };
  const { program, errors: checkErrors } = check(modules);
  return { modules, program, errors: checkErrors };
}

/**
 * Collect `.rego` files under the given files and directories, sorted, skipping
 * hidden folders and node_modules. Paths keep the form the user gave.
 */
export function findRegoFiles(paths: string[], opts: { include?: (path: string) => boolean } = {}): string[] {
  const out: string[] = [];
  const include = opts.include ?? ((p: string) => p.endsWith('.rego'));
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        walk(join(p, name));
      }
    } else if (include(p)) out.push(p);
  };
  for (const p of paths) walk(p);
  return [...new Set(out)];
}

export function readSources(paths: string[]): SourceFile[] {
  return paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
