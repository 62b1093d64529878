// `policy build | sign | verify | inspect | keygen`: signed OPA bundles.
// Exit codes: 0 ok; 1 usage, unreadable input or compile error; 2 a
// signature or digest that does not verify.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { buildBundle } from '../../bundle/build.js';
import { formatReport, inspectBundle } from '../../bundle/inspect.js';
import { generateSigningKey } from '../../bundle/keygen.js';
import { loadVerificationKeys, type KeySet } from '../../bundle/keys.js';
import { readBundle } from '../../bundle/read.js';
import { signBundleBytes, type SigningOptions } from '../../bundle/sign.js';
import { BundleVerificationError, verifyBundle } from '../../bundle/verify.js';
import { RegoErrors } from '../../compiler/errors.js';
import { EXIT, setExit } from '../exit.js';
import { capabilitiesOption, collect, entrypointsOption } from '../options.js';

interface SigningFlags {
  signingKey?: string;
  signingAlg?: string;
  signingKeyId?: string;
  scope?: string;
  claimsFile?: string;
}

interface VerifyFlags {
  verificationKey?: string;
  keyId?: string;
  scope?: string;
  excludeFilesVerify: string[];
}

function signingFlags(cmd: Command): Command {
  return cmd
    .option('--signing-key <pem-file|secret>', 'private key PEM file (RSA, EC, Ed25519) or HMAC secret to sign with')
    .option('--signing-alg <alg>', 'RS256|RS384|RS512|PS256|PS384|PS512|ES256|ES384|ES512|EdDSA|HS256|HS384|HS512 (default: from the key; secrets HS256)')
    .option('--signing-key-id <kid>', 'key id for the JWS header (and OPA\'s legacy keyid claim)')
    .option('--scope <scope>', 'scope claim the verifier must expect')
    .option('--claims-file <file>', 'JSON object of extra payload claims (iss, iat, …)');
}

function signingOptions(f: SigningFlags): SigningOptions | undefined {
  if (!f.signingKey) {
    if (f.signingAlg || f.signingKeyId || f.claimsFile) throw new UsageError('--signing-alg, --signing-key-id and --claims-file need --signing-key');
    return undefined;
  }
  let claims: Record<string, unknown> | undefined;
  if (f.claimsFile) {
    try {
      claims = JSON.parse(readFileSync(f.claimsFile, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`${f.claimsFile}: not a readable JSON file: ${(e as Error).message}`);
    }
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new UsageError(`${f.claimsFile}: claims must be a JSON object`);
  }
  return { key: f.signingKey, alg: f.signingAlg, keyId: f.signingKeyId, scope: f.scope, claims };
}

/** A key file or inline PEM/JWKS; anything else is an HMAC secret, as with OPA's --verification-key. */
async function verificationKeys(arg: string): Promise<KeySet> {
  const looksLikeKey = (t: string) => t.includes('-----BEGIN') || t.trim().startsWith('{');
  if (existsSync(arg)) {
    const text = readFileSync(arg, 'utf8');
    return loadVerificationKeys(looksLikeKey(text) ? text : { secret: text });
  }
  if (looksLikeKey(arg)) return loadVerificationKeys(arg);
  if (/\.(pem|json|jwks|crt|key)$/i.test(arg) || arg.includes('/')) throw new UsageError(`no such key file: ${arg}`);
  return loadVerificationKeys({ secret: arg });
}

class UsageError extends Error {}

function readBundleFile(path: string) {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { bytes, bundle: readBundle(bytes) };
}

function writeOutput(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Run an action; map errors to exit codes and one clear line on stderr. */
function run<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      if (e instanceof RegoErrors) {
        for (const err of e.errors) console.error(err.message);
        setExit(EXIT.usage);
      } else if (e instanceof BundleVerificationError) {
        console.error(`policy: verification failed [${e.code}]: ${e.message}`);
        setExit(EXIT.failed);
      } else {
        console.error(`policy: ${e instanceof Error ? e.message : String(e)}`);
        setExit(EXIT.usage);
      }
    }
  };
}

export function registerBundle(program: Command): void {
  signingFlags(
    program
      .command('build')
      .description('Compile Rego to WASM and write an OPA bundle (.manifest, policy.wasm, data.json, sources, *.schema.json), optionally signed.')
      .argument('<paths...>', 'directories (files keep their path relative to it) or files')
      .addOption(entrypointsOption())
      .option('-o, --output <file>', 'bundle to write', 'bundle.tar.gz')
      .option('-r, --revision <rev>', 'manifest revision (default: git commit of the sources)')
      .addOption(capabilitiesOption())
      .option('--include-build-time', 'record the build time in the manifest (makes builds non-reproducible)')
      .option('--strict-builtin-errors', 'failing builtins abort evaluation instead of being undefined'),
  ).action(
    run(async (paths: string[], opts: SigningFlags & { entrypoint: string[]; output: string; revision?: string; capabilities?: string; includeBuildTime?: boolean; strictBuiltinErrors?: boolean }) => {
      const started = performance.now();
      const result = await buildBundle({
        paths,
        entrypoints: opts.entrypoint,
        revision: opts.revision,
        capabilities: opts.capabilities,
        includeBuildTime: opts.includeBuildTime,
        strictBuiltinErrors: opts.strictBuiltinErrors,
        signing: signingOptions(opts),
      });
      writeOutput(opts.output, result.bytes);
      const ms = (performance.now() - started).toFixed(0);
      const digest = readBundle(result.bytes).digest;
      console.log(`wrote ${opts.output}: ${result.bytes.length} bytes, ${result.files.length} files, sha256:${digest} (${ms} ms)`);
      console.log(`entrypoints: ${result.entrypoints.join(', ')}; roots: ${result.manifest.roots?.join(', ')}; revision: ${result.manifest.revision ?? '(none)'}`);
      console.log(opts.signingKey ? `signed${opts.signingKeyId ? ` (kid ${opts.signingKeyId})` : ''}` : 'unsigned (pass --signing-key to sign)');
    }),
  );

  signingFlags(
    program
      .command('sign')
      .description('Sign an existing bundle: write /.signatures.json listing every file with its digest (replaces an old signature).')
      .argument('<bundle>', 'bundle .tar.gz')
      .option('-o, --output <file>', 'where to write the signed bundle (default: in place)'),
  ).action(
    run(async (path: string, opts: SigningFlags & { output?: string }) => {
      if (!opts.signingKey) throw new UsageError('sign needs --signing-key');
      const { bytes } = readBundleFile(path);
      const out = await signBundleBytes(bytes, signingOptions(opts)!);
      writeOutput(opts.output ?? path, out);
      console.log(`signed ${opts.output ?? path}: ${readBundle(out).files.size - 1} files`);
    }),
  );

  program
    .command('verify')
    .description('Verify a bundle\'s signature, file set and every digest. Exit 0 only when all match; 2 when they do not.')
    .argument('<bundle>', 'bundle .tar.gz')
    .requiredOption('--verification-key <pem|jwks|secret>', 'public key PEM or certificate, JWKS file (key rotation), or HMAC secret')
    .option('--key-id <kid>', 'require this key id')
    .option('--scope <scope>', 'require this scope')
    .option('--exclude-files-verify <glob>', 'file pattern exempt from verification (repeatable)', collect, [])
    .option('--json', 'print the result as JSON')
    .action(
      run(async (path: string, opts: VerifyFlags & { json?: boolean }) => {
        const keys = await verificationKeys(opts.verificationKey!);
        const { bundle } = readBundleFile(path);
        const v = await verifyBundle(bundle, { keys, keyId: opts.keyId, scope: opts.scope, excludeFiles: opts.excludeFilesVerify });
        if (opts.json) console.log(JSON.stringify({ verified: true, digest: bundle.digest, revision: bundle.manifest.revision, ...v }, null, 2));
        else console.log(`${path}: verified (${v.alg}${v.kid ? `, kid ${v.kid}` : ''}${v.scope ? `, scope ${v.scope}` : ''}); ${v.files.length} files match; sha256:${bundle.digest}`);
      }),
    );

  program
    .command('inspect')
    .description('Show a bundle\'s manifest, entrypoints, builtins, files and signature status.')
    .argument('<bundle>', 'bundle .tar.gz')
    .option('--verification-key <pem|jwks|secret>', 'also verify the signature')
    .option('--key-id <kid>', 'require this key id when verifying')
    .option('--scope <scope>', 'require this scope when verifying')
    .option('--json', 'print the report as JSON')
    .action(
      run(async (path: string, opts: { verificationKey?: string; keyId?: string; scope?: string; json?: boolean }) => {
        const keys = opts.verificationKey ? await verificationKeys(opts.verificationKey) : undefined;
        const { bundle } = readBundleFile(path);
        const report = await inspectBundle(bundle, keys ? { keys, keyId: opts.keyId, scope: opts.scope } : undefined);
        console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
        if (report.signature.status === 'invalid') setExit(EXIT.failed);
      }),
    );

  program
    .command('keygen')
    .description('Generate a bundle signing key pair: <name>.private.pem, <name>.public.pem, and the public key added to jwks.json (kid <name>).')
    .option('--alg <alg>', 'ES256|ES384|ES512|EdDSA|RS256|PS256|… or HS256 (writes <name>.secret)', 'ES256')
    .option('-o, --output <dir>', 'directory for the key files', 'keys')
    .option('--name <name>', 'file name stem and key id (default: the algorithm)')
    .option('--force', 'overwrite existing key files')
    .action(
      run(async (opts: { alg: string; output: string; name?: string; force?: boolean }) => {
        const r = generateSigningKey({ alg: opts.alg, dir: opts.output, name: opts.name, force: opts.force });
        console.log(`kid ${r.kid}: wrote ${r.written.join(', ')}`);
        console.log('keep private keys out of version control (test keys for examples excepted)');
      }),
    );
}
