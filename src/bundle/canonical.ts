// OPA's file digests for bundle signatures (opa v1/bundle/hash.go).
// Structured documents (base name data.json, data.yaml, signatures.json,
// .manifest) are parsed and hashed as a stream: objects as `{` + keys in byte
// order, each `key:value`, comma-separated + `}`; arrays as `[..]`; scalars as
// Go's encoding/json writes them with SetEscapeHTML(false). Every other file is
// hashed as its raw bytes.

import { createHash, type Hash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { fromPlain, JsonNumber, JsonSyntaxError, parseLiteralJson, type LiteralJson } from './json-literal.js';

export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
  'SHA-512-224': 'sha512-224',
  'SHA-512-256': 'sha512-256',
};

export const DEFAULT_HASH_ALGORITHM = 'SHA-256';

const STRUCTURED_BASENAMES = new Set(['data.json', 'data.yaml', 'signatures.json', '.manifest']);

export function isStructuredDoc(name: string): boolean {
  return STRUCTURED_BASENAMES.has(name.slice(name.lastIndexOf('/') + 1));
}

export class DigestError extends Error {}

/** Hex digest of a bundle file as OPA computes it for the signature payload. */
export function fileDigest(name: string, bytes: Uint8Array, algorithm: string = DEFAULT_HASH_ALGORITHM): string {
  const nodeAlg = HASH_ALGORITHMS[algorithm];
  if (!nodeAlg) throw new DigestError(`unsupported hashing algorithm: ${algorithm}`);
  const h = createHash(nodeAlg);
  if (isStructuredDoc(name)) writeCanonical(parseStructured(name, bytes), h);
  else h.update(bytes);
  return h.digest('hex');
}

/** Hex digest of an already parsed structured document. */
export function documentDigest(doc: LiteralJson, algorithm: string = DEFAULT_HASH_ALGORITHM): string {
  const nodeAlg = HASH_ALGORITHMS[algorithm];
  if (!nodeAlg) throw new DigestError(`unsupported hashing algorithm: ${algorithm}`);
  const h = createHash(nodeAlg);
  writeCanonical(doc, h);
  return h.digest('hex');
}

/**
 * Parse as OPA's util.Unmarshal does: JSON with literal numbers when the bytes
 * are valid JSON, else YAML (YAML 1.1, as Go's yaml library reads it).
 */
export function parseStructured(name: string, bytes: Uint8Array): LiteralJson {
  try {
    return parseLiteralJson(bytes);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const text = new TextDecoder().decode(bytes);
    try {
      return fromPlain(parseYaml(text, { version: '1.1', intAsBigInt: true, uniqueKeys: false }));
    } catch (ye) {
      const why = name.endsWith('.yaml') || name.endsWith('.yml') ? (ye as Error).message : e.message;
      throw new DigestError(`${name}: cannot parse: ${why}`);
    }
  }
}

/** The canonical stream as bytes (for tests and for writing sorted JSON). */
export function canonicalBytes(doc: LiteralJson): Uint8Array {
  const parts: string[] = [];
  walk(doc, (s) => parts.push(s));
  return new TextEncoder().encode(parts.join(''));
}

function writeCanonical(doc: LiteralJson, h: Hash): void {
  const buf: string[] = [];
  let size = 0;
  walk(doc, (s) => {
    buf.push(s);
    size += s.length;
    // Flush in chunks so large documents do not build one giant string.
    if (size > 1 << 16) {
      h.update(buf.join(''), 'utf8');
      buf.length = 0;
      size = 0;
    }
  });
  h.update(buf.join(''), 'utf8');
}

function walk(v: LiteralJson, out: (s: string) => void): void {
  if (v instanceof Map) {
    out('{');
    let first = true;
    for (const key of sortedKeys(v)) {
      if (!first) out(',');
      first = false;
      out(goJsonString(key));
      out(':');
      walk(v.get(key)!, out);
    }
    out('}');
  } else if (Array.isArray(v)) {
    out('[');
    v.forEach((e, i) => {
      if (i > 0) out(',');
      walk(e, out);
    });
    out(']');
  } else if (v instanceof JsonNumber) out(v.literal);
  else if (typeof v === 'string') out(goJsonString(v));
  else out(v === null ? 'null' : v ? 'true' : 'false');
}

/** Keys in Go's sort.Strings order: bytewise over UTF-8, not UTF-16 code units. */
export function sortedKeys(m: Map<string, unknown>): string[] {
  const keys = [...m.keys()];
  if (keys.every(isAscii)) return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const enc = keys.map((k) => ({ k, b: Buffer.from(toWellFormed(k), 'utf8') }));
  enc.sort((x, y) => Buffer.compare(x.b, y.b));
  return enc.map((e) => e.k);
}

function isAscii(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s);
}

function toWellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const HEX = '0123456789abcdef';

/**
 * A string as Go's encoding/json writes it with SetEscapeHTML(false) (Go ≥ 1.22):
 * `"` and `\` escaped, \b \f \n \r \t short forms, other controls as \u00xx,
 * U+2028/U+2029 escaped, invalid UTF-16 (lone surrogates) as \ufffd, all else raw.
 */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      rep = c === 0x22 ? '\\"' : c === 0x5c ? '\\\\' : c === 0x08 ? '\\b' : c === 0x0c ? '\\f' : c === 0x0a ? '\\n' : c === 0x0d ? '\\r' : c === 0x09 ? '\\t' : `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x2028 || c === 0x2029) {
      rep = c === 0x2028 ? '\\u2028' : '\\u2029';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\\ufffd';
    } else continue;
    out += s.slice(start, i) + rep;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}
