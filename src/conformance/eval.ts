// The evaluation stage: compile each case's modules with its query as an
// entrypoint, load the module with @open-policy-agent/opa-wasm exactly as a
// user would, evaluate with the case's data and input, and compare.

import { createRequire } from 'node:module';
import { compile } from '../compiler/compile.js';
import { RegoErrors } from '../compiler/errors.js';
import { PlanError } from '../compiler/planner/planner.js';
import { CodegenError } from '../compiler/codegen/codegen.js';
import { createHostBuiltins } from '../runtime/host-builtins.js';
import type { ConformanceCase } from './cases.js';
import { moduleFileName, type Outcome } from './run.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array, memory?: unknown, customBuiltins?: Record<string, unknown>) => LoadedPolicy;
};

interface LoadedPolicy {
  setData(data: unknown): void;
  evaluate(input?: unknown, entrypoint?: string | number): unknown;
}

const QUERY = 'conformance/query';

export function runEvalStage(c: ConformanceCase): Outcome {
  let wasm: Uint8Array;
  try {
    const files = c.modules.map((text, i) => ({ path: moduleFileName(i), text }));
    wasm = compile(files, { queries: { [QUERY]: { query: c.query, inputTerm: c.inputTerm } }, strictBuiltinErrors: c.strictError }).wasm;
  } catch (e) {
    if (e instanceof RegoErrors) {
      const code = e.errors[0]?.code;
      if (c.wantErrorCode && code === c.wantErrorCode) return { status: 'pass' };
      return { status: 'fail', reason: `compile error: ${e.errors.map((x) => x.message).join('; ')}` };
    }
    const unimplemented = e instanceof CodegenError ? /^builtin (\S+) is not implemented/.exec(e.message) : null;
    if (unimplemented) return { status: 'skip', reason: `builtin ${unimplemented[1]} is not implemented yet` };
    if (e instanceof PlanError || e instanceof CodegenError) return { status: 'fail', reason: `not supported: ${e.message}` };
    throw e;
  }
  let rows: unknown;
  try {
    const host = createHostBuiltins();
    const policy = loadPolicySync(wasm, undefined, host.builtins);
    host.beginEvaluation();
    policy.setData(c.data ?? {});
    rows = policy.evaluate(c.inputTerm === undefined ? c.input : undefined, QUERY);
  } catch (e) {
    const message = errorText(e);
    const missing = /not implemented: built-in function \d+: (\S+)/.exec(message);
    if (missing) return { status: 'skip', reason: `builtin ${missing[1]} is not implemented yet` };
    if (c.wantErrorCode || c.wantError !== undefined) return matchError(c, message);
    return { status: 'fail', reason: `evaluation error: ${message}` };
  }
  if (c.wantErrorCode || (c.wantError !== undefined && !c.wantResult)) {
    return { status: 'fail', reason: `want error ${c.wantErrorCode ?? ''} ${c.wantError ?? ''}, got result ${JSON.stringify(rows)}` };
  }
  const want = normalizeRows(c.wantResult ?? [], c.sortBindings);
  const got = normalizeRows(rows as unknown[], c.sortBindings);
  if (JSON.stringify(want) === JSON.stringify(got)) return { status: 'pass' };
  return { status: 'fail', reason: `want ${JSON.stringify(want)}, got ${JSON.stringify(got)}` };
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

function matchError(c: ConformanceCase, message: string): Outcome {
  if (c.wantErrorCode && !message.includes(c.wantErrorCode)) {
    return { status: 'fail', reason: `want ${c.wantErrorCode}, got error: ${message}` };
  }
  if (c.wantError && !message.includes(c.wantError)) return { status: 'fail', reason: `want error containing ${JSON.stringify(c.wantError)}, got: ${message}` };
  return { status: 'pass' };
}

/** Rows in a canonical order; with sort_bindings, arrays inside bindings are compared as multisets. */
function normalizeRows(rows: unknown[], sortArrays: boolean): unknown[] {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(canon);
      return sortArrays ? items.sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b))) : items;
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return rows.map(canon).sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
