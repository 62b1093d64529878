// The example gateway decision (policies/gateway: authz.rego, lib/, routes/)
// written by hand in plain JavaScript: the baseline `npm run bench` compares
// decide() against. It mirrors the Rego rule for rule, including its
// fail-closed reading of missing fields; the benchmark checks that both agree
// on every input before timing anything.

type Obj = Record<string, unknown>;

interface GatewayData {
  route_table: Record<string, { handler: string; methods: Record<string, { scope: string; roles: string[] }> }>;
  models: Record<string, { kind: string; max_classification: string; tenants: string[]; roles?: string[] }>;
  tools: Record<string, { roles: string[]; max_classification: string; max_chain?: number; requires_wit?: boolean; max_delegation_age?: number }>;
  tenants: Record<string, { trust_domains: string[]; admins: string[] }>;
  classification_rank: Record<string, number>;
  limits: { max_delegation_lifetime: number; admin_max_delegation_age: number; upload_max_classification: string };
}

const own = (o: unknown, k: unknown): unknown => (typeof o === 'object' && o !== null && typeof k === 'string' && Object.prototype.hasOwnProperty.call(o, k) ? (o as Obj)[k] : undefined);
const num = (v: unknown): v is number => typeof v === 'number';
const truthy = (v: unknown) => v !== undefined && v !== false; // Rego: a ref "is true" unless undefined or false

export function gatewayDecision(d: GatewayData, input: Obj): { allow: boolean; reasons: Set<string> } {
  const req = own(input, 'request') as Obj | undefined;
  const agent = own(input, 'agent') as Obj | undefined;
  const user = own(input, 'user') as Obj | undefined;
  const del = own(input, 'delegation') as Obj | undefined;
  const now = own(own(input, 'time'), 'now');
  const scopes = own(del, 'scopes');
  const hasScope = (s: string) => Array.isArray(scopes) && scopes.includes(s);
  const rank = (level: unknown) => own(d.classification_rank, level) as number | undefined;
  const cls = own(own(input, 'context'), 'classification');
  const within = (limit: string) => {
    const a = rank(cls);
    const b = rank(limit);
    return a !== undefined && b !== undefined && a <= b;
  };
  const iat = own(del, 'iat');
  const exp = own(del, 'exp');
  const fresh = (max: number) => num(now) && num(iat) && now - iat <= max;
  const actors = own(del, 'actors');
  const chain = Array.isArray(actors) ? actors.length : undefined;
  const tenantName = own(user, 'tenant');
  const tenant = own(d.tenants, tenantName) as GatewayData['tenants'][string] | undefined;

  const reasons = new Set<string>();
  if (own(input, 'version') !== 'v1') reasons.add('identity_version_unsupported');
  const route = own(d.route_table, own(req, 'route')) as GatewayData['route_table'][string] | undefined;
  const grant = route ? (own(route.methods, own(req, 'method')) as { scope: string; roles: string[] } | undefined) : undefined;
  const handler = route ? own(ROUTES, route.handler) : undefined;
  if (!route) reasons.add('route_unknown');
  if (route && !handler) reasons.add('route_handler_missing');
  if (route && !grant) reasons.add('method_not_allowed');
  if (grant && !grant.roles.includes(own(agent, 'role') as string)) reasons.add('role_not_allowed');
  if (grant && !hasScope(grant.scope)) reasons.add('scope_missing');
  if (!(num(now) && num(exp) && now < exp)) reasons.add('delegation_expired');
  if (!(num(exp) && num(iat) && exp - iat <= d.limits.max_delegation_lifetime)) reasons.add('delegation_lifetime_too_long');
  if (!tenant) reasons.add('tenant_unknown');
  if (tenant && !tenant.trust_domains.includes(own(agent, 'trust_domain') as string)) reasons.add('agent_outside_tenant');
  const resTenant = own(req, 'tenant');
  if (truthy(resTenant) && resTenant !== tenantName) reasons.add('resource_in_other_tenant');
  if (rank(cls) === undefined) reasons.add('classification_unknown');

  const ctx: RouteContext = { d, input, req, agent, user, tenant, tenantName, hasScope, within, fresh, chain, reasons };
  if (handler) (handler as (c: RouteContext) => void)(ctx);
  return { allow: !!grant && reasons.size === 0, reasons };
}

interface RouteContext {
  d: GatewayData;
  input: Obj;
  req: Obj | undefined;
  agent: Obj | undefined;
  user: Obj | undefined;
  tenant: GatewayData['tenants'][string] | undefined;
  tenantName: unknown;
  hasScope(s: string): boolean;
  within(limit: string): boolean;
  fresh(max: number): boolean;
  chain: number | undefined;
  reasons: Set<string>;
}

function modelReasons(c: RouteContext, kind: string): void {
  const name = own(c.req, 'model');
  const model = own(c.d.models, name) as GatewayData['models'][string] | undefined;
  if (!truthy(name)) c.reasons.add('model_missing');
  if (truthy(name) && !model) c.reasons.add('model_unknown');
  if (!model) return;
  if (!c.within(model.max_classification)) c.reasons.add('model_classification_exceeded');
  if (!(model.tenants.includes('*') || model.tenants.includes(c.tenantName as string))) c.reasons.add('model_not_in_tenant');
  if (model.roles && !model.roles.includes(own(c.agent, 'role') as string)) c.reasons.add('model_role_not_allowed');
  if (model.kind !== kind) c.reasons.add('model_wrong_kind');
}

const ROUTES: Record<string, (c: RouteContext) => void> = {
  chat: (c) => modelReasons(c, 'chat'),
  embeddings: (c) => modelReasons(c, 'embedding'),
  models: () => {},
  files: (c) => {
    if (own(c.req, 'route') === '/v1/files/{file_id}' && !truthy(own(c.req, 'tenant'))) c.reasons.add('resource_tenant_unknown');
    if (own(c.req, 'method') === 'POST' && !c.within(c.d.limits.upload_max_classification)) c.reasons.add('upload_classification_exceeded');
  },
  admin: (c) => {
    if (!(c.tenant && c.tenant.admins.includes(own(c.user, 'sub') as string))) c.reasons.add('user_not_admin');
    if (c.chain !== 1) c.reasons.add('delegation_chain_too_long');
    if (!c.fresh(c.d.limits.admin_max_delegation_age)) c.reasons.add('delegation_too_old');
    if (own(c.agent, 'proof') !== 'wit') c.reasons.add('workload_proof_required');
  },
  tools: (c) => {
    const name = own(c.req, 'tool');
    const tool = own(c.d.tools, name) as GatewayData['tools'][string] | undefined;
    if (!truthy(name)) c.reasons.add('tool_missing');
    if (truthy(name) && !tool) c.reasons.add('tool_unknown');
    if (!tool) return;
    if (!tool.roles.includes(own(c.agent, 'role') as string)) c.reasons.add('tool_role_not_allowed');
    if (!c.hasScope(`tool:${String(name)}`)) c.reasons.add('tool_scope_missing');
    if (!c.within(tool.max_classification)) c.reasons.add('tool_classification_exceeded');
    if (tool.max_chain && !(c.chain !== undefined && c.chain <= tool.max_chain)) c.reasons.add('delegation_chain_too_long');
    if (tool.requires_wit && own(c.agent, 'proof') !== 'wit') c.reasons.add('workload_proof_required');
    if (tool.max_delegation_age && !c.fresh(tool.max_delegation_age)) c.reasons.add('delegation_too_old');
  },
};
