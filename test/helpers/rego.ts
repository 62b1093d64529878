// Test helper: compile Rego with our compiler and evaluate it through
// @open-policy-agent/opa-wasm, as a user would.

import { createRequire } from 'node:module';
import { compile } from '../../src/compiler/compile.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array) => { setData(d: unknown): void; evaluate(i?: unknown, e?: string | number): Array<{ result: unknown }> };
};

export interface EvalOptions {
  input?: unknown;
  data?: unknown;
  /** OPA's strict builtin errors: a failing builtin aborts instead of being undefined. */
  strict?: boolean;
}

/**
 * Evaluate a Rego expression: `rego('upper("abc")')` → "ABC"; undefined when
 * the expression is undefined. Throws the SDK's error on evaluation errors.
 */
export function rego(expr: string, opts: EvalOptions = {}): unknown {
  const src = `package t\n\nx := __v if { __v := ${expr} }\n`;
  const rs = evaluate(src, 't/x', opts);
  return rs.length ? rs[0].result : undefined;
}

/** Compile a module and evaluate one entrypoint; returns the raw result set. */
export function evaluate(src: string, entrypoint: string, opts: EvalOptions = {}): Array<{ result: unknown }> {
  const { wasm } = compile([{ path: 'test.rego', text: src }], { entrypoints: [entrypoint], strictBuiltinErrors: opts.strict });
  const policy = loadPolicySync(wasm);
  policy.setData(opts.data ?? {});
  return policy.evaluate(opts.input, entrypoint);
}

/** The error text of a failing evaluation (SDK errors are plain objects). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error) return e.message;
    if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
    return String(e);
  }
  throw new Error('expected an error');
}
