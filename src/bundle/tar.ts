// Minimal, defensive tar.gz reading and deterministic writing for bundles.
// Reading never extracts anything to disk; it returns entries in memory and
// rejects whatever could escape a target directory or hide content: `..`,
// absolute or Windows paths, links, devices, duplicates, truncated archives,
// non-gzip input, and archives that inflate past a size or file-count limit.

import { createHash } from 'node:crypto';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';

export interface BundleEntry {
  /** Path inside the bundle, `/`-separated, no leading `/`. */
  name: string;
  bytes: Uint8Array;
}

export interface TarLimits {
  /** Cap on the inflated tar stream (default 256 MiB); inflation stops there. */
  maxUncompressedBytes?: number;
  /** Cap on the number of entries (default 10 000). */
  maxFiles?: number;
}

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 10_000;

export class TarError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const BLOCK = 512;

export function readTarGz(bytes: Uint8Array, limits: TarLimits = {}): BundleEntry[] {
  return readTar(gunzipCapped(bytes, limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES), limits);
}

function gunzipCapped(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new TarError('not_gzip', 'not a gzip file (a bundle is a .tar.gz)');
  try {
    // maxOutputLength makes zlib stop inflating once the cap is reached, so a
    // decompression bomb costs at most `max` bytes of memory.
    return gunzipSync(bytes, { maxOutputLength: max });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new TarError('too_large', `bundle inflates to more than ${max} bytes (limit); refusing to read it`);
    }
    if (err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) throw new TarError('truncated', 'truncated gzip stream');
    throw new TarError('bad_gzip', `corrupt gzip stream: ${err.message}`);
  }
}

interface PendingNames {
  path?: string;
}

export function readTar(tar: Uint8Array, limits: TarLimits = {}): BundleEntry[] {
  const maxFiles = limits.maxFiles ?? DEFAULT_MAX_FILES;
  const entries: BundleEntry[] = [];
  const seen = new Set<string>();
  let pending: PendingNames = {};
  let pos = 0;
  let headers = 0;
  for (;;) {
    if (pos === tar.length) break; // end without trailer blocks: accepted, as Go's archive/tar does
    if (pos + BLOCK > tar.length) throw new TarError('truncated', `truncated tar archive: partial header at byte ${pos}`);
    const h = tar.subarray(pos, pos + BLOCK);
    if (isZeroBlock(h)) break;
    if (++headers > maxFiles * 2 + 2) throw new TarError('too_many_files', `bundle has more than ${maxFiles} files (limit)`);
    checkChecksum(h, pos);
    const type = h[156] === 0 ? '0' : String.fromCharCode(h[156]);
    const size = parseSize(h, pos);
    const dataStart = pos + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new TarError('truncated', `truncated tar archive: ${headerName(h)} needs ${size} bytes, archive ends first`);
    const data = tar.subarray(dataStart, dataEnd);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (pos > tar.length) pos = tar.length;

    switch (type) {
      case 'x': // PAX extended header for the next entry
        pending = { ...pending, ...parsePax(data, pos) };
        continue;
      case 'g': // PAX global header: carries no names we use
        continue;
      case 'L': // GNU long name for the next entry
        pending = { ...pending, path: cString(data) };
        continue;
      case 'K':
        throw new TarError('link', `tar entry ${pending.path ?? headerName(h)} is a link (GNU long link name); links are not allowed in bundles`);
      default:
        break;
    }
    const rawName = pending.path ?? headerName(h);
    pending = {};
    if (type === '1' || type === '2') throw new TarError('link', `tar entry ${rawName} is a ${type === '1' ? 'hard link' : 'symbolic link'}; links are not allowed in bundles`);
    if (type === '3' || type === '4' || type === '6') throw new TarError('special_file', `tar entry ${rawName} is a device or FIFO; only regular files are allowed`);
    if (type !== '0' && type !== '7' && type !== '5') throw new TarError('special_file', `tar entry ${rawName} has unsupported type ${JSON.stringify(type)}; only regular files are allowed`);
    const name = normalizeEntryName(rawName);
    if (type === '5') continue; // directories carry no content; the name was still checked
    if (seen.has(name)) throw new TarError('duplicate', `duplicate file ${name} in bundle`);
    seen.add(name);
    if (entries.length >= maxFiles) throw new TarError('too_many_files', `bundle has more than ${maxFiles} files (limit)`);
    entries.push({ name, bytes: new Uint8Array(data) }); // a copy, not a view of the whole archive
  }
  return entries;
}

/** Bundle path for a tar name: one leading `/` means the bundle root (OPA writes `/.manifest`). */
export function normalizeEntryName(raw: string): string {
  if (raw.includes('\0')) throw new TarError('bad_path', `tar entry name contains a NUL byte`);
  if (raw.includes('\\')) throw new TarError('bad_path', `tar entry ${JSON.stringify(raw)} contains a backslash; bundle paths use "/"`);
  if (/^[A-Za-z]:/.test(raw)) throw new TarError('bad_path', `tar entry ${JSON.stringify(raw)} is an absolute Windows path`);
  let name = raw.startsWith('/') ? raw.slice(1) : raw;
  while (name.startsWith('./')) name = name.slice(2);
  if (name.endsWith('/')) name = name.slice(0, -1);
  if (name === '' || name === '.') throw new TarError('bad_path', `tar entry ${JSON.stringify(raw)} has an empty name`);
  if (name.startsWith('/')) throw new TarError('bad_path', `tar entry ${JSON.stringify(raw)} is an absolute path`);
  for (const seg of name.split('/')) {
    if (seg === '..') throw new TarError('bad_path', `tar entry ${JSON.stringify(raw)} contains ".."; it would escape the bundle`);
    if (seg === '' || seg === '.') throw new TarError('bad_path', `tar entry ${JSON.stringify(raw)} has an empty or "." path segment`);
  }
  return name;
}

function isZeroBlock(b: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

function checkChecksum(h: Uint8Array, pos: number): void {
  const stored = parseOctal(h.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  if (stored === undefined || stored !== sum) throw new TarError('bad_tar', `corrupt tar header at byte ${pos} (checksum mismatch); not a tar archive or damaged`);
}

function parseSize(h: Uint8Array, pos: number): number {
  if (h[124] & 0x80) throw new TarError('bad_tar', `tar header at byte ${pos} uses a binary size field (file over 8 GiB); not supported`);
  const size = parseOctal(h.subarray(124, 136));
  if (size === undefined) throw new TarError('bad_tar', `tar header at byte ${pos} has an invalid size field`);
  return size;
}

function parseOctal(field: Uint8Array): number | undefined {
  let s = '';
  for (const c of field) {
    if (c === 0 || c === 0x20) {
      if (s) break;
      continue;
    }
    if (c < 0x30 || c > 0x37) return undefined;
    s += String.fromCharCode(c);
  }
  return s === '' ? 0 : parseInt(s, 8);
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
}

function headerName(h: Uint8Array): string {
  const name = cString(h.subarray(0, 100));
  const magic = String.fromCharCode(...h.subarray(257, 262));
  const prefix = magic === 'ustar' && h[262] === 0 ? cString(h.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** PAX records: "<len> <key>=<value>\n"; only `path` matters to us, link targets are rejected. */
function parsePax(data: Uint8Array, pos: number): PendingNames {
  const out: PendingNames = {};
  let i = 0;
  while (i < data.length) {
    if (data[i] === 0) break;
    const sp = data.indexOf(0x20, i);
    const len = sp < 0 ? NaN : parseInt(Buffer.from(data.subarray(i, sp)).toString('latin1'), 10);
    if (!(len > sp - i + 1) || i + len > data.length || data[i + len - 1] !== 0x0a) throw new TarError('bad_tar', `malformed PAX header before byte ${pos}`);
    const body = Buffer.from(data.subarray(sp + 1, i + len - 1)).toString('utf8');
    const eq = body.indexOf('=');
    if (eq < 0) throw new TarError('bad_tar', `malformed PAX record before byte ${pos}`);
    const key = body.slice(0, eq);
    const value = body.slice(eq + 1);
    if (key === 'path') out.path = value;
    if (key === 'linkpath' && value !== '') throw new TarError('link', `PAX header declares a link target (${value}); links are not allowed in bundles`);
    i += len;
  }
  return out;
}

/**
 * Deterministic .tar.gz: entries sorted by name, written as `/<name>` like
 * `opa build`, mtime 0, uid/gid 0, mode 0644, no user names; gzip header
 * without file name or mtime and a fixed OS byte.
 */
export function writeTarGz(entries: BundleEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const blocks: Uint8Array[] = [];
  const names = new Set<string>();
  for (const e of sorted) {
    const name = normalizeEntryName(e.name);
    if (names.has(name)) throw new TarError('duplicate', `duplicate file ${name}`);
    names.add(name);
    const path = `/${name}`;
    const pathBytes = Buffer.from(path, 'utf8');
    const split = pathBytes.length > 100 ? splitUstar(pathBytes) : { prefix: Buffer.alloc(0), name: pathBytes };
    if (!split) {
      const record = paxRecord('path', path);
      blocks.push(header({ name: Buffer.from('PaxHeaders/' + createHash('sha256').update(path).digest('hex').slice(0, 32)), prefix: Buffer.alloc(0), size: record.length, type: 'x' }));
      blocks.push(padded(record));
      blocks.push(header({ name: pathBytes.subarray(pathBytes.length - 100), prefix: Buffer.alloc(0), size: e.bytes.length, type: '0' }));
    } else {
      blocks.push(header({ ...split, size: e.bytes.length, type: '0' }));
    }
    blocks.push(padded(e.bytes));
  }
  blocks.push(new Uint8Array(BLOCK * 2));
  const gz = gzipSync(Buffer.concat(blocks), { level: 9, memLevel: 9, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
  gz[9] = 0xff; // OS byte: "unknown", so the platform that built it does not show
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.length);
}

function splitUstar(path: Buffer): { prefix: Buffer; name: Buffer } | undefined {
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== 0x2f) continue;
    if (i <= 155 && path.length - i - 1 <= 100 && path.length - i - 1 > 0) return { prefix: path.subarray(0, i), name: path.subarray(i + 1) };
  }
  return undefined;
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  let len = bodyLen + 1;
  while (String(len).length + bodyLen !== len) len = String(len).length + bodyLen;
  return Buffer.from(`${len}${body}`, 'utf8');
}

function header(h: { name: Buffer; prefix: Buffer; size: number; type: string }): Uint8Array {
  const b = Buffer.alloc(BLOCK);
  h.name.copy(b, 0);
  b.write('0000644\0', 100, 'latin1');
  b.write('0000000\0', 108, 'latin1');
  b.write('0000000\0', 116, 'latin1');
  b.write(h.size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  b.write('00000000000\0', 136, 'latin1');
  b.write('        ', 148, 'latin1');
  b.write(h.type, 156, 'latin1');
  b.write('ustar\0' + '00', 257, 'latin1');
  h.prefix.copy(b, 345);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i];
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return b;
}

function padded(bytes: Uint8Array): Uint8Array {
  const rem = bytes.length % BLOCK;
  if (rem === 0) return bytes;
  const out = new Uint8Array(bytes.length + BLOCK - rem);
  out.set(bytes);
  return out;
}
