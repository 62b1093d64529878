// One authorisation, shared by the middleware and `policy serve`: request
// line → request object; headers → verified identity object; identity →
// enforcer decision. The answer is an Outcome with the HTTP status the
// gateway gives (200 allow, 401 no or invalid identity, 403 denied or
// malformed request, 500 gateway failure) and never an exception: anything
// unexpected is a refusal.
//
// The enforcer audits every decision it makes. Requests refused before the
// policy runs (bad identity, malformed request, internal error) are recorded
// here, in the same sink and the same record shape, with reasons prefixed by
// what refused them: `identity: expired: …`, `request: …`, `gateway: …`.

import { randomUUID } from 'node:crypto';
import type { AuditSink } from '../audit.js';
import type { Enforcer } from '../enforcer.js';
import { buildIdentity, checkIdentityOptions, type IdentityOptions } from '../identity/build.js';
import type { HeaderBag } from '../identity/headers.js';
import type { IdentityObject, RequestInfo } from '../identity/types.js';
import { describeRequest, RequestShapeError, RouteTable } from './request-info.js';

export interface GatewayOptions {
  enforcer: Enforcer;
  /** How identities are verified (keys, issuer, audience, workload proof, revocations, schema); the request part is filled per request. */
  identity: Omit<IdentityOptions, 'request'>;
  /** Route templates, e.g. the keys of the policy's route table; a path none matches goes to the policy as its own route. */
  routes?: RouteTable | Iterable<string>;
  /**
   * Where refusals made before the policy runs are recorded: pass the sink
   * given to the enforcer, so every request has exactly one audit record.
   */
  audit?: AuditSink;
  /** Give up on one authorisation after this long (key or revocation-list fetches included); default 10 s. */
  timeoutMs?: number;
  /** Called when a refusal cannot be audited (the request is refused anyway). */
  onAuditError?: (e: unknown) => void;
}

export interface AuthorizeRequest {
  method: string;
  /** Path and query as the client sent them. */
  target: string;
  headers: HeaderBag;
  /** The model the request names (from its JSON body, or a header the proxy vouches for). */
  model?: string;
  /**
   * Facts the gateway knows about the addressed resource, e.g. the `tenant`
   * owning a file: an object, or a lookup given the described request. They
   * override what the path says.
   */
  resource?: ResourceFacts | ((request: RequestInfo) => ResourceFacts | undefined | Promise<ResourceFacts | undefined>);
}

export type ResourceFacts = Partial<Pick<RequestInfo, 'tenant' | 'model' | 'tool'>>;

export type RefusalCode = 'denied' | 'malformed_request' | 'internal_error' | string;

export interface Outcome {
  status: 200 | 401 | 403 | 500;
  allow: boolean;
  decisionId: string;
  /** 401: the identity reason code; 403: `denied` (policy) or `malformed_request`; 500: `internal_error`. */
  code?: RefusalCode;
  message?: string;
  /** The policy's reasons on a decision, or the one prefixed refusal reason. */
  reasons: string[];
  policy?: { revision?: string; digest: string };
  identity?: IdentityObject;
  request?: RequestInfo;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class Authorizer {
  readonly routes: RouteTable;
  private readonly timeoutMs: number;

  constructor(private readonly opts: GatewayOptions) {
    if (!opts.enforcer || typeof opts.enforcer.decide !== 'function') throw new Error('gateway: an enforcer is required');
    checkIdentityOptions(opts.identity);
    this.routes = opts.routes instanceof RouteTable ? opts.routes : new RouteTable(opts.routes ?? []);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Decide one request. Never throws, never allows on error. */
  async authorize(req: AuthorizeRequest): Promise<Outcome> {
    let request: RequestInfo | undefined;
    try {
      try {
        request = describeRequest({ method: req.method, target: req.target, model: req.model }, this.routes);
      } catch (e) {
        if (e instanceof RequestShapeError) return this.refuse(403, e.code, e.message, 'request', undefined, rawRequest(req));
        throw e;
      }
      const facts = typeof req.resource === 'function' ? await req.resource(request) : req.resource;
      request = { ...request, ...definedOnly(facts) };
      const built = await withTimeout(buildIdentity(req.headers, { ...this.opts.identity, request }), this.timeoutMs);
      if (!built.ok) return this.refuse(401, built.code, built.message, 'identity', request);
      const d = this.opts.enforcer.decide(built.identity);
      return d.allow
        ? { status: 200, allow: true, decisionId: d.decisionId, reasons: d.reasons, policy: d.policy, identity: built.identity, request }
        : { status: 403, allow: false, code: 'denied', message: 'denied by policy', decisionId: d.decisionId, reasons: d.reasons, policy: d.policy, identity: built.identity, request };
    } catch (e) {
      return this.refuse(500, 'internal_error', e instanceof Error ? e.message : String(e), 'gateway', request);
    }
  }

  /** A refusal made before (or instead of) a policy decision, audited like one (also for callers that refuse a request themselves). */
  refuse(status: 401 | 403 | 500, code: string, message: string, stage: 'identity' | 'request' | 'gateway', request: RequestInfo | undefined, raw?: { method: string; target: string }): Outcome {
    const decisionId = randomUUID();
    const reasons = [stage === 'identity' ? `identity: ${code}: ${message}` : `${stage}: ${message}`];
    let policy: Outcome['policy'];
    try {
      const s = this.opts.enforcer.status();
      policy = { revision: s.revision, digest: s.digest };
    } catch {
      policy = undefined;
    }
    const audit = this.opts.audit;
    if (audit) {
      try {
        audit.write({
          kind: 'decision',
          decisionId,
          time: new Date().toISOString(),
          identity: null,
          // A request too malformed to describe is recorded as sent (bounded).
          request: request ?? raw,
          result: { allow: false },
          reasons,
          policy: policy ?? { digest: '' },
        });
      } catch (e) {
        this.opts.onAuditError?.(e);
      }
    }
    return { status, allow: false, code, message, decisionId, reasons, policy, request };
  }
}

/** The request line as sent, bounded, for the audit record of a request that could not be described. */
export function rawRequest(req: { method?: string; target?: string }): { method: string; target: string } {
  return { method: String(req.method ?? '').slice(0, 16), target: String(req.target ?? '').slice(0, 2048) };
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`authorisation took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
