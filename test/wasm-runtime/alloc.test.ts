import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRuntimeBuilt, instantiate, type Runtime } from './helpers.js';

let wasmPath: string;
beforeAll(async () => {
  wasmPath = await ensureRuntimeBuilt();
});

/** A fresh instance per test: allocator state must not leak between tests. */
const fresh = (memory?: WebAssembly.Memory): Promise<Runtime> => instantiate(wasmPath, memory);

describe('opa_malloc / opa_free', () => {
  it('returns 8-byte aligned, non-overlapping blocks after static data', async () => {
    const rt = await fresh();
    const x = rt.x;
    const base = x.opa_heap_ptr_get();
    expect(base).toBeGreaterThan(0);
    let prevEnd = base;
    for (const size of [0, 1, 7, 8, 9, 100, 257, 4096, 70000]) {
      const p = x.opa_malloc(size);
      expect(p % 8).toBe(0);
      expect(p).toBeGreaterThanOrEqual(prevEnd);
      prevEnd = p + size;
    }
    expect(x.opa_heap_ptr_get()).toBeGreaterThanOrEqual(prevEnd);
  });

  it('reuses freed blocks of the same size class', async () => {
    const { x } = await fresh();
    const a = x.opa_malloc(40);
    x.opa_malloc(40); // keep `a` off the top of the heap
    x.opa_free(a);
    expect(x.opa_malloc(33)).toBe(a); // 33 and 40 share the 40-byte class
    const big = x.opa_malloc(100_000);
    x.opa_malloc(8);
    x.opa_free(big);
    expect(x.opa_malloc(30_000)).not.toBe(big); // would waste more than half
    expect(x.opa_malloc(90_000)).toBe(big);
    const mid = x.opa_malloc(3000); // 4096-byte class
    x.opa_malloc(8);
    x.opa_free(mid);
    expect(x.opa_malloc(4000)).toBe(mid);
  });

  it('gives the top block back to the bump pointer', async () => {
    const { x } = await fresh();
    x.opa_malloc(0);
    const top = x.opa_heap_ptr_get();
    const p = x.opa_malloc(64);
    x.opa_free(p);
    expect(x.opa_heap_ptr_get()).toBe(top);
    expect(x.opa_malloc(64)).toBe(p);
  });

  it('ignores double frees and pointers it does not own', async () => {
    const { x } = await fresh();
    const a = x.opa_malloc(16);
    x.opa_malloc(16);
    x.opa_free(a);
    x.opa_free(a); // second free must not list the block twice
    expect(x.opa_malloc(16)).toBe(a);
    expect(x.opa_malloc(16)).not.toBe(a);
    for (const p of [0, 1, 3, 8, x.rt_null(), x.rt_true(), x.rt_int(3n), a + 4, 0x7ffffff8]) x.opa_free(p);
    expect(x.opa_value_type(x.rt_int(3n))).toBe(3); // interned ints survive
  });

  it('frees whole value trees', async () => {
    const rt = await fresh();
    const x = rt.x;
    const [src, len] = rt.write('{"a":[1,2,{"b":"' + 'x'.repeat(200) + '"}],"c":{"d":null},"e":123456789012345678901234567890}');
    x.opa_malloc(0);
    const before = x.opa_heap_ptr_get();
    const v1 = x.opa_json_parse(src, len);
    const used = x.opa_heap_ptr_get() - before;
    x.opa_value_free(v1);
    for (let i = 0; i < 20; i++) x.opa_value_free(x.opa_json_parse(src, len));
    // repeated parse/free cycles reuse the same blocks
    expect(x.opa_heap_ptr_get() - before).toBeLessThanOrEqual(used * 2);
  });
});

describe('heap pointer reset', () => {
  it('hands out the same memory again after opa_heap_ptr_set', async () => {
    const rt = await fresh();
    const x = rt.x;
    const mark = x.opa_heap_ptr_get();
    const a = x.opa_malloc(100);
    const v = rt.parse('{"k":[1,2,3]}');
    x.opa_heap_ptr_set(mark);
    expect(x.opa_heap_ptr_get()).toBe(mark);
    expect(x.opa_malloc(100)).toBe(a);
    expect(rt.parse('{"k":[1,2,3]}')).toBe(v);
  });

  it('drops free lists on reset so freed blocks above the mark are not reused', async () => {
    const { x } = await fresh();
    const mark = x.opa_heap_ptr_get();
    const a = x.opa_malloc(24);
    x.opa_malloc(24);
    x.opa_free(a);
    x.opa_heap_ptr_set(mark);
    const b = x.opa_malloc(200); // overlaps a: a must not be on a free list
    expect(b).toBeLessThanOrEqual(a);
    expect(x.opa_malloc(24)).not.toBe(a);
  });

  it('keeps heap usage flat over many evaluate-style cycles', async () => {
    const rt = await fresh();
    const x = rt.x;
    const data = rt.json('{"users":{"alice":{"roles":["admin"]}}}');
    const mark = x.opa_heap_ptr_get();
    for (let i = 0; i < 500; i++) {
      x.opa_heap_ptr_set(mark);
      const input = rt.json(`{"user":"alice","n":${i}}`);
      const rs = x.rt_result_set_new();
      x.rt_result_add(rs, x.rt_get(x.rt_get(x.rt_get(data, rt.str('users')), x.rt_get(input, rt.str('user'))), rt.str('roles')));
      expect(rt.dump(rs)).toBe('[{"result":["admin"]}]');
    }
    expect(x.opa_heap_ptr_get() - mark).toBeLessThan(4096);
  });

  it('implements the ABI 1.3 stash protocol', async () => {
    const rt = await fresh();
    const x = rt.x;
    x.opa_malloc(0);
    const initial = x.opa_heap_ptr_get();
    // load data, then free something inside it: a free block below the data heap pointer
    const data = rt.json('{"a":{"b":"' + 'y'.repeat(100) + '"},"c":1}');
    const dropped = x.rt_get(x.rt_get(data, rt.str('a')), rt.str('b'));
    expect(x.opa_value_remove_path(data, rt.json('["a","b"]'))).toBe(0);
    x.opa_heap_blocks_stash();
    const dataHeap = x.opa_heap_ptr_get();
    // evaluation must not receive the stashed block
    const evalBlock = x.opa_malloc(112);
    expect(evalBlock).toBeGreaterThanOrEqual(dataHeap);
    x.opa_heap_ptr_set(dataHeap);
    x.opa_heap_blocks_restore();
    // data updates get it back
    const reused = x.opa_malloc(112);
    expect(reused).toBe(dropped);
    x.opa_free(reused);
    // stash_clear drops it for good
    x.opa_heap_blocks_stash();
    x.opa_heap_stash_clear();
    x.opa_heap_ptr_set(dataHeap);
    x.opa_heap_blocks_restore();
    expect(x.opa_malloc(112)).not.toBe(dropped);
    x.opa_heap_ptr_set(initial);
    expect(x.opa_heap_ptr_get()).toBe(initial);
  });

  it('restore drops stashed blocks that are now above the heap pointer', async () => {
    const { x } = await fresh();
    const mark = x.opa_heap_ptr_get();
    const a = x.opa_malloc(48);
    x.opa_malloc(48);
    x.opa_free(a);
    x.opa_heap_blocks_stash();
    x.opa_heap_ptr_set(mark); // below the stashed block
    x.opa_heap_blocks_restore();
    const b = x.opa_malloc(48);
    expect(b).toBe(a); // from the bump pointer, not from a stale list entry
    expect(x.opa_malloc(48)).toBeGreaterThan(a);
  });
});

describe('memory growth', () => {
  it('grows memory for a 5 MB string and round-trips it', async () => {
    const rt = await fresh(new WebAssembly.Memory({ initial: 5 }));
    const big = 'é😀xy'.repeat(660_000) + 'end'; // 8 bytes per repeat: > 5 MB of UTF-8
    const bytes = new TextEncoder().encode(big).length;
    expect(bytes).toBeGreaterThan(5 * 1024 * 1024);
    const v = rt.json(JSON.stringify(big));
    expect(rt.x.rt_length(v)).toBe(bytes);
    expect(rt.memory.buffer.byteLength).toBeGreaterThan(2 * bytes); // source text + string value
    expect(JSON.parse(rt.dump(v))).toBe(big);
  });

  it('aborts with "out of memory" when memory cannot grow', async () => {
    const rt = await fresh(new WebAssembly.Memory({ initial: 5, maximum: 6 }));
    expect(() => rt.x.opa_malloc(1 << 20)).toThrow('out of memory');
    expect(() => rt.x.opa_malloc(0xfffffff0)).toThrow('out of memory');
    expect(() => rt.x.rt_array(0x7fffffff)).toThrow('out of memory'); // cap * 4 must not wrap
    expect(() => rt.x.rt_string(100_000, 0xfffffff8)).toThrow('out of memory');
  });

  it('copes with the host growing memory behind its back', async () => {
    const rt = await fresh();
    rt.memory.grow(3);
    const v = rt.json('[' + '1,'.repeat(100_000) + '1]');
    expect(rt.x.rt_length(v)).toBe(100_001);
  });
});
