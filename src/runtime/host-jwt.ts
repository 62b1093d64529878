// JWT verification builtins (io.jwt.verify_* and io.jwt.decode_verify) as
// synchronous host builtins, following OPA's v1/topdown/tokens.go. Only
// node:crypto is used, so every call stays synchronous.
//
// Keys are PEM public keys, PEM certificates, or JWK / JWKS JSON strings, as
// OPA accepts them. Failures OPA reports as errors throw
// `eval_builtin_error: <name>: <message>` (or `eval_type_error: …` for an
// operand of the wrong type); everything else answers false, or
// `[false, {}, {}]` for io.jwt.decode_verify.

import { createHmac, createPublicKey, timingSafeEqual, verify, X509Certificate, constants, type KeyObject } from 'node:crypto';

type JwtBuiltin = (...args: unknown[]) => unknown;
type JsonObject = Record<string, unknown>;

/** The error a JWT builtin throws; its message carries OPA's error code. */
export class JwtBuiltinError extends Error {}

/** A failure OPA reports as a builtin error (message without the name). */
class OpaError extends Error {}

/** An operand of the wrong type (OPA's eval_type_error). */
class OperandTypeError extends Error {
  constructor(pos: number, want: string, got: unknown) {
    super(`operand ${pos} must be ${want} but got ${typeName(got)}`);
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const has = (o: JsonObject, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** OPA objects iterate in key order, so the first error reported depends on it. */
const sortedKeys = (o: JsonObject) => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function stringOperand(v: unknown, pos: number): string {
  if (typeof v !== 'string') throw new OperandTypeError(pos, 'string', v);
  return v;
}

// ---------------------------------------------------------------------------
// Go's base64 (padded, non-strict: CR and LF are skipped, trailing bits are
// ignored), so that what decodes and what fails match OPA, error offsets
// included.

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const decodeMap = (alphabet: string) => {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
};
const STD_MAP = decodeMap(STD);
const URL_MAP = decodeMap(URL);

function goBase64Decode(src: Uint8Array, map: Int16Array): Buffer {
  const corrupt = (at: number) => new Error(`illegal base64 data at input byte ${at}`);
  const isNl = (c: number) => c === 0x0a || c === 0x0d;
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let last = false;
    let trailing = -1;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw corrupt(si - j);
      }
      const c = src[si++];
      const d = map[c];
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (isNl(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d || j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNl(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNl(src[si])) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      last = true;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    if (dlen >= 2) out.push((val >> 16) & 0xff);
    if (dlen >= 3) out.push((val >> 8) & 0xff);
    if (dlen === 4) out.push(val & 0xff);
    if (trailing >= 0) throw corrupt(trailing);
    if (last) return Buffer.from(out);
  }
}

/** OPA's base64url.decode: padding is optional, added per RFC 7515 appendix C. */
function base64UrlDecode(s: string): Buffer {
  let bytes = Buffer.from(s, 'utf8');
  if (!s.endsWith('=')) {
    switch (bytes.length % 4) {
      case 0:
        break;
      case 2:
        bytes = Buffer.concat([bytes, Buffer.from('==')]);
        break;
      case 3:
        bytes = Buffer.concat([bytes, Buffer.from('=')]);
        break;
      default:
        throw new Error(`illegal base64url string: ${s}`);
    }
  }
  return goBase64Decode(bytes, URL_MAP);
}

// ---------------------------------------------------------------------------
// Tokens and headers.

interface Token {
  header: string;
  payload: string;
  signature: string;
  decodedHeader: JsonObject;
}

function decodeJWT(v: unknown): Token {
  const s = stringOperand(v, 1);
  if (!s.includes('.')) throw new OpaError('encoded JWT had no period separators');
  const parts = s.split('.');
  if (parts.length !== 3) throw new OpaError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0], payload: parts[1], signature: parts[2], decodedHeader: {} };
}

function extractJSONObject(bytes: Buffer): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new OpaError(`invalid JSON: ${message(e)}`);
  }
  if (!isObject(v)) throw new OpaError('decoded JSON type was not an Object');
  return v;
}

function decodeHeader(token: Token): void {
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

function decodeSignature(token: Token): Buffer {
  try {
    return base64UrlDecode(token.signature);
  } catch (e) {
    throw new OpaError(message(e));
  }
}

function decodePayload(token: Token): Buffer {
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

function parseTokenHeader(h: JsonObject): TokenHeader {
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
function validHeader(h: TokenHeader): boolean {
  return h.alg !== '' && !h.unknown.some((u) => h.crit.has(u));
}

// ---------------------------------------------------------------------------
// Keys: PEM public keys and certificates, JWKs and JWK sets.

const TOKEN_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'EdDSA']);

/** Byte size of a scalar on the curves Go's crypto/ecdsa supports. */
const CURVE_BYTES: Record<string, number> = { prime256v1: 32, secp384r1: 48, secp521r1: 66, secp224r1: 28 };
const JWK_CURVES = new Set(['P-256', 'P-384', 'P-521']);

interface VerificationKey {
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

function getKeysFromCertOrJWK(certificate: string): VerificationKey[] {
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

// ---------------------------------------------------------------------------
// Signature checks. None of these throws: a key or signature that does not
// fit is simply not verified.

const HASHES: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function safely(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

/** Go (1.24 and later) refuses RSA operations with keys under 1024 bits. */
function rsaKeyUsable(k: VerificationKey): k is VerificationKey & { key: KeyObject } {
  return k.kind === 'rsa' && k.key !== undefined && (k.key.asymmetricKeyDetails?.modulusLength ?? 0) >= 1024;
}

function verifyRSA(k: VerificationKey, hash: string, pss: 'auto' | 'digest' | false, data: Buffer, sig: Buffer): boolean {
  if (!rsaKeyUsable(k)) return false;
  return safely(() =>
    verify(hash, data, pss
      ? { key: k.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss === 'auto' ? constants.RSA_PSS_SALTLEN_AUTO : constants.RSA_PSS_SALTLEN_DIGEST }
      : { key: k.key, padding: constants.RSA_PKCS1_PADDING }, sig));
}

function curveBytes(k: VerificationKey): number | undefined {
  if (k.kind !== 'ec' || !k.key) return undefined;
  return CURVE_BYTES[k.key.asymmetricKeyDetails?.namedCurve ?? ''];
}

/** r||s, each exactly `size` bytes, verified as IEEE P1363. */
function verifyECRaw(k: VerificationKey, hash: string, data: Buffer, sig: Buffer): boolean {
  return safely(() => verify(hash, data, { key: k.key!, dsaEncoding: 'ieee-p1363' }, sig));
}

/** OPA's io.jwt.verify_es*: the signature is split in half, r and s read as integers. */
function verifyESLoose(k: VerificationKey, hash: string, data: Buffer, sig: Buffer): boolean {
  const size = curveBytes(k);
  if (size === undefined || k.isPrivate) return false;
  const n = Math.floor(sig.length / 2);
  const fixed = (b: Buffer): Buffer | undefined => {
    let i = 0;
    while (i < b.length && b[i] === 0) i++;
    const v = b.subarray(i);
    if (v.length > size) return undefined;
    return Buffer.concat([Buffer.alloc(size - v.length), v]);
  };
  const r = fixed(sig.subarray(0, n));
  const s = fixed(sig.subarray(n));
  if (!r || !s) return false;
  return verifyECRaw(k, hash, data, Buffer.concat([r, s]));
}

/** JWS (jwx) ECDSA: r||s must be exactly twice the curve's scalar size. */
function verifyESStrict(k: VerificationKey, hash: string, data: Buffer, sig: Buffer): boolean {
  const size = curveBytes(k);
  if (size === undefined || sig.length !== 2 * size) return false;
  return verifyECRaw(k, hash, data, sig);
}

function verifyEd25519(k: VerificationKey, data: Buffer, sig: Buffer): boolean {
  if (k.kind !== 'ed25519' || !k.key) return false;
  return safely(() => verify(null, data, k.key!, sig));
}

function hmacEqual(hash: string, secret: Buffer | string, data: Buffer, sig: Buffer): boolean {
  const mac = createHmac(hash, secret).update(data).digest();
  return mac.length === sig.length && timingSafeEqual(mac, sig);
}

/** jwx's jwsbb.Verify(key, alg, …), as io.jwt.decode_verify uses it. */
function verifyJWS(k: VerificationKey, alg: string, data: Buffer, sig: Buffer): boolean {
  const hash = HASHES[alg.slice(2)];
  if (hash === undefined && alg !== 'EdDSA') return false;
  switch (alg.slice(0, 2)) {
    case 'HS':
      return k.kind === 'oct' && k.secret !== undefined && k.secret.length > 0 && hmacEqual(hash, k.secret, data, sig);
    case 'RS':
      return verifyRSA(k, hash, false, data, sig);
    case 'PS':
      return verifyRSA(k, hash, 'digest', data, sig);
    case 'ES':
      return verifyESStrict(k, hash, data, sig);
    case 'Ed':
      return alg === 'EdDSA' && verifyEd25519(k, data, sig);
  }
  return false;
}

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
