// `policy keygen`: a signing key pair for bundles — <name>.private.pem
// (PKCS#8), <name>.public.pem (SPKI) and the public key added to jwks.json
// under kid <name>, so running it again with a new name prepares a rotation
// (the JWKS then holds old and new keys). HMAC algorithms get a random secret.

import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeygenOptions {
  alg: string;
  dir: string;
  /** File name stem and JWKS kid (default: the algorithm, lower-case). */
  name?: string;
  /** Overwrite existing files of the same name. */
  force?: boolean;
}

export interface KeygenResult {
  kid: string;
  written: string[];
}

export class KeygenError extends Error {}

const GENERATORS: Record<string, () => { privateKey: KeyObject; publicKey: KeyObject }> = {
  RS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  RS384: () => generateKeyPairSync('rsa', { modulusLength: 3072 }),
  RS512: () => generateKeyPairSync('rsa', { modulusLength: 4096 }),
  PS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS384: () => generateKeyPairSync('rsa', { modulusLength: 3072 }),
  PS512: () => generateKeyPairSync('rsa', { modulusLength: 4096 }),
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ES384: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ES512: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  EdDSA: () => generateKeyPairSync('ed25519'),
};

export function generateSigningKey(opts: KeygenOptions): KeygenResult {
  const name = opts.name ?? opts.alg.toLowerCase();
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new KeygenError(`key name ${JSON.stringify(name)} may only hold letters, digits, ".", "_" and "-"`);
  mkdirSync(opts.dir, { recursive: true });
  const guard = (path: string) => {
    if (existsSync(path) && !opts.force) throw new KeygenError(`${path} exists; choose another --name or pass --force`);
    return path;
  };
  if (/^HS(256|384|512)$/.test(opts.alg)) {
    const path = guard(join(opts.dir, `${name}.secret`));
    writeFileSync(path, randomBytes(Number(opts.alg.slice(2)) / 8).toString('base64url'), { mode: 0o600 });
    return { kid: name, written: [path] };
  }
  const gen = GENERATORS[opts.alg];
  if (!gen) throw new KeygenError(`unsupported algorithm ${opts.alg} (use one of ${[...Object.keys(GENERATORS), 'HS256', 'HS384', 'HS512'].join(', ')})`);
  const priv = guard(join(opts.dir, `${name}.private.pem`));
  const pub = guard(join(opts.dir, `${name}.public.pem`));
  const { privateKey, publicKey } = gen();
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  const jwksPath = join(opts.dir, 'jwks.json');
  const jwks = readJwks(jwksPath);
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: name, alg: opts.alg, use: 'sig' };
  jwks.keys = [...jwks.keys.filter((k) => (k as { kid?: unknown }).kid !== name), jwk];
  writeFileSync(jwksPath, JSON.stringify(jwks, null, 2) + '\n');
  return { kid: name, written: [priv, pub, jwksPath] };
}

function readJwks(path: string): { keys: unknown[] } {
  if (!existsSync(path)) return { keys: [] };
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { keys?: unknown };
    if (Array.isArray(doc.keys)) return { ...doc, keys: doc.keys };
  } catch {
    // fall through
  }
  throw new KeygenError(`${path} exists but is not a JWKS ({"keys": [...]}); move it away first`);
}
