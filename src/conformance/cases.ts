// Loads OPA's YAML conformance cases (../shared/conformance/opa) into typed
// records. The files are data we never edit; everything here only reads them.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface ConformanceCase {
  /** Folder below the suite root, e.g. `v1/aggregates`. */
  folder: string;
  file: string;
  /** Position of the case in its file (notes are not unique). */
  index: number;
  note: string;
  query: string;
  modules: string[];
  data?: unknown;
  input?: unknown;
  /** Input written as a Rego term (may contain sets). */
  inputTerm?: string;
  wantResult?: Record<string, unknown>[];
  wantErrorCode?: string;
  wantError?: string;
  strictError: boolean;
  sortBindings: boolean;
}

/** Every case below `root`, in a stable order (folder, file, position). */
export function loadCases(root: string): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, rel ? `${rel}/${name}` : name);
      else if (/\.ya?ml$/.test(name) && rel) out.push(...loadFile(full, rel, name));
    }
  };
  walk(root, '');
  return out;
}

function loadFile(path: string, folder: string, file: string): ConformanceCase[] {
  const doc = parseYaml(readFileSync(path, 'utf8')) as { cases?: Record<string, unknown>[] } | null;
  return (doc?.cases ?? []).map((c, index) => ({
    folder,
    file,
    index,
    note: String(c.note ?? `${file}#${index}`),
    query: String(c.query ?? ''),
    modules: (c.modules as string[] | undefined) ?? [],
    data: c.data ?? undefined,
    input: c.input,
    inputTerm: c.input_term as string | undefined,
    wantResult: c.want_result as Record<string, unknown>[] | undefined,
    wantErrorCode: c.want_error_code as string | undefined,
    wantError: c.want_error as string | undefined,
    strictError: c.strict_error === true,
    sortBindings: c.sort_bindings === true,
  }));
}

/** Compile-time codes: a case expecting one of these expects the compiler to reject it. */
export function expectsCompileError(c: ConformanceCase): boolean {
  return c.wantErrorCode !== undefined && c.wantErrorCode.startsWith('rego_');
}
