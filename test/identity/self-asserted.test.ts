// An identity the agent process asserts about itself, or a static key, never
// yields an allow: the gateway (buildIdentity, then the example policy) is
// driven with each forgery an agent could send, for a request the genuine,
// signed identity is allowed to make.

import { beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { buildIdentity, type IdentityOptions } from '../../src/runtime/identity/index.js';
import { identitySchema, loadGatewayPolicy, type GatewayPolicy } from './gateway-policy.js';
import { EXECUTOR, PLANNER, agent, delegationClaims, sign, signingKey, wit, wpt, world, type World } from './kit.js';

let w: World;
let policy: GatewayPolicy;
let options: (extra?: Partial<IdentityOptions>) => IdentityOptions;

beforeAll(async () => {
  w = await world();
  policy = loadGatewayPolicy();
  options = (extra = {}) => w.options({ schema: identitySchema, request: { method: 'POST', route: '/v1/chat/completions', model: 'gpt-4o-mini' }, ...extra });
});

/** The gateway's whole decision: 401 without a verified identity, else the policy's. */
async function gateway(headers: Record<string, string>, extra: Partial<IdentityOptions> = {}) {
  const built = await buildIdentity(headers, options(extra));
  if (!built.ok) return { status: 401, allow: false, reason: built.code };
  const decision = policy.decide(built.identity);
  return { status: decision.allow ? 200 : 403, allow: decision.allow, reason: decision.reasons.join(',') };
}

const internalData = { 'policy-context': JSON.stringify({ classification: 'internal' }) };

describe('self-asserted identities', () => {
  it('the genuine planner, with a signed delegation and a proven workload identity, is allowed', async () => {
    expect(await gateway({ ...(await w.headers()), ...internalData })).toEqual({ status: 200, allow: true, reason: '' });
  });

  const forgeries: Array<[string, string, () => Promise<Record<string, string>>, Partial<IdentityOptions>?]> = [
    ['plain identity headers', 'missing_identity', async () => ({ 'x-user': 'alice', 'x-tenant': 'acme', 'x-agent-id': PLANNER, 'x-agent-role': 'planner', 'x-scopes': 'chat', ...internalData })],
    ['a static API key', 'malformed', async () => ({ authorization: 'Bearer sk-live-4f9a8b7c6d5e4f3a', 'workload-identity': PLANNER, ...internalData }), { workload: { proof: 'forwarded' } }],
    ['an API key header', 'missing_identity', async () => ({ 'x-api-key': 'sk-live-4f9a8b7c6d5e4f3a', 'workload-identity': PLANNER, ...internalData }), { workload: { proof: 'forwarded' } }],
    ['a workload header without any delegation', 'missing_identity', async () => ({ 'workload-identity': PLANNER, ...internalData }), { workload: { proof: 'forwarded' } }],
    ['an unsigned delegation token', 'alg_not_allowed', async () => ({ ...(await w.headers()), authorization: `Bearer ${new UnsecuredJWT(delegationClaims()).encode()}`, ...internalData })],
    ['a delegation token the agent signed itself', 'unknown_key', async () => {
      const own = await signingKey('ES256', 'planner-own-key');
      return { ...(await w.headers({ token: await sign(own, delegationClaims()) })), ...internalData };
    }],
    ['a delegation token signed by the agent under the issuer kid', 'bad_signature', async () => {
      const own = await signingKey('ES256', w.auth.kid);
      return { ...(await w.headers({ token: await sign(own, delegationClaims()) })), ...internalData };
    }],
    ['a delegation token HMAC-signed with the issuer public key', 'alg_not_allowed', async () => {
      const token = await new SignJWT(delegationClaims()).setProtectedHeader({ alg: 'HS256', kid: w.auth.kid }).sign(new TextEncoder().encode(JSON.stringify(w.auth.jwk)));
      return { ...(await w.headers({ token })), ...internalData };
    }],
    ['a workload identity token the agent issued itself', 'bad_signature', async () => {
      const token = await sign(w.auth, delegationClaims());
      const self = await signingKey('ES256', w.witIssuer.kid);
      const selfWit = await wit(self, w.planner);
      return { authorization: `Bearer ${token}`, 'workload-identity-token': selfWit, 'workload-proof-token': await wpt(w.planner, selfWit, token), ...internalData };
    }],
    ['a forwarded workload header naming another agent than the delegation', 'actor_mismatch', async () => {
      const token = await sign(w.auth, delegationClaims({ act: { sub: PLANNER, role: 'planner' } }));
      return { authorization: `Bearer ${token}`, 'workload-identity': EXECUTOR, ...internalData };
    }, { workload: { proof: 'forwarded' } }],
    ['a stolen delegation token replayed by another workload', 'actor_mismatch', async () => {
      const thief = await agent(EXECUTOR);
      return { ...(await w.headers({ who: thief })), ...internalData };
    }],
    ['identity fields smuggled in the Policy-Context header', 'schema', async () => ({
      ...(await w.headers({ claims: { scope: 'models.read' } })),
      'policy-context': JSON.stringify({ classification: 'internal', scopes: ['chat'], role: 'planner' }),
    })],
  ];

  it.each(forgeries)('%s is never allowed (%s)', async (_name, code, headers, extra) => {
    const result = await gateway(await headers(), extra ?? {});
    expect(result).toEqual({ status: 401, allow: false, reason: code });
  });
});
