// Test helpers: hand-made tar archives (including malformed ones) and keys.

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { exportJWK } from 'jose';

export interface RawEntry {
  name: string;
  data?: string | Uint8Array;
  /** tar typeflag: '0' file, '1' hard link, '2' symlink, '3'/'4' devices, '5' dir, 'x' PAX, 'L' GNU long name */
  type?: string;
  linkname?: string;
  prefix?: string;
}

/** A tar stream written byte by byte, with no validation, so tests can build hostile archives. */
export function rawTar(entries: RawEntry[], opts: { trailer?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : Buffer.from(e.data ?? new Uint8Array());
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write('0000644\0', 100, 'latin1');
    h.write('0000000\0', 108, 'latin1');
    h.write('0000000\0', 116, 'latin1');
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h.write('        ', 148, 'latin1');
    h.write(e.type ?? '0', 156, 'latin1');
    if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
    h.write('ustar\x0000', 257, 'latin1');
    if (e.prefix) h.write(e.prefix, 345, 155, 'utf8');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  if (opts.trailer !== false) blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export const rawTarGz = (entries: RawEntry[], opts?: { trailer?: boolean }) => new Uint8Array(gzipSync(rawTar(entries, opts)));

export function paxPath(path: string): RawEntry {
  const body = ` path=${path}\n`;
  let len = Buffer.byteLength(body) + 2;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return { name: 'PaxHeader', type: 'x', data: `${len}${body}` };
}

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  privatePem: string;
}

export function ecKey(curve = 'P-256'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export function rsaKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
}

export function edKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export async function jwks(...keys: { kid: string; key: TestKey; alg?: string }[]): Promise<{ keys: Record<string, unknown>[] }> {
  return { keys: await Promise.all(keys.map(async (k) => ({ ...(await exportJWK(k.key.publicKey)), kid: k.kid, ...(k.alg ? { alg: k.alg } : {}) }))) };
}
