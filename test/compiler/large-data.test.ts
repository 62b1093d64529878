// A policy's constants (route tables of thousands of strings, index tables)
// can outgrow the memory a host instantiates with (OPA's JS SDK: 5 pages;
// this project's runtime: 2). Such modules copy their data in from a start
// function after growing memory, so they load with any initial size.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array, memory?: { initial: number }) => { setData(d: unknown): void; evaluate(i?: unknown, e?: string): Array<{ result: unknown }> };
};

describe('policy data larger than the initial memory', () => {
  const big = 'route-'.repeat(60_000); // 360 KB of constants: more than 5 pages with the runtime's own data
  const rego = `package t\n\nbig := "${big}"\n\nn := count(big)\n\ntail := substring(big, count(big) - 6, 6)\n\nsmall := "still here"\n`;
  const { wasm } = compile([{ path: 'big.rego', text: rego }], { entrypoints: ['t/n', 't/tail', 't/small'] });

  for (const initial of [undefined, 2]) {
    it(`loads and evaluates with initial memory ${initial ?? 'the SDK default'}`, () => {
      const policy = initial === undefined ? loadPolicySync(wasm) : loadPolicySync(wasm, { initial });
      policy.setData({});
      expect(policy.evaluate({}, 't/n')).toEqual([{ result: big.length }]);
      expect(policy.evaluate({}, 't/tail')).toEqual([{ result: 'route-' }]);
      expect(policy.evaluate({}, 't/small')).toEqual([{ result: 'still here' }]);
    });
  }
});
