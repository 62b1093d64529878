// Reason codes for identity failures. Every way a request's identity can be
// refused has its own code, so the gateway's 401 answer, the audit record and
// the tests all name the same cause.

export const REASON_CODES = [
  /** No delegation token, or no workload identity, on the request. */
  'missing_identity',
  /** A header or token that does not parse: not a JWT, bad JSON, duplicated header, wrong claim types. */
  'malformed',
  /** The token's algorithm is not on the allow-list (alg "none", HMAC where keys are asymmetric, …). */
  'alg_not_allowed',
  /** No key in the JWKS has the token's kid, even after a refresh. */
  'unknown_key',
  /** The JWKS could not be loaded at all, or is older than allowed. */
  'keys_unavailable',
  /** The signature does not verify against the key. */
  'bad_signature',
  /** exp is in the past (beyond the clock skew). */
  'expired',
  /** nbf or iat is in the future (beyond the clock skew). */
  'not_yet_valid',
  /** exp − iat exceeds the configured maximum lifetime. */
  'lifetime_too_long',
  /** iss is not an accepted issuer. */
  'wrong_issuer',
  /** aud does not name this gateway. */
  'wrong_audience',
  /** A required claim (sub, jti, exp, iat, tenant, act, act.role …) is absent. */
  'missing_claim',
  /** The token has no act claim: nobody is acting for the user, so no agent is identified. */
  'missing_actor',
  /** The agent's workload identity is not the delegation's current actor. */
  'actor_mismatch',
  /** The transaction token's sub is not the delegating user. */
  'subject_mismatch',
  /** The token's may_act claim does not permit the current actor. */
  'actor_not_permitted',
  /** The workload identity is not a valid SPIFFE ID. */
  'invalid_workload_id',
  /** The workload proof token does not bind the request (wrong wth/ath/aud, replayed jti). */
  'bad_proof',
  /** The token id or one of the agents in the chain is on the revocation list. */
  'revoked',
  /** The revocation list could not be loaded, or is older than allowed. */
  'revocation_unavailable',
  /** The built identity object does not validate against the identity schema. */
  'schema',
  /** The identity builder itself failed (bad configuration, a bug): refused, never allowed. */
  'internal_error',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** A refusal with its reason code; the builder turns it into a 401 answer. */
export class IdentityError extends Error {
  constructor(
    readonly code: ReasonCode,
    message: string,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}
