// Transaction tokens (draft-ietf-oauth-transaction-tokens): a Txn-Token
// header carrying a JWT (typ txntoken+jwt) from the trust domain's
// transaction token service. When configured and present, its `txn` becomes
// the identity's transaction id and its `tctx` the policy context. Its `sub`
// must be the delegating user. Without one, the gateway names the
// transaction itself.

import { randomUUID } from 'node:crypto';
import { IdentityError } from './errors.js';
import { singleHeader, type HeaderBag } from './headers.js';
import { DEFAULT_ALGORITHMS, checkAlgorithmList, issuerKeys, verifyToken, type TokenKeys } from './jwt.js';
import { isObject } from './context.js';
import type { IdentityObject } from './types.js';

export interface TxnTokenOptions {
  keys: TokenKeys;
  /** The trust domain, the audience of transaction tokens. */
  audience: string | string[];
  issuer?: string | string[];
  algorithms?: string[];
  /** Refuse requests without a Txn-Token (default false: the gateway then names the transaction). */
  required?: boolean;
}

export interface TxnResult {
  txn: IdentityObject['txn'];
  /** The verified tctx claim, when the token had one. */
  context?: Record<string, unknown>;
}

export function checkTxnOptions(opts: TxnTokenOptions): void {
  checkAlgorithmList(opts.algorithms ?? DEFAULT_ALGORITHMS, 'txn');
}

export async function verifyTxnToken(
  headers: HeaderBag,
  opts: TxnTokenOptions | undefined,
  ctx: { userSub: string; nowMs: number; clockToleranceSec: number; newTxnId: () => string },
): Promise<TxnResult> {
  const token = opts ? singleHeader(headers, 'txn-token') : undefined;
  if (!opts || token === undefined) {
    if (opts?.required) throw new IdentityError('missing_identity', 'no transaction token (header Txn-Token)');
    return { txn: { id: ctx.newTxnId(), source: 'gateway' } };
  }
  const { payload } = await verifyToken(token, {
    label: 'transaction token',
    ...issuerKeys(opts),
    issuer: opts.issuer,
    audience: opts.audience,
    typ: 'txntoken+jwt',
    requiredClaims: ['iat', 'txn', 'sub'],
    clockToleranceSec: ctx.clockToleranceSec,
    nowMs: ctx.nowMs,
  });
  if (typeof payload.txn !== 'string' || payload.txn === '') throw new IdentityError('malformed', 'transaction token txn must be a non-empty string');
  if (payload.sub !== ctx.userSub) throw new IdentityError('subject_mismatch', 'transaction token sub is not the delegating user');
  if (payload.tctx !== undefined && !isObject(payload.tctx)) throw new IdentityError('malformed', 'transaction token tctx must be an object');
  return { txn: { id: payload.txn, source: 'txn-token' }, context: payload.tctx as Record<string, unknown> | undefined };
}

export const defaultTxnId = (): string => randomUUID();
