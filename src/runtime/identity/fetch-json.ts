// Load a JSON document from a file path or an http(s) URL, bounded in size
// and time, for the key sets and revocation lists the identity builder keeps.

import { readFile } from 'node:fs/promises';

export type JsonSource = string | URL;

export interface FetchJsonOptions {
  /** Give up on a URL after this many milliseconds (default 5000). */
  timeoutMs?: number;
  /** Refuse bodies larger than this (default 1 MiB). */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 1 << 20;

export function isUrl(source: JsonSource): boolean {
  return source instanceof URL || /^https?:\/\//i.test(source);
}

export function describeSource(source: JsonSource): string {
  return source instanceof URL ? source.href : source;
}

export async function fetchJson(source: JsonSource, opts: FetchJsonOptions = {}): Promise<unknown> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const text = isUrl(source) ? await fetchText(new URL(source), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBytes) : await readText(source as string, maxBytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${describeSource(source)}: not JSON: ${(e as Error).message}`);
  }
}

async function readText(path: string, maxBytes: number): Promise<string> {
  const bytes = await readFile(path);
  if (bytes.length > maxBytes) throw new Error(`${path}: larger than ${maxBytes} bytes`);
  return bytes.toString('utf8');
}

async function fetchText(url: URL, timeoutMs: number, maxBytes: number): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error(`${url.href}: larger than ${maxBytes} bytes`);
  // Read in chunks so an endless body stops at the limit instead of filling memory.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`${url.href}: larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
