// io.jwt.encode_sign and io.jwt.encode_sign_raw as synchronous host builtins
// (OPA's v1/topdown/tokens.go commonBuiltinJWTEncodeSign): the protected
// header and payload are base64url-encoded exactly as given (encode_sign
// first writes its objects as Go's json.Marshal does), then signed with the
// first key of a JWK or JWK set. Signing uses node:crypto only.

import { createHmac, createPrivateKey, sign, constants, type KeyObject } from 'node:crypto';
import { goJsonMarshal } from './go-json.js';

/** A failure OPA reports as a builtin error; the message is what follows `name: `. */
export class JwtSignError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type SigningKey = { kind: 'oct'; secret: Buffer } | { kind: 'RSA' | 'EC'; key: KeyObject };

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
const EC_CURVE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };
const KNOWN_ALGORITHMS = new Set(['ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'none']);

/** The first key of a JWK or a JWK set, materialised for signing. */
function signingKey(jwkSrc: string): SigningKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwkSrc);
  } catch (e) {
    throw new JwtSignError(`failed to unmarshal JWK: ${(e as Error).message}`);
  }
  const jwk = isObject(parsed) && Array.isArray(parsed.keys) ? parsed.keys[0] : parsed;
  if (!isObject(jwk)) throw new JwtSignError('failed to unmarshal JWK: not a JSON object');
  const field = (name: string): string => {
    const v = jwk[name];
    if (typeof v !== 'string') throw new JwtSignError(`failed to materialize key: required field "${name}" is missing`);
    return v;
  };
  switch (jwk.kty) {
    case 'oct':
      return { kind: 'oct', secret: Buffer.from(field('k'), 'base64url') };
    case 'RSA':
    case 'EC':
      field('d');
      try {
        return { kind: jwk.kty, key: createPrivateKey({ key: jwk as never, format: 'jwk' }) };
      } catch (e) {
        throw new JwtSignError(`failed to materialize key: ${(e as Error).message}`);
      }
    default:
      throw new JwtSignError(`unsupported key type ${JSON.stringify(jwk.kty)}`);
  }
}

function signature(alg: string, input: Buffer, key: SigningKey): Buffer {
  const family = alg.slice(0, 2);
  const hash = HASH[alg.slice(2)];
  if (!hash) throw new JwtSignError(`unsupported signature algorithm ${alg}`);
  if (family === 'HS') {
    if (key.kind !== 'oct') throw new JwtSignError(`invalid key type for ${alg}: want a symmetric (oct) key`);
    return createHmac(hash, key.secret).update(input).digest();
  }
  if (key.kind === 'oct') throw new JwtSignError(`invalid key type for ${alg}: want a private key`);
  if ((family === 'RS' || family === 'PS') && key.kind === 'RSA') {
    const padding = family === 'PS' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : {};
    return sign(hash, input, { key: key.key, ...padding });
  }
  if (family === 'ES' && key.kind === 'EC') {
    const crv = key.key.asymmetricKeyDetails?.namedCurve;
    const want = { sha256: 'prime256v1', sha384: 'secp384r1', sha512: 'secp521r1' }[hash];
    if (crv !== want) throw new JwtSignError(`invalid key for ${alg}: curve ${crv ?? 'unknown'}`);
    return sign(hash, input, { key: key.key, dsaEncoding: 'ieee-p1363' });
  }
  throw new JwtSignError(`invalid key type for ${alg}: got ${key.kind}`);
}

function isValidJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** The compact JWS of header and payload (as text), signed with the JWK in jwkSrc. */
export function encodeSign(headerText: string, payloadText: string, jwkSrc: string): string {
  const key = signingKey(jwkSrc);
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch (e) {
    throw new JwtSignError(`invalid JWS header: ${(e as Error).message}`);
  }
  if (!isObject(header)) throw new JwtSignError('invalid JWS header: not a JSON object');
  const alg = header.alg;
  if (typeof alg !== 'string' || !KNOWN_ALGORITHMS.has(alg)) throw new JwtSignError('unknown signature algorithm');
  if (alg === 'none') throw new JwtSignError('unsupported signature algorithm none');
  const typ = header.typ;
  if ((typ === undefined || typ === '' || typ === 'JWT') && !isValidJson(payloadText)) {
    throw new JwtSignError('type is JWT but payload is not JSON');
  }
  const input = `${Buffer.from(headerText).toString('base64url')}.${Buffer.from(payloadText).toString('base64url')}`;
  return `${input}.${signature(alg, Buffer.from(input), key).toString('base64url')}`;
}

/** An operand of the wrong type (OPA's eval_type_error). */
class OperandTypeError extends Error {}

function stringOperand(v: unknown, pos: number): string {
  if (typeof v !== 'string') {
    const got = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    throw new OperandTypeError(`operand ${pos} must be string but got ${got}`);
  }
  return v;
}

function builtin(name: string, f: (...args: unknown[]) => string): (...args: unknown[]) => string {
  return (...args) => {
    try {
      return f(...args);
    } catch (e) {
      const code = e instanceof OperandTypeError ? 'eval_type_error' : 'eval_builtin_error';
      throw new JwtSignError(`${code}: ${name}: ${(e as Error).message}`);
    }
  };
}

/** io.jwt.encode_sign (objects, written as Go's json.Marshal does) and io.jwt.encode_sign_raw (JSON text). */
export function jwtSignBuiltins(): Record<string, (...args: unknown[]) => string> {
  return {
    'io.jwt.encode_sign': builtin('io.jwt.encode_sign', (h, p, k) => encodeSign(goJsonMarshal(h), goJsonMarshal(p), goJsonMarshal(k))),
    'io.jwt.encode_sign_raw': builtin('io.jwt.encode_sign_raw', (h, p, k) =>
      encodeSign(stringOperand(h, 1), stringOperand(p, 2), stringOperand(k, 3)),
    ),
  };
}
