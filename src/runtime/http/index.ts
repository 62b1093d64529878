// Enforcement points over HTTP: Node middleware and the authorisation server
// behind `policy serve` (nginx auth_request, Envoy ext_authz). Importable
// without the compiler.

export { Authorizer, requireRouteTable, routeTemplates, type AuthorizeRequest, type GatewayOptions, type Outcome, type ResourceFacts } from './authorize.js';
export { createMiddleware, type GatewayRequest, type Middleware, type MiddlewareOptions } from './middleware.js';
export { createAuthzServer, type AuthzServerOptions } from './authz-server.js';
export { decisionHeaders, refusalBody, reasonCodes, DECISION_ID_HEADER, DECISION_REASON_HEADER, POLICY_REVISION_HEADER } from './answer.js';
export { RouteTable, describeRequest, RequestShapeError, METHODS } from './request-info.js';
