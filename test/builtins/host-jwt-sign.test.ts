// io.jwt.encode_sign / encode_sign_raw: tokens that OPA's verifiers (ours
// here) accept, headers and payloads encoded as OPA writes them.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jwtBuiltins } from '../../src/runtime/host-jwt.js';
import { encodeSign, jwtSignBuiltins } from '../../src/runtime/host-jwt-sign.js';

const sign = jwtSignBuiltins();
const verify = jwtBuiltins(() => Date.now() * 1e6);
const jwk = (k: KeyObject) => k.export({ format: 'jwk' });
const part = (token: string, i: number) => Buffer.from(token.split('.')[i], 'base64url').toString();
const secret = { kty: 'oct', k: Buffer.from('42').toString('base64url') };

describe('io.jwt.encode_sign', () => {
  it('signs HS256 tokens that io.jwt.decode_verify accepts', () => {
    const token = sign['io.jwt.encode_sign']({ alg: 'HS256', typ: 'JWT' }, { sub: 'agent-1', n: 1 }, secret);
    expect(verify['io.jwt.verify_hs256'](token, '42')).toBe(true);
    expect(verify['io.jwt.verify_hs256'](token, '43')).toBe(false);
    expect(verify['io.jwt.decode_verify'](token, { secret: '42' })).toEqual([true, { alg: 'HS256', typ: 'JWT' }, { sub: 'agent-1', n: 1 }]);
  });

  it('writes header and payload as Go json.Marshal: sorted keys, HTML escaped', () => {
    const token = sign['io.jwt.encode_sign']({ typ: 'JWT', alg: 'HS256' }, { z: '<&>', a: [1, 2.5] }, secret);
    expect(part(token, 0)).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(part(token, 1)).toBe('{"a":[1,2.5],"z":"\\u003c\\u0026\\u003e"}');
  });

  it('signs with RSA (RS, PS) and EC private JWKs', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pub = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const alg of ['RS256', 'PS384']) {
      const token = sign['io.jwt.encode_sign']({ alg }, { iss: 'x' }, jwk(rsa.privateKey));
      expect(verify[`io.jwt.verify_${alg.toLowerCase()}`](token, pub)).toBe(true);
    }
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const token = sign['io.jwt.encode_sign']({ alg: 'ES384' }, { iss: 'x' }, { keys: [jwk(ec.privateKey)] });
    expect(verify['io.jwt.verify_es384'](token, JSON.stringify(jwk(ec.publicKey)))).toBe(true);
  });

  it('takes raw JSON text with encode_sign_raw, byte for byte', () => {
    const header = '{"alg": "HS512", "typ": "JWT"}';
    const token = sign['io.jwt.encode_sign_raw'](header, '{"b": 1,  "a": 2}', JSON.stringify(secret));
    expect(part(token, 0)).toBe(header);
    expect(part(token, 1)).toBe('{"b": 1,  "a": 2}');
    expect(verify['io.jwt.verify_hs512'](token, '42')).toBe(true);
  });

  it('reports OPA errors for bad algorithms, keys and payloads', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err(() => sign['io.jwt.encode_sign']({ alg: 'XX1' }, {}, secret))).toBe('eval_builtin_error: io.jwt.encode_sign: unknown signature algorithm');
    expect(err(() => encodeSign('{"alg":"HS256"}', 'not json', JSON.stringify(secret)))).toBe('type is JWT but payload is not JSON');
    expect(encodeSign('{"alg":"HS256","typ":"text"}', 'not json', JSON.stringify(secret)).split('.')).toHaveLength(3);
    expect(err(() => sign['io.jwt.encode_sign']({ alg: 'RS256' }, {}, secret))).toMatch(/^eval_builtin_error: io.jwt.encode_sign: invalid key type for RS256/);
    expect(err(() => sign['io.jwt.encode_sign_raw']('{}', '{}', 'nope'))).toMatch(/^eval_builtin_error: io.jwt.encode_sign_raw: failed to unmarshal JWK/);
    expect(err(() => sign['io.jwt.encode_sign_raw'](1, '{}', '{}'))).toBe('eval_type_error: io.jwt.encode_sign_raw: operand 1 must be string but got number');
  });
});
