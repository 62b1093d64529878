// One authorisation, shared by the middleware and `policy serve`: request
// line → request object; headers → verified identity object; identity →
// enforcer decision. The answer is an Outcome with the HTTP status the
// gateway gives (200 allow, 401 no or invalid identity, 403 denied or
// malformed request, 500 gateway failure) and never an exception: anything
// unexpected is a refusal.
//
// The enforcer audits every decision it makes, and requests refused before
// the policy runs (bad identity, malformed request, internal error) through
// `enforcer.refuse()`: the same sink and record shape, with reasons prefixed
// by what refused them (`identity: expired: …`, `request: …`, `gateway: …`).
// Nothing here can forget to audit, or audit to another sink.
//
// Route templates are a fixed list, or (`routeTable`) the keys of an object in
// the enforcer's bundle data, re-read whenever the enforcer swaps in a new
// bundle.

import type { Decision, Enforcer } from '../enforcer.js';
import { buildIdentity, checkIdentityOptions, type IdentityOptions } from '../identity/build.js';
import type { HeaderBag } from '../identity/headers.js';
import type { IdentityObject, RequestInfo } from '../identity/types.js';
import { describeRequest, RequestShapeError, RouteTable } from './request-info.js';

export interface GatewayOptions {
  enforcer: Enforcer;
  /** How identities are verified (keys, issuer, audience, workload proof, revocations, schema); the request part is filled per request. */
  identity: Omit<IdentityOptions, 'request'>;
  /** Route templates, fixed; a path none matches goes to the policy as its own route. */
  routes?: RouteTable | Iterable<string>;
  /**
   * Instead of `routes`: a dotted path into the bundle's data (e.g.
   * `gateway.route_table`) whose keys are the route templates, followed
   * across hot reloads. Pair it with `enforcer` option
   * `checkBundle: requireRouteTable(path)` so a bundle without it is refused.
   */
  routeTable?: string;
  /** Give up on one authorisation after this long (key or revocation-list fetches included); default 10 s. */
  timeoutMs?: number;
  /** Called when a decision or refusal cannot be audited (the request is refused anyway). */
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
  private readonly fixedRoutes: RouteTable | undefined;
  /** Route templates read from the bundle's data, with the bundle they came from. */
  private dataRoutes: { policy: object; table: RouteTable } | undefined;
  private readonly timeoutMs: number;

  constructor(private readonly opts: GatewayOptions) {
    if (!opts.enforcer || typeof opts.enforcer.decide !== 'function' || typeof opts.enforcer.refuse !== 'function') throw new Error('gateway: an enforcer is required');
    checkIdentityOptions(opts.identity);
    if (opts.routeTable !== undefined && opts.routes !== undefined) throw new Error('gateway: pass routes or routeTable, not both');
    this.fixedRoutes = opts.routeTable !== undefined ? undefined : opts.routes instanceof RouteTable ? opts.routes : new RouteTable(opts.routes ?? []);
    if (opts.routeTable !== undefined) void this.routes; // a missing or bad route table fails here, at startup
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The route templates in force: fixed, or those of the enforcer's running bundle. */
  get routes(): RouteTable {
    if (this.fixedRoutes) return this.fixedRoutes;
    const policy = this.opts.enforcer.policy; // a new object per bundle
    if (this.dataRoutes?.policy !== policy) {
      this.dataRoutes = { policy, table: new RouteTable(routeTemplates(this.opts.enforcer.bundleData(), this.opts.routeTable!)) };
    }
    return this.dataRoutes.table;
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
      const d = this.noticed(this.opts.enforcer.decide(built.identity));
      return d.allow
        ? { status: 200, allow: true, decisionId: d.decisionId, reasons: d.reasons, policy: d.policy, identity: built.identity, request }
        : { status: 403, allow: false, code: 'denied', message: 'denied by policy', decisionId: d.decisionId, reasons: d.reasons, policy: d.policy, identity: built.identity, request };
    } catch (e) {
      return this.refuse(500, 'internal_error', e instanceof Error ? e.message : String(e), 'gateway', request);
    }
  }

  /**
   * A refusal made before (or instead of) a policy decision, recorded by the
   * enforcer like one (also for callers that refuse a request themselves).
   */
  refuse(status: 401 | 403 | 500, code: string, message: string, stage: 'identity' | 'request' | 'gateway', request: RequestInfo | undefined, raw?: { method: string; target: string }): Outcome {
    // A request too malformed to describe is recorded as sent (bounded).
    const d = this.noticed(this.opts.enforcer.refuse(code, { stage, message, request: request ?? raw }));
    return { status, allow: false, code, message, decisionId: d.decisionId, reasons: d.reasons, policy: d.policy, request };
  }

  private noticed(d: Decision): Decision {
    if (d.auditError !== undefined) {
      try {
        this.opts.onAuditError?.(new Error(d.auditError));
      } catch {
        // observers change nothing
      }
    }
    return d;
  }
}

/** The keys of the object at a dotted path of bundle data: the route templates. Throws when there is none. */
export function routeTemplates(data: unknown, path: string): string[] {
  let node = data;
  for (const key of path.split('.').filter(Boolean)) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) node = undefined;
    else node = Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new Error(`the bundle has no route table at data.${path}`);
  const templates = Object.keys(node);
  new RouteTable(templates); // every key must be a valid template
  return templates;
}

/** An enforcer `checkBundle` that refuses bundles without a usable route table at `path`. */
export function requireRouteTable(path: string): (bundle: { data: unknown }) => void {
  return (bundle) => {
    routeTemplates(bundle.data, path);
  };
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
