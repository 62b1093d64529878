// `policy serve --watch` follows hot reloads in its route templates too: a
// route added to the bundle's data.gateway.route_table is matched as soon as
// the new bundle is swapped in, and a bundle without a route table is refused
// (the running one, with its templates, keeps serving).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../src/cli/commands/serve.js';
import { startBundleServer, type BundleServer } from '../runtime/kit.js';
import { gatewayWorld, send, serveFlags, type GatewayWorld } from './kit.js';

let w: GatewayWorld;
let bundles: BundleServer;
let serve: RunningServe;

beforeAll(async () => {
  w = await gatewayWorld();
  bundles = await startBundleServer(w.bundleBytes);
  serve = await startServe(serveFlags(w, { watch: bundles.url, interval: '0.05' }));
});

afterAll(async () => {
  await serve?.close();
  await bundles?.close();
});

async function until(what: string, done: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Envoy ext_authz check of GET /v1/models/gpt-4o by the critic (who may list models). */
async function getModel() {
  const headers = await w.headers({ who: w.crew.critic, role: 'critic', scope: 'models.read' });
  return send(serve.url, { path: '/ext_authz/v1/models/gpt-4o', headers });
}

describe('policy serve --watch', () => {
  it('matches route templates of the bundle swapped in, and keeps them when a bundle without a route table is refused', async () => {
    // Before: no template matches, so the path goes to the policy as its own (unknown) route.
    const before = await getModel();
    expect([before.status, before.headers['x-decision-reason']]).toEqual([403, 'route_unknown']);

    bundles.bundle = await w.rebuildBundle('gateway-test-2', (data) => {
      (data.route_table as Record<string, unknown>)['/v1/models/{model}'] = {
        handler: 'models',
        methods: { GET: { scope: 'models.read', roles: ['critic'] } },
      };
    });
    await until('revision 2', () => serve.enforcer.status().revision === 'gateway-test-2');
    const after = await getModel();
    expect([after.status, after.headers['x-policy-revision']]).toEqual([200, 'gateway-test-2']);

    bundles.bundle = await w.rebuildBundle('gateway-test-3', (data) => {
      delete data.route_table;
    });
    await until('the refusal', () => serve.enforcer.status().lastError?.code === 'bundle_rejected');
    expect(serve.enforcer.status().lastError?.message).toMatch(/no route table at data\.gateway\.route_table/);
    const still = await getModel();
    expect([still.status, still.headers['x-policy-revision']]).toEqual([200, 'gateway-test-2']);
  });
});
