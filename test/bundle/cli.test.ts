import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readBundle } from '../../src/bundle/read.js';
import { writeTarGz } from '../../src/bundle/tar.js';
import { runCli } from '../../src/cli/program.js';
import { capture } from '../helpers/capture.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await runCli(args);
  vi.restoreAllMocks();
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

let dir: string;
let src: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bundle-cli-'));
  src = join(dir, 'src');
  mkdirSync(join(src, 'svc'), { recursive: true });
  writeFileSync(join(src, 'svc', 'authz.rego'), 'package svc.authz\n\ndefault allow := false\n\nallow if input.role in data.svc.roles\n');
  writeFileSync(join(src, 'svc', 'data.json'), '{"roles": ["admin"]}');
});

describe('policy keygen / build / sign / verify / inspect', () => {
  it('keygen writes a key pair and a JWKS, refuses to overwrite, and appends new keys for rotation', async () => {
    const keys = join(dir, 'keys-rot');
    expect((await cli('keygen', '--alg', 'ES256', '-o', keys, '--name', 'old')).code).toBe(0);
    expect(readFileSync(join(keys, 'old.private.pem'), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(readFileSync(join(keys, 'old.public.pem'), 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
    const again = await cli('keygen', '--alg', 'ES256', '-o', keys, '--name', 'old');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists; choose another --name or pass --force/);
    expect((await cli('keygen', '--alg', 'EdDSA', '-o', keys, '--name', 'new')).code).toBe(0);
    const jwks = JSON.parse(readFileSync(join(keys, 'jwks.json'), 'utf8'));
    expect(jwks.keys.map((k: { kid: string; alg: string }) => `${k.kid}:${k.alg}`)).toEqual(['old:ES256', 'new:EdDSA']);

    // During the rotation window bundles signed with either key verify against the JWKS.
    for (const name of ['old', 'new']) {
      const out = join(dir, `rot-${name}.tar.gz`);
      expect((await cli('build', src, '-e', 'svc/authz/allow', '-o', out, '--signing-key', join(keys, `${name}.private.pem`), '--signing-key-id', name)).code).toBe(0);
      const v = await cli('verify', out, '--verification-key', join(keys, 'jwks.json'));
      expect(v.code, v.err).toBe(0);
      expect(v.out).toMatch(new RegExp(`verified \\(\\w+, kid ${name}\\)`));
    }
  });

  it('build → verify exits 0; wrong key, wrong scope, wrong key id and tampering exit 2 with a reason', async () => {
    const keys = join(dir, 'keys-main');
    await cli('keygen', '--alg', 'ES256', '-o', keys, '--name', 'ci');
    const other = join(dir, 'keys-other');
    await cli('keygen', '--alg', 'ES256', '-o', other, '--name', 'x');
    const out = join(dir, 'out', 'svc.tar.gz');
    const built = await cli('build', src, '-e', 'svc/authz/allow', '-o', out, '--signing-key', join(keys, 'ci.private.pem'), '--signing-key-id', 'ci', '--scope', 'prod', '--revision', 'r42');
    expect(built.code, built.err).toBe(0);
    expect(built.out).toMatch(/wrote .*svc\.tar\.gz: \d+ bytes, 5 files, sha256:[0-9a-f]{64}/);

    const ok = await cli('verify', out, '--verification-key', join(keys, 'ci.public.pem'), '--scope', 'prod', '--key-id', 'ci');
    expect(ok.code, ok.err).toBe(0);
    const json = await cli('verify', out, '--verification-key', join(keys, 'jwks.json'), '--scope', 'prod', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ verified: true, revision: 'r42', kid: 'ci', alg: 'ES256', scope: 'prod' });

    const cases: [string[], RegExp][] = [
      [['--verification-key', join(other, 'x.public.pem'), '--scope', 'prod'], /\[bad_signature\]/],
      [['--verification-key', join(keys, 'ci.public.pem'), '--scope', 'dev'], /\[scope_mismatch\]/],
      [['--verification-key', join(keys, 'ci.public.pem')], /\[scope_mismatch\]/],
      [['--verification-key', join(keys, 'jwks.json'), '--scope', 'prod', '--key-id', 'other'], /\[key_id_mismatch\]/],
      [['--verification-key', join(other, 'jwks.json'), '--scope', 'prod'], /\[unknown_key_id\]/],
    ];
    for (const [flags, reason] of cases) {
      const r = await cli('verify', out, ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toMatch(reason);
    }

    const b = readBundle(readFileSync(out));
    const wasm = b.files.get('policy.wasm')!.slice();
    wasm[wasm.length - 1] ^= 0xff;
    const tampered = join(dir, 'tampered.tar.gz');
    writeFileSync(tampered, writeTarGz([...b.files].map(([name, bytes]) => ({ name, bytes: name === 'policy.wasm' ? wasm : bytes }))));
    const t = await cli('verify', tampered, '--verification-key', join(keys, 'ci.public.pem'), '--scope', 'prod');
    expect(t.code).toBe(2);
    expect(t.err).toMatch(/policy\.wasm: digest mismatch/);
  });

  it('sign re-signs an unsigned bundle; HMAC secrets work on both sides; unsigned bundles never verify', async () => {
    const out = join(dir, 'plain.tar.gz');
    expect((await cli('build', src, '-e', 'svc/authz/allow', '-o', out)).out).toMatch(/unsigned/);
    const unsigned = await cli('verify', out, '--verification-key', 'topsecret');
    expect(unsigned.code).toBe(2);
    expect(unsigned.err).toMatch(/\[missing_signature\]/);
    const signedPath = join(dir, 'plain-signed.tar.gz');
    expect((await cli('sign', out, '--signing-key', 'topsecret', '--signing-alg', 'HS256', '-o', signedPath)).code).toBe(0);
    expect((await cli('verify', signedPath, '--verification-key', 'topsecret')).code).toBe(0);
    expect((await cli('verify', signedPath, '--verification-key', 'wrong')).code).toBe(2);
  });

  it('exempts files with --exclude-files-verify', async () => {
    const keys = join(dir, 'keys-ex');
    await cli('keygen', '--alg', 'EdDSA', '-o', keys, '--name', 'k');
    const out = join(dir, 'ex.tar.gz');
    await cli('build', src, '-e', 'svc/authz/allow', '-o', out, '--signing-key', join(keys, 'k.private.pem'));
    const b = readBundle(readFileSync(out));
    const withExtra = join(dir, 'ex-extra.tar.gz');
    writeFileSync(withExtra, writeTarGz([...[...b.files].map(([name, bytes]) => ({ name, bytes })), { name: 'notes.txt', bytes: new Uint8Array([1]) }]));
    expect((await cli('verify', withExtra, '--verification-key', join(keys, 'k.public.pem'))).err).toMatch(/notes\.txt not included in bundle signature/);
    expect((await cli('verify', withExtra, '--verification-key', join(keys, 'k.public.pem'), '--exclude-files-verify', 'notes.*')).code).toBe(0);
  });

  it('inspect prints a report, --json for machines, and exits 2 when a given key does not verify', async () => {
    const keys = join(dir, 'keys-insp');
    await cli('keygen', '--alg', 'ES256', '-o', keys, '--name', 'i');
    const out = join(dir, 'insp.tar.gz');
    await cli('build', src, '-e', 'svc/authz/allow', '-o', out, '--signing-key', join(keys, 'i.private.pem'), '--signing-key-id', 'i');
    const text = await cli('inspect', out);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/entrypoints: svc\/authz\/allow/);
    expect(text.out).toMatch(/signature:\s+present ES256 kid=i/);
    expect(text.out).toMatch(/policy\.wasm/);
    const json = await cli('inspect', out, '--json', '--verification-key', join(keys, 'jwks.json'));
    const report = JSON.parse(json.out);
    expect(report.signature.status).toBe('verified');
    expect(report.files.map((f: { name: string }) => f.name)).toContain('svc/authz.rego');
    const other = join(dir, 'keys-insp2');
    await cli('keygen', '--alg', 'ES256', '-o', other, '--name', 'z');
    expect((await cli('inspect', out, '--verification-key', join(other, 'z.public.pem'))).code).toBe(2);
  });

  it('exits 1 with a clear message on unreadable or malformed input', async () => {
    const missing = await cli('verify', join(dir, 'nope.tar.gz'), '--verification-key', 'x');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read .*nope\.tar\.gz: ENOENT/);
    const junk = join(dir, 'junk.tar.gz');
    writeFileSync(junk, 'definitely not gzip');
    const j = await cli('inspect', junk);
    expect(j.code).toBe(1);
    expect(j.err).toMatch(/not a gzip file/);
    expect((await cli('verify', junk, '--verification-key', './missing-key.pem')).err).toMatch(/no such key file/);
    expect((await cli('build', src, '-e', 'svc/authz/allow', '-o', join(dir, 'x.tar.gz'), '--signing-alg', 'ES256')).err).toMatch(/need --signing-key/);
    const badAlg = await cli('build', src, '-e', 'svc/authz/allow', '-o', join(dir, 'x.tar.gz'), '--signing-key', 's', '--signing-alg', 'none');
    expect(badAlg.code).toBe(1);
    expect(badAlg.err).toMatch(/unsupported signing algorithm "none"/);
  });
});
