// Bundle signing as `opa build --signing-key` / `opa sign` do it (opa
// v1/bundle/sign.go): one compact JWS in /.signatures.json whose payload lists
// every file of the bundle with its digest (structured documents through the
// canonical stream), plus `scope`, extra claims, and the legacy `keyid` claim
// when no claims are given.

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { CompactSign } from 'jose';
import { DEFAULT_HASH_ALGORITHM, fileDigest, HASH_ALGORITHMS } from './canonical.js';
import { algorithmsFor, HMAC_ALGORITHMS, SUPPORTED_ALGORITHMS } from './keys.js';
import { SIGNATURES_FILE } from './read.js';
import { readTarGz, writeTarGz, type BundleEntry, type TarLimits } from './tar.js';
import type { SignedFile } from './verify.js';

export interface SigningOptions {
  /** PEM private key (text or file path), a private JWK, a KeyObject, or for HS* the secret (text, file path or bytes). */
  key: string | KeyObject | Uint8Array;
  /** JWS algorithm; default: inferred from the key (RSA → RS256, P-256 → ES256, Ed25519 → EdDSA, secret → HS256). */
  alg?: string;
  keyId?: string;
  scope?: string;
  /** Extra payload claims (OPA's --claims-file); when given, no legacy `keyid` claim is added. */
  claims?: Record<string, unknown>;
  /** File digest algorithm (default SHA-256). */
  hashAlgorithm?: string;
}

export class SigningError extends Error {}

interface SigningKey {
  key: KeyObject | Uint8Array;
  alg: string;
}

export function loadSigningKey(source: SigningOptions['key'], alg?: string): SigningKey {
  if (alg !== undefined && !SUPPORTED_ALGORITHMS.includes(alg)) {
    throw new SigningError(`unsupported signing algorithm ${JSON.stringify(alg)} (use one of ${SUPPORTED_ALGORITHMS.join(', ')})`);
  }
  const hmac = alg !== undefined && (HMAC_ALGORITHMS as readonly string[]).includes(alg);
  if (source instanceof Uint8Array) {
    const text = Buffer.from(source).toString('utf8');
    if (!hmac && (text.includes('-----BEGIN') || text.trim().startsWith('{'))) return asymmetric(text, alg, 'key bytes');
    if (alg !== undefined && !hmac) throw new SigningError(`${alg} needs a private key, not a secret`);
    return { key: source, alg: alg ?? 'HS256' };
  }
  if (typeof source !== 'string') {
    if (source.type === 'secret') {
      if (alg !== undefined && !hmac) throw new SigningError(`${alg} needs a private key, not a secret`);
      return { key: source.export(), alg: alg ?? 'HS256' };
    }
    if (source.type !== 'private') throw new SigningError('a public key cannot sign; give the private key');
    return fit(source, alg, 'key object');
  }
  let text = source;
  let origin = 'inline key';
  if (!source.includes('-----BEGIN') && !source.trim().startsWith('{') && existsSync(source)) {
    text = readFileSync(source, 'utf8');
    origin = source;
  }
  const looksAsymmetric = text.includes('-----BEGIN') || text.trim().startsWith('{');
  if (hmac || (alg === undefined && !looksAsymmetric)) {
    if (text.length === 0) throw new SigningError('HMAC secret is empty');
    return { key: new TextEncoder().encode(text), alg: alg ?? 'HS256' };
  }
  return asymmetric(text, alg, origin);
}

function asymmetric(text: string, alg: string | undefined, origin: string): SigningKey {
  let key: KeyObject;
  try {
    const t = text.trim();
    key = t.startsWith('{') ? createPrivateKey({ key: JSON.parse(t) as import('node:crypto').JsonWebKey, format: 'jwk' }) : createPrivateKey(t);
  } catch (e) {
    if (text.includes('PUBLIC KEY') || text.includes('CERTIFICATE')) throw new SigningError(`${origin}: a public key or certificate cannot sign; give the private key`);
    throw new SigningError(`${origin}: cannot read private key: ${(e as Error).message}`);
  }
  return fit(key, alg, origin);
}

function fit(key: KeyObject, alg: string | undefined, origin: string): SigningKey {
  const algs = algorithmsFor(createPublicKey(key));
  const chosen = alg ?? (algs[0] === 'EdDSA' ? 'EdDSA' : algs[0]);
  if (!algs.includes(chosen)) throw new SigningError(`${origin}: a ${key.asymmetricKeyType} key cannot sign ${chosen} (it fits ${algs.join(', ')})`);
  return { key, alg: chosen };
}

/** Every file except .signatures.json with its digest, sorted by name. */
export function signedFileList(entries: Iterable<BundleEntry>, hashAlgorithm: string = DEFAULT_HASH_ALGORITHM): SignedFile[] {
  if (!HASH_ALGORITHMS[hashAlgorithm]) throw new SigningError(`unsupported hashing algorithm ${hashAlgorithm}`);
  return [...entries]
    .filter((e) => e.name !== SIGNATURES_FILE)
    .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
    .map((e) => ({ name: e.name, hash: fileDigest(e.name, e.bytes, hashAlgorithm), algorithm: hashAlgorithm }));
}

/** The compact JWS for a set of bundle files. */
export async function createSignature(entries: Iterable<BundleEntry>, opts: SigningOptions): Promise<string> {
  const { key, alg } = loadSigningKey(opts.key, opts.alg);
  const payload: Record<string, unknown> = { files: signedFileList(entries, opts.hashAlgorithm) };
  if (opts.claims) {
    for (const [k, v] of Object.entries(opts.claims)) if (k !== 'files') payload[k] = v;
  } else if (opts.keyId) payload.keyid = opts.keyId; // deprecated claim; OPA still adds it
  if (opts.scope !== undefined) {
    if (opts.claims && 'scope' in opts.claims && opts.claims.scope !== opts.scope) throw new SigningError('--scope and the claims file give different scopes');
    payload.scope = opts.scope;
  }
  // Go's json.Marshal of a map sorts its keys; do the same so our payloads read alike.
  const sorted = Object.fromEntries(Object.keys(payload).sort().map((k) => [k, payload[k]]));
  const header: { alg: string; kid?: string } = { alg };
  if (opts.keyId) header.kid = opts.keyId;
  return new CompactSign(new TextEncoder().encode(JSON.stringify(sorted))).setProtectedHeader(header).sign(key);
}

export function signaturesFile(token: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ signatures: [token] }, null, 1));
}

/** Entries plus a fresh /.signatures.json (replacing any old one). */
export async function signEntries(entries: BundleEntry[], opts: SigningOptions): Promise<BundleEntry[]> {
  const unsigned = entries.filter((e) => e.name !== SIGNATURES_FILE);
  const token = await createSignature(unsigned, opts);
  return [...unsigned, { name: SIGNATURES_FILE, bytes: signaturesFile(token) }];
}

/** Re-sign an existing bundle (`policy sign`): same files, new signature, rewritten deterministically. */
export async function signBundleBytes(tarGz: Uint8Array, opts: SigningOptions, limits?: TarLimits): Promise<Uint8Array> {
  return writeTarGz(await signEntries(readTarGz(tarGz, limits), opts));
}
