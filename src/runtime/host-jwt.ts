// JWT verification builtins (io.jwt.verify_* and io.jwt.decode_verify) as
// synchronous host builtins, following OPA's v1/topdown/tokens.go. Only
// node:crypto is used, so every call stays synchronous.
//
// Keys are PEM public keys, PEM certificates, or JWK / JWKS JSON strings, as
// OPA accepts them. Failures OPA reports as errors throw
// `eval_builtin_error: <name>: <message>` (or `eval_type_error: …` for an
// operand of the wrong type); everything else answers false, or
// `[false, {}, {}]` for io.jwt.decode_verify.
//
// Modules: this file (the builtins, io.jwt.verify_* and io.jwt.decode_verify
// with its constraints), host-jwt-token (decoding), host-jwt-keys (PEM / JWK
// keys), host-jwt-signature-check (signature checks), host-jwt-base64, and
// host-jwt-common (errors, operand helpers).

import {
  has, isObject, type JsonObject, JwtBuiltinError, message, OpaError, OperandTypeError, sortedKeys, stringOperand,
} from './host-jwt-common.js';
import {
  decodeHeader, decodeJWT, decodePayload, decodeSignature, extractJSONObject, parseTokenHeader, type Token, validHeader,
} from './host-jwt-token.js';
import { getKeysFromCertOrJWK, type VerificationKey } from './host-jwt-keys.js';
import { HASHES, hmacEqual, verifyEd25519, verifyESLoose, verifyJWS, verifyRSA } from './host-jwt-signature-check.js';

export { JwtBuiltinError };

type JwtBuiltin = (...args: unknown[]) => unknown;

// ---------------------------------------------------------------------------
// io.jwt.verify_*

type KeyCheck = (k: VerificationKey, data: Buffer, sig: Buffer) => boolean;

function verifyWithKeys(jwt: unknown, keyStr: unknown, check: KeyCheck): boolean {
  const token = decodeJWT(jwt);
  const keys = getKeysFromCertOrJWK(stringOperand(keyStr, 2));
  const sig = decodeSignature(token);
  decodeHeader(token);
  const header = parseTokenHeader(token.decodedHeader);
  const data = Buffer.from(`${token.header}.${token.payload}`, 'utf8');
  if (header.kid !== '') {
    const key = keys.find((k) => k.kid === header.kid);
    if (key) return check(key, data, sig);
  }
  for (const key of keys) {
    if (key.alg !== '' && key.alg !== header.alg) continue;
    if (check(key, data, sig)) return true;
  }
  return false;
}

function verifyHS(jwt: unknown, secret: unknown, hash: string): boolean {
  const s = stringOperand(jwt, 1);
  const key = stringOperand(secret, 2);
  const token = decodeJWT(s);
  const data = Buffer.from(`${token.header}.${token.payload}`, 'utf8');
  return hmacEqual(hash, Buffer.from(key, 'utf8'), data, decodeSignature(token));
}

// ---------------------------------------------------------------------------
// io.jwt.decode_verify

interface Constraints {
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  keys?: VerificationKey[];
  time?: number;
}

function timeFromValue(v: unknown): number {
  if (typeof v !== 'number') throw new OpaError('token time constraint: must be a number');
  if (!Number.isFinite(v)) throw new OpaError('token time constraint: unvalid float64');
  if (v < 0) throw new OpaError('token time constraint: must not be negative');
  return v;
}

function parseConstraints(o: JsonObject, now: () => number): Constraints & { time: number } {
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '' };
  for (const name of sortedKeys(o)) {
    const v = o[name];
    switch (name) {
      case 'cert':
        if (typeof v !== 'string') throw new OpaError('cert constraint: must be a string');
        c.keys = getKeysFromCertOrJWK(v);
        break;
      case 'secret':
      case 'alg':
      case 'iss':
      case 'aud':
        if (typeof v !== 'string') throw new OpaError(`${name} constraint: must be a string`);
        c[name] = v;
        break;
      case 'time':
        c.time = timeFromValue(v);
        break;
      default:
        throw new OpaError(`unknown token validation constraint: ${name}`);
    }
  }
  return { ...c, time: c.time ?? timeFromValue(now()) };
}

function validateConstraints(c: Constraints): void {
  const n = (c.keys !== undefined ? 1 : 0) + (c.secret !== '' ? 1 : 0);
  if (n > 1) throw new OpaError('duplicate key constraints');
  if (n < 1) throw new OpaError('no key constraint');
}

function verifyConstraints(c: Constraints, kid: string, alg: string, token: Token, sig: Buffer): boolean {
  const data = Buffer.from(`${token.header}.${token.payload}`, 'utf8');
  if (c.keys !== undefined) {
    if (kid !== '') {
      const key = c.keys.find((k) => k.kid === kid);
      if (key) return verifyJWS(key, alg, data, sig);
    }
    return c.keys.some((key) => (key.alg === '' || key.alg === alg) && verifyJWS(key, alg, data, sig));
  }
  return verifyJWS({ kind: 'oct', secret: Buffer.from(c.secret, 'utf8'), isPrivate: false, alg: '', kid: '' }, alg, data, sig);
}

function validAudience(aud: unknown, want: string): boolean {
  if (typeof aud === 'string') return aud === want;
  return Array.isArray(aud) && aud.some((a) => typeof a === 'string' && a === want);
}

function decodeVerify(jwt: unknown, constraintsArg: unknown, now: () => number): [boolean, JsonObject, JsonObject] {
  if (!isObject(constraintsArg)) throw new OperandTypeError(2, 'object', constraintsArg);
  const unverified = (): [boolean, JsonObject, JsonObject] => [false, {}, {}];
  const c = parseConstraints(constraintsArg, now);
  validateConstraints(c);

  let a: unknown = jwt;
  let token: Token;
  let p: Buffer;
  for (;;) {
    token = decodeJWT(a);
    decodeHeader(token);
    const header = parseTokenHeader(token.decodedHeader);
    if (!validHeader(header)) return unverified();
    if (c.alg !== '' && c.alg !== header.alg) return unverified();
    const sig = decodeSignature(token);
    if (!verifyConstraints(c, header.kid, header.alg, token, sig)) return unverified();
    p = decodePayload(token);
    // A nested JWT: go round again with the payload as the token.
    if (/^jwt$/i.test(header.cty)) {
      a = p.toString('utf8');
      continue;
    }
    break;
  }
  const payload = extractJSONObject(p);
  const header = token.decodedHeader;

  if (c.iss !== '') {
    if (!has(payload, 'iss')) return unverified();
    const iss = payload.iss;
    if (typeof iss !== 'string') throw new OpaError('iss value must be a string');
    if (iss !== c.iss) return unverified();
  }
  if (has(payload, 'aud')) {
    if (!validAudience(payload.aud, c.aud)) return unverified();
  } else if (c.aud !== '') {
    return unverified();
  }
  // exp and nbf are in seconds, the time constraint in nanoseconds.
  const t = c.time / 1e9;
  if (has(payload, 'exp')) {
    const exp = payload.exp;
    if (typeof exp !== 'number') throw new OpaError('exp value must be a number');
    if (!(t < exp)) return unverified();
  }
  if (has(payload, 'nbf')) {
    const nbf = payload.nbf;
    if (typeof nbf !== 'number') throw new OpaError('nbf value must be a number');
    if (t < nbf) return unverified();
  }
  return [true, header, payload];
}

// ---------------------------------------------------------------------------

function builtin(name: string, f: JwtBuiltin): JwtBuiltin {
  return (...args: unknown[]) => {
    try {
      return f(...args);
    } catch (e) {
      if (e instanceof OperandTypeError) throw new JwtBuiltinError(`eval_type_error: ${name}: ${e.message}`);
      throw new JwtBuiltinError(`eval_builtin_error: ${name}: ${message(e)}`);
    }
  };
}

/**
 * The JWT verification builtins. `now` is the evaluation's clock in
 * nanoseconds (the value time.now_ns returns), used by io.jwt.decode_verify
 * when the constraints carry no `time`.
 */
export function jwtBuiltins(now: () => number): Record<string, JwtBuiltin> {
  const out: Record<string, JwtBuiltin> = {};
  for (const bits of ['256', '384', '512']) {
    const hash = HASHES[bits];
    const rs: KeyCheck = (k, d, s) => !k.isPrivate && verifyRSA(k, hash, false, d, s);
    const ps: KeyCheck = (k, d, s) => !k.isPrivate && verifyRSA(k, hash, 'auto', d, s);
    const es: KeyCheck = (k, d, s) => verifyESLoose(k, hash, d, s);
    out[`io.jwt.verify_rs${bits}`] = builtin(`io.jwt.verify_rs${bits}`, (t, k) => verifyWithKeys(t, k, rs));
    out[`io.jwt.verify_ps${bits}`] = builtin(`io.jwt.verify_ps${bits}`, (t, k) => verifyWithKeys(t, k, ps));
    out[`io.jwt.verify_es${bits}`] = builtin(`io.jwt.verify_es${bits}`, (t, k) => verifyWithKeys(t, k, es));
    out[`io.jwt.verify_hs${bits}`] = builtin(`io.jwt.verify_hs${bits}`, (t, k) => verifyHS(t, k, hash));
  }
  const eddsa: KeyCheck = (k, d, s) => !k.isPrivate && verifyEd25519(k, d, s);
  out['io.jwt.verify_eddsa'] = builtin('io.jwt.verify_eddsa', (t, k) => verifyWithKeys(t, k, eddsa));
  out['io.jwt.decode_verify'] = builtin('io.jwt.decode_verify', (t, c) => decodeVerify(t, c, now));
  return out;
}
