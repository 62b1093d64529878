// Bundle signature verification as OPA does it (opa v1/bundle/verify.go),
// but stricter where OPA is lenient: a signature is always required, whatever
// the key-id configuration (opa#8531), and a JWKS lets old and new keys verify
// during a rotation. Checks, in order: exactly one JWS; a supported, non-`none`
// algorithm; the key (configured kid → header kid → legacy `keyid` claim →
// every compatible key); the JWS signature; the scope; then the file set and
// every file digest.

import { compactVerify } from 'jose';
import { fileDigest, HASH_ALGORITHMS } from './canonical.js';
import type { KeySet, VerificationKey } from './keys.js';
import { SUPPORTED_ALGORITHMS } from './keys.js';
import { SIGNATURES_FILE, type Bundle } from './read.js';

export interface VerifyOptions {
  keys: KeySet;
  /** Required key id: the signature must name it (or name none) and a key with it is used. */
  keyId?: string;
  /** Required scope; the payload's `scope` must equal it (both absent counts as equal). */
  scope?: string;
  /** Glob patterns (OPA's filepath.Match syntax) of files exempt from the file check. */
  excludeFiles?: string[];
}

export interface SignedFile {
  name: string;
  hash: string;
  algorithm: string;
}

export interface VerifiedSignature {
  kid?: string;
  alg: string;
  files: SignedFile[];
  scope?: string;
}

export class BundleVerificationError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BundleVerificationError';
  }
}

function fail(code: string, message: string): never {
  throw new BundleVerificationError(code, message);
}

export async function verifyBundle(bundle: Bundle, opts: VerifyOptions): Promise<VerifiedSignature> {
  const sigs = bundle.signatures;
  if (sigs === undefined) fail('missing_signature', 'bundle is not signed (no .signatures.json); a signature is required');
  if (sigs!.length === 0) fail('no_signature', '.signatures.json: missing JWT (expected exactly one)');
  if (sigs!.length > 1) fail('multiple_signatures', `.signatures.json: ${sigs!.length} JWTs (expected exactly one)`);
  const token = sigs![0];
  const { header, payload } = decodeJws(token);

  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '') fail('bad_jws', 'signature header has no "alg"');
  if (alg.toLowerCase() === 'none') fail('alg_none', 'signature uses "alg": "none"; unsigned tokens are never accepted');
  if (!SUPPORTED_ALGORITHMS.includes(alg)) fail('unknown_alg', `signature uses unsupported algorithm ${JSON.stringify(alg)}`);

  const headerKid = typeof header.kid === 'string' && header.kid !== '' ? header.kid : undefined;
  const claimKid = typeof payload.keyid === 'string' && payload.keyid !== '' ? payload.keyid : undefined;
  const signedKid = headerKid ?? claimKid;
  if (opts.keyId !== undefined && signedKid !== undefined && signedKid !== opts.keyId) {
    fail('key_id_mismatch', `signature names key id ${JSON.stringify(signedKid)} but key id ${JSON.stringify(opts.keyId)} is required`);
  }
  const kid = opts.keyId ?? signedKid;
  const candidates = selectKeys(opts.keys, kid, alg);
  let verified: VerificationKey | undefined;
  let signedPayload: Uint8Array | undefined;
  for (const k of candidates) {
    try {
      signedPayload = (await compactVerify(token, k.key, { algorithms: [alg] })).payload;
      verified = k;
      break;
    } catch {
      // try the next key: during a rotation several may be configured
    }
  }
  if (!verified) {
    fail('bad_signature', `signature does not verify with ${candidates.length === 1 ? candidates[0].description : `any of ${candidates.length} candidate keys`}${kid !== undefined ? ` (key id ${JSON.stringify(kid)})` : ''}`);
  }

  // From here on, use only what the signature covers.
  const claims = parseClaims(signedPayload!);
  const scope = typeof claims.scope === 'string' ? claims.scope : undefined;
  if ((scope ?? '') !== (opts.scope ?? '')) {
    fail('scope_mismatch', `scope mismatch: signature has ${scope === undefined ? 'no scope' : JSON.stringify(scope)}, expected ${opts.scope === undefined ? 'no scope' : JSON.stringify(opts.scope)}`);
  }

  const files = signedFiles(claims.files);
  checkFiles(bundle, files, opts.excludeFiles ?? []);
  return { kid: verified!.kid ?? kid, alg, files, scope };
}

function decodeJws(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  if (typeof token !== 'string') fail('bad_jws', 'signature is not a string');
  const parts = token.split('.');
  if (parts.length !== 3) fail('bad_jws', `signature is not a compact JWS (expected 3 dot-separated parts, found ${parts.length})`);
  const part = (s: string, what: string): Record<string, unknown> => {
    let v: unknown;
    try {
      if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
      v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    } catch (e) {
      fail('bad_jws', `signature ${what} is not base64url JSON: ${(e as Error).message}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('bad_jws', `signature ${what} is not a JSON object`);
    return v as Record<string, unknown>;
  };
  return { header: part(parts[0], 'header'), payload: part(parts[1], 'payload') };
}

function parseClaims(bytes: Uint8Array): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    fail('bad_payload', `signature payload is not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('bad_payload', 'signature payload is not a JSON object');
  return v as Record<string, unknown>;
}

/** Keys to try: those answering to `kid` (kid-less PEM keys and secrets answer to any), narrowed to the algorithm. */
function selectKeys(keys: KeySet, kid: string | undefined, alg: string): VerificationKey[] {
  let pool = [...keys.keys];
  if (kid !== undefined) {
    pool = pool.filter((k) => k.kid === undefined || k.kid === kid);
    if (pool.length === 0) fail('unknown_key_id', `no verification key has key id ${JSON.stringify(kid)} (known: ${keys.keys.map((k) => JSON.stringify(k.kid)).join(', ')})`);
  }
  const fitting = pool.filter((k) => k.algorithms.includes(alg));
  if (fitting.length === 0) {
    fail('key_alg_mismatch', `signature algorithm ${alg} does not fit the verification key${pool.length > 1 ? 's' : ''} (${pool.map((k) => `${k.description}: ${k.algorithms.join('/')}`).join('; ')})`);
  }
  return fitting;
}

function signedFiles(raw: unknown): SignedFile[] {
  if (!Array.isArray(raw)) fail('bad_payload', 'signature payload has no "files" array');
  const seen = new Set<string>();
  return (raw as unknown[]).map((f, i) => {
    if (typeof f !== 'object' || f === null) fail('bad_payload', `signature payload files[${i}] is not an object`);
    const { name, hash, algorithm } = f as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') fail('bad_payload', `signature payload files[${i}] has no name`);
    if (typeof hash !== 'string' || !/^[0-9a-fA-F]+$/.test(hash)) fail('bad_payload', `signature payload entry for ${name as string} has no hex hash`);
    if (typeof algorithm !== 'string' || algorithm === '') fail('bad_payload', `no hashing algorithm provided for file ${name as string}`);
    if (!HASH_ALGORITHMS[algorithm as string]) fail('unknown_hash_alg', `unsupported hashing algorithm ${JSON.stringify(algorithm)} for file ${name as string}`);
    const n = (name as string).replace(/^\/+/, '');
    if (seen.has(n)) fail('bad_payload', `signature payload lists ${n} twice`);
    seen.add(n);
    return { name: n, hash: (hash as string).toLowerCase(), algorithm: algorithm as string };
  });
}

function checkFiles(bundle: Bundle, files: SignedFile[], exclude: string[]): void {
  const expected = new Map(files.map((f) => [f.name, f]));
  const excluded = (name: string) => exclude.some((p) => globMatch(p, name));
  for (const [name, bytes] of bundle.files) {
    if (name === SIGNATURES_FILE) continue;
    if (excluded(name)) {
      expected.delete(name);
      continue;
    }
    const f = expected.get(name);
    if (!f) fail('file_not_signed', `file ${name} not included in bundle signature`);
    let actual: string;
    try {
      actual = fileDigest(name, bytes, f!.algorithm);
    } catch (e) {
      fail('digest_mismatch', `${name}: cannot compute digest: ${(e as Error).message}`);
    }
    if (actual! !== f!.hash) fail('digest_mismatch', `${name}: digest mismatch (want: ${f!.hash}, got: ${actual!})`);
    expected.delete(name);
  }
  if (expected.size > 0) fail('file_missing', `file(s) ${[...expected.keys()].join(', ')} specified in bundle signature but not found in the bundle`);
}

/** Go's filepath.Match on `/` paths: `*` and `?` never cross `/`; `[...]` classes; `\` escapes. */
export function globMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return false; // malformed pattern matches nothing, as Go returns ErrBadPattern
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = '^' + cls.slice(1).replace(/[\]\\]/g, '\\$&');
      else cls = cls.replace(/[\]\\^]/g, '\\$&');
      re += `(?!/)[${cls}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$', 's').test(name);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
