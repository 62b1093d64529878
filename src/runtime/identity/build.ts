// buildIdentity: from a request's headers to the identity object the policy
// sees, or a 401 answer with the reason code of the first check that failed.
//
// Headers read (see README.md in this folder):
//   Authorization: Bearer <delegation JWT>        required
//   Workload-Identity-Token + Workload-Proof-Token (proof "wit") or
//   Workload-Identity: spiffe://…                 (proof "forwarded", set by the proxy)
//   Txn-Token: <transaction JWT>                  optional, when configured
//   Policy-Context: {"classification": …}         optional
//
// Every identity fact comes from a verified signature; the workload identity
// must be the delegation's current actor. Nothing the agent process merely
// asserts (an unsigned header, a static API key) identifies anybody.

import { buildContext, contextFromHeader } from './context.js';
import { checkDelegationOptions, verifyDelegation, type DelegationOptions } from './delegation.js';
import { IdentityError, type ReasonCode } from './errors.js';
import type { HeaderBag } from './headers.js';
import type { RevocationList } from './revocation.js';
import { schemaProblem } from './schema.js';
import { checkTxnOptions, defaultTxnId, verifyTxnToken, type TxnTokenOptions } from './txn-token.js';
import type { Classification, IdentityObject, RequestInfo } from './types.js';
import { checkWorkloadOptions, verifyWorkload, type WorkloadOptions } from './workload.js';

export interface IdentityOptions {
  delegation: DelegationOptions;
  workload: WorkloadOptions;
  txn?: TxnTokenOptions;
  /** Revoked token ids and agent ids; loaded on first use and reloaded on its interval. */
  revocations?: RevocationList;
  /** The identity JSON Schema (e.g. the bundle's identity.schema.json); the built object must validate. */
  schema?: object;
  /** The call being authorised, as the gateway's router matched it. */
  request: RequestInfo;
  /** Classification when the request says none; default `restricted`. */
  defaultClassification?: Classification;
  /** Clock in milliseconds (tests). */
  now?: () => number;
  /** Transaction id when no transaction token names one. */
  newTxnId?: () => string;
}

export type IdentityResult =
  | { ok: true; identity: IdentityObject }
  | { ok: false; status: 401; code: ReasonCode; message: string };

/** Validate options up front (at startup); buildIdentity also does, answering internal_error. */
export function checkIdentityOptions(opts: Omit<IdentityOptions, 'request'>): void {
  if (!opts.delegation) throw new Error('identity: delegation options are required');
  if (!opts.workload) throw new Error('identity: workload options are required');
  checkDelegationOptions(opts.delegation);
  checkWorkloadOptions(opts.workload);
  if (opts.txn) checkTxnOptions(opts.txn);
}

export async function buildIdentity(headers: HeaderBag, opts: IdentityOptions): Promise<IdentityResult> {
  try {
    return { ok: true, identity: await build(headers, opts) };
  } catch (e) {
    if (e instanceof IdentityError) return { ok: false, status: 401, code: e.code, message: e.message };
    return { ok: false, status: 401, code: 'internal_error', message: `identity: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function build(headers: HeaderBag, opts: IdentityOptions): Promise<IdentityObject> {
  checkIdentityOptions(opts);
  const nowMs = (opts.now ?? Date.now)();
  const clockToleranceSec = opts.delegation.clockToleranceSec ?? 30;
  const delegation = await verifyDelegation(headers, opts.delegation, nowMs);
  const workload = await verifyWorkload(headers, opts.workload, {
    delegationToken: delegation.token,
    nowMs,
    clockToleranceSec,
    delegationAudience: opts.delegation.audience,
  });
  const currentActor = delegation.delegation.actors[0];
  if (workload.spiffe.id !== currentActor.sub) {
    throw new IdentityError('actor_mismatch', `workload ${workload.spiffe.id} is not the delegation's current actor ${currentActor.sub}`);
  }
  if (opts.revocations) {
    await opts.revocations.ready();
    opts.revocations.check(delegation.delegation.jti, delegation.delegation.actors.map((a) => a.sub));
  }
  const txn = await verifyTxnToken(headers, opts.txn, {
    userSub: delegation.user.sub,
    nowMs,
    clockToleranceSec,
    newTxnId: opts.newTxnId ?? defaultTxnId,
  });
  const identity: IdentityObject = {
    version: 'v1',
    user: delegation.user,
    agent: { id: workload.spiffe.id, trust_domain: workload.spiffe.trustDomain, role: delegation.role, proof: workload.proof },
    delegation: delegation.delegation,
    context: buildContext(contextFromHeader(headers), txn.context, opts.defaultClassification ?? 'restricted'),
    request: withoutUndefined(opts.request),
    txn: txn.txn,
    time: { now: Math.floor(nowMs / 1000) },
  };
  if (opts.schema) {
    const problem = schemaProblem(opts.schema, identity);
    if (problem) throw new IdentityError('schema', `identity object does not match the schema: ${problem}`);
  }
  return identity;
}

/** Callers often pass `{ model: body.model }` with nothing there: absent, not an invalid undefined. */
function withoutUndefined(request: RequestInfo): RequestInfo {
  return Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as unknown as RequestInfo;
}
