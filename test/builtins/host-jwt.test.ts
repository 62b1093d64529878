import { constants, createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHostBuiltins } from '../../src/runtime/host-builtins.js';
import { JwtBuiltinError, jwtBuiltins } from '../../src/runtime/host-jwt.js';

// --- keys -------------------------------------------------------------------

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec: Record<string, { privateKey: KeyObject; publicKey: KeyObject }> = {
  '256': generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  '384': generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  '512': generateKeyPairSync('ec', { namedCurve: 'P-521' }),
};
const ec2 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const ed2 = generateKeyPairSync('ed25519');

const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
const jwk = (k: KeyObject, extra: Record<string, unknown> = {}) => ({ ...k.export({ format: 'jwk' }), ...extra });

// --- signing ----------------------------------------------------------------

const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64url');
const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function signature(alg: string, input: string, key: KeyObject | string): Buffer {
  const hash = HASH[alg.slice(2)];
  const data = Buffer.from(input);
  switch (alg.slice(0, 2)) {
    case 'HS':
      return createHmac(hash, key as string).update(data).digest();
    case 'RS':
      return sign(hash, data, key as KeyObject);
    case 'PS':
      return sign(hash, data, { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
    case 'ES':
      return sign(hash, data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
    default:
      return sign(null, data, key as KeyObject);
  }
}

function token(alg: string, payload: object, key: KeyObject | string, header: object = {}): string {
  const input = `${b64(JSON.stringify({ alg, typ: 'JWT', ...header }))}.${b64(JSON.stringify(payload))}`;
  return `${input}.${b64(signature(alg, input, key))}`;
}

/** Replace the payload, keeping header and signature. */
function tamper(t: string, payload: object): string {
  const [h, , s] = t.split('.');
  return `${h}.${b64(JSON.stringify(payload))}.${s}`;
}

// --- a minimal X.509 certificate (DER by hand; node:crypto cannot issue one) --

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
function oid(s: string): Buffer {
  const [a, b, ...rest] = s.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const v of rest) {
    const enc = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) enc.unshift((x & 0x7f) | 0x80);
    bytes.push(...enc);
  }
  return der(0x06, Buffer.from(bytes));
}
function certificate(subject: KeyObject, issuer: KeyObject): string {
  const sha256WithRSA = der(0x30, oid('1.2.840.113549.1.1.11'), der(0x05));
  const name = der(0x30, der(0x31, der(0x30, oid('2.5.4.3'), der(0x0c, Buffer.from('jwt test')))));
  const tbs = der(0x30,
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.from([0x01, 0x23])),
    sha256WithRSA,
    name,
    der(0x30, der(0x17, Buffer.from('200101000000Z')), der(0x17, Buffer.from('491231235959Z'))),
    name,
    subject.export({ type: 'spki', format: 'der' }));
  const sig = sign('sha256', tbs, issuer);
  const cert = der(0x30, tbs, sha256WithRSA, der(0x03, Buffer.from([0]), sig));
  const lines = cert.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`;
}

// --- helpers ----------------------------------------------------------------

const NOW_S = 1_700_000_000;
const NOW_NS = NOW_S * 1e9;
const b = jwtBuiltins(() => NOW_NS);
const UNVERIFIED = [false, {}, {}];
/** The `valid` element of a decode_verify result. */
const ok = (r: unknown) => (r as unknown[])[0];

/** The call throws a JWT builtin error whose message contains `text`. */
function expectError(f: () => unknown, text: string | RegExp, code = 'eval_builtin_error') {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an error').toBeInstanceOf(JwtBuiltinError);
  const msg = (err as Error).message;
  expect(msg.startsWith(`${code}: io.jwt.`), msg).toBe(true);
  if (typeof text === 'string') expect(msg).toContain(text);
  else expect(msg).toMatch(text);
}

// --- tests ------------------------------------------------------------------

describe('io.jwt.verify_rs* / verify_ps*', () => {
  for (const bits of ['256', '384', '512']) {
    it(`RS${bits}: valid, tampered, wrong key, wrong padding`, () => {
      const f = b[`io.jwt.verify_rs${bits}`];
      const t = token(`RS${bits}`, { sub: 'alice' }, rsa.privateKey);
      expect(f(t, pem(rsa.publicKey))).toBe(true);
      expect(f(tamper(t, { sub: 'mallory' }), pem(rsa.publicKey))).toBe(false);
      expect(f(t, pem(rsa2.publicKey))).toBe(false);
      expect(f(t, pem(ec['256'].publicKey))).toBe(false);
      expect(b[`io.jwt.verify_ps${bits}`](t, pem(rsa.publicKey))).toBe(false);
    });

    it(`PS${bits}: valid, tampered, wrong key`, () => {
      const f = b[`io.jwt.verify_ps${bits}`];
      const t = token(`PS${bits}`, { sub: 'alice' }, rsa.privateKey);
      expect(f(t, pem(rsa.publicKey))).toBe(true);
      expect(f(tamper(t, { sub: 'mallory' }), pem(rsa.publicKey))).toBe(false);
      expect(f(t, pem(rsa2.publicKey))).toBe(false);
      expect(b[`io.jwt.verify_rs${bits}`](t, pem(rsa.publicKey))).toBe(false);
    });
  }

  it('verify_ps* accepts any PSS salt length; decode_verify wants the digest length (as jwx does)', () => {
    const input = `${b64(JSON.stringify({ alg: 'PS256' }))}.${b64(JSON.stringify({ a: 1 }))}`;
    const sig = sign('sha256', Buffer.from(input), { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN });
    const t = `${input}.${b64(sig)}`;
    expect(b['io.jwt.verify_ps256'](t, pem(rsa.publicKey))).toBe(true);
    expect(b['io.jwt.decode_verify'](t, { cert: pem(rsa.publicKey) })).toEqual(UNVERIFIED);
  });

  it('accepts a PEM certificate', () => {
    const cert = certificate(rsa.publicKey, rsa.privateKey);
    const t = token('RS256', { sub: 'alice' }, rsa.privateKey);
    expect(b['io.jwt.verify_rs256'](t, cert)).toBe(true);
    expect(b['io.jwt.verify_rs256'](t, certificate(rsa2.publicKey, rsa.privateKey))).toBe(false);
    // An EC subject key in a certificate issued by an RSA key.
    const te = token('ES256', { sub: 'alice' }, ec['256'].privateKey);
    expect(b['io.jwt.verify_es256'](te, certificate(ec['256'].publicKey, rsa.privateKey))).toBe(true);
  });

  it('rejects RSA keys under 1024 bits, as Go does', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 768 });
    const t = token('RS256', {}, small.privateKey);
    expect(b['io.jwt.verify_rs256'](t, pem(small.publicKey))).toBe(false);
  });
});

describe('io.jwt.verify_es*', () => {
  for (const bits of ['256', '384', '512']) {
    it(`ES${bits}: valid, tampered, wrong key, DER signature`, () => {
      const f = b[`io.jwt.verify_es${bits}`];
      const { privateKey, publicKey } = ec[bits];
      const t = token(`ES${bits}`, { sub: 'alice' }, privateKey);
      expect(f(t, pem(publicKey))).toBe(true);
      expect(f(t, JSON.stringify(jwk(publicKey)))).toBe(true);
      expect(f(tamper(t, { sub: 'mallory' }), pem(publicKey))).toBe(false);
      expect(f(t, pem(ec2.publicKey))).toBe(false);
      expect(f(t, pem(rsa.publicKey))).toBe(false);
      const [h, p] = t.split('.');
      const derSig = sign(HASH[bits], Buffer.from(`${h}.${p}`), privateKey);
      expect(f(`${h}.${p}.${b64(derSig)}`, pem(publicKey))).toBe(false);
    });
  }

  it('reads r and s as integers (a short signature still verifies, as in OPA)', () => {
    // Find a signature whose r has a leading zero byte, then drop that byte:
    // OPA splits the 63 bytes at 31, which still yields the right r and s.
    const { privateKey, publicKey } = ec['256'];
    const input = `${b64(JSON.stringify({ alg: 'ES256' }))}.${b64('{}')}`;
    let sig: Buffer;
    do sig = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    while (sig[0] !== 0);
    const short = sig.subarray(1);
    expect(b['io.jwt.verify_es256'](`${input}.${b64(short)}`, pem(publicKey))).toBe(true);
    expect(b['io.jwt.decode_verify'](`${input}.${b64(short)}`, { cert: pem(publicKey) })).toEqual(UNVERIFIED);
    expect(ok(b['io.jwt.decode_verify'](`${input}.${b64(sig)}`, { cert: pem(publicKey) }))).toBe(true);
  });
});

describe('io.jwt.verify_eddsa', () => {
  it('verifies Ed25519 from PEM and JWK', () => {
    const t = token('EdDSA', { sub: 'alice' }, ed.privateKey);
    expect(b['io.jwt.verify_eddsa'](t, pem(ed.publicKey))).toBe(true);
    expect(b['io.jwt.verify_eddsa'](t, JSON.stringify(jwk(ed.publicKey)))).toBe(true);
    expect(b['io.jwt.verify_eddsa'](tamper(t, { sub: 'mallory' }), pem(ed.publicKey))).toBe(false);
    expect(b['io.jwt.verify_eddsa'](t, pem(ed2.publicKey))).toBe(false);
    expect(b['io.jwt.verify_eddsa'](t, pem(rsa.publicKey))).toBe(false);
  });
});

describe('io.jwt.verify_hs*', () => {
  for (const bits of ['256', '384', '512']) {
    it(`HS${bits}: valid, tampered, wrong secret`, () => {
      const f = b[`io.jwt.verify_hs${bits}`];
      const t = token(`HS${bits}`, { sub: 'alice' }, 'secret');
      expect(f(t, 'secret')).toBe(true);
      expect(f(t, 'wrong')).toBe(false);
      expect(f(tamper(t, { sub: 'mallory' }), 'secret')).toBe(false);
    });
  }

  it('does not look at the header (OPA verifies the MAC only)', () => {
    const input = `${b64('not json')}.${b64('{}')}`;
    const t = `${input}.${b64(createHmac('sha256', 'k').update(input).digest())}`;
    expect(b['io.jwt.verify_hs256'](t, 'k')).toBe(true);
  });

  it('matches OPA’s known HS256 vector', () => {
    const t = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyIjoiYWxpY2UiLCJhenAiOiJhbGljZSIsInN1Ym9yZGluYXRlcyI6W10sImhyIjpmYWxzZX0.rz3jTY033z-NrKfwrK89_dcLF7TN4gwCMj-fVBDyLoM';
    expect(b['io.jwt.verify_hs256'](t, 'secret')).toBe(true);
    expect(b['io.jwt.verify_hs256'](t, 'the wrong key')).toBe(false);
  });
});

describe('JWKS keys', () => {
  const jwks = JSON.stringify({
    keys: [
      jwk(ec2.publicKey, { kid: 'e1', alg: 'ES256' }),
      jwk(rsa2.publicKey, { kid: 'r2', alg: 'RS256' }),
      jwk(rsa.publicKey, { kid: 'r1', alg: 'RS256', use: 'enc' }),
      jwk(ed.publicKey, { kid: 'x', alg: 'RSA-OAEP' }), // unknown algorithm: skipped
    ],
  });

  it('tries every key whose alg matches when no kid matches', () => {
    const t = token('RS256', { sub: 'alice' }, rsa.privateKey);
    expect(b['io.jwt.verify_rs256'](t, jwks)).toBe(true);
    expect(ok(b['io.jwt.decode_verify'](t, { cert: jwks }))).toBe(true);
    expect(b['io.jwt.verify_rs256'](token('RS256', {}, rsa.privateKey, { kid: 'nope' }), jwks)).toBe(true);
  });

  it('uses only the key whose kid matches the header', () => {
    expect(b['io.jwt.verify_rs256'](token('RS256', {}, rsa.privateKey, { kid: 'r1' }), jwks)).toBe(true);
    expect(b['io.jwt.verify_rs256'](token('RS256', {}, rsa.privateKey, { kid: 'r2' }), jwks)).toBe(false);
    expect(b['io.jwt.decode_verify'](token('RS256', {}, rsa.privateKey, { kid: 'r2' }), { cert: jwks })).toEqual(UNVERIFIED);
  });

  it('skips keys whose alg differs from the header and keys with unknown algorithms', () => {
    // Signed with rsa but labelled PS256: r1 is an RS256 key, so it is skipped.
    const input = `${b64(JSON.stringify({ alg: 'PS256' }))}.${b64('{}')}`;
    const t = `${input}.${b64(signature('PS256', input, rsa.privateKey))}`;
    expect(b['io.jwt.verify_ps256'](t, jwks)).toBe(false);
    expect(b['io.jwt.verify_ps256'](t, JSON.stringify({ keys: [jwk(rsa.publicKey)] }))).toBe(true);
    expect(b['io.jwt.verify_eddsa'](token('EdDSA', {}, ed.privateKey), jwks)).toBe(false);
  });

  it('accepts a single JWK and verifies HS tokens with an oct key in decode_verify', () => {
    const t = token('ES256', {}, ec2.privateKey);
    expect(b['io.jwt.verify_es256'](t, JSON.stringify(jwk(ec2.publicKey)))).toBe(true);
    const oct = JSON.stringify({ kty: 'oct', k: b64('octsecret') });
    expect(ok(b['io.jwt.decode_verify'](token('HS256', {}, 'octsecret'), { cert: oct }))).toBe(true);
    expect(b['io.jwt.verify_hs256'](token('HS256', {}, 'octsecret'), oct)).toBe(false);
  });

  it('private JWKs: io.jwt.verify_* refuse them, decode_verify uses their public half', () => {
    const priv = JSON.stringify(rsa.privateKey.export({ format: 'jwk' }));
    const t = token('RS256', { a: 1 }, rsa.privateKey);
    expect(b['io.jwt.verify_rs256'](t, priv)).toBe(false);
    expect(b['io.jwt.decode_verify'](t, { cert: priv })).toEqual([true, { alg: 'RS256', typ: 'JWT' }, { a: 1 }]);
  });

  it('errors on keys it cannot parse', () => {
    const t = token('RS256', {}, rsa.privateKey);
    expectError(() => b['io.jwt.verify_rs256'](t, 'not a key'), 'failed to parse a JWK key (set)');
    expectError(() => b['io.jwt.verify_rs256'](t, JSON.stringify({ kty: 'RSA', n: 'AQAB' })), 'failed to parse a JWK key (set)');
    expectError(() => b['io.jwt.verify_rs256'](t, JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }] })), 'failed to parse a JWK key (set)');
    expectError(() => b['io.jwt.verify_rs256'](t, `${pem(rsa.publicKey)}\nextra`), 'extra data after a PEM certificate block');
    const priv = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expectError(() => b['io.jwt.verify_rs256'](t, priv), 'failed to extract a Key from the PEM certificate');
    expectError(() => b['io.jwt.verify_rs256'](t, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'), 'failed to parse a PEM public key');
    expectError(() => b['io.jwt.verify_rs256'](t, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'failed to parse a PEM certificate');
  });
});

describe('io.jwt.decode_verify', () => {
  const dv = b['io.jwt.decode_verify'];

  it('returns [true, header, payload] for a valid token', () => {
    const t = token('HS256', { iss: 'opa', sub: 'alice' }, 'secret');
    expect(dv(t, { secret: 'secret' })).toEqual([true, { alg: 'HS256', typ: 'JWT' }, { iss: 'opa', sub: 'alice' }]);
    expect(dv(t, { secret: 'wrong' })).toEqual(UNVERIFIED);
    expect(dv(tamper(t, { iss: 'opa', sub: 'mallory' }), { secret: 'secret' })).toEqual(UNVERIFIED);
  });

  it('verifies every algorithm from the header', () => {
    const cases: [string, KeyObject, KeyObject][] = [
      ['RS256', rsa.privateKey, rsa.publicKey], ['RS384', rsa.privateKey, rsa.publicKey], ['RS512', rsa.privateKey, rsa.publicKey],
      ['PS256', rsa.privateKey, rsa.publicKey], ['PS384', rsa.privateKey, rsa.publicKey], ['PS512', rsa.privateKey, rsa.publicKey],
      ['ES256', ec['256'].privateKey, ec['256'].publicKey], ['ES384', ec['384'].privateKey, ec['384'].publicKey],
      ['ES512', ec['512'].privateKey, ec['512'].publicKey], ['EdDSA', ed.privateKey, ed.publicKey],
    ];
    for (const [alg, priv, pub] of cases) {
      const t = token(alg, { n: 1 }, priv);
      expect(dv(t, { cert: pem(pub) }), alg).toEqual([true, { alg, typ: 'JWT' }, { n: 1 }]);
      expect(dv(t, { cert: pem(rsa2.publicKey) }), alg).toEqual(UNVERIFIED);
      expect(dv(tamper(t, { n: 2 }), { cert: pem(pub) }), alg).toEqual(UNVERIFIED);
    }
    for (const bits of ['384', '512']) expect(ok(dv(token(`HS${bits}`, {}, 'k'), { secret: 'k' }))).toBe(true);
  });

  it('accepts a certificate', () => {
    const t = token('RS256', { sub: 'alice' }, rsa.privateKey);
    expect(ok(dv(t, { cert: certificate(rsa.publicKey, rsa2.privateKey) }))).toBe(true);
    expect(dv(t, { cert: certificate(rsa2.publicKey, rsa.privateKey) })).toEqual(UNVERIFIED);
  });

  it('checks exp and nbf against the time constraint, in nanoseconds', () => {
    const t = token('HS256', { exp: NOW_S + 10, nbf: NOW_S - 10 }, 'k');
    expect(ok(dv(t, { secret: 'k' }))).toBe(true);
    expect(dv(t, { secret: 'k', time: (NOW_S + 10) * 1e9 })).toEqual(UNVERIFIED); // exp is exclusive
    expect(ok(dv(t, { secret: 'k', time: (NOW_S + 9) * 1e9 }))).toBe(true);
    expect(ok(dv(t, { secret: 'k', time: (NOW_S - 10) * 1e9 }))).toBe(true); // nbf is inclusive
    expect(dv(t, { secret: 'k', time: (NOW_S - 11) * 1e9 })).toEqual(UNVERIFIED);
    expect(dv(token('HS256', { exp: NOW_S - 1 }, 'k'), { secret: 'k' })).toEqual(UNVERIFIED);
    expect(dv(token('HS256', { nbf: NOW_S + 1 }, 'k'), { secret: 'k' })).toEqual(UNVERIFIED);
    expect(ok(dv(token('HS256', { exp: 3000.2 }, 'k'), { secret: 'k', time: 2000000000000.1 }))).toBe(true);
  });

  it('uses the evaluation clock shared with time.now_ns when no time is given', () => {
    let clock = BigInt(NOW_NS);
    const host = createHostBuiltins({ now: () => clock });
    const t = token('HS256', { exp: NOW_S + 5 }, 'k');
    expect(ok(host.builtins['io.jwt.decode_verify'](t, { secret: 'k' }))).toBe(true);
    clock += 10n * 1_000_000_000n;
    expect(host.builtins['time.now_ns']()).toBe(NOW_NS); // still the same evaluation
    expect(ok(host.builtins['io.jwt.decode_verify'](t, { secret: 'k' }))).toBe(true);
    host.beginEvaluation();
    expect(host.builtins['io.jwt.decode_verify'](t, { secret: 'k' })).toEqual(UNVERIFIED);
    expect(host.builtins['time.now_ns']()).toBe(NOW_NS + 10e9);
  });

  it('checks iss and aud', () => {
    const t = token('HS256', { iss: 'opa', aud: ['x', 'y'] }, 'k');
    expect(ok(dv(t, { secret: 'k', iss: 'opa', aud: 'y' }))).toBe(true);
    expect(dv(t, { secret: 'k', iss: 'other', aud: 'y' })).toEqual(UNVERIFIED);
    expect(dv(t, { secret: 'k', iss: 'opa', aud: 'z' })).toEqual(UNVERIFIED);
    // A token with an audience needs a matching aud constraint.
    expect(dv(t, { secret: 'k' })).toEqual(UNVERIFIED);
    const noClaims = token('HS256', { sub: 'alice' }, 'k');
    expect(dv(noClaims, { secret: 'k', iss: 'opa' })).toEqual(UNVERIFIED);
    expect(dv(noClaims, { secret: 'k', aud: 'x' })).toEqual(UNVERIFIED);
    expect(ok(dv(token('HS256', { aud: 'x' }, 'k'), { secret: 'k', aud: 'x' }))).toBe(true);
  });

  it('checks the alg constraint and the header', () => {
    const t = token('HS256', {}, 'k');
    expect(ok(dv(t, { secret: 'k', alg: 'HS256' }))).toBe(true);
    expect(dv(t, { secret: 'k', alg: 'HS512' })).toEqual(UNVERIFIED);
    // alg none, a secret used with an asymmetric alg, and unknown critical headers.
    const none = `${b64(JSON.stringify({ alg: 'none' }))}.${b64('{}')}.`;
    expect(dv(none, { secret: 'k' })).toEqual(UNVERIFIED);
    expect(dv(token('RS256', {}, rsa.privateKey), { secret: 'k' })).toEqual(UNVERIFIED);
    expect(dv(token('HS256', {}, 'k', { crit: ['junk'], junk: 1 }), { secret: 'k' })).toEqual(UNVERIFIED);
    expect(ok(dv(token('HS256', {}, 'k', { crit: ['kid'], kid: 'a' }), { secret: 'k' }))).toBe(true);
    const noAlg = `${b64('{}')}.${b64('{}')}.${b64(createHmac('sha256', 'k').update(`${b64('{}')}.${b64('{}')}`).digest())}`;
    expect(dv(noAlg, { secret: 'k' })).toEqual(UNVERIFIED);
  });

  it('verifies nested tokens (cty JWT) and returns the innermost header and payload', () => {
    const inner = token('HS256', { sub: 'alice' }, 'k');
    const input = `${b64(JSON.stringify({ alg: 'HS256', cty: 'JWT' }))}.${b64(inner)}`;
    const outer = `${input}.${b64(signature('HS256', input, 'k'))}`;
    expect(dv(outer, { secret: 'k' })).toEqual([true, { alg: 'HS256', typ: 'JWT' }, { sub: 'alice' }]);
    const badInner = tamper(inner, { sub: 'mallory' });
    const input2 = `${b64(JSON.stringify({ alg: 'HS256', cty: 'jwt' }))}.${b64(badInner)}`;
    expect(dv(`${input2}.${b64(signature('HS256', input2, 'k'))}`, { secret: 'k' })).toEqual(UNVERIFIED);
  });

  it('raises OPA’s errors for bad constraints', () => {
    const t = token('HS256', {}, 'k');
    expectError(() => dv(t, { secret: 'k', foo: 1 }), 'unknown token validation constraint: foo');
    expectError(() => dv(t, { secret: 'k', cert: pem(rsa.publicKey) }), 'duplicate key constraints');
    expectError(() => dv(t, {}), 'no key constraint');
    expectError(() => dv(t, { secret: '' }), 'no key constraint');
    expectError(() => dv(t, { secret: 1 }), 'secret constraint: must be a string');
    expectError(() => dv(t, { cert: 1 }), 'cert constraint: must be a string');
    expectError(() => dv(t, { secret: 'k', time: 'now' }), 'token time constraint: must be a number');
    expectError(() => dv(t, { secret: 'k', time: -1 }), 'token time constraint: must not be negative');
    expectError(() => dv(t, { cert: 'junk' }), 'failed to parse a JWK key (set)');
    expectError(() => dv(t, 'k'), 'operand 2 must be object but got string', 'eval_type_error');
  });

  it('raises OPA’s errors for malformed tokens and claims', () => {
    const c = { secret: 'k' };
    expectError(() => dv('abc', c), 'encoded JWT had no period separators');
    expectError(() => dv('a.b', c), 'encoded JWT must have 3 sections, found 2');
    expectError(() => dv('a.b.c.d', c), 'encoded JWT must have 3 sections, found 4');
    expectError(() => dv('a.b.c', c), 'JWT header had invalid encoding: illegal base64url string: a');
    expectError(() => dv(`${b64('{}')}!.e30.`, c), 'JWT header had invalid encoding: illegal base64 data at input byte 3');
    expectError(() => dv(`${b64('[1]')}.e30.`, c), 'bad JWT header: decoded JSON type was not an Object');
    expectError(() => dv(`${b64('{')}.e30.`, c), 'bad JWT header: invalid JSON');
    expectError(() => dv(`${b64('{"alg":"HS256","enc":"x"}')}.e30.`, c), 'JWT is a JWE object, which is not supported');
    expectError(() => dv(`${b64('{"alg":1}')}.e30.`, c), 'alg: must be a string');
    expectError(() => dv(`${b64('{"alg":"HS256","crit":"x"}')}.e30.`, c), 'crit: must be a list');
    expectError(() => dv(`${b64('{"alg":"HS256"}')}.e30.a`, c), 'illegal base64url string: a');
    expectError(() => dv(token('HS256', { exp: null }, 'k'), c), 'exp value must be a number');
    expectError(() => dv(token('HS256', { nbf: '1' }, 'k'), c), 'nbf value must be a number');
    expectError(() => dv(1, c), 'operand 1 must be string but got number', 'eval_type_error');
    // The payload is decoded only once the signature verifies.
    const input = `${b64('{"alg":"HS256"}')}.${b64('[]')}`;
    expectError(() => dv(`${input}.${b64(signature('HS256', input, 'k'))}`, c), 'decoded JSON type was not an Object');
    expect(dv(`${input}.${b64('bad')}`, c)).toEqual(UNVERIFIED);
  });

  it('accepts padded and unpadded base64url', () => {
    const padded = (x: string) => Buffer.from(x).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    const input = `${padded('{"alg":"HS256","x":12}')}.${b64('{"a":1}')}`;
    expect(input.split('.')[0].endsWith('==')).toBe(true);
    expect(dv(`${input}.${b64(signature('HS256', input, 'k'))}`, { secret: 'k' })).toEqual([true, { alg: 'HS256', x: 12 }, { a: 1 }]);
    // Padding where none belongs is an error.
    expectError(() => dv(`${b64('{"alg":"HS256"}')}=.e30.`, { secret: 'k' }), 'illegal base64 data at input byte 20');
  });
});

describe('malformed input never escapes as anything but a builtin error', () => {
  it('survives random mutations of valid tokens and keys', () => {
    const names = Object.keys(b);
    const tokens = [token('RS256', { a: 1 }, rsa.privateKey), token('ES256', {}, ec['256'].privateKey), token('HS256', { exp: 1 }, 'k')];
    const keys = [pem(rsa.publicKey), JSON.stringify(jwk(ec['256'].publicKey)), certificate(rsa.publicKey, rsa.privateKey), 'k'];
    const alphabet = 'AZaz09-_=.!{}"\n é';
    const mutate = (s: string) => {
      const chars = [...s];
      const n = 1 + Math.floor(Math.random() * 3);
      for (let i = 0; i < n; i++) {
        const at = Math.floor(Math.random() * (chars.length + 1));
        const c = alphabet[Math.floor(Math.random() * alphabet.length)];
        const op = Math.random();
        if (op < 0.4) chars.splice(at, 1);
        else if (op < 0.7) chars.splice(at, 0, c);
        else chars[at] = c;
      }
      return chars.join('');
    };
    const odd: unknown[] = [null, 1, true, [], {}, '', '..', randomBytes(20).toString('latin1')];
    for (let i = 0; i < 3000; i++) {
      const name = names[i % names.length];
      const t = i % 7 === 0 ? odd[i % odd.length] : mutate(tokens[i % tokens.length]);
      const k = name === 'io.jwt.decode_verify'
        ? (i % 3 === 0 ? { secret: 'k' } : i % 3 === 1 ? { cert: mutate(keys[i % 3]) } : odd[i % odd.length])
        : i % 5 === 0 ? odd[i % odd.length] : i % 2 ? keys[i % keys.length] : mutate(keys[i % keys.length]);
      try {
        const r = b[name](t, k);
        if (name === 'io.jwt.decode_verify') expect(Array.isArray(r) && r.length === 3).toBe(true);
        else expect(typeof r).toBe('boolean');
      } catch (e) {
        expect(e, `${name}(${JSON.stringify(t)}, ${JSON.stringify(k)})`).toBeInstanceOf(JwtBuiltinError);
      }
    }
  });
});
