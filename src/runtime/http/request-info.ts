// From an HTTP request line to the `request` part of the identity object:
// the method, the route template the path matches (e.g. /v1/files/{file_id}),
// the path itself, and the model, tool or tenant the request addresses.
//
// The path is checked before anything is matched: a gateway in front of an
// upstream must authorise the path the upstream will serve, so anything an
// upstream might normalise into a different path (dot segments, encoded
// slashes or backslashes, empty segments, control characters) is refused
// rather than guessed at. The grammars follow identity schema v1, so a
// request that passes here cannot fail the schema on its `request` part.

import type { RequestInfo } from '../identity/types.js';

/** The methods identity objects v1 carry. */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const PATH_GRAMMAR = /^\/[\x21-\x7E]{0,2047}$/;
const ROUTE_GRAMMAR = /^\/[A-Za-z0-9._~{}/-]{0,255}$/;
const MODEL_GRAMMAR = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const TOOL_GRAMMAR = /^[a-z][a-z0-9_.-]{0,63}$/;
const TENANT_GRAMMAR = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Template parameters that name a field of the request object. */
const FIELD_PARAMS: Record<string, (v: string) => string | undefined> = {
  model: (v) => (MODEL_GRAMMAR.test(v) ? undefined : 'is not a model name'),
  tool: (v) => (TOOL_GRAMMAR.test(v) ? undefined : 'is not a tool name'),
  tenant: (v) => (TENANT_GRAMMAR.test(v) ? undefined : 'is not a tenant id'),
};

/** A request the gateway will not authorise as sent; answered 403 `malformed_request`. */
export class RequestShapeError extends Error {
  readonly code = 'malformed_request';
}

interface CompiledRoute {
  template: string;
  /** Literal segment, or null for a `{param}`. */
  segments: (string | null)[];
  params: (string | undefined)[];
  literals: number;
}

/** Route templates (e.g. the keys of the policy's route table), matched most-specific first. */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(templates: Iterable<string>) {
    this.routes = [...new Set(templates)].map(compileTemplate).sort((a, b) => b.literals - a.literals || a.template.localeCompare(b.template));
  }

  get templates(): string[] {
    return this.routes.map((r) => r.template);
  }

  /** The template a path's segments match and its parameters (decoded), or undefined. */
  match(segments: string[]): { route: string; params: Record<string, string> } | undefined {
    for (const r of this.routes) {
      if (r.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const want = r.segments[i];
        if (want === null) params[r.params[i]!] = segments[i];
        else ok = want === segments[i];
      }
      if (ok) return { route: r.template, params };
    }
    return undefined;
  }
}

function compileTemplate(template: string): CompiledRoute {
  if (!ROUTE_GRAMMAR.test(template)) throw new Error(`route template ${JSON.stringify(template)} is not a path of [A-Za-z0-9._~{}/-]`);
  const raw = template === '/' ? [] : template.slice(1).split('/');
  const segments: (string | null)[] = [];
  const params: (string | undefined)[] = [];
  for (const seg of raw) {
    const param = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(seg);
    if (param) {
      segments.push(null);
      params.push(param[1]);
    } else if (seg === '' || seg.includes('{') || seg.includes('}')) {
      throw new Error(`route template ${JSON.stringify(template)}: segment ${JSON.stringify(seg)} must be a literal or a whole {param}`);
    } else {
      segments.push(seg);
      params.push(undefined);
    }
  }
  return { template, segments, params, literals: segments.filter((s) => s !== null).length };
}

export interface DescribeInput {
  method: string;
  /** The request target as sent: path plus optional query (origin form). */
  target: string;
  /** The model the request names (from its body or a trusted header), if any. */
  model?: string;
}

/** The request object for the identity, or RequestShapeError. */
export function describeRequest(input: DescribeInput, routes: RouteTable): RequestInfo {
  const method = input.method.toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) throw new RequestShapeError(`method ${JSON.stringify(input.method.slice(0, 16))} is not one of ${METHODS.join(', ')}`);
  const path = pathOf(input.target);
  const segments = decodedSegments(path);
  const matched = routes.match(segments);
  const info: RequestInfo = { method, route: matched?.route ?? routeForUnmatched(path), path };
  for (const [name, value] of Object.entries(matched?.params ?? {})) {
    const check = FIELD_PARAMS[name];
    if (!check) continue;
    const problem = check(value);
    if (problem) throw new RequestShapeError(`path parameter ${name} ${JSON.stringify(value.slice(0, 64))} ${problem}`);
    (info as unknown as Record<string, string>)[name] = value;
  }
  if (input.model !== undefined) {
    if (!MODEL_GRAMMAR.test(input.model)) throw new RequestShapeError(`model ${JSON.stringify(input.model.slice(0, 64))} is not a model name`);
    info.model ??= input.model;
    if (info.model !== input.model) throw new RequestShapeError(`the path names model ${info.model} but the request names ${input.model}`);
  }
  return info;
}

/** The path of an origin-form target, refused when it is not one. */
function pathOf(target: string): string {
  if (!target.startsWith('/')) throw new RequestShapeError('request target must be a path starting with /');
  const q = target.search(/[?#]/);
  const path = q === -1 ? target : target.slice(0, q);
  if (!PATH_GRAMMAR.test(path)) throw new RequestShapeError('path must be at most 2048 printable ASCII characters');
  return path;
}

/**
 * Percent-decoded segments of a path. Refused: empty segments (`//`, a
 * trailing `/`), `.`/`..` in any encoding, encoded `/` or `\`, a raw `\`,
 * bad escapes and control characters after decoding.
 */
function decodedSegments(path: string): string[] {
  if (path === '/') return [];
  if (path.includes('\\')) throw new RequestShapeError('path must not contain a backslash');
  return path
    .slice(1)
    .split('/')
    .map((raw) => {
      if (raw === '') throw new RequestShapeError('path must not contain empty segments (// or a trailing /)');
      let seg: string;
      try {
        seg = decodeURIComponent(raw);
      } catch {
        throw new RequestShapeError('path has an invalid percent escape');
      }
      if (seg === '.' || seg === '..') throw new RequestShapeError('path must not contain . or .. segments');
      if (/[/\\]/.test(seg)) throw new RequestShapeError('path must not contain an encoded / or \\');
      if (/[\x00-\x1F\x7F]/.test(seg)) throw new RequestShapeError('path must not contain control characters');
      return seg;
    });
}

/** A path no template matches goes to the policy as its own route (which it will not know). */
function routeForUnmatched(path: string): string {
  if (!ROUTE_GRAMMAR.test(path) || path.includes('{') || path.includes('}')) {
    throw new RequestShapeError('no route matches and the path has characters no route template can hold');
  }
  return path;
}
