// The input writer of the fast path produces exactly JSON.stringify's UTF-8
// bytes for plain data, hands everything else back to JSON.stringify, and
// stops at the size limit.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonWriter, TooLargeError, UNSUPPORTED } from '../../src/runtime/json-writer.js';
import { rng } from '../helpers/prng.js';

const encoder = new TextEncoder();
const buf = new Uint8Array(1 << 20);
const writer = new JsonWriter();

function written(value: unknown, limit = 1 << 19): string | typeof UNSUPPORTED {
  const n = writer.write(buf, value, limit);
  return n === UNSUPPORTED ? UNSUPPORTED : Buffer.from(buf.subarray(0, n)).toString('latin1');
}

/** JSON.stringify's text as UTF-8 bytes, in the same latin1 view, so byte-level differences show. */
function expected(value: unknown): string {
  return Buffer.from(encoder.encode(JSON.stringify(value))).toString('latin1');
}


const CHARS = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\b', '\f', '\r', '\u0000', '\u001f', '\u007f', 'é', 'ß', '\u0800', '\u2028', '\uffff', '😀', '\ud800', '\udc00', '{', ':'];
const NUMBERS = [0, -0, 1, -1, 9, 10, 99, 100, 2147483647, -2147483647, -2147483648, 2147483648, 4294967296, 1.5, -0.1, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, NaN, Infinity, -Infinity];

const randomString = (r: () => number): string => Array.from({ length: Math.floor(r() * 12) }, () => CHARS[Math.floor(r() * CHARS.length)]).join('');

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 4 ? 5 : 8));
  switch (k) {
    case 0: return randomString(r);
    case 1: return NUMBERS[Math.floor(r() * NUMBERS.length)];
    case 2: return r() < 0.5;
    case 3: return null;
    case 4: return [undefined, () => 1, Symbol('s')][Math.floor(r() * 3)];
    case 5: return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    case 6: {
      const o: Record<string, unknown> = r() < 0.2 ? Object.create(null) : {};
      for (let i = Math.floor(r() * 6); i > 0; i--) o[r() < 0.2 ? String(Math.floor(r() * 20)) : randomString(r) + String(i)] = randomValue(r, depth + 1);
      return o;
    }
    default: return { nested: randomValue(r, depth + 1) };
  }
}

describe('JsonWriter', () => {
  it('writes the gateway examples exactly as JSON.stringify + UTF-8', () => {
    const dir = 'policies/gateway/examples';
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const input: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      expect(written(input)).toBe(expected(input));
    }
  });

  it('matches JSON.stringify on escapes, unicode, lone surrogates, numbers and dropped values', () => {
    const value = {
      s: CHARS.join(''),
      [CHARS.join('')]: 'key with every kind of character',
      nums: NUMBERS,
      dropped: undefined,
      fn: () => 1,
      sym: Symbol('x'),
      inArray: [undefined, () => 1, Symbol('y'), null, true, false],
      2: 'integer keys come first',
      empty: { o: {}, a: [], s: '' },
      holes: [1, , 3], // eslint-disable-line no-sparse-arrays
      bare: Object.assign(Object.create(null) as object, { x: 1 }),
    };
    expect(written(value)).toBe(expected(value));
  });

  it('matches JSON.stringify on 5,000 random values', () => {
    const r = rng(6);
    for (let i = 0; i < 5000; i++) {
      const v = { v: randomValue(r, 0) };
      expect(written(v)).toBe(expected(v));
    }
  });

  it('leaves what is not plain data to JSON.stringify', () => {
    class Point {
      x = 1;
    }
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 100; i++) node = (node.next = {}) as Record<string, unknown>;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const v of [{ d: new Date(0) }, { p: new Point() }, { s: new String('x') }, { t: { toJSON: () => 'x' } }, [{ toJSON: () => 1 }], { n: 1n }, deep, cyclic]) {
      expect(written(v)).toBe(UNSUPPORTED);
    }
  });

  it('skips inherited enumerable properties, as JSON.stringify does', () => {
    const child = Object.create({ inherited: 1 }) as Record<string, unknown>;
    child.own = 2;
    expect(written(child)).toBe(UNSUPPORTED); // not a plain object: JSON.stringify decides
    const plain = { own: 2 };
    Object.defineProperty(plain, 'hidden', { value: 3, enumerable: false });
    expect(written(plain)).toBe('{"own":2}');
  });

  it('throws TooLargeError past the limit, before writing a long string', () => {
    expect(() => written({ s: 'x'.repeat(200) }, 100)).toThrow(TooLargeError);
    expect(() => written({ n: Array(40).fill(123456) }, 100)).toThrow(TooLargeError);
    const fits = { s: 'x'.repeat(92) };
    expect(written(fits, 100)).toBe(expected(fits));
  });

  it('writes nothing past the buffer it is given', () => {
    const small = new Uint8Array(8);
    expect(() => writer.write(small, { s: 'x'.repeat(20) }, 16)).toThrow(TooLargeError);
    expect(writer.write(small, [1, 2], 16)).toBe(5);
    expect(Buffer.from(small.subarray(0, 5)).toString()).toBe('[1,2]');
  });
});
