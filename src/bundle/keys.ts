// Verification keys for bundle signatures: PEM public keys, certificates and
// (as OPA allows) private keys whose public half is used; JWKS documents for
// rotation; HMAC secrets. Each key records which JWS algorithms it can check,
// so verification never lets a key be used with an algorithm of another kind.

import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface VerificationKey {
  /** JWK `kid`; undefined for PEM keys and secrets, which answer to any key id. */
  kid?: string;
  /** Algorithms this key may verify (a JWK `alg` narrows it to one). */
  algorithms: readonly string[];
  /** Public KeyObject, or the raw secret for HMAC. */
  key: KeyObject | Uint8Array;
  /** Human-readable origin, for error messages. */
  description: string;
}

const KEYSET = Symbol('KeySet');

export interface KeySet {
  readonly keys: readonly VerificationKey[];
  readonly [KEYSET]: true;
}

export class KeyError extends Error {
  readonly code = 'bad_key';
}

export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export const SUPPORTED_ALGORITHMS: readonly string[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', ...HMAC_ALGORITHMS,
];

export type KeySource = string | Uint8Array | KeySet | { secret: string | Uint8Array; kid?: string } | { keys: unknown[] } | Record<string, unknown> | KeySource[];

export async function loadVerificationKeys(source: KeySource): Promise<KeySet> {
  const keys = await collect(source, 0);
  if (keys.length === 0) throw new KeyError('no verification keys found');
  return makeKeySet(keys);
}

export function makeKeySet(keys: VerificationKey[]): KeySet {
  return Object.freeze({ keys: Object.freeze([...keys]), [KEYSET]: true as const });
}

export function isKeySet(v: unknown): v is KeySet {
  return typeof v === 'object' && v !== null && (v as { [KEYSET]?: boolean })[KEYSET] === true;
}

async function collect(source: KeySource, depth: number): Promise<VerificationKey[]> {
  if (depth > 4) throw new KeyError('key sources nest too deeply');
  if (isKeySet(source)) return [...source.keys];
  if (Array.isArray(source)) return (await Promise.all(source.map((s) => collect(s, depth + 1)))).flat();
  if (source instanceof Uint8Array) return fromText(new TextDecoder().decode(source), 'key bytes');
  if (typeof source === 'string') {
    const t = source.trim();
    if (t.startsWith('-----BEGIN') || t.startsWith('{')) return fromText(t, 'inline key');
    let text: string;
    try {
      text = await readFile(source, 'utf8');
    } catch (e) {
      throw new KeyError(`verification key ${JSON.stringify(source)} is not a PEM key, a JWKS document, or a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return fromText(text, source);
  }
  if (typeof source === 'object' && source !== null) return fromObject(source as Record<string, unknown>, 'key object');
  throw new KeyError(`unsupported verification key source (${typeof source})`);
}

function fromText(text: string, origin: string): VerificationKey[] {
  const t = text.trim();
  if (t.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(t);
    } catch (e) {
      throw new KeyError(`${origin}: not valid JSON: ${(e as Error).message}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new KeyError(`${origin}: a JWKS must be a JSON object`);
    return fromObject(doc as Record<string, unknown>, origin);
  }
  if (t.includes('-----BEGIN')) return fromPem(t, origin);
  throw new KeyError(`${origin}: not a PEM key or a JWKS document`);
}

function fromObject(o: Record<string, unknown>, origin: string): VerificationKey[] {
  if ('secret' in o) {
    const s = o.secret;
    const bytes = typeof s === 'string' ? new TextEncoder().encode(s) : s instanceof Uint8Array ? s : undefined;
    if (!bytes || bytes.length === 0) throw new KeyError(`${origin}: secret must be a non-empty string`);
    return [{ kid: typeof o.kid === 'string' ? o.kid : undefined, algorithms: HMAC_ALGORITHMS, key: bytes, description: 'HMAC secret' }];
  }
  if (Array.isArray(o.keys)) {
    const out = o.keys.filter((k) => !(isRecord(k) && k.use === 'enc')).map((k, i) => fromJwk(k, `${origin} keys[${i}]`));
    const kids = out.map((k) => k.kid).filter((k): k is string => k !== undefined);
    const dup = kids.find((k, i) => kids.indexOf(k) !== i);
    if (dup !== undefined) throw new KeyError(`${origin}: JWKS has two keys with kid ${JSON.stringify(dup)}`);
    return out;
  }
  if (typeof o.kty === 'string') return [fromJwk(o, origin)];
  throw new KeyError(`${origin}: expected a JWKS ({"keys": [...]}), a JWK, or {"secret": "..."}`);
}

function fromJwk(k: unknown, origin: string): VerificationKey {
  if (!isRecord(k) || typeof k.kty !== 'string') throw new KeyError(`${origin}: not a JWK (no "kty")`);
  const kid = typeof k.kid === 'string' ? k.kid : undefined;
  const label = kid !== undefined ? `JWK ${JSON.stringify(kid)}` : origin;
  let key: KeyObject | Uint8Array;
  let algorithms: readonly string[];
  if (k.kty === 'oct') {
    if (typeof k.k !== 'string' || k.k === '') throw new KeyError(`${label}: oct key without "k"`);
    key = Buffer.from(k.k, 'base64url');
    algorithms = HMAC_ALGORITHMS;
  } else {
    const pub: Record<string, unknown> = { ...k };
    for (const p of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth']) delete pub[p];
    try {
      key = createPublicKey({ key: pub as import('node:crypto').JsonWebKey, format: 'jwk' });
    } catch (e) {
      throw new KeyError(`${label}: cannot import: ${(e as Error).message}`);
    }
    algorithms = algorithmsFor(key);
  }
  if (typeof k.alg === 'string') {
    if (!algorithms.includes(k.alg)) throw new KeyError(`${label}: "alg" ${k.alg} does not fit a ${k.kty} key`);
    algorithms = k.alg === 'EdDSA' || k.alg === 'Ed25519' ? ['EdDSA', 'Ed25519'] : [k.alg];
  }
  return { kid, algorithms, key, description: label };
}

function fromPem(text: string, origin: string): VerificationKey[] {
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)];
  if (blocks.length === 0) throw new KeyError(`${origin}: malformed PEM (no complete BEGIN/END block)`);
  return blocks.map(([pem, type]) => {
    let key: KeyObject;
    try {
      if (type === 'CERTIFICATE') key = new X509Certificate(pem).publicKey;
      else if (type === 'PUBLIC KEY' || type === 'RSA PUBLIC KEY') key = createPublicKey(pem);
      else if (type === 'PRIVATE KEY' || type === 'RSA PRIVATE KEY' || type === 'EC PRIVATE KEY') key = createPublicKey(pem);
      else throw new KeyError(`${origin}: unsupported PEM block type ${type}`);
    } catch (e) {
      if (e instanceof KeyError) throw e;
      throw new KeyError(`${origin}: cannot read ${type}: ${(e as Error).message}`);
    }
    return { algorithms: algorithmsFor(key), key, description: `${type.toLowerCase()} from ${origin}` };
  });
}

/** JWS algorithms a public key can verify, by key type and curve. */
export function algorithmsFor(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1') return ['ES256'];
      if (curve === 'secp384r1') return ['ES384'];
      if (curve === 'secp521r1') return ['ES512'];
      throw new KeyError(`EC curve ${curve ?? 'unknown'} is not supported for JWS (use P-256, P-384 or P-521)`);
    }
    case 'ed25519':
      return ['EdDSA', 'Ed25519'];
    default:
      throw new KeyError(`key type ${key.asymmetricKeyType ?? 'unknown'} is not supported for bundle signatures`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
