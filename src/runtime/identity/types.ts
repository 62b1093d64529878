// The identity object the policy sees (policies/gateway/identity.schema.json,
// $id https://agent-policy.dev/schemas/identity/v1). Times are seconds since
// the Unix epoch, like JWT NumericDates.

export const IDENTITY_SCHEMA_ID = 'https://agent-policy.dev/schemas/identity/v1';

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface Actor {
  sub: string;
  iss?: string;
}

export interface RequestInfo {
  method: string;
  /** The route template the gateway's router matched, e.g. /v1/files/{file_id}. */
  route: string;
  path?: string;
  model?: string;
  tool?: string;
  /** The tenant owning the addressed resource, when the gateway knows it. */
  tenant?: string;
}

export interface PolicyContext {
  classification: Classification;
  purpose?: string;
  labels?: Record<string, string>;
  source?: 'header' | 'txn-token' | 'default';
}

export interface IdentityObject {
  version: 'v1';
  user: { sub: string; iss: string; tenant: string };
  agent: { id: string; trust_domain: string; role: string; proof: 'wit' | 'forwarded' };
  delegation: {
    jti: string;
    iat: number;
    exp: number;
    client_id?: string;
    scopes: string[];
    /** The act chain, current actor first. */
    actors: Actor[];
  };
  context: PolicyContext;
  request: RequestInfo;
  txn: { id: string; source: 'txn-token' | 'gateway' };
  time: { now: number };
}
