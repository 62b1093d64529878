// Route-table scale through decide(): the generated policies of bench/routes.ts
// (20, 2,000, 20,000 routes), each compiled, bundled, signed and loaded like a
// real bundle, then decided on requests for the first, middle and last routes
// and for requests no route matches. Target: p50 at the largest size within
// 1.5x of the smallest (rule indexing keeps lookups from scanning every rule).

import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { compile } from '../src/compiler/compile.js';
import { signEntries } from '../src/bundle/sign.js';
import { writeTarGz } from '../src/bundle/tar.js';
import { createEnforcer } from '../src/runtime/index.js';
import { createHostBuiltins } from '../src/runtime/host-builtins.js';
import { generateRoutePolicy } from './routes.js';
import { fmtNs, fmtRate, measureInterleaved } from './timing.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync(wasm: Uint8Array, mem?: unknown, builtins?: Record<string, unknown>): { setData(d: unknown): void; evaluate(i: unknown, e: string): Array<{ result: unknown }> };
};

export async function benchDecideRoutes(sizes: number[], calls = 50_000): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const text = (s: string) => new TextEncoder().encode(s);
  console.log('\ndecide() on generated route tables (requests: first/middle/last route allowed and denied, unknown routes, non-indexable rules):');
  console.log(`  ${'routes'.padStart(7)} ${'compile'.padStart(9)} ${'module'.padStart(9)} ${'decide p50'.padStart(11)} ${'p99'.padStart(9)} ${'rate'.padStart(9)} ${'evaluate() p50'.padStart(15)} ${'evaluate/decide'.padStart(16)}   vs smallest`);
  let first: number | undefined;
  for (const n of sizes) {
    const policy = generateRoutePolicy(n);
    const t0 = performance.now();
    const { wasm, entrypoints } = compile([{ path: 'routes.rego', text: policy.rego }], { entrypoints: ['routes/allow', 'routes/reasons'] });
    const compileMs = performance.now() - t0;
    const manifest = { revision: `routes-${n}`, roots: [''], wasm: entrypoints.map((e) => ({ entrypoint: e, module: '/policy.wasm' })) };
    const entries = await signEntries(
      [
        { name: '.manifest', bytes: text(JSON.stringify(manifest)) },
        { name: 'policy.wasm', bytes: wasm },
        { name: 'data.json', bytes: text(JSON.stringify(policy.data)) },
      ],
      { key: privateKey },
    );
    const enforcer = await createEnforcer({ bundle: writeTarGz(entries), keys: publicKey.export({ type: 'spki', format: 'pem' }).toString(), entrypoint: 'routes/allow' });
    const inputs = policy.inputs as Record<string, unknown>[];
    const sdk = loadPolicySync(wasm, undefined, createHostBuiltins().builtins);
    sdk.setData(policy.data);
    const m = measureInterleaved({ decide: (x: Record<string, unknown>) => enforcer.decide(x).allow, evaluate: (x) => sdk.evaluate(x, 'routes/allow')[0]?.result === true }, inputs, calls);
    const l = m.decide;
    const e = m.evaluate;
    first ??= l.p50;
    console.log(`  ${n.toLocaleString('en').padStart(7)} ${`${compileMs.toFixed(0)} ms`.padStart(9)} ${`${(wasm.length / 1024).toFixed(0)} KB`.padStart(9)} ${fmtNs(l.p50).padStart(11)} ${fmtNs(l.p99).padStart(9)} ${fmtRate(l.perSecond).padStart(9)} ${fmtNs(e.p50).padStart(15)} ${`${(e.p50 / l.p50).toFixed(1)}x`.padStart(16)}   ${(l.p50 / first).toFixed(2)}x`);
    results[`routes ${n} decide p50 ns`] = l.p50;
    results[`routes ${n} decide p99 ns`] = l.p99;
    results[`routes ${n} evaluate p50 ns`] = e.p50;
    results[`routes ${n} compile ms`] = compileMs;
  }
  if (sizes.length > 1) {
    const big = Math.max(...sizes);
    const small = Math.min(...sizes);
    const ratio = results[`routes ${big} decide p50 ns`] / results[`routes ${small} decide p50 ns`];
    results['routes largest/smallest p50 ratio'] = ratio;
    console.log(`  target: p50 at ${big.toLocaleString('en')} routes within 1.5x of ${small}: ${ratio.toFixed(2)}x (${ratio <= 1.5 ? 'met' : 'NOT met'})`);
  }
  return results;
}
