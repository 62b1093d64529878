// Rego unit tests: rules named `test_*` (run) and `todo_*` (skipped).
//
// A parameterised test `test_x[note] if { some note, tc in cases; … }` is a
// partial object of the cases that pass. To report the cases that fail too,
// a companion rule enumerating the cases is appended to the module: the body's
// literals up to the one that binds the key variable become
// `__cases_test_x contains note if { some note, tc in cases }`. When that
// rule cannot stand alone (its literals need later ones), it is left out and
// only the passing cases are known.

import type { Literal, Module, Rule } from '../compiler/ast.js';
import type { SourceFile } from '../compiler/frontend.js';
import { parseModule } from '../compiler/parser.js';
import type { SourceLocation } from './results.js';

export interface RegoTest {
  /** `data.pkg` */
  pkg: string;
  /** Rule name: `test_x`. */
  name: string;
  /** Compile entrypoint: `pkg/test_x`. */
  entrypoint: string;
  location: SourceLocation;
  skip: boolean;
  /** Parameterised tests: the entrypoint of the rule listing the cases, when one could be made. */
  cases?: string;
  parameterised: boolean;
}

/** A rule listing a parameterised test's cases, appended to the test's file. */
export interface CaseRule {
  file: string;
  test: RegoTest;
  text: string;
}

export interface TestSources {
  tests: RegoTest[];
  /** The sources as written. */
  files: SourceFile[];
  caseRules: CaseRule[];
  /** Line count of each file as written: coverage ignores appended lines. */
  lineCounts: Map<string, number>;
  /** The parsed modules (as written), for coverage and reasons detection. */
  modules: Module[];
}

/** The sources with the given case rules appended, and the rows each rule occupies. */
export function withCaseRules(sources: TestSources, rules: CaseRule[]): { files: SourceFile[]; rows: Map<CaseRule, { file: string; from: number; to: number }> } {
  const rows = new Map<CaseRule, { file: string; from: number; to: number }>();
  const files = sources.files.map((f) => {
    const mine = rules.filter((r) => r.file === f.path);
    if (mine.length === 0) return f;
    let row = sources.lineCounts.get(f.path)! + 1;
    for (const r of mine) {
      const lines = r.text.split('\n').length;
      rows.set(r, { file: f.path, from: row, to: row + lines - 1 });
      row += lines;
    }
    return { path: f.path, text: `${f.text}\n${mine.map((r) => r.text).join('\n')}\n` };
  });
  return { files, rows };
}

const CASES_PREFIX = '__cases_';

export function discoverTests(files: SourceFile[]): TestSources {
  const tests = new Map<string, RegoTest>();
  const caseRules: CaseRule[] = [];
  const lineCounts = new Map<string, number>();
  const modules: Module[] = [];
  for (const f of files) {
    lineCounts.set(f.path, f.text.split('\n').length);
    const { value: mod, errors } = parseModule(f.text, f.path);
    modules.push(mod);
    // With parse errors the compile reports them; nothing to discover here.
    if (errors.length) continue;
    for (const rule of mod.rules) {
      const name = ruleName(rule);
      if (!name || !/^(test|todo)_/.test(name) || rule.kind === 'function' || rule.isDefault) continue;
      const entrypoint = [...mod.package.path, name].join('/');
      const key = entrypoint;
      const keyVar = parameterVar(rule);
      let test = tests.get(key);
      if (!test) {
        test = {
          pkg: ['data', ...mod.package.path].join('.'),
          name,
          entrypoint,
          location: { file: f.path, row: rule.loc.row, col: rule.loc.col },
          skip: name.startsWith('todo_'),
          parameterised: keyVar !== undefined,
        };
        tests.set(key, test);
      }
      if (keyVar === undefined || test.skip) continue;
      const prefix = casePrefix(rule.body, keyVar, f.text);
      if (prefix === undefined) continue;
      const casesRule = `${CASES_PREFIX}${name}`;
      caseRules.push({ file: f.path, test, text: `${casesRule} contains ${keyVar} if {\n${prefix}\n}` });
      test.cases = [...mod.package.path, casesRule].join('/');
    }
  }
  return { tests: [...tests.values()], files, caseRules, lineCounts, modules };
}

function ruleName(rule: Rule): string | undefined {
  const ref = rule.head.ref;
  if (ref.type === 'var') return ref.name;
  return ref.head.type === 'var' ? ref.head.name : undefined;
}

/** `test_x[note]` (one variable key, value true) → "note". */
function parameterVar(rule: Rule): string | undefined {
  const ref = rule.head.ref;
  if (ref.type !== 'ref' || ref.path.length !== 1 || ref.path[0].type !== 'var') return undefined;
  if (rule.kind === 'partial_set') return undefined;
  if (rule.head.explicitValue && !(rule.head.value?.type === 'boolean' && rule.head.value.value)) return undefined;
  return ref.path[0].name;
}

/** Source text of the body's literals up to the first one that binds `keyVar`. */
function casePrefix(body: Literal[], keyVar: string, text: string): string | undefined {
  const binder = body.findIndex((lit) => lit.kind !== 'some' && !lit.negated && mentions(lit, keyVar));
  if (binder < 0) return undefined;
  const first = body[0].loc.offset;
  const end = body[binder].loc.end;
  if (end === undefined) return undefined;
  return text.slice(first, end);
}

function mentions(node: unknown, name: string): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => mentions(n, name));
  const o = node as Record<string, unknown>;
  if (o.type === 'var' && o.name === name) return true;
  for (const [k, v] of Object.entries(o)) if (k !== 'loc' && mentions(v, name)) return true;
  return false;
}

/**
 * Whether the modules define the document at a `pkg/rule` path: a rule of the
 * package (the path may go below the rule, into its value), or a package
 * below the path (a whole virtual document).
 */
export function definesRule(modules: Module[], entrypoint: string): boolean {
  const parts = entrypoint.replace(/^data[./]/, '').split(/[./]/).filter(Boolean);
  const startsWith = (path: string[], prefix: string[]) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
  return modules.some((m) => {
    const pkg = m.package.path;
    if (parts.length <= pkg.length) return startsWith(pkg, parts);
    return startsWith(parts, pkg) && m.rules.some((r) => ruleName(r) === parts[pkg.length]);
  });
}
