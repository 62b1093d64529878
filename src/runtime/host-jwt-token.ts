// JWT decoding for the verification builtins: the compact serialisation's
// three sections, the decoded JSON header and payload, and the JOSE header
// fields OPA checks (alg, kid, typ, cty, crit).

import { has, isObject, type JsonObject, message, OpaError, sortedKeys, stringOperand } from './host-jwt-common.js';
import { base64UrlDecode } from './host-jwt-base64.js';

export interface Token {
  header: string;
  payload: string;
  signature: string;
  decodedHeader: JsonObject;
}

export function decodeJWT(v: unknown): Token {
  const s = stringOperand(v, 1);
  if (!s.includes('.')) throw new OpaError('encoded JWT had no period separators');
  const parts = s.split('.');
  if (parts.length !== 3) throw new OpaError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0], payload: parts[1], signature: parts[2], decodedHeader: {} };
}

export function extractJSONObject(bytes: Buffer): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new OpaError(`invalid JSON: ${message(e)}`);
  }
  if (!isObject(v)) throw new OpaError('decoded JSON type was not an Object');
  return v;
}

export function decodeHeader(token: Token): void {
  let bytes: Buffer;
  try {
    bytes = base64UrlDecode(token.header);
  } catch (e) {
    throw new OpaError(`JWT header had invalid encoding: ${message(e)}`);
  }
  let header: JsonObject;
  try {
    header = extractJSONObject(bytes);
  } catch (e) {
    throw new OpaError(`bad JWT header: ${message(e)}`);
  }
  if (has(header, 'enc')) throw new OpaError('JWT is a JWE object, which is not supported');
  token.decodedHeader = header;
}

export function decodeSignature(token: Token): Buffer {
  try {
    return base64UrlDecode(token.signature);
  } catch (e) {
    throw new OpaError(message(e));
  }
}

export function decodePayload(token: Token): Buffer {
  try {
    return base64UrlDecode(token.payload);
  } catch (e) {
    throw new OpaError(`JWT payload had invalid encoding: ${message(e)}`);
  }
}

interface TokenHeader {
  alg: string;
  kid: string;
  typ: string;
  cty: string;
  crit: Set<string>;
  unknown: string[];
}

export function parseTokenHeader(h: JsonObject): TokenHeader {
  const header: TokenHeader = { alg: '', kid: '', typ: '', cty: '', crit: new Set(), unknown: [] };
  for (const k of sortedKeys(h)) {
    const v = h[k];
    switch (k) {
      case 'alg':
      case 'kid':
      case 'typ':
      case 'cty':
        if (typeof v !== 'string') throw new OpaError(`${k}: must be a string`);
        header[k] = v;
        break;
      case 'crit': {
        if (!Array.isArray(v)) throw new OpaError('crit: must be a list');
        header.crit = new Set();
        // OPA stops at the first element that is not a string.
        for (const e of v) {
          if (typeof e !== 'string') break;
          header.crit.add(e);
        }
        if (header.crit.size === 0) throw new OpaError('crit: must be a nonempty list');
        break;
      }
      default:
        header.unknown.push(k);
    }
  }
  return header;
}

/** RFC 7515: alg must be present, and no critical parameter may be unknown. */
export function validHeader(h: TokenHeader): boolean {
  return h.alg !== '' && !h.unknown.some((u) => h.crit.has(u));
}
