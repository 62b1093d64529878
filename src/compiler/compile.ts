// The compiler as one call: Rego sources + entrypoints → a WASM module that
// speaks OPA's ABI. Front end, planner and codegen in sequence.

import type { Body, Module, Term } from './ast.js';
import { checkQuery } from './checker/index.js';
import { generate } from './codegen/codegen.js';
import { loadRuntime } from './codegen/runtime-module.js';
import { RegoError, RegoErrors } from './errors.js';
import { parseAndCheck, type SourceFile } from './frontend.js';
import type { CoveragePoint, Policy } from './ir/ir.js';
import { parseQuery, parseTerm } from './parser.js';
import { planPolicy, type Entrypoint, type QueryEntrypoint } from './planner/planner.js';
import { hostBuiltinNames } from '../runtime/host-builtins.js';

export interface CompileOptions {
  /** `pkg/rule` or `data.pkg.rule`; annotated `entrypoint: true` rules are added. */
  entrypoints?: string[];
  /** Extra query entrypoints: name → Rego query; each result row binds the query's variables. */
  queries?: Record<string, string | QuerySpec>;
  /** Builtin errors abort evaluation instead of making the call undefined (OPA's strict-builtin-errors). */
  strictBuiltinErrors?: boolean;
  /** Heap limit in bytes for evaluation (default 1 GiB): past it, evaluation aborts with "out of memory". */
  maxMemoryBytes?: number;
  /** Builtins the host provides; others must be native (default: this project's runtime and the OPA SDK). */
  hostBuiltins?: ReadonlySet<string>;
  /** Only these builtins may be used (from an OPA capabilities file). */
  allowedBuiltins?: ReadonlySet<string>;
  /** Instrument the module to record which source lines evaluate (`policy test --coverage`); off costs nothing. */
  coverage?: boolean;
  /** Index large rule groups on the constants their bodies compare input with (default true). */
  ruleIndexing?: boolean;
}

const DEFAULT_HOST_BUILTINS: ReadonlySet<string> = new Set(hostBuiltinNames());

/** Operators every capabilities file allows implicitly (OPA lists them too, but older files may not). */
const INTERNAL_BUILTINS = new Set(['eq', 'assign', 'internal.member_2', 'internal.member_3']);

export interface QuerySpec {
  query: string;
  /** A Rego term (sets allowed) used as `input` for every literal of the query. */
  inputTerm?: string;
}

export interface CompileResult {
  wasm: Uint8Array;
  policy: Policy;
  entrypoints: string[];
  hostBuiltins: string[];
  /** With `coverage`: where the module keeps one i32 flag per point, and each point's source line. */
  coverage?: { offset: number; points: CoveragePoint[] };
}

/** `test/p`, `data.test.p` or `test.p` → ['data', 'test', 'p']. */
export function entrypointPath(name: string): string[] {
  const trimmed = name.replace(/^data[./]/, '');
  return ['data', ...trimmed.split(/[./]/).filter(Boolean)];
}

export function entrypointName(path: string[]): string {
  return path.slice(1).join('/');
}

/** Entrypoints declared with `# METADATA` / `entrypoint: true`. */
export function annotatedEntrypoints(modules: Module[]): string[] {
  const out: string[] = [];
  for (const m of modules) {
    if (m.package.annotations?.entrypoint) out.push(m.package.path.join('/'));
    for (const r of m.rules) {
      if (!r.annotations?.entrypoint) continue;
      const ref = r.head.ref;
      const name = ref.type === 'var' ? [ref.name] : [(ref.head as { name: string }).name, ...ref.path.filter((p) => p.type === 'string').map((p) => (p as { value: string }).value)];
      out.push([...m.package.path, ...name].join('/'));
    }
  }
  return out;
}

export function compile(files: SourceFile[], opts: CompileOptions = {}): CompileResult {
  const { program, errors, modules } = parseAndCheck(files);
  if (errors.length || !program) throw new RegoErrors(errors);
  const names = [...new Set([...(opts.entrypoints ?? []), ...annotatedEntrypoints(modules)].map((e) => entrypointName(entrypointPath(e))))];
  const queries: QueryEntrypoint[] = [];
  for (const [name, spec] of Object.entries(opts.queries ?? {})) {
    const { query, inputTerm } = typeof spec === 'string' ? { query: spec, inputTerm: undefined } : spec;
    const parsed = parseQuery(query, `query:${name}`);
    if (parsed.errors.length) throw new RegoErrors(parsed.errors);
    if (inputTerm !== undefined) {
      const term = parseTerm(inputTerm, 'input');
      if (term.errors.length || !term.value) throw new RegoErrors(term.errors);
      const target: Term = { type: 'var', name: 'input', loc: term.value.loc };
      for (const lit of parsed.value) lit.with = [...lit.with, { target, value: term.value, loc: term.value.loc }];
    }
    const checked = checkQuery(parsed.value, program);
    if (checked.errors.length) throw new RegoErrors(checked.errors);
    queries.push({ name, body: checked.body, outputs: queryOutputs(parsed.value) });
  }
  if (names.length === 0 && queries.length === 0) {
    throw new RegoErrors([new RegoError('rego_compile_error', 'no entrypoints: pass -e pkg/rule or annotate a rule with `entrypoint: true`')]);
  }
  const eps: Entrypoint[] = names.map((name) => ({ name, path: entrypointPath(name) }));
  const policy = planPolicy(program, eps, queries, { coverage: opts.coverage, ruleIndexing: opts.ruleIndexing });
  if (opts.allowedBuiltins) {
    const denied = policy.builtins.filter((b) => !opts.allowedBuiltins!.has(b) && !INTERNAL_BUILTINS.has(b));
    if (denied.length) {
      throw new RegoErrors(denied.map((b) => new RegoError('rego_type_error', `undefined function ${b} (not in the capabilities given)`)));
    }
  }
  const runtime = loadRuntime();
  const out = generate(runtime.module, policy, runtime.heapBase, {
    strictBuiltinErrors: opts.strictBuiltinErrors,
    maxMemoryBytes: opts.maxMemoryBytes,
    hostBuiltins: opts.hostBuiltins ?? DEFAULT_HOST_BUILTINS,
  });
  const coverage = opts.coverage ? { offset: out.coverageOffset ?? 0, points: policy.coverage ?? [] } : undefined;
  return { wasm: out.wasm, policy, entrypoints: out.entrypoints, hostBuiltins: out.hostBuiltins, coverage };
}

/** The variables a query binds, in order of first appearance (wildcards and generated names excluded). */
export function queryOutputs(body: Body): string[] {
  const out: string[] = [];
  const visit = (t: unknown): void => {
    if (!t || typeof t !== 'object') return;
    if (Array.isArray(t)) return t.forEach(visit);
    const o = t as Record<string, unknown>;
    if (o.type === 'var' && typeof o.name === 'string') {
      const n = o.name;
      if (n !== '_' && n !== 'input' && n !== 'data' && !n.includes('$') && !out.includes(n)) out.push(n);
      return;
    }
    if (o.type === 'call') return visit(o.args);
    if (o.type === 'arraycomp' || o.type === 'setcomp' || o.type === 'objectcomp') return;
    for (const [k, v] of Object.entries(o)) if (k !== 'loc' && k !== 'target') visit(v);
  };
  visit(body);
  return out;
}
