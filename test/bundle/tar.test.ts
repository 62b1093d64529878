import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBundle, BundleError } from '../../src/bundle/read.js';
import { readTarGz, writeTarGz, TarError } from '../../src/bundle/tar.js';
import { paxPath, rawTarGz } from './helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);
const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof TarError || e instanceof BundleError) return e.code;
    throw e;
  }
  return 'no error';
};

describe('tar.gz writing', () => {
  it('round-trips entries, sorted, with OPA-style leading "/" names in the archive', () => {
    const entries = [
      { name: 'policy.wasm', bytes: new Uint8Array([0, 97, 115, 109]) },
      { name: '.manifest', bytes: enc('{}') },
      { name: 'a/b/data.json', bytes: enc('{"x":1}') },
    ];
    const back = readTarGz(writeTarGz(entries));
    expect(back.map((e) => e.name)).toEqual(['.manifest', 'a/b/data.json', 'policy.wasm']);
    expect(back[2].bytes).toEqual(entries[0].bytes);
    const tar = gunzipSync(writeTarGz(entries));
    expect(tar.subarray(0, 10).toString('latin1')).toBe('/.manifest');
  });

  it('is deterministic: same entries in any order give identical bytes (mtime 0, no names, fixed OS byte)', () => {
    const a = [{ name: 'x.rego', bytes: enc('package x') }, { name: 'y/data.json', bytes: enc('{}') }];
    const one = writeTarGz(a);
    const two = writeTarGz([...a].reverse());
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    expect([...one.subarray(4, 8)]).toEqual([0, 0, 0, 0]); // gzip MTIME
    expect(one[3] & 0x08).toBe(0); // no FNAME
  });

  it('writes long names (ustar prefix, then PAX) that read back intact', () => {
    const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(60)}.rego`;
    const huge = `${'g'.repeat(180)}/${'h'.repeat(120)}.rego`;
    const back = readTarGz(writeTarGz([{ name: deep, bytes: enc('1') }, { name: huge, bytes: enc('2') }]));
    expect(back.map((e) => e.name).sort()).toEqual([deep, huge].sort());
  });
});

describe('tar.gz reading rejects hostile or broken input', () => {
  it('accepts plain, "./"-prefixed and "/"-prefixed names and skips directories', () => {
    const names = readTarGz(rawTarGz([{ name: 'dir/', type: '5' }, { name: './a.rego', data: 'x' }, { name: '/b/data.json', data: '{}' }])).map((e) => e.name);
    expect(names).toEqual(['a.rego', 'b/data.json']);
  });

  it.each([
    ['..', '../evil.rego'],
    ['nested ..', 'a/../../evil.rego'],
    ['absolute after root slash', '//etc/passwd'],
    ['windows drive', 'C:/x.rego'],
    ['backslash', 'a\\b.rego'],
    ['empty segment', 'a//b.rego'],
  ])('rejects %s paths', (_label, name) => {
    expect(codeOf(() => readTarGz(rawTarGz([{ name, data: 'x' }])))).toBe('bad_path');
  });

  it('rejects ".." smuggled through a PAX path or a ustar prefix', () => {
    expect(codeOf(() => readTarGz(rawTarGz([paxPath('ok/../../x'), { name: 'innocent', data: 'x' }])))).toBe('bad_path');
    expect(codeOf(() => readTarGz(rawTarGz([{ name: 'x.rego', prefix: '..', data: 'x' }])))).toBe('bad_path');
  });

  it('honours PAX and GNU long names', () => {
    const long = `${'a'.repeat(150)}/data.json`;
    expect(readTarGz(rawTarGz([paxPath(long), { name: 'short', data: '{}' }]))[0].name).toBe(long);
    expect(readTarGz(rawTarGz([{ name: '././@LongLink', type: 'L', data: long + '\0' }, { name: 'short', data: '{}' }]))[0].name).toBe(long);
  });

  it.each([
    ['symlink', '2'],
    ['hard link', '1'],
    ['GNU long link', 'K'],
  ])('rejects a %s', (_label, type) => {
    expect(codeOf(() => readTarGz(rawTarGz([{ name: 'l', type, linkname: '/etc/passwd' }])))).toBe('link');
  });

  it.each([
    ['character device', '3'],
    ['block device', '4'],
    ['FIFO', '6'],
    ['unknown type', 'Z'],
  ])('rejects a %s', (_label, type) => {
    expect(codeOf(() => readTarGz(rawTarGz([{ name: 'dev', type }])))).toBe('special_file');
  });

  it('rejects duplicate names, also when they differ only by a leading "/" or "./"', () => {
    expect(codeOf(() => readTarGz(rawTarGz([{ name: 'a.rego', data: '1' }, { name: 'a.rego', data: '2' }])))).toBe('duplicate');
    expect(codeOf(() => readTarGz(rawTarGz([{ name: '/data.json', data: '{}' }, { name: './data.json', data: '{}' }])))).toBe('duplicate');
  });

  it('rejects non-gzip input, corrupt gzip, a truncated gzip stream and a truncated tar', () => {
    expect(codeOf(() => readTarGz(enc('just some text, not a bundle at all')))).toBe('not_gzip');
    expect(codeOf(() => readTarGz(new Uint8Array(0)))).toBe('not_gzip');
    const good = writeTarGz([{ name: 'a.rego', bytes: new Uint8Array(4000).fill(65) }]);
    const corrupt = good.slice();
    corrupt[20] ^= 0xff;
    expect(['bad_gzip', 'truncated', 'bad_tar']).toContain(codeOf(() => readTarGz(corrupt)));
    expect(codeOf(() => readTarGz(good.subarray(0, good.length - 10)))).toBe('truncated');
    const tarCut = gzipSync(gunzipSync(good).subarray(0, 512 + 100));
    expect(codeOf(() => readTarGz(tarCut))).toBe('truncated');
    expect(codeOf(() => readTarGz(gzipSync(Buffer.alloc(300, 7))))).toBe('truncated');
    expect(codeOf(() => readTarGz(gzipSync(Buffer.alloc(1024, 7))))).toBe('bad_tar');
  });

  it('stops inflating a decompression bomb at the limit', () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024)); // 32 MiB of zeros → ~32 KiB gzip
    expect(bomb.length).toBeLessThan(50_000);
    const started = performance.now();
    expect(codeOf(() => readTarGz(bomb, { maxUncompressedBytes: 1024 * 1024 }))).toBe('too_large');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('rejects more files than the limit', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.rego`, data: 'x' }));
    expect(codeOf(() => readTarGz(rawTarGz(many), { maxFiles: 10 }))).toBe('too_many_files');
    expect(readTarGz(rawTarGz(many), { maxFiles: 11 })).toHaveLength(11);
  });

  it('accepts an archive that ends without the two zero blocks, as Go does', () => {
    expect(readTarGz(rawTarGz([{ name: 'a.rego', data: 'x' }], { trailer: false }))).toHaveLength(1);
  });

  it('surfaces tar errors from readBundle as BundleError with the same code', () => {
    expect(() => readBundle(rawTarGz([{ name: '../x', data: '1' }]))).toThrow(BundleError);
    expect(codeOf(() => readBundle(enc('nope')))).toBe('not_gzip');
  });
});
