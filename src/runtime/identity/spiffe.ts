// SPIFFE ID validation per the SPIFFE-ID standard (spiffe/spiffe
// standards/SPIFFE-ID.md): spiffe://<trust-domain>/<path>, the trust domain
// lowercase [a-z0-9._-] and at most 255 characters, path segments of
// [A-Za-z0-9._-] that are neither empty nor "." / "..", no query, fragment,
// userinfo or port, and the whole ID at most 2048 bytes.

export interface SpiffeId {
  id: string;
  trustDomain: string;
  /** The path with its leading slash, e.g. /crew/research/planner. */
  path: string;
}

const SCHEME = 'spiffe://';
const MAX_ID_BYTES = 2048;
const MAX_TRUST_DOMAIN = 255;
const TRUST_DOMAIN_CHAR = /^[a-z0-9._-]$/;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Parse a workload SPIFFE ID; the error names the rule it breaks. */
export function parseSpiffeId(value: string): { ok: true; spiffe: SpiffeId } | { ok: false; error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (Buffer.byteLength(value, 'utf8') > MAX_ID_BYTES) return fail(`longer than ${MAX_ID_BYTES} bytes`);
  if (!value.toLowerCase().startsWith(SCHEME)) return fail('scheme must be spiffe://');
  if (!value.startsWith(SCHEME)) return fail('scheme must be lowercase spiffe://');
  const rest = value.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const trustDomain = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  if (trustDomain === '') return fail('trust domain is empty');
  if (trustDomain.length > MAX_TRUST_DOMAIN) return fail(`trust domain longer than ${MAX_TRUST_DOMAIN} characters`);
  for (const ch of trustDomain) {
    if (ch === ':') return fail('trust domain must not carry a port');
    if (ch === '@') return fail('trust domain must not carry userinfo');
    if (ch === '?' || ch === '#') return fail('query and fragment are not allowed');
    if (!TRUST_DOMAIN_CHAR.test(ch)) return fail(`trust domain character ${JSON.stringify(ch)} is not one of [a-z0-9._-]`);
  }
  if (path === '') return fail('a workload ID needs a path');
  if (/[?#]/.test(path)) return fail('query and fragment are not allowed');
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') return fail('path segments must not be empty (no // and no trailing /)');
    if (segment === '.' || segment === '..') return fail('path segments must not be . or ..');
    if (!SEGMENT.test(segment)) return fail(`path segment ${JSON.stringify(segment)} has characters outside [A-Za-z0-9._-]`);
  }
  return { ok: true, spiffe: { id: value, trustDomain, path } };
}
