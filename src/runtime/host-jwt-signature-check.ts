// JWS signature checks (RS*, PS*, ES*, HS*, EdDSA) with node:crypto, matching
// what Go's crypto packages accept. None of these throws: a key or signature
// that does not fit is simply not verified.

import { createHmac, timingSafeEqual, verify, constants, type KeyObject } from 'node:crypto';
import { CURVE_BYTES, type VerificationKey } from './host-jwt-keys.js';

export const HASHES: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

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

export function verifyRSA(k: VerificationKey, hash: string, pss: 'auto' | 'digest' | false, data: Buffer, sig: Buffer): boolean {
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
export function verifyESLoose(k: VerificationKey, hash: string, data: Buffer, sig: Buffer): boolean {
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

export function verifyEd25519(k: VerificationKey, data: Buffer, sig: Buffer): boolean {
  if (k.kind !== 'ed25519' || !k.key) return false;
  return safely(() => verify(null, data, k.key!, sig));
}

export function hmacEqual(hash: string, secret: Buffer | string, data: Buffer, sig: Buffer): boolean {
  const mac = createHmac(hash, secret).update(data).digest();
  return mac.length === sig.length && timingSafeEqual(mac, sig);
}

/** jwx's jwsbb.Verify(key, alg, …), as io.jwt.decode_verify uses it. */
export function verifyJWS(k: VerificationKey, alg: string, data: Buffer, sig: Buffer): boolean {
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
