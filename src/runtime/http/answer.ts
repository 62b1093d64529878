// How an Outcome is told over HTTP: decision headers on every answer, and a
// small JSON body on refusals. Header values are reduced to printable ASCII
// and bounded, since reasons can carry messages built from request data.

import type { Outcome } from './authorize.js';

export const DECISION_ID_HEADER = 'X-Decision-Id';
export const DECISION_REASON_HEADER = 'X-Decision-Reason';
export const POLICY_REVISION_HEADER = 'X-Policy-Revision';

const MAX_HEADER_VALUE = 1024;

/**
 * The decision headers. X-Decision-Reason holds machine-readable codes: the
 * identity reason code on 401, the policy's reasons (comma-separated) on a
 * denial, `malformed_request` / `internal_error` otherwise; absent on allow.
 */
export function decisionHeaders(o: Outcome): Record<string, string> {
  const headers: Record<string, string> = { [DECISION_ID_HEADER]: o.decisionId };
  const reason = reasonCodes(o);
  if (reason) headers[DECISION_REASON_HEADER] = headerValue(reason);
  if (o.policy?.revision) headers[POLICY_REVISION_HEADER] = headerValue(o.policy.revision);
  return headers;
}

/** The short codes for an outcome (what X-Decision-Reason carries). */
export function reasonCodes(o: Outcome): string {
  if (o.allow) return '';
  if (o.code === 'denied') return o.reasons.length > 0 ? o.reasons.join(',') : 'denied';
  return o.code ?? 'denied';
}

/** The JSON body of a refusal: `{ error, message, reasons?, decision_id }`. */
export function refusalBody(o: Outcome): string {
  const body: Record<string, unknown> = { error: o.code ?? 'denied', message: o.message ?? 'denied', decision_id: o.decisionId };
  if (o.code === 'denied') body.reasons = o.reasons;
  return JSON.stringify(body);
}

export function headerValue(s: string): string {
  const clean = s.replace(/[^\x20-\x7E]/g, '?');
  return clean.length > MAX_HEADER_VALUE ? `${clean.slice(0, MAX_HEADER_VALUE - 3)}...` : clean;
}
