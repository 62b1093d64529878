// The example gateway policy (policies/) compiled with our compiler and
// loaded in @open-policy-agent/opa-wasm with its data, as the gateway runs it.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compile } from '../../src/compiler/compile.js';
import { findRegoFiles, readSources } from '../../src/compiler/frontend.js';
import { loadDataFiles } from '../../src/bundle/data.js';
import { createHostBuiltins } from '../../src/runtime/host-builtins.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array, builtins?: object) => { setData(d: unknown): void; evaluate(i?: unknown, e?: string): Array<{ result: unknown }> };
};

export const POLICIES = new URL('../../policies/', import.meta.url).pathname;
export const identitySchema = JSON.parse(readFileSync(join(POLICIES, 'gateway/identity.schema.json'), 'utf8')) as object;

export interface GatewayPolicy {
  /** The value of an entrypoint for this input (undefined when undefined). */
  evaluate(entrypoint: string, input: unknown): unknown;
  decide(input: unknown): { allow: boolean; reasons: string[] };
}

export function loadGatewayPolicy(): GatewayPolicy {
  const { wasm } = compile(readSources(findRegoFiles([POLICIES])), { entrypoints: ['gateway/authz/allow', 'gateway/authz/reasons'] });
  const policy = loadPolicySync(wasm, createHostBuiltins());
  policy.setData(loadDataFiles([POLICIES]));
  const evaluate = (entrypoint: string, input: unknown) => policy.evaluate(input, entrypoint)[0]?.result;
  return {
    evaluate,
    decide: (input) => ({ allow: evaluate('gateway/authz/allow', input) === true, reasons: (evaluate('gateway/authz/reasons', input) as string[]) ?? [] }),
  };
}
