// Policy context: what the application says about the request (the highest
// data classification in it, a purpose, labels). It comes from the
// Policy-Context header (a JSON object), or from the tctx claim of a verified
// transaction token, which wins because it is signed. With neither, the
// classification is `restricted`, the strictest, so silence never loosens a
// policy.

import { IdentityError } from './errors.js';
import { singleHeader, type HeaderBag } from './headers.js';
import { CLASSIFICATIONS, type Classification, type PolicyContext } from './types.js';

export const POLICY_CONTEXT_HEADER = 'policy-context';
const MAX_HEADER_BYTES = 4096;

/** The context from the Policy-Context header, or undefined when absent. */
export function contextFromHeader(headers: HeaderBag): Record<string, unknown> | undefined {
  const raw = singleHeader(headers, POLICY_CONTEXT_HEADER);
  if (raw === undefined) return undefined;
  if (raw.length > MAX_HEADER_BYTES) throw new IdentityError('malformed', `Policy-Context header is longer than ${MAX_HEADER_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new IdentityError('malformed', 'Policy-Context header is not JSON');
  }
  if (!isObject(value)) throw new IdentityError('malformed', 'Policy-Context header must be a JSON object');
  return value;
}

/** Merge header context and signed transaction context (the latter wins), defaulting the classification. */
export function buildContext(
  fromHeader: Record<string, unknown> | undefined,
  fromTxn: Record<string, unknown> | undefined,
  defaultClassification: Classification,
): PolicyContext {
  const merged: Record<string, unknown> = { ...fromHeader, ...fromTxn };
  const source = fromTxn ? 'txn-token' : fromHeader ? 'header' : 'default';
  if (merged.classification === undefined) merged.classification = defaultClassification;
  if (!CLASSIFICATIONS.includes(merged.classification as Classification)) {
    throw new IdentityError('malformed', `policy context classification must be one of ${CLASSIFICATIONS.join(', ')}`);
  }
  // Other fields are checked against the identity schema with everything else.
  return { ...merged, source } as PolicyContext;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
