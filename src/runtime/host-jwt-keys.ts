// Verification keys for the JWT builtins, as OPA accepts them: PEM public
// keys and certificates, JWKs and JWK sets (getKeysFromCertOrJWK).

import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { has, isObject, message, OpaError } from './host-jwt-common.js';
import { goBase64Decode, STD_MAP } from './host-jwt-base64.js';

const TOKEN_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'EdDSA']);

/** Byte size of a scalar on the curves Go's crypto/ecdsa supports. */
export const CURVE_BYTES: Record<string, number> = { prime256v1: 32, secp384r1: 48, secp521r1: 66, secp224r1: 28 };
const JWK_CURVES = new Set(['P-256', 'P-384', 'P-521']);

export interface VerificationKey {
  /** 'other': parsed, but no JWS algorithm verifies with it (X25519, DSA, …). */
  kind: 'rsa' | 'ec' | 'ed25519' | 'oct' | 'other';
  /** The public key (derived from a private JWK when one is given). */
  key?: KeyObject;
  /** HMAC key bytes of an `oct` JWK. */
  secret?: Buffer;
  /** Given as a private key: OPA's io.jwt.verify_* reject those, decode_verify does not. */
  isPrivate: boolean;
  alg: string;
  kid: string;
}

function fromKeyObject(key: KeyObject): VerificationKey {
  const base = { isPrivate: false, alg: '', kid: '' };
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { ...base, kind: 'rsa', key };
    case 'ec':
      return { ...base, kind: 'ec', key };
    case 'ed25519':
      return { ...base, kind: 'ed25519', key };
    default:
      return { ...base, kind: 'other', key };
  }
}

/** Key types Go's x509.ParsePKIXPublicKey accepts; anything else is an error there. */
function checkPkixKey(key: KeyObject): void {
  const t = key.asymmetricKeyType;
  if (t === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (!curve || !(curve in CURVE_BYTES)) throw new Error('x509: unsupported elliptic curve');
  } else if (t !== 'rsa' && t !== 'dsa' && t !== 'ed25519' && t !== 'x25519') {
    throw new Error('x509: unknown public key algorithm');
  }
}

interface PemBlock {
  type: string;
  bytes: Buffer;
  rest: string;
}

/** Go's encoding/pem.Decode: the first well-formed block and what follows it. */
function pemDecode(data: string): PemBlock | undefined {
  const getLine = (d: string): [string, string] => {
    let i = d.indexOf('\n');
    let j: number;
    if (i < 0) {
      i = d.length;
      j = i;
    } else {
      j = i + 1;
      if (i > 0 && d[i - 1] === '\r') i--;
    }
    return [d.slice(0, i).replace(/[ \t]+$/, ''), d.slice(j)];
  };
  let rest = data;
  for (;;) {
    if (rest.startsWith('-----BEGIN ')) {
      rest = rest.slice('-----BEGIN '.length);
    } else {
      const at = rest.indexOf('\n-----BEGIN ');
      if (at < 0) return undefined;
      rest = rest.slice(at + '\n-----BEGIN '.length);
    }
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith('-----')) continue;
    typeLine = typeLine.slice(0, -5);

    let headers = 0;
    for (;;) {
      if (rest.length === 0) return undefined;
      const [line, next] = getLine(rest);
      if (!line.includes(':')) break;
      headers++;
      rest = next;
    }

    let endIndex: number;
    let endTrailerIndex: number;
    if (headers === 0 && rest.startsWith('-----END ')) {
      endIndex = 0;
      endTrailerIndex = '-----END '.length;
    } else {
      endIndex = rest.indexOf('\n-----END ');
      endTrailerIndex = endIndex + '\n-----END '.length;
    }
    if (endIndex < 0) continue;

    let endTrailer = rest.slice(endTrailerIndex);
    const endTrailerLen = typeLine.length + 5;
    if (endTrailer.length < endTrailerLen) continue;
    const restOfEndLine = endTrailer.slice(endTrailerLen);
    endTrailer = endTrailer.slice(0, endTrailerLen);
    if (!endTrailer.startsWith(typeLine) || !endTrailer.endsWith('-----')) continue;
    if (getLine(restOfEndLine)[0].length !== 0) continue;

    let bytes: Buffer;
    try {
      bytes = goBase64Decode(Buffer.from(rest.slice(0, endIndex).replace(/[ \t]/g, ''), 'utf8'), STD_MAP);
    } catch {
      continue;
    }
    return { type: typeLine, bytes, rest: getLine(rest.slice(endIndex + '\n-----END '.length - 1))[1] };
  }
}

function parseJWK(jwk: unknown): VerificationKey | undefined {
  if (!isObject(jwk)) throw new Error('invalid JWK: not a JSON object');
  const { kty, alg, kid } = jwk;
  if (typeof kty !== 'string') throw new Error('invalid JWK: missing "kty"');
  if (alg !== undefined && typeof alg !== 'string') throw new Error('invalid JWK: "alg" must be a string');
  if (kid !== undefined && typeof kid !== 'string') throw new Error('invalid JWK: "kid" must be a string');
  const field = (name: string): string => {
    const v = jwk[name];
    if (typeof v !== 'string') throw new Error(`invalid JWK: required field "${name}" is missing`);
    return v;
  };
  let key: VerificationKey;
  const isPrivate = has(jwk, 'd');
  switch (kty) {
    case 'RSA':
      key = { kind: 'rsa', key: createPublicKey({ key: { kty, n: field('n'), e: field('e') }, format: 'jwk' }), isPrivate, alg: '', kid: '' };
      break;
    case 'EC': {
      const crv = field('crv');
      if (!JWK_CURVES.has(crv)) throw new Error(`invalid JWK: unsupported curve ${crv}`);
      key = { kind: 'ec', key: createPublicKey({ key: { kty, crv, x: field('x'), y: field('y') }, format: 'jwk' }), isPrivate, alg: '', kid: '' };
      break;
    }
    case 'OKP': {
      const crv = field('crv');
      if (crv !== 'Ed25519' && crv !== 'X25519') throw new Error(`invalid JWK: unsupported curve ${crv}`);
      const pub = createPublicKey({ key: { kty, crv, x: field('x') }, format: 'jwk' });
      key = { kind: crv === 'Ed25519' ? 'ed25519' : 'other', key: pub, isPrivate, alg: '', kid: '' };
      break;
    }
    case 'oct':
      key = { kind: 'oct', secret: Buffer.from(field('k'), 'base64url'), isPrivate: false, alg: '', kid: '' };
      break;
    default:
      throw new Error(`invalid JWK: unsupported key type ${JSON.stringify(kty)}`);
  }
  key.alg = alg ?? '';
  key.kid = kid ?? '';
  // OPA skips keys whose algorithm it does not know.
  if (key.alg !== '' && !TOKEN_ALGORITHMS.has(key.alg)) return undefined;
  return key;
}

export function getKeysFromCertOrJWK(certificate: string): VerificationKey[] {
  const block = pemDecode(certificate);
  if (block) {
    if (block.rest.length > 0) throw new OpaError('extra data after a PEM certificate block');
    if (block.type === 'CERTIFICATE') {
      let cert: X509Certificate;
      try {
        cert = new X509Certificate(block.bytes);
      } catch (e) {
        throw new OpaError(`failed to parse a PEM certificate: ${message(e)}`);
      }
      let pub: KeyObject;
      try {
        pub = cert.publicKey;
      } catch {
        return [{ kind: 'other', isPrivate: false, alg: '', kid: '' }];
      }
      if (pub.asymmetricKeyType === 'ec') {
        try {
          checkPkixKey(pub);
        } catch (e) {
          throw new OpaError(`failed to parse a PEM certificate: ${message(e)}`);
        }
      }
      return [fromKeyObject(pub)];
    }
    if (block.type === 'PUBLIC KEY') {
      try {
        const key = createPublicKey({ key: block.bytes, format: 'der', type: 'spki' });
        checkPkixKey(key);
        return [fromKeyObject(key)];
      } catch (e) {
        throw new OpaError(`failed to parse a PEM public key: ${message(e)}`);
      }
    }
    throw new OpaError('failed to extract a Key from the PEM certificate');
  }
  try {
    const parsed: unknown = JSON.parse(certificate);
    const list = isObject(parsed) && has(parsed, 'keys') ? parsed.keys : [parsed];
    if (!Array.isArray(list)) throw new Error('invalid JWK set: "keys" must be an array');
    const keys: VerificationKey[] = [];
    for (const jwk of list) {
      const key = parseJWK(jwk);
      if (key) keys.push(key);
    }
    return keys;
  } catch (e) {
    throw new OpaError(`failed to parse a JWK key (set): ${message(e)}`);
  }
}
