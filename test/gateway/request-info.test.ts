// Request line → the identity object's `request`: route templates matched
// most-specific first, path parameters that name request fields, and every
// path an upstream could normalise differently refused.

import { describe, expect, it } from 'vitest';
import { RequestShapeError, RouteTable, describeRequest } from '../../src/runtime/http/request-info.js';

const routes = new RouteTable(['/v1/files', '/v1/files/{file_id}', '/v1/files/search', '/v1/tools/{tool}/invoke', '/deployments/{model}/chat', '/tenants/{tenant}/usage', '/']);
const describe_ = (method: string, target: string, model?: string) => describeRequest({ method, target, model }, routes);

describe('describeRequest', () => {
  it('matches templates, literal segments before parameters', () => {
    expect(describe_('get', '/v1/files/search?q=x')).toEqual({ method: 'GET', route: '/v1/files/search', path: '/v1/files/search' });
    expect(describe_('DELETE', '/v1/files/file-1')).toEqual({ method: 'DELETE', route: '/v1/files/{file_id}', path: '/v1/files/file-1' });
    expect(describe_('GET', '/')).toEqual({ method: 'GET', route: '/', path: '/' });
  });

  it('fills tool, model and tenant from parameters of those names, checked against the schema grammar', () => {
    expect(describe_('POST', '/v1/tools/web_search/invoke')).toMatchObject({ route: '/v1/tools/{tool}/invoke', tool: 'web_search' });
    expect(describe_('POST', '/deployments/gpt-4o/chat', 'gpt-4o')).toMatchObject({ model: 'gpt-4o' });
    expect(describe_('GET', '/tenants/globex/usage')).toMatchObject({ tenant: 'globex' });
    expect(() => describe_('POST', '/v1/tools/Web%20Search/invoke')).toThrow(/tool .* is not a tool name/);
    expect(() => describe_('POST', '/deployments/gpt-4o/chat', 'o3')).toThrow(/path names model gpt-4o but the request names o3/);
    expect(() => describe_('POST', '/v1/files', 'bad model!')).toThrow(RequestShapeError);
  });

  it('sends an unmatched path to the policy as its own route', () => {
    expect(describe_('GET', '/v2/unknown')).toEqual({ method: 'GET', route: '/v2/unknown', path: '/v2/unknown' });
    expect(() => describe_('GET', '/v2/a@b')).toThrow(/no route matches/);
  });

  it.each([
    ['/v1/files/../admin', '. or ..'],
    ['/v1/files/%2E%2e', '. or ..'],
    ['/v1/files/./x', '. or ..'],
    ['/v1//files', 'empty segments'],
    ['/v1/files/', 'empty segments'],
    ['/v1/files/a%2fb', 'encoded /'],
    ['/v1/files/a%5Cb', 'encoded /'],
    ['/v1\\files', 'backslash'],
    ['/v1/files/%zz', 'invalid percent escape'],
    ['/v1/files/%00', 'control characters'],
    ['v1/files', 'starting with /'],
    ['http://evil.example/v1/files', 'starting with /'],
    ['/v1/fi les', 'printable ASCII'],
  ])('refuses %s', (target, why) => {
    expect(() => describe_('GET', target)).toThrow(why);
  });

  it('refuses methods identity objects do not carry', () => {
    expect(() => describe_('OPTIONS', '/v1/files')).toThrow(/method "OPTIONS"/);
    expect(() => describe_('', '/v1/files')).toThrow(RequestShapeError);
  });

  it('rejects route templates that are not literal or whole-parameter segments', () => {
    expect(() => new RouteTable(['/v1/files/{id}.json'])).toThrow(/must be a literal or a whole \{param\}/);
    expect(() => new RouteTable(['v1/files'])).toThrow(/not a path/);
  });
});
