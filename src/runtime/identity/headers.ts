// Reading request headers the same way whether they come from node:http
// (IncomingHttpHeaders), a fetch Headers object or a plain map. A header the
// identity depends on must appear once: duplicates are refused, not merged.

import { IdentityError } from './errors.js';

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/** The single value of a header, or undefined when absent; `malformed` when repeated. */
export function singleHeader(headers: HeaderBag, name: string): string | undefined {
  const lower = name.toLowerCase();
  let value: string | string[] | null | undefined;
  if (typeof (headers as Headers).get === 'function') {
    value = (headers as Headers).get(lower);
  } else {
    for (const [key, v] of Object.entries(headers)) {
      if (key.toLowerCase() !== lower || v === undefined) continue;
      if (value !== undefined) throw new IdentityError('malformed', `header ${name} appears more than once`);
      value = v;
    }
  }
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new IdentityError('malformed', `header ${name} appears more than once`);
    value = value[0];
  }
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The token of an `Authorization: Bearer <token>` value (RFC 6750); other schemes are malformed. */
export function bearerToken(value: string, headerName: string): string {
  const match = /^Bearer +([^\s,]+)$/i.exec(value);
  if (!match) throw new IdentityError('malformed', `header ${headerName} must be "Bearer <token>"`);
  return match[1];
}
