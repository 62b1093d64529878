import { describe, expect, it } from 'vitest';
import { loadVerificationKeys, type KeySet } from '../../src/bundle/keys.js';
import { BundleError, readBundle, type Bundle } from '../../src/bundle/read.js';
import { signEntries, signaturesFile, type SigningOptions } from '../../src/bundle/sign.js';
import { writeTarGz, type BundleEntry } from '../../src/bundle/tar.js';
import { BundleVerificationError, globMatch, verifyBundle, type VerifyOptions } from '../../src/bundle/verify.js';
import { ecKey, edKey, jwks, rawTarGz, rsaKey } from './helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);

function files(): BundleEntry[] {
  return [
    { name: '.manifest', bytes: enc('{"revision":"r1","roots":["gateway"],"wasm":[{"entrypoint":"gateway/authz/allow","module":"/policy.wasm"}],"rego_version":1}\n') },
    { name: 'policy.wasm', bytes: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) },
    { name: 'data.json', bytes: enc('{"gateway":{"limits":{"max":10,"ratio":1.0}}}') },
    { name: 'gateway/authz.rego', bytes: enc('package gateway.authz\n\ndefault allow := false\n') },
    { name: 'identity.schema.json', bytes: enc('{"type":"object"}') },
  ];
}

async function signed(opts: SigningOptions, entries = files()): Promise<Uint8Array> {
  return writeTarGz(await signEntries(entries, opts));
}

async function outcome(bundle: Uint8Array | Bundle, opts: VerifyOptions): Promise<string> {
  try {
    await verifyBundle(bundle instanceof Uint8Array ? readBundle(bundle) : bundle, opts);
    return 'ok';
  } catch (e) {
    if (e instanceof BundleVerificationError || e instanceof BundleError) return e.code;
    throw e;
  }
}

const ec = ecKey();
const ecKeys = loadVerificationKeys(ec.publicPem);

describe('sign and verify round trip', () => {
  it.each([
    ['RS256', rsaKey],
    ['PS256', rsaKey],
    ['ES256', () => ecKey('P-256')],
    ['ES384', () => ecKey('P-384')],
    ['ES512', () => ecKey('P-521')],
    ['EdDSA', edKey],
  ])('%s: a signed bundle verifies and lists every file', async (alg, make) => {
    const k = make();
    const bundle = readBundle(await signed({ key: k.privatePem, alg, keyId: 'k1' }));
    const result = await verifyBundle(bundle, { keys: await loadVerificationKeys(k.publicPem) });
    expect(result.alg).toBe(alg);
    expect(result.kid).toBe('k1');
    expect(result.files.map((f) => f.name)).toEqual(['.manifest', 'data.json', 'gateway/authz.rego', 'identity.schema.json', 'policy.wasm']);
    expect(result.files.every((f) => f.algorithm === 'SHA-256' && /^[0-9a-f]{64}$/.test(f.hash))).toBe(true);
  });

  it('HS256 with a shared secret', async () => {
    const b = await signed({ key: enc('s3cret'), alg: 'HS256' });
    expect(await outcome(b, { keys: await loadVerificationKeys({ secret: 's3cret' }) })).toBe('ok');
    expect(await outcome(b, { keys: await loadVerificationKeys({ secret: 'other' }) })).toBe('bad_signature');
  });

  it('accepts a certificate or the private key PEM as verification key, as OPA does', async () => {
    const b = await signed({ key: ec.privatePem });
    expect(await outcome(b, { keys: await loadVerificationKeys(ec.privatePem) })).toBe('ok');
  });

  it('puts scope, claims and the legacy keyid claim in the payload as opa build does', async () => {
    const b = readBundle(await signed({ key: ec.privatePem, keyId: 'kid-1', scope: 'prod' }));
    const payload = JSON.parse(Buffer.from(b.signatures![0].split('.')[1], 'base64url').toString());
    expect(Object.keys(payload)).toEqual(['files', 'keyid', 'scope']);
    expect(payload.keyid).toBe('kid-1');
    const withClaims = readBundle(await signed({ key: ec.privatePem, keyId: 'kid-1', claims: { iss: 'ci', iat: 1 } }));
    const p2 = JSON.parse(Buffer.from(withClaims.signatures![0].split('.')[1], 'base64url').toString());
    expect(p2).toMatchObject({ iss: 'ci', iat: 1 });
    expect(p2.keyid).toBeUndefined();
  });

  it('still verifies when the tarball lists the same files in another order and with other path spellings', async () => {
    const b = readBundle(await signed({ key: ec.privatePem }));
    const reordered = rawTarGz([...b.files].reverse().map(([name, bytes], i) => ({ name: i % 2 ? `./${name}` : `/${name}`, data: bytes })));
    expect(await outcome(reordered, { keys: await ecKeys })).toBe('ok');
  });

  it('verifies a JWS produced by OPA (opa bundle_test.go fixture, HS256 "secret", kid foo, scope write)', async () => {
    const opaToken =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZvbyJ9.eyJmaWxlcyI6W3sibmFtZSI6Ii5tYW5pZmVzdCIsImhhc2giOiI1MDdhMmMzOGExNDQxZGI1OGQyY2I4Nzk4MmM0MmFhOTFhNDM0MmVmNDIyYTZiNTQyZWRkZWJlZWY2ZjA0MTJmIiwiYWxnb3JpdGhtIjoiU0hBLTI1NiJ9LHsibmFtZSI6ImEvYi9jL2RhdGEuanNvbiIsImhhc2giOiI0MmNmZTY3NjhiNTdiYjVmNzUwM2MxNjVjMjhkZDA3YWM1YjgxMzU1NGViYzg1MGYyY2MzNTg0M2U3MTM3YjFkIiwiYWxnb3JpdGhtIjoiU0hBLTI1NiJ9LHsibmFtZSI6Imh0dHAvcG9saWN5L3BvbGljeS5yZWdvIiwiaGFzaCI6ImE2MTVlZWFlZTIxZGU1MTc5ZGUwODBkZThjMzA1MmM4ZGE5MDExMzg0MDZiYTcxYzM4YzAzMjg0NWY3ZDU0ZjQiLCJhbGdvcml0aG0iOiJTSEEtMjU2In1dLCJpYXQiOjE1OTIyNDgwMjcsImlzcyI6IkpXVFNlcnZpY2UiLCJzY29wZSI6IndyaXRlIn0.Vmm9UDiInUnXXlk-OOjiCy3rR7EVvXS-OFst1rbh3Zo';
    const opaBundle = (data: string) =>
      readBundle(rawTarGz([
        { name: '/.manifest', data: '{"revision": "quickbrownfaux"}' },
        { name: '/.signatures.json', data: JSON.stringify({ signatures: [opaToken] }) },
        { name: '/a/b/c/data.json', data },
        { name: '/http/policy/policy.rego', data: '[1,2,3]' },
      ]));
    const keys = await loadVerificationKeys({ secret: 'secret' });
    // OPA's own test expects exactly this digest mismatch for "[1,2,3]".
    await expect(verifyBundle(opaBundle('[1,2,3]'), { keys, scope: 'write' })).rejects.toThrow(
      'a/b/c/data.json: digest mismatch (want: 42cfe6768b57bb5f7503c165c28dd07ac5b813554ebc850f2cc35843e7137b1d, got: a615eeaee21de5179de080de8c3052c8da901138406ba71c38c032845f7d54f4)',
    );
    const ok = await verifyBundle(opaBundle('[1,2,3]'), { keys, scope: 'write', excludeFiles: ['a/b/c/*'] });
    expect(ok).toMatchObject({ kid: 'foo', alg: 'HS256', scope: 'write' });
  });
});

describe('tamper detection', () => {
  it.each(files().map((f) => f.name))('rejects a flipped byte in %s', async (name) => {
    const b = readBundle(await signed({ key: ec.privatePem }));
    const bytes = b.files.get(name)!.slice();
    const at = bytes.length >> 1;
    bytes[at] ^= 0x01;
    const tampered = writeTarGz([...b.files].map(([n, x]) => ({ name: n, bytes: n === name ? bytes : x })));
    expect(['digest_mismatch', 'bad_json', 'bad_manifest']).toContain(await outcome(tampered, { keys: await ecKeys }));
  });

  it('rejects a flipped byte in the signature itself', async () => {
    const b = readBundle(await signed({ key: ec.privatePem }));
    const token = b.signatures![0];
    const sig = Buffer.from(token.split('.')[2], 'base64url');
    sig[5] ^= 0x01;
    const forged = [...token.split('.').slice(0, 2), sig.toString('base64url')].join('.');
    b.signatures = [forged];
    expect(await outcome(b, { keys: await ecKeys })).toBe('bad_signature');
  });

  it('rejects an added file, a removed file and a renamed file', async () => {
    const b = readBundle(await signed({ key: ec.privatePem }));
    const base = [...b.files].map(([name, bytes]) => ({ name, bytes }));
    const added = writeTarGz([...base, { name: 'gateway/extra.rego', bytes: enc('package gateway.extra') }]);
    const removed = writeTarGz(base.filter((e) => e.name !== 'identity.schema.json'));
    const renamed = writeTarGz(base.map((e) => (e.name === 'gateway/authz.rego' ? { ...e, name: 'gateway/authz2.rego' } : e)));
    expect(await outcome(added, { keys: await ecKeys })).toBe('file_not_signed');
    expect(await outcome(removed, { keys: await ecKeys })).toBe('file_missing');
    expect(await outcome(renamed, { keys: await ecKeys })).toBe('file_not_signed');
  });

  it('skips excluded files (OPA filepath.Match patterns) but still checks the rest', async () => {
    const b = readBundle(await signed({ key: ec.privatePem }));
    const added = writeTarGz([...[...b.files].map(([name, bytes]) => ({ name, bytes })), { name: 'notes/readme.txt', bytes: enc('hi') }]);
    expect(await outcome(added, { keys: await ecKeys, excludeFiles: ['notes/*.txt'] })).toBe('ok');
    expect(await outcome(added, { keys: await ecKeys, excludeFiles: ['*.txt'] })).toBe('file_not_signed');
    expect(globMatch('.*', '.manifest')).toBe(true);
    expect(globMatch('.*', 'data.json')).toBe(false);
    expect(globMatch('/a/b/*', '/a/b/c/data.json')).toBe(false);
    expect(globMatch('[a-c]?.rego', 'bx.rego')).toBe(true);
  });
});

describe('keys, key ids and scope', () => {
  it('rejects the wrong key', async () => {
    const b = await signed({ key: ec.privatePem });
    expect(await outcome(b, { keys: await loadVerificationKeys(ecKey().publicPem) })).toBe('bad_signature');
  });

  it('rejects a key of another type before trying it (no HS256-with-public-key confusion)', async () => {
    const b = await signed({ key: enc(ec.publicPem), alg: 'HS256' });
    expect(await outcome(b, { keys: await ecKeys })).toBe('key_alg_mismatch');
  });

  it('rejects a wrong scope, a missing scope and an unexpected scope', async () => {
    const prod = await signed({ key: ec.privatePem, scope: 'prod' });
    expect(await outcome(prod, { keys: await ecKeys, scope: 'prod' })).toBe('ok');
    expect(await outcome(prod, { keys: await ecKeys, scope: 'dev' })).toBe('scope_mismatch');
    expect(await outcome(prod, { keys: await ecKeys })).toBe('scope_mismatch');
    expect(await outcome(await signed({ key: ec.privatePem }), { keys: await ecKeys, scope: 'prod' })).toBe('scope_mismatch');
  });

  it('rejects a wrong key id: not the required one, or not in the JWKS', async () => {
    const other = ecKey();
    const set = await loadVerificationKeys(await jwks({ kid: 'k1', key: ec }, { kid: 'k2', key: other }));
    const b = await signed({ key: ec.privatePem, keyId: 'k1' });
    expect(await outcome(b, { keys: set })).toBe('ok');
    expect(await outcome(b, { keys: set, keyId: 'k1' })).toBe('ok');
    expect(await outcome(b, { keys: set, keyId: 'k2' })).toBe('key_id_mismatch');
    const unknown = await signed({ key: ec.privatePem, keyId: 'k9' });
    expect(await outcome(unknown, { keys: set })).toBe('unknown_key_id');
    // The kid says k2 but k1's key signed it: k2's key is tried and fails.
    expect(await outcome(await signed({ key: ec.privatePem, keyId: 'k2' }), { keys: set })).toBe('bad_signature');
  });

  it('supports rotation: old and new keys of a JWKS both verify, with or without kid', async () => {
    const oldKey = ecKey();
    const newKey = edKey();
    const set = await loadVerificationKeys(JSON.stringify(await jwks({ kid: 'old', key: oldKey }, { kid: 'new', key: newKey })));
    expect(await outcome(await signed({ key: oldKey.privatePem, keyId: 'old' }), { keys: set })).toBe('ok');
    expect(await outcome(await signed({ key: newKey.privatePem, keyId: 'new' }), { keys: set })).toBe('ok');
    expect(await outcome(await signed({ key: newKey.privatePem }), { keys: set })).toBe('ok');
    expect(await outcome(await signed({ key: ecKey().privatePem }), { keys: set })).toBe('bad_signature');
    expect(await outcome(await signed({ key: ecKey().privatePem, keyId: 'new' }), { keys: set })).toBe('key_alg_mismatch');
  });

  it('honours a JWK "alg" and refuses keys meant for encryption', async () => {
    const rsa = rsaKey();
    const set = await loadVerificationKeys(await jwks({ kid: 'r', key: rsa, alg: 'PS256' }));
    expect(await outcome(await signed({ key: rsa.privatePem, alg: 'RS256' }), { keys: set })).toBe('key_alg_mismatch');
    expect(await outcome(await signed({ key: rsa.privatePem, alg: 'PS256' }), { keys: set })).toBe('ok');
    const encOnly = { keys: [{ ...(await jwks({ kid: 'e', key: ec })).keys[0], use: 'enc' }] };
    await expect(loadVerificationKeys(encOnly)).rejects.toThrow(/no verification keys/);
  });
});

describe('signature file problems', () => {
  const withSignatures = (sigs: unknown) => readBundle(writeTarGz([...files(), { name: '.signatures.json', bytes: enc(JSON.stringify(sigs)) }]));
  const header = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ files: [] })).toString('base64url');

  it('requires a signature: none, zero or several JWS are errors', async () => {
    const keys = await ecKeys;
    expect(await outcome(writeTarGz(files()), { keys })).toBe('missing_signature');
    expect(await outcome(withSignatures({ signatures: [] }), { keys })).toBe('no_signature');
    const token = readBundle(await signed({ key: ec.privatePem })).signatures![0];
    expect(await outcome(withSignatures({ signatures: [token, token] }), { keys })).toBe('multiple_signatures');
  });

  it('rejects alg none, unknown algorithms and malformed JWS', async () => {
    const keys = await ecKeys;
    expect(await outcome(withSignatures({ signatures: [`${header({ alg: 'none' })}.${payload}.`] }), { keys })).toBe('alg_none');
    expect(await outcome(withSignatures({ signatures: [`${header({ alg: 'NONE' })}.${payload}.`] }), { keys })).toBe('alg_none');
    expect(await outcome(withSignatures({ signatures: [`${header({ alg: 'ES256K' })}.${payload}.c2ln`] }), { keys })).toBe('unknown_alg');
    expect(await outcome(withSignatures({ signatures: [`${header({ typ: 'JWT' })}.${payload}.c2ln`] }), { keys })).toBe('bad_jws');
    expect(await outcome(withSignatures({ signatures: ['not-a-jws'] }), { keys })).toBe('bad_jws');
    expect(await outcome(withSignatures({ signatures: [`${header({ alg: 'ES256' })}.%%%.c2ln`] }), { keys })).toBe('bad_jws');
  });

  it('rejects a malformed .signatures.json or a signing plugin', async () => {
    expect(() => withSignatures(['x'])).toThrow(/must be a JSON object/);
    expect(() => withSignatures({ signatures: 'x' })).toThrow(/array of JWS strings/);
    expect(() => withSignatures({ signatures: [], plugin: 'custom' })).toThrow(/plugin/);
  });

  it('keeps signaturesFile in the {"signatures": [...]} shape', () => {
    expect(JSON.parse(new TextDecoder().decode(signaturesFile('a.b.c')))).toEqual({ signatures: ['a.b.c'] });
  });
});

describe('loading verification keys', () => {
  it('reads PEM, certificate-less JWKS text, JWK objects and arrays of sources', async () => {
    const a = ecKey();
    const b = edKey();
    const set: KeySet = await loadVerificationKeys([a.publicPem, JSON.stringify(await jwks({ kid: 'b', key: b }))]);
    expect(set.keys.map((k) => k.kid)).toEqual([undefined, 'b']);
    expect(set.keys[0].algorithms).toEqual(['ES256']);
  });

  it('explains what is wrong with a bad key source', async () => {
    await expect(loadVerificationKeys('/no/such/key.pem')).rejects.toThrow(/not a PEM key, a JWKS document, or a readable file/);
    await expect(loadVerificationKeys('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).rejects.toThrow(/cannot read PUBLIC KEY/);
    await expect(loadVerificationKeys('{"keys": [{"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "kid": "x"}]}')).rejects.toThrow(/JWK "x": cannot import/);
    await expect(loadVerificationKeys({ secret: '' })).rejects.toThrow(/non-empty/);
    const dup = await jwks({ kid: 'same', key: ecKey() }, { kid: 'same', key: ecKey() });
    await expect(loadVerificationKeys(dup)).rejects.toThrow(/two keys with kid "same"/);
  });
});
