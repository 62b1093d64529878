// The authorisation server behind `policy serve`, for proxies that ask
// before they forward:
//
// - nginx `auth_request`: any path; the original request line arrives in
//   X-Original-Method and X-Original-URI (set by the proxy with
//   proxy_set_header, which replaces client-sent values), the client's
//   headers (Authorization, Workload-*) come along unchanged.
// - Envoy HTTP `ext_authz`: the check request keeps the original method and
//   headers and has the original path under a prefix (default /ext_authz);
//   a body is forwarded when Envoy is configured `with_request_body`.
// - `GET /health`: the loaded policy, for probes.
//
// Answers: 200 allow, 401 no or invalid identity, 403 denied or malformed,
// 500 failure; each with X-Decision-Id, X-Decision-Reason and
// X-Policy-Revision. Bodies are bounded, requests time out, and no request,
// however malformed, stops the server.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Enforcer } from '../enforcer.js';
import { singleHeader } from '../identity/headers.js';
import { decisionHeaders, refusalBody } from './answer.js';
import { rawRequest, type Authorizer, type Outcome } from './authorize.js';

export interface AuthzServerOptions {
  authorizer: Authorizer;
  enforcer: Enforcer;
  /** Path prefix of Envoy ext_authz check requests; default /ext_authz. */
  extAuthzPrefix?: string;
  /**
   * Header naming the model when no body is forwarded (nginx cannot forward
   * one to auth_request); default x-model. The upstream must serve that model
   * only (reject a body naming another), or the check says nothing.
   */
  modelHeader?: string;
  /** Largest forwarded body read, in bytes; default 64 KiB. */
  maxBodyBytes?: number;
  /** Called once per check with its outcome. */
  onDecision?: (outcome: Outcome, mode: 'nginx' | 'ext_authz') => void;
}

const DEFAULT_PREFIX = '/ext_authz';
const DEFAULT_MAX_BODY = 64 * 1024;

export function createAuthzServer(opts: AuthzServerOptions): Server {
  const prefix = (opts.extAuthzPrefix ?? DEFAULT_PREFIX).replace(/\/+$/, '');
  if (!prefix.startsWith('/')) throw new Error('ext_authz prefix must start with /');
  const modelHeader = (opts.modelHeader ?? 'x-model').toLowerCase();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;

  const server = createServer({ maxHeaderSize: 32 * 1024 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      // handle() answers everything itself; this is the last line of failing closed.
      send(res, 500, {}, JSON.stringify({ error: 'internal_error', message: e instanceof Error ? e.message : String(e) }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '';
    const headers = req.headersDistinct;
    let mode: 'nginx' | 'ext_authz';
    let method: string | undefined;
    let target: string;
    let shapeProblem: string | undefined;
    const originalUri = safeHeader(headers, 'x-original-uri');
    if (originalUri.value !== undefined || originalUri.problem) {
      mode = 'nginx';
      const originalMethod = safeHeader(headers, 'x-original-method');
      method = originalMethod.value;
      target = originalUri.value ?? '';
      shapeProblem = originalUri.problem ?? originalMethod.problem ?? (method === undefined ? 'X-Original-Method is missing' : undefined);
    } else if (url === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      health(res);
      return;
    } else if (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)) {
      mode = 'ext_authz';
      method = req.method;
      target = url.slice(prefix.length) || '/';
      if (target.startsWith('?')) target = `/${target}`;
    } else {
      req.resume();
      send(res, 404, {}, JSON.stringify({ error: 'not_found', message: `use ${prefix}/… (Envoy ext_authz), X-Original-URI (nginx auth_request) or /health` }));
      return;
    }

    let model: string | undefined;
    if (!shapeProblem) {
      try {
        model = modelOf(await readBody(req, maxBody), req) ?? safeModelHeader(headers, modelHeader);
      } catch (e) {
        shapeProblem = (e as Error).message;
      }
    } else req.resume();

    const outcome = shapeProblem
      ? opts.authorizer.refuse(403, 'malformed_request', shapeProblem, 'request', undefined, rawRequest({ method, target }))
      : await opts.authorizer.authorize({ method: method!, target, headers, model });
    try {
      opts.onDecision?.(outcome, mode);
    } catch {
      // observers change nothing
    }
    send(res, outcome.status, decisionHeaders(outcome), outcome.allow ? '' : refusalBody(outcome));
  }

  function health(res: ServerResponse): void {
    const s = opts.enforcer.status();
    const body = { status: 'ok', revision: s.revision, digest: s.digest, entrypoint: s.entrypoint, loadedAt: s.loadedAt, decisions: s.decisions, reloads: s.reloads, lastError: s.lastError };
    send(res, 200, {}, JSON.stringify(body));
  }

  // Slow or stuck clients: bounded time for headers and for the whole request.
  server.headersTimeout = 5_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable && err.code !== 'ECONNRESET') socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  return server;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const extra: Record<string, string | number> = { 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) };
  if (body) extra['Content-Type'] = 'application/json';
  res.writeHead(status, { ...headers, ...extra });
  res.end(body);
}

type Distinct = NodeJS.Dict<string[]>;

/** A header that must appear at most once, with its problem instead of an exception. */
function safeHeader(headers: Distinct, name: string): { value?: string; problem?: string } {
  try {
    return { value: singleHeader(headers, name) };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

function safeModelHeader(headers: Distinct, name: string): string | undefined {
  const h = safeHeader(headers, name);
  if (h.problem) throw new Error(h.problem);
  return h.value;
}

function modelOf(body: Buffer | undefined, req: IncomingMessage): string | undefined {
  if (!body || body.length === 0) return undefined;
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/i.test(req.headers['content-type'] ?? '')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('forwarded body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const model = (parsed as { model?: unknown }).model;
  if (model !== undefined && typeof model !== 'string') throw new Error('body field model must be a string');
  return model as string | undefined;
}

/** The forwarded body, refusing (and draining) one above the limit. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!(declared > 0) && req.headers['transfer-encoding'] === undefined) {
      req.resume();
      resolve(undefined);
      return;
    }
    if (declared > maxBytes) {
      req.resume();
      reject(new Error(`forwarded body is larger than ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => (size > maxBytes ? reject(new Error(`forwarded body is larger than ${maxBytes} bytes`)) : resolve(Buffer.concat(chunks))));
  });
}
