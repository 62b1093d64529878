// Identity for the AI gateway: verified user + agent + delegation → the
// identity object policies decide on. Importable without the compiler.

export { buildIdentity, checkIdentityOptions, type IdentityOptions, type IdentityResult } from './build.js';
export { REASON_CODES, IdentityError, type ReasonCode } from './errors.js';
export { JwksSource, jwksSource, type JwksSourceOptions } from './jwks.js';
export { RevocationList, revocationList, type RevocationDocument, type RevocationListOptions } from './revocation.js';
export { parseSpiffeId, type SpiffeId } from './spiffe.js';
export { schemaProblem, schemaValidator } from './schema.js';
export { ReplayCache, type WorkloadOptions, type WitOptions, type ForwardedOptions } from './workload.js';
export type { DelegationOptions } from './delegation.js';
export type { TxnTokenOptions } from './txn-token.js';
export { IDENTITY_SCHEMA_ID, CLASSIFICATIONS, type Classification, type IdentityObject, type RequestInfo, type PolicyContext, type Actor } from './types.js';
