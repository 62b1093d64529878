// crypto.* builtins. OPA's builtins.go gives them no category; its builtin
// metadata files them under `crypto`.

import type { BuiltinDecl } from './decl.js';
import { T, STR, BOOL } from '../types.js';
import { arg, OBJ_STR_ANY } from './shared.js';

const CERTS = T.array(OBJ_STR_ANY);
const CHAIN = 'base64 encoded DER or PEM data containing two or more certificates where the first is a root CA, the last is a leaf certificate, and all others are intermediate CAs';

function hash(name: string, alg: string): BuiltinDecl {
  return {
    name,
    categories: ['crypto'],
    args: [arg('x', STR, 'input string')],
    result: arg('y', STR, `${alg}-hash of \`x\``),
    description: `Returns a string representing the input string hashed with the ${alg} function`,
  };
}

function hmac(name: string, alg: string): BuiltinDecl {
  return {
    name,
    categories: ['crypto'],
    args: [arg('x', STR, 'input string'), arg('key', STR, 'key to use')],
    result: arg('y', STR, `${alg}-HMAC of \`x\``),
    description: `Returns a string representing the ${alg} HMAC of the input message using the input key.`,
  };
}

export const cryptoBuiltins: BuiltinDecl[] = [
  {
    name: 'crypto.x509.parse_certificates',
    categories: ['crypto'],
    args: [arg('certs', STR, 'base64 encoded DER or PEM data containing one or more certificates or a PEM string of one or more certificates')],
    result: arg('output', CERTS, 'parsed X.509 certificates represented as objects'),
    description: 'Returns zero or more certificates from the given encoded string containing DER certificate data.',
  },
  {
    name: 'crypto.x509.parse_and_verify_certificates',
    categories: ['crypto'],
    args: [arg('certs', STR, CHAIN)],
    result: arg('output', T.tuple(BOOL, CERTS), 'array of `[valid, certs]`'),
    description: 'Returns one or more certificates from the given string containing PEM or base64 encoded DER certificates after verifying the supplied certificates form a complete certificate chain back to a trusted root.',
  },
  {
    name: 'crypto.x509.parse_and_verify_certificates_with_options',
    categories: ['crypto'],
    args: [arg('certs', STR, CHAIN), arg('options', OBJ_STR_ANY, 'object containing extra configs to verify the validity of certificates')],
    result: arg('output', T.tuple(BOOL, CERTS), 'array of `[valid, certs]`'),
    description: 'Like `crypto.x509.parse_and_verify_certificates`, with verification options passed as the second argument.',
  },
  hash('crypto.md5', 'MD5'),
  hash('crypto.sha1', 'SHA1'),
  hash('crypto.sha256', 'SHA256'),
  {
    name: 'crypto.x509.parse_certificate_request',
    categories: ['crypto'],
    args: [arg('csr', STR, 'base64 string containing either a PEM encoded or DER CSR or a string containing a PEM CSR')],
    result: arg('output', OBJ_STR_ANY, 'X.509 CSR represented as an object'),
    description: 'Returns a PKCS #10 certificate signing request from the given PEM-encoded PKCS#10 certificate signing request.',
  },
  {
    name: 'crypto.x509.parse_rsa_private_key',
    categories: ['crypto'],
    args: [arg('pem', STR, 'base64 string containing a PEM encoded RSA private key')],
    result: arg('output', OBJ_STR_ANY, 'JWK as an object'),
    description: 'Returns a JWK for signing a JWT from the given PEM-encoded RSA private key.',
  },
  {
    name: 'crypto.x509.parse_keypair',
    categories: ['crypto'],
    args: [arg('cert', STR, 'string containing PEM or base64 encoded DER certificates'), arg('pem', STR, 'string containing PEM or base64 encoded DER keys')],
    result: arg('output', OBJ_STR_ANY, 'if key pair is valid, returns the tls.certificate as an object'),
    description: 'Returns a valid key pair',
  },
  {
    name: 'crypto.parse_private_keys',
    categories: ['crypto'],
    args: [arg('keys', STR, 'PEM encoded data containing one or more private keys as concatenated blocks. Optionally Base64 encoded.')],
    result: arg('output', CERTS, 'parsed private keys represented as objects'),
    description: 'Returns zero or more private keys from the given encoded string containing DER certificate data.',
  },
  hmac('crypto.hmac.md5', 'MD5'),
  hmac('crypto.hmac.sha1', 'SHA1'),
  hmac('crypto.hmac.sha256', 'SHA256'),
  hmac('crypto.hmac.sha512', 'SHA512'),
  {
    name: 'crypto.hmac.equal',
    categories: ['crypto'],
    args: [arg('mac1', STR, 'mac1 to compare'), arg('mac2', STR, 'mac2 to compare')],
    result: arg('result', BOOL, '`true` if the MACs are equals, `false` otherwise'),
    description: 'Returns a boolean representing the result of comparing two MACs for equality without leaking timing information.',
  },
];
