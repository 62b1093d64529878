// JSON Web Token builtins (io.jwt.*). Categories as OPA declares them:
// `tokens` for decoding/verifying, `tokensign` for encoding.

import type { BuiltinDecl } from './decl.js';
import { T, STR, BOOL } from '../types.js';
import { arg, OBJ_ANY, OBJ_STR_ANY } from './shared.js';

const JWT_VERIFY = 'JWT token whose signature is to be verified';
const VALID = '`true` if the signature is valid, `false` otherwise';

function verifyKey(alg: string, an = 'a'): BuiltinDecl {
  return {
    name: `io.jwt.verify_${alg.toLowerCase()}`,
    categories: ['tokens'],
    args: [
      arg('jwt', STR, JWT_VERIFY),
      arg('certificate', STR, 'PEM encoded certificate, PEM encoded public key, or the JWK key (set) used to verify the signature'),
    ],
    result: arg('result', BOOL, VALID),
    description: `Verifies if ${an} ${alg} JWT signature is valid.`,
  };
}

function verifySecret(alg: string): BuiltinDecl {
  return {
    name: `io.jwt.verify_${alg.toLowerCase()}`,
    categories: ['tokens'],
    args: [arg('jwt', STR, JWT_VERIFY), arg('secret', STR, 'plain text secret used to verify the signature')],
    result: arg('result', BOOL, VALID),
    description: `Verifies if a ${alg} (secret) JWT signature is valid.`,
  };
}

export const tokensBuiltins: BuiltinDecl[] = [
  {
    name: 'io.jwt.decode',
    categories: ['tokens'],
    args: [arg('jwt', STR, 'JWT token to decode')],
    result: arg('output', T.tuple(OBJ_ANY, OBJ_ANY, STR), '`[header, payload, sig]`, where `header` and `payload` are objects; `sig` is the hexadecimal representation of the signature on the token.'),
    description: 'Decodes a JSON Web Token and outputs it as an object.',
  },
  verifyKey('RS256'),
  verifyKey('RS384'),
  verifyKey('RS512'),
  verifyKey('PS256'),
  verifyKey('PS384'),
  verifyKey('PS512'),
  verifyKey('ES256'),
  verifyKey('ES384'),
  verifyKey('ES512'),
  verifyKey('EdDSA', 'an'),
  verifySecret('HS256'),
  verifySecret('HS384'),
  verifySecret('HS512'),
  {
    name: 'io.jwt.decode_verify',
    categories: ['tokens'],
    args: [
      arg('jwt', STR, 'JWT token whose signature is to be verified and whose claims are to be checked'),
      arg('constraints', OBJ_STR_ANY, 'claim verification constraints'),
    ],
    result: arg('output', T.tuple(BOOL, OBJ_ANY, OBJ_ANY), '`[valid, header, payload]`'),
    nondeterministic: true,
    description: 'Verifies a JWT signature under parameterized constraints and decodes the claims if it is valid.',
  },
  {
    name: 'io.jwt.encode_sign_raw',
    categories: ['tokensign'],
    args: [arg('headers', STR, 'JWS Protected Header'), arg('payload', STR, 'JWS Payload'), arg('key', STR, 'JSON Web Key (RFC7517)')],
    result: arg('output', STR, 'signed JWT'),
    nondeterministic: true,
    description: 'Encodes and optionally signs a JSON Web Token.',
  },
  {
    name: 'io.jwt.encode_sign',
    categories: ['tokensign'],
    args: [
      arg('headers', OBJ_STR_ANY, 'JWS Protected Header'),
      arg('payload', OBJ_STR_ANY, 'JWS Payload'),
      arg('key', OBJ_STR_ANY, 'JSON Web Key (RFC7517)'),
    ],
    result: arg('output', STR, 'signed JWT'),
    nondeterministic: true,
    description: 'Encodes and optionally signs a JSON Web Token. Inputs are taken as objects, not encoded strings (see `io.jwt.encode_sign_raw`).',
  },
];
