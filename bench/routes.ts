// Generates a route-table policy of n routes, the shape a gateway team writes:
// one `allow` rule per route (method + route equality, a role set, a
// delegated scope), one denial reason per route, a few rules that no index can
// serve (prefix and glob matches, role-only rules), and a `decision` object.
// Used by the route-scale benchmark and the rule-indexing tests.

export interface RoutePolicy {
  rego: string;
  data: unknown;
  /** Requests hitting the first, middle and last routes, unknown routes, and edge shapes. */
  inputs: unknown[];
  /** The entrypoint that yields `{allow, reasons}`. */
  entrypoint: string;
}

interface Route {
  method: string;
  path: string;
  roles: string[];
  scope: string;
}

const CLASSES = [
  { name: 'tools', method: 'POST', path: (i: number) => `/v1/tools/t${i}/invoke`, roles: ['executor', 'planner'] },
  { name: 'models', method: 'POST', path: (i: number) => `/v1/models/m${i}/generate`, roles: ['planner', 'reviewer'] },
  { name: 'memory', method: 'GET', path: (i: number) => `/v1/memory/k${i}`, roles: ['executor', 'planner', 'reviewer'] },
  { name: 'memory', method: 'PUT', path: (i: number) => `/v1/memory/k${i}`, roles: ['executor'] },
  { name: 'files', method: 'DELETE', path: (i: number) => `/v1/files/f${i}`, roles: ['admin'] },
] as const;

/** Route i of a table: classes cycle, so every class appears at any size. */
export function route(i: number): Route {
  const c = CLASSES[i % CLASSES.length];
  return { method: c.method, path: c.path(i), roles: [...c.roles], scope: `${c.name}:${i}` };
}

const q = (s: string) => JSON.stringify(s);
const set = (xs: string[]) => `{${xs.map(q).join(', ')}}`;

export function generateRoutePolicy(n: number): RoutePolicy {
  const out: string[] = [
    'package routes',
    '',
    'default allow := false',
    '',
    'decision := {"allow": allow, "reasons": reasons}',
    '',
    // Rules no equality index can serve: they run for every request.
    'allow if {',
    '\tinput.request.method == "GET"',
    '\tstartswith(input.request.route, data.config.public_prefix)',
    '}',
    '',
    'allow if {',
    '\tglob.match("/v1/health/*", ["/"], input.request.route)',
    '}',
    '',
    'allow if {',
    '\tinput.agent.role == "admin"',
    '\tinput.agent.id in data.config.break_glass',
    '}',
    '',
    'reasons contains "request is missing a route" if not input.request.route',
    '',
    'reasons contains msg if {',
    '\tstartswith(input.request.route, "/v1/admin/")',
    '\tinput.agent.role != "admin"',
    '\tmsg := sprintf("%s may not call admin routes", [input.agent.role])',
    '}',
    '',
  ];
  for (let i = 0; i < n; i++) {
    const r = route(i);
    out.push(
      `allow if {`,
      `\tinput.request.method == ${q(r.method)}`,
      `\tinput.request.route == ${q(r.path)}`,
      `\tinput.agent.role in ${set(r.roles)}`,
      `\t${q(r.scope)} in input.delegation.scopes`,
      `}`,
      '',
      `reasons contains ${q(`role not allowed on ${r.method} ${r.path}`)} if {`,
      `\t${q(r.path)} == input.request.route`,
      `\tinput.request.method = ${q(r.method)}`,
      `\tnot input.agent.role in ${set(r.roles)}`,
      `}`,
      '',
    );
  }
  const data = { config: { public_prefix: '/v1/public/', break_glass: ['ops-1'] } };
  return { rego: out.join('\n'), data, inputs: sampleInputs(n), entrypoint: 'routes/decision' };
}

function request(method: string, path: unknown, role: string, scopes: string[], id = 'agent-7'): unknown {
  return { request: { method, route: path }, agent: { id, role }, delegation: { scopes } };
}

/** First, middle and last routes (allowed and denied), unknown routes, and the rules no index serves. */
function sampleInputs(n: number): unknown[] {
  const picks = [...new Set([0, Math.floor(n / 2), n - 1].filter((i) => i >= 0 && i < n))];
  const out: unknown[] = [];
  for (const i of picks) {
    const r = route(i);
    out.push(request(r.method, r.path, r.roles[0], [r.scope]));
    out.push(request(r.method, r.path, 'intruder', [r.scope]));
    out.push(request(r.method === 'GET' ? 'POST' : 'GET', r.path, r.roles[0], [r.scope]));
  }
  out.push(request('POST', '/v1/tools/unknown/invoke', 'executor', ['tools:unknown']));
  out.push(request('GET', '/v1/public/docs', 'reviewer', []));
  out.push(request('GET', '/v1/health/live', 'reviewer', []));
  out.push(request('POST', '/v1/admin/users', 'planner', []));
  out.push(request('PUT', '/v1/admin/users', 'admin', [], 'ops-1'));
  return out;
}
