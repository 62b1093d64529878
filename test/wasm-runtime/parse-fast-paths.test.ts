// The parser's and tables' fast paths (word-at-a-time string scanning, the
// parse stack, one-shot table building, lazily computed entry hashes,
// hash-free lookups in small tables) must give exactly what the plain
// definitions give: JSON.parse's verdicts and values, last-wins duplicate
// keys, and Rego equality/hashing independent of how a value was built.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuntime, type Runtime } from './helpers.js';
import { rng as prng } from '../helpers/prng.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await loadRuntime(new WebAssembly.Memory({ initial: 64 }));
});

/** JSON text of v with object keys sorted (what opa_json_dump prints). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}


function withHeapReset<T>(fn: () => T): T {
  const mark = rt.x.opa_heap_ptr_get();
  try {
    return fn();
  } finally {
    rt.x.opa_heap_ptr_set(mark);
  }
}

describe('string scanning, 8 bytes at a time', () => {
  const specials: Array<[name: string, text: string]> = [
    ['escaped quote', '\\"'],
    ['escaped backslash', '\\\\'],
    ['unicode escape', '\\u00e9'],
    ['raw tab (invalid)', '\t'],
    ['raw NUL (invalid)', '\u0000'],
    ['raw DEL', '\u007f'],
    ['two-byte UTF-8', 'é'],
    ['four-byte UTF-8', '😀'],
    ['byte 0x20', ' '],
  ];

  it('agrees with JSON.parse for a special character at every position of strings up to 40 bytes', () => {
    withHeapReset(() => {
      for (const [name, special] of specials) {
        for (let len = 0; len <= 40; len++) {
          for (let at = 0; at <= len; at++) {
            const body = 'a'.repeat(at) + special + 'b'.repeat(len - at);
            const text = `"${body}"`;
            let expected: string | undefined;
            try {
              expected = JSON.parse(text) as string;
            } catch {
              expected = undefined;
            }
            const v = rt.parse(text);
            if (expected === undefined) expect(v, `${name} at ${at} of ${len}`).toBe(0);
            else expect(JSON.parse(rt.dump(v)), `${name} at ${at} of ${len}`).toBe(expected);
          }
        }
      }
    });
  });

  it('rejects an unterminated string whatever its length', () => {
    for (let len = 0; len <= 20; len++) expect(rt.parse('"' + 'x'.repeat(len))).toBe(0);
    for (let len = 0; len <= 20; len++) expect(rt.parse('"' + 'x'.repeat(len) + '\\"')).toBe(0);
  });

  it('rejects invalid UTF-8 found after a run of ASCII', () => {
    for (let len = 0; len <= 17; len++) {
      const bytes = new Uint8Array([0x22, ...new Array(len).fill(0x61), 0xc0, 0xaf, 0x22]);
      expect(rt.x.opa_json_parse(...rt.write(bytes))).toBe(0);
    }
  });
});

describe('containers built from the parse stack', () => {
  it('parses arrays and objects wider than the static parse stack', () => {
    withHeapReset(() => {
      const arr = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `s${i}` : i));
      expect(rt.dump(rt.json(JSON.stringify(arr)))).toBe(canonical(arr));
      const obj = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`key${(i * 7919) % 3000}`, [i]]));
      const v = rt.json(JSON.stringify(obj));
      expect(rt.x.rt_length(v)).toBe(3000);
      expect(rt.dump(v)).toBe(canonical(obj));
    });
  });

  it('parses deep nesting of wide levels (the stack moves to the heap and back)', () => {
    withHeapReset(() => {
      let doc: unknown = 'leaf';
      for (let d = 0; d < 450; d++) doc = { a: d, z: [d, doc, 'y'.repeat(d % 20)], m: 'x' }; // 900 levels
      const text = JSON.stringify(doc);
      expect(rt.dump(rt.json(text)) === canonical(doc)).toBe(true);
      // the next parse starts from the static stack again
      expect(rt.dump(rt.json('[1,{"b":2,"a":1}]'))).toBe('[1,{"a":1,"b":2}]');
    });
  });

  it('frees everything a failed parse built, in every container kind', () => {
    rt.parse('[0]');
    const before = rt.x.opa_heap_ptr_get();
    const bad = ['{"a":[1,"xx",{"b":"yy"}],"c":', '[{"a":1},{"b":[2,3]},', '{"a":1,"b":{"c":[1,2,3],"d"}}', '[' + '"abc",'.repeat(300) + ']'];
    for (let i = 0; i < 40; i++) for (const s of bad) expect(rt.parse(s)).toBe(0);
    // Only the input copies remain (the helper never frees them): the failed
    // values went back to the free lists and were reused.
    const block = (n: number) => 8 + (n <= 256 ? (n + 7) & ~7 : 2 ** Math.ceil(Math.log2(n)));
    expect(rt.x.opa_heap_ptr_get() - before).toBeLessThan(40 * bad.reduce((n, s) => n + block(s.length), 0) + 16384);
  });
});

describe('duplicate keys (last value wins, first key kept)', () => {
  it('resolves duplicates in small and indexed objects like repeated inserts', () => {
    for (const n of [2, 5, 8, 9, 12, 40]) {
      const pairs: Array<[string, number]> = [];
      for (let i = 0; i < n; i++) pairs.push([`k${i}`, i]);
      for (let i = 0; i < n; i += 3) pairs.push([`k${i}`, 100 + i]); // duplicates after the originals
      pairs.push([`k${n - 1}`, 999]);
      const text = `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
      const expected = JSON.parse(text) as Record<string, number>;
      const v = rt.json(text);
      expect(rt.x.rt_length(v), `n=${n}`).toBe(n);
      expect(rt.dump(v), `n=${n}`).toBe(canonical(expected));
      for (const k of Object.keys(expected)) expect(rt.dump(rt.x.rt_get(v, rt.str(k)))).toBe(String(expected[k]));
    }
  });

  it('deduplicates Rego sets and non-string keys by Rego equality at every size', () => {
    for (const n of [3, 8, 9, 30]) {
      const elems = Array.from({ length: n }, (_, i) => String(i));
      const text = `{${[...elems, ...elems.map((e) => `${e}.0`), '[1]', '[1.0]', '{"a":1}', '{"a":1.0}'].join(', ')}}`;
      const s = rt.value(text);
      expect(rt.x.rt_length(s), `n=${n}`).toBe(n + 2);
      const o = rt.value(`{${elems.map((e) => `${e}: "a${e}"`).join(', ')}, ${elems.map((e) => `${e}.0: "b${e}"`).join(', ')}}`);
      expect(rt.x.rt_length(o)).toBe(n);
      expect(rt.vdump(rt.x.rt_get(o, rt.value('1.0')))).toBe('"b1"');
    }
  });
});

describe('equality, order and hashing do not depend on how a table was built', () => {
  it('parsed tables equal and hash like tables built by inserts in another order', () => {
    const rand = prng(7);
    for (let n = 0; n <= 20; n++) {
      const keys = Array.from({ length: n }, (_, i) => `k${String.fromCharCode(97 + ((i * 5) % 26))}${i}`);
      const parsed = rt.json(`{${keys.map((k, i) => `${JSON.stringify(k)}:${i}`).join(',')}}`);
      const built = rt.x.rt_object();
      const order = [...keys.keys()].sort(() => rand() - 0.5);
      for (const i of order) rt.x.rt_object_insert(built, rt.str(keys[i]), rt.x.rt_int(BigInt(i)));
      expect(rt.x.rt_equal(parsed, built), `n=${n}`).toBe(1);
      expect(rt.x.rt_compare(parsed, built), `n=${n}`).toBe(0);
      expect(rt.x.rt_hash(parsed), `n=${n}`).toBe(rt.x.rt_hash(built));
      // as set elements and object keys they are the same value
      const set = rt.x.rt_set();
      rt.x.rt_set_add(set, parsed);
      rt.x.rt_set_add(set, built);
      expect(rt.x.rt_length(set)).toBe(1);
      for (const k of keys) expect(rt.x.rt_get(parsed, rt.str(k))).not.toBe(0);
      expect(rt.x.rt_get(parsed, rt.str('absent'))).toBe(0);
    }
  });

  it('sets and objects with mixed key types stay consistent across the index threshold', () => {
    const keys = ['null', 'true', 'false', '1', '2.5', '"1"', '"a"', '[1]', '{"x":1}', '{1}', '3', '"b"', '[]', '{}'];
    for (let n = 1; n <= keys.length; n++) {
      const some = keys.slice(0, n);
      const a = rt.value(`{${some.join(', ')}}`);
      const b = rt.value(`{${[...some].reverse().join(', ')}}`);
      expect(rt.x.rt_equal(a, b), `n=${n}`).toBe(1);
      expect(rt.x.rt_hash(a)).toBe(rt.x.rt_hash(b));
      expect(rt.vdump(a)).toBe(rt.vdump(b));
      for (const k of some) expect(rt.x.rt_get(a, rt.value(k)), `${k} in ${n}`).not.toBe(0);
      expect(rt.x.rt_get(a, rt.value('"zz"'))).toBe(0);
      const o = rt.x.rt_object();
      for (const k of some) rt.x.rt_object_insert(o, rt.value(k), rt.value(k));
      for (const k of some) rt.x.rt_object_insert(o, rt.value(k), rt.value('"again"'));
      expect(rt.x.rt_length(o)).toBe(n);
      for (const k of some) expect(rt.vdump(rt.x.rt_get(o, rt.value(k)))).toBe('"again"');
    }
  });

  it('round-trips random documents exactly like JSON.parse', () => {
    const rand = prng(42);
    const word = () => ['a', 'bb', 'é', 'k\\"', 'x y', 'long-key-name', '', '😀', 'ZZ'][Math.floor(rand() * 9)];
    const gen = (depth: number): string => {
      const r = rand();
      if (depth > 4 || r < 0.35) {
        const s = rand();
        if (s < 0.3) return JSON.stringify(Math.floor(rand() * 2000) - 1000);
        if (s < 0.4) return JSON.stringify(rand() * 100);
        if (s < 0.5) return ['true', 'false', 'null'][Math.floor(rand() * 3)];
        return `"${word()}${word()}"`;
      }
      const n = Math.floor(rand() * 14);
      if (r < 0.6) return `[${Array.from({ length: n }, () => gen(depth + 1)).join(',')}]`;
      // keys repeat on purpose: duplicates must resolve like JSON.parse
      return `{${Array.from({ length: n }, () => `"${word()}${word()}" : ${gen(depth + 1)}`).join(' ,\n')}}`;
    };
    withHeapReset(() => {
      for (let i = 0; i < 400; i++) {
        const text = gen(0);
        expect(rt.dump(rt.json(text)), text).toBe(canonical(JSON.parse(text)));
      }
    });
  });
});
