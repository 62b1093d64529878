// buildIdentity end to end on real tokens: the identity object it builds, and
// the reason code of every way a request's identity can be refused.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { buildIdentity, revocationList, jwksSource, schemaProblem, type IdentityOptions, type IdentityResult } from '../../src/runtime/identity/index.js';
import { AUDIENCE, EXECUTOR, ISSUER, NOW_SEC, ORCHESTRATOR, PLANNER, agent, delegationClaims, jwks, sign, signingKey, wit, wpt, world, type World } from './kit.js';

const schema = JSON.parse(readFileSync(new URL('../../policies/gateway/identity.schema.json', import.meta.url), 'utf8')) as object;

let w: World;
beforeAll(async () => {
  w = await world();
});

function refused(result: IdentityResult) {
  expect(result.ok).toBe(false);
  return result.ok ? { status: 0, code: 'none', message: '' } : result;
}

async function codeFor(headers: Record<string, string | string[]>, extra: Partial<IdentityOptions> = {}): Promise<string> {
  const result = await buildIdentity(headers, w.options({ schema, ...extra }));
  return refused(result).code;
}

describe('a well-formed request', () => {
  it('yields the identity object the schema describes', async () => {
    const result = await buildIdentity(await w.headers(), w.options({ schema }));
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    expect(result.identity).toEqual({
      version: 'v1',
      user: { sub: 'alice', iss: ISSUER, tenant: 'acme' },
      agent: { id: PLANNER, trust_domain: 'acme.example', role: 'planner', proof: 'wit' },
      delegation: {
        jti: 'dlg-1',
        iat: NOW_SEC - 60,
        exp: NOW_SEC + 900,
        client_id: PLANNER,
        scopes: ['chat', 'models.read'],
        actors: [{ sub: PLANNER }, { sub: ORCHESTRATOR }],
      },
      context: { classification: 'restricted', source: 'default' },
      request: { method: 'POST', route: '/v1/chat/completions', model: 'gpt-4o-mini' },
      txn: { id: 'txn-test', source: 'gateway' },
      time: { now: NOW_SEC },
    });
    expect(schemaProblem(schema, result.identity)).toBeUndefined();
  });

  it('takes the policy context from the Policy-Context header', async () => {
    const headers = { ...(await w.headers()), 'policy-context': JSON.stringify({ classification: 'internal', purpose: 'support', labels: { ticket: 'T-1' } }) };
    const result = await buildIdentity(headers, w.options({ schema }));
    expect(result.ok && result.identity.context).toEqual({ classification: 'internal', purpose: 'support', labels: { ticket: 'T-1' }, source: 'header' });
  });

  it('leaves request fields the caller passed as undefined out of the object', async () => {
    const result = await buildIdentity(await w.headers(), w.options({ schema, request: { method: 'GET', route: '/v1/models', model: undefined, tool: undefined } }));
    expect(result.ok && result.identity.request).toEqual({ method: 'GET', route: '/v1/models' });
  });

  it('accepts a token that expired within the clock skew, and reads fetch Headers too', async () => {
    const headers = new Headers(await w.headers({ claims: { exp: NOW_SEC - 10 } }));
    const result = await buildIdentity(headers, w.options({ schema }));
    expect(result.ok).toBe(true);
  });

  it('accepts a SPIFFE ID forwarded by the mTLS proxy when configured so', async () => {
    const token = await sign(w.auth, delegationClaims());
    const result = await buildIdentity({ authorization: `Bearer ${token}`, 'workload-identity': PLANNER }, w.options({ schema, workload: { proof: 'forwarded' } }));
    expect(result.ok && result.identity.agent).toEqual({ id: PLANNER, trust_domain: 'acme.example', role: 'planner', proof: 'forwarded' });
  });
});

describe('reason codes', () => {
  it('missing_identity: no delegation token, or no workload identity', async () => {
    const headers = await w.headers();
    expect(await codeFor({ ...headers, authorization: '' })).toBe('missing_identity');
    const { 'workload-identity-token': _, ...withoutWit } = headers;
    expect(await codeFor(withoutWit)).toBe('missing_identity');
    expect(await codeFor({ authorization: headers.authorization }, { workload: { proof: 'forwarded' } })).toBe('missing_identity');
  });

  it('malformed: a static API key, another auth scheme, a repeated header, a bad Policy-Context', async () => {
    const fresh = () => w.headers();
    expect(await codeFor({ ...(await fresh()), authorization: 'Bearer sk-live-4f9a8b7c6d5e' })).toBe('malformed');
    expect(await codeFor({ ...(await fresh()), authorization: 'Basic YWxpY2U6c2VjcmV0' })).toBe('malformed');
    const headers = await fresh();
    expect(await codeFor({ ...headers, authorization: [headers.authorization, headers.authorization] })).toBe('malformed');
    expect(await codeFor({ ...(await fresh()), 'policy-context': '{classification: public' })).toBe('malformed');
    expect(await codeFor({ ...(await fresh()), 'policy-context': JSON.stringify({ classification: 'top-secret' }) })).toBe('malformed');
  });

  it('alg_not_allowed: an unsigned token, or a shared-secret signature', async () => {
    const unsigned = new UnsecuredJWT(delegationClaims()).encode();
    expect(await codeFor({ ...(await w.headers()), authorization: `Bearer ${unsigned}` })).toBe('alg_not_allowed');
    const hmac = await new SignJWT(delegationClaims()).setProtectedHeader({ alg: 'HS256', kid: w.auth.kid }).sign(new TextEncoder().encode(JSON.stringify(w.auth.jwk)));
    expect(await codeFor(await w.headers({ token: hmac }))).toBe('alg_not_allowed');
  });

  it('unknown_key and bad_signature', async () => {
    const stranger = await signingKey('ES256', 'stranger');
    expect(await codeFor(await w.headers({ token: await sign(stranger, delegationClaims()) }))).toBe('unknown_key');
    const impostor = await signingKey('ES256', w.auth.kid);
    expect(await codeFor(await w.headers({ token: await sign(impostor, delegationClaims()) }))).toBe('bad_signature');
    const [h, , s] = (await sign(w.auth, delegationClaims())).split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify(delegationClaims({ scope: 'admin.write' }))).toString('base64url')}.${s}`;
    expect(await codeFor(await w.headers({ token: tampered }))).toBe('bad_signature');
  });

  it('expired, not_yet_valid and lifetime_too_long', async () => {
    expect(await codeFor(await w.headers({ claims: { exp: NOW_SEC - 120 } }))).toBe('expired');
    expect(await codeFor(await w.headers({ claims: { nbf: NOW_SEC + 120 } }))).toBe('not_yet_valid');
    expect(await codeFor(await w.headers({ claims: { iat: NOW_SEC + 120, exp: NOW_SEC + 900 } }))).toBe('not_yet_valid');
    expect(await codeFor(await w.headers({ claims: { exp: NOW_SEC + 3 * 86_400 } }))).toBe('lifetime_too_long');
  });

  it('wrong_issuer and wrong_audience', async () => {
    expect(await codeFor(await w.headers({ claims: { iss: 'https://evil.example' } }))).toBe('wrong_issuer');
    expect(await codeFor(await w.headers({ claims: { aud: 'https://other-gateway.example' } }))).toBe('wrong_audience');
  });

  it('missing_claim: jti, tenant, the actor role', async () => {
    expect(await codeFor(await w.headers({ claims: { jti: undefined } }))).toBe('missing_claim');
    expect(await codeFor(await w.headers({ claims: { tenant: undefined } }))).toBe('missing_claim');
    expect(await codeFor(await w.headers({ claims: { act: { sub: PLANNER } } }))).toBe('missing_claim');
  });

  it('missing_actor: a user token with no act claim identifies no agent', async () => {
    expect(await codeFor(await w.headers({ claims: { act: undefined } }))).toBe('missing_actor');
  });

  it('actor_mismatch: the workload is not the current actor', async () => {
    const executor = await agent(EXECUTOR);
    expect(await codeFor(await w.headers({ who: executor }))).toBe('actor_mismatch');
    // A prior actor of the chain is not the current actor either.
    expect(await codeFor(await w.headers({ who: await agent(ORCHESTRATOR) }))).toBe('actor_mismatch');
  });

  it('actor_not_permitted: may_act names another party', async () => {
    expect(await codeFor(await w.headers({ claims: { may_act: { sub: EXECUTOR } } }))).toBe('actor_not_permitted');
    const ok = await buildIdentity(await w.headers({ claims: { may_act: { sub: PLANNER } } }), w.options({ schema }));
    expect(ok.ok).toBe(true);
  });

  it('invalid_workload_id: SPIFFE rules apply to the WIT subject and the forwarded header', async () => {
    const bad = { id: 'spiffe://Acme.Example/crew/planner', key: w.planner.key };
    expect(await codeFor(await w.headers({ who: bad }))).toBe('invalid_workload_id');
    const token = await sign(w.auth, delegationClaims());
    expect(await codeFor({ authorization: `Bearer ${token}`, 'workload-identity': 'spiffe://acme.example/crew/../admin' }, { workload: { proof: 'forwarded' } })).toBe('invalid_workload_id');
  });

  it('bad_proof: no proof, a proof for another token or WIT, a replayed proof', async () => {
    const headers = await w.headers();
    const { 'workload-proof-token': _, ...withoutProof } = headers;
    expect(await codeFor(withoutProof)).toBe('bad_proof');
    expect(await codeFor(await w.headers({ wptClaims: { ath: 'AAAA' } }))).toBe('bad_proof');
    expect(await codeFor(await w.headers({ wptClaims: { wth: 'AAAA' } }))).toBe('bad_proof');
    expect(await codeFor(await w.headers({ wptClaims: { exp: NOW_SEC + 3600 } }))).toBe('bad_proof');
    expect((await buildIdentity(headers, w.options())).ok).toBe(true);
    expect(await codeFor(headers)).toBe('bad_proof');
  });

  it('a WIT must come from the trust domain issuer, and its proof from the workload key', async () => {
    const rogueIssuer = await signingKey('ES256', w.witIssuer.kid);
    const token = await sign(w.auth, delegationClaims());
    const forged = await wit(rogueIssuer, w.planner);
    expect(await codeFor({ authorization: `Bearer ${token}`, 'workload-identity-token': forged, 'workload-proof-token': await wpt(w.planner, forged, token) })).toBe('bad_signature');
    const genuine = await wit(w.witIssuer, w.planner);
    const thief = await agent(PLANNER);
    expect(await codeFor({ authorization: `Bearer ${token}`, 'workload-identity-token': genuine, 'workload-proof-token': await wpt(thief, genuine, token) })).toBe('bad_signature');
    const expiredWit = await wit(w.witIssuer, w.planner, { exp: NOW_SEC - 600 });
    expect(await codeFor({ authorization: `Bearer ${token}`, 'workload-identity-token': expiredWit, 'workload-proof-token': await wpt(w.planner, expiredWit, token) })).toBe('expired');
  });

  it('revoked: the token id, the current actor, or a prior actor', async () => {
    const revocations = revocationList({ jti: ['dlg-revoked'], agents: [ORCHESTRATOR] });
    expect(await codeFor(await w.headers({ claims: { jti: 'dlg-revoked', act: { sub: PLANNER, role: 'planner' } } }), { revocations })).toBe('revoked');
    expect(await codeFor(await w.headers(), { revocations })).toBe('revoked');
    const ok = await buildIdentity(await w.headers({ claims: { act: { sub: PLANNER, role: 'planner' } } }), w.options({ revocations }));
    expect(ok.ok).toBe(true);
  });

  it('schema: an identity the schema refuses is refused', async () => {
    expect(await codeFor(await w.headers(), { request: { method: 'BREW', route: '/v1/chat/completions' } })).toBe('schema');
    expect(await codeFor({ ...(await w.headers()), 'policy-context': JSON.stringify({ classification: 'public', role: 'admin' }) })).toBe('schema');
    expect(await codeFor(await w.headers({ claims: { tenant: 'ACME Corp' } }))).toBe('schema');
  });

  it('internal_error: an options mistake refuses instead of allowing', async () => {
    const result = await buildIdentity(await w.headers(), w.options({ delegation: { keys: jwksSource(jwks(w.auth)), issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] } }));
    expect(refused(result)).toMatchObject({ status: 401, code: 'internal_error' });
  });
});

describe('garbage in', () => {
  it('random header values are refused with a reason code, never thrown or allowed', async () => {
    const genuine = await w.headers();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'ab.-_=/+ {}":,\\x00\u00e9AZ09';
    const noise = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const mutate = (value: string) => {
      const at = Math.floor(random() * value.length);
      return value.slice(0, at) + noise(1 + Math.floor(random() * 4)) + value.slice(at + 1);
    };
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const headers: Record<string, string> = { ...genuine };
      const name = (['authorization', 'workload-identity-token', 'workload-proof-token', 'policy-context'] as const)[i % 4];
      headers[name] = i % 8 < 4 ? mutate(headers[name] ?? '{}') : noise(1 + Math.floor(random() * 64));
      const result = await buildIdentity(headers, w.options({ schema }));
      expect(result.ok).toBe(false);
      if (!result.ok) codes.add(result.code);
    }
    expect(codes.has('internal_error')).toBe(false);
    expect(codes.size).toBeGreaterThan(2);
  });
});

describe('transaction tokens', () => {
  it('a verified Txn-Token names the transaction and its tctx wins over the header', async () => {
    const tts = await signingKey('ES256', 'tts-1');
    const txn = { keys: jwksSource(jwks(tts)), audience: 'acme.example' };
    const token = await sign(tts, { aud: 'acme.example', iat: NOW_SEC, exp: NOW_SEC + 60, sub: 'alice', txn: 'txn-42', tctx: { classification: 'confidential' } }, { typ: 'txntoken+jwt' });
    const headers = { ...(await w.headers()), 'txn-token': token, 'policy-context': JSON.stringify({ classification: 'public' }) };
    const result = await buildIdentity(headers, w.options({ schema, txn }));
    expect(result.ok && [result.identity.txn, result.identity.context]).toEqual([{ id: 'txn-42', source: 'txn-token' }, { classification: 'confidential', source: 'txn-token' }]);

    const bob = await sign(tts, { aud: 'acme.example', iat: NOW_SEC, exp: NOW_SEC + 60, sub: 'bob', txn: 'txn-43' }, { typ: 'txntoken+jwt' });
    expect(await codeFor({ ...(await w.headers()), 'txn-token': bob }, { txn })).toBe('subject_mismatch');
    expect(await codeFor(await w.headers(), { txn: { ...txn, required: true } })).toBe('missing_identity');
  });
});
