// The gateway as Node middleware, for Express-style apps and plain
// node:http servers alike:
//
//   const gate = createMiddleware({ enforcer, identity, routes });   // or routeTable: 'gateway.route_table'
//   app.use(gate);                                        // Express: (req, res, next)
//   http.createServer(gate.wrap((req, res) => …));        // plain http: runs the handler only when allowed
//   if (await gate.handle(req, res)) { … }                // or decide by hand
//
// An allowed request reaches the handler with `req.identity` and
// `req.decision` set and an X-Decision-Id response header. Everything else is
// answered here: 401 (no or invalid identity, `{ error: <reason code> }`),
// 403 (denied by policy, `{ error: "denied", reasons }`, or a malformed
// request), 500 (the gateway failed); never passed on.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { IdentityObject, RequestInfo } from '../identity/types.js';
import { decisionHeaders, refusalBody } from './answer.js';
import { Authorizer, rawRequest, type GatewayOptions, type Outcome, type ResourceFacts } from './authorize.js';

export interface MiddlewareOptions extends GatewayOptions {
  /** Called once per request with its outcome (logging, metrics); its errors are ignored. */
  onDecision?: (outcome: Outcome, req: IncomingMessage) => void;
  /** Look up facts about the addressed resource (e.g. the tenant owning a file). */
  resource?: (request: RequestInfo, req: IncomingMessage) => ResourceFacts | undefined | Promise<ResourceFacts | undefined>;
  /**
   * Read JSON request bodies that no body parser has read yet (so the
   * policy sees the model they name), up to maxBytes (default 1 MiB); the
   * parsed body is left on `req.body`. `false`: only use an existing `req.body`.
   */
  body?: { maxBytes?: number } | false;
}

/** What an allowed request carries on to the handler. */
export interface GatewayRequest extends IncomingMessage {
  identity?: IdentityObject;
  decision?: { decisionId: string; reasons: string[]; policy?: { revision?: string; digest: string } };
  body?: unknown;
}

export interface Middleware {
  (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void;
  /** Decide, answer refusals; true when the request is allowed and the caller should serve it. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** A request listener that runs `handler` only for allowed requests. */
  wrap(handler: RequestListener): RequestListener;
  readonly authorizer: Authorizer;
}

const DEFAULT_MAX_BODY = 1 << 20;

export function createMiddleware(opts: MiddlewareOptions): Middleware {
  const authorizer = new Authorizer(opts);
  const maxBody = opts.body === false ? 0 : (opts.body?.maxBytes ?? DEFAULT_MAX_BODY);

  async function decide(req: GatewayRequest): Promise<Outcome> {
    let model: string | undefined;
    try {
      model = await requestModel(req, maxBody);
    } catch (e) {
      return authorizer.refuse(403, 'malformed_request', (e as Error).message, 'request', undefined, rawRequest({ method: req.method, target: req.url }));
    }
    return authorizer.authorize({
      method: req.method ?? '',
      target: (req as { originalUrl?: string }).originalUrl ?? req.url ?? '',
      headers: req.headersDistinct ?? req.headers,
      model,
      resource: opts.resource ? (request) => opts.resource!(request, req) : undefined,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let outcome: Outcome;
    try {
      outcome = await decide(req as GatewayRequest);
    } catch (e) {
      // decide() does not throw; this is the last line of failing closed.
      outcome = { status: 500, allow: false, code: 'internal_error', message: (e as Error)?.message ?? String(e), decisionId: '', reasons: [] };
    }
    try {
      opts.onDecision?.(outcome, req);
    } catch {
      // An observer's failure changes nothing.
    }
    if (outcome.allow) {
      const r = req as GatewayRequest;
      r.identity = outcome.identity;
      r.decision = { decisionId: outcome.decisionId, reasons: outcome.reasons, policy: outcome.policy };
      if (!res.headersSent) res.setHeader('X-Decision-Id', outcome.decisionId);
      return true;
    }
    refuse(res, outcome);
    return false;
  }

  const middleware = ((req, res, next) => {
    void handle(req, res)
      .then((allowed) => {
        if (allowed) next();
      })
      .catch((e: unknown) => handlerFailed(res, e));
  }) as Middleware;
  middleware.handle = handle;
  middleware.wrap = (handler) => (req, res) => {
    void handle(req, res)
      .then((allowed) => {
        if (allowed) handler(req, res);
      })
      .catch((e: unknown) => handlerFailed(res, e));
  };
  Object.defineProperty(middleware, 'authorizer', { value: authorizer });
  return middleware;
}

/** The application's handler threw after an allow: answer 500 (or cut the response) instead of crashing the process. */
function handlerFailed(res: ServerResponse, e: unknown): void {
  process.emitWarning(`gateway: request handler failed: ${e instanceof Error ? e.message : String(e)}`);
  refuse(res, { status: 500, allow: false, code: 'internal_error', message: 'request handler failed', decisionId: '', reasons: [] });
}

function refuse(res: ServerResponse, outcome: Outcome): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = refusalBody(outcome);
  res.writeHead(outcome.status, { ...decisionHeaders(outcome), 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** The model a request names: `model` of its JSON body (read here when no parser has). */
async function requestModel(req: GatewayRequest, maxBytes: number): Promise<string | undefined> {
  if (req.body === undefined && maxBytes > 0 && hasJsonBody(req)) req.body = await readJsonBody(req, maxBytes);
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const model = (body as { model?: unknown }).model;
  if (model === undefined) return undefined;
  if (typeof model !== 'string') throw new Error('body field model must be a string');
  return model;
}

function hasJsonBody(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  return hasBody && /^application\/([a-z0-9.+-]*\+)?json\b/i.test(type);
}

function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      reject(new Error(`request body is larger than ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (e: Error) => {
      req.removeAllListeners('data');
      reject(e);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(new Error(`request body is larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    req.on('error', fail);
    req.on('end', () => {
      if (size > maxBytes) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new Error('request body is not JSON'));
      }
    });
  });
}
