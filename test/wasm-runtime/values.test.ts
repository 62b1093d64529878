import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuntime, type Runtime } from './helpers.js';

let rt: Runtime;
let x: Record<string, any>;
beforeAll(async () => {
  rt = await loadRuntime();
  x = rt.x;
});

const cmp = (a: string, b: string) => x.rt_compare(rt.value(a), rt.value(b));

describe('constructors and inspection', () => {
  it('builds scalars with the OPA type tags', () => {
    expect(x.opa_value_type(x.rt_null())).toBe(1);
    expect(x.opa_value_type(x.rt_true())).toBe(2);
    expect(x.opa_value_type(x.rt_boolean(0))).toBe(2);
    expect(x.opa_value_type(x.rt_int(-5n))).toBe(3);
    expect(x.opa_value_type(x.rt_float(0.5))).toBe(3);
    expect(x.opa_value_type(rt.str('s'))).toBe(4);
    expect(x.opa_value_type(x.rt_array(0))).toBe(5);
    expect(x.opa_value_type(x.rt_object())).toBe(6);
    expect(x.opa_value_type(x.rt_set())).toBe(7);
    expect(x.opa_value_type(0)).toBe(0);
    expect(rt.dump(x.rt_int(-9223372036854775808n))).toBe('-9223372036854775808');
    expect(rt.dump(x.rt_float(2.0))).toBe('2');
    expect(x.rt_equal(x.rt_float(2.0), x.rt_int(2n))).toBe(1);
  });

  it('rt_number_ref keeps exact text and normalises integers', () => {
    const ref = (s: string) => x.rt_number_ref(...rt.write(s));
    expect(rt.dump(ref('123456789012345678901234567890'))).toBe('123456789012345678901234567890');
    expect(rt.dump(ref('1.0'))).toBe('1');
    expect(rt.dump(ref('2.50'))).toBe('2.5');
    expect(rt.dump(ref('1e400'))).toBe('1e400');
    expect(x.rt_equal(ref('1e2'), x.rt_int(100n))).toBe(1);
    expect(() => ref('1.2.3')).toThrow('rt_number_ref: invalid number');
  });

  it('rt_string copies heap bytes', () => {
    const [p, n] = rt.write('abc');
    const s = x.rt_string(p, n);
    rt.bytes()[p] = 'z'.charCodeAt(0);
    expect(rt.dump(s)).toBe('"abc"');
    expect(x.rt_string_len(s)).toBe(3);
    expect(new TextDecoder().decode(rt.bytes().subarray(x.rt_string_ptr(s), x.rt_string_ptr(s) + 3))).toBe('abc');
    expect(x.rt_string_ptr(x.rt_int(1n))).toBe(0);
  });

  it('rt_length counts string bytes and collection entries', () => {
    expect(x.rt_length(rt.str('é'))).toBe(2);
    expect(x.rt_length(rt.value('[1,2,3]'))).toBe(3);
    expect(x.rt_length(rt.value('{"a":1,"b":2}'))).toBe(2);
    expect(x.rt_length(rt.value('{1,2,2}'))).toBe(2);
    expect(x.rt_length(x.rt_int(5n))).toBe(0);
    expect(x.rt_length(x.rt_null())).toBe(0);
  });

  it('rt_is_true / rt_is_false test boolean values only', () => {
    expect([x.rt_is_true(x.rt_true()), x.rt_is_true(rt.json('true')), x.rt_is_true(x.rt_false())]).toEqual([1, 1, 0]);
    expect([x.rt_is_false(x.rt_false()), x.rt_is_false(x.rt_boolean(0)), x.rt_is_false(x.rt_null())]).toEqual([1, 1, 0]);
    expect([x.rt_is_true(x.rt_int(1n)), x.rt_is_true(0), x.rt_is_false(0)]).toEqual([0, 0, 0]);
  });

  it('builds collections with append/insert/add', () => {
    const a = x.rt_array(1);
    for (let i = 0; i < 100; i++) x.rt_array_append(a, x.rt_int(BigInt(i)));
    expect(x.rt_length(a)).toBe(100);
    expect(rt.dump(x.rt_array_get(a, 99))).toBe('99');
    expect(x.rt_array_get(a, 100)).toBe(0);
    expect(x.rt_array_get(a, -1)).toBe(0);

    const o = x.rt_object();
    x.rt_object_insert(o, rt.str('b'), x.rt_int(1n));
    x.rt_object_insert(o, rt.str('a'), x.rt_int(2n));
    x.rt_object_insert(o, rt.str('b'), x.rt_int(3n)); // replaces
    expect(rt.dump(o)).toBe('{"a":2,"b":3}');

    const s = x.rt_set();
    for (const v of ['3', '1', '3.0', '"x"', '1']) x.rt_set_add(s, rt.json(v));
    expect(rt.vdump(s)).toBe('{1,3,"x"}');
    expect(() => x.rt_set_add(o, x.rt_null())).toThrow('rt_set_add: not a set');
    expect(() => x.rt_array_append(o, x.rt_null())).toThrow('rt_array_append: not an array');
    expect(() => x.rt_object_insert(a, x.rt_null(), x.rt_null())).toThrow('rt_object_insert: not an object');
  });

  it('keeps large objects and sets consistent past the hash-index threshold', () => {
    const o = x.rt_object();
    const s = x.rt_set();
    const n = 5000;
    for (let i = n - 1; i >= 0; i--) {
      x.rt_object_insert(o, rt.str(`k${i}`), x.rt_int(BigInt(i)));
      x.rt_set_add(s, x.rt_int(BigInt(i * 7 % n)));
    }
    expect(x.rt_length(o)).toBe(n);
    expect(x.rt_length(s)).toBe(n);
    for (let i = 0; i < n; i += 97) {
      expect(rt.dump(x.rt_get(o, rt.str(`k${i}`)))).toBe(String(i));
      expect(x.rt_get(s, x.rt_float(i))).not.toBe(0);
    }
    expect(x.rt_get(o, rt.str('nope'))).toBe(0);
    const keys = JSON.parse(rt.dump(x.rt_object_keys(o)));
    expect(keys).toEqual([...keys].sort());
  });
});

describe('Rego ordering and equality', () => {
  it('orders types null < boolean < number < string < array < object < set', () => {
    const order = ['null', 'false', 'true', '-1e400', '-1', '0', '0.5', '1', '1e400', '""', '"a"', '[]', '[1]', '{}', '{"a":1}', 'set()', '{1}'];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        expect(cmp(order[i], order[j]), `${order[i]} vs ${order[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('compares numbers numerically across int, float and exact text', () => {
    expect(cmp('1', '1.0')).toBe(0);
    expect(x.rt_equal(rt.json('1'), rt.json('1.0'))).toBe(1);
    expect(x.rt_equal(x.rt_int(1n), x.rt_float(1.0))).toBe(1);
    expect(cmp('2', '10')).toBe(-1);
    expect(cmp('-2', '-10')).toBe(1);
    expect(cmp('1', '1.5')).toBe(-1);
    expect(cmp('-1.5', '-1')).toBe(-1);
    expect(cmp('0.1', '0.1000000000000000055511151231257827')).toBe(-1);
    expect(cmp('0.1000000000000000055511151231257827', '0.10000000000000001')).toBe(-1);
    expect(cmp('123456789012345678901234567890', '123456789012345678901234567891')).toBe(-1);
    expect(cmp('123456789012345678901234567890', '99999999999999999999999999999')).toBe(1);
    expect(cmp('9223372036854775807', '9223372036854775808')).toBe(-1);
    expect(cmp('-9223372036854775808', '-9223372036854775809')).toBe(1);
    expect(cmp('1e400', '1e399')).toBe(1);
    expect(cmp('1e400', '10e399')).toBe(0);
    expect(cmp('-1e400', '-9223372036854775808')).toBe(-1);
    expect(cmp('1e-400', '0')).toBe(1);
    expect(cmp('1e-400', '1e-7')).toBe(-1);
    expect(x.rt_equal(rt.json('1e400'), rt.json('10e399'))).toBe(1);
    expect(x.rt_hash(rt.json('1e400'))).toBe(x.rt_hash(rt.json('10e399')));
    expect(x.rt_equal(rt.json('1e400'), rt.json('1e401'))).toBe(0);
  });

  it('orders strings bytewise (so "10" < "2")', () => {
    expect(cmp('"10"', '"2"')).toBe(-1);
    expect(cmp('"a"', '"ab"')).toBe(-1);
    expect(cmp('"B"', '"a"')).toBe(-1);
    expect(cmp('"é"', '"z"')).toBe(1);
  });

  it('orders arrays lexicographically then by length', () => {
    expect(cmp('[1,2]', '[1,3]')).toBe(-1);
    expect(cmp('[1]', '[1,0]')).toBe(-1);
    expect(cmp('[2]', '[1,5]')).toBe(1);
    expect(cmp('[1,[2]]', '[1.0,[2.0]]')).toBe(0);
  });

  it('orders objects by sorted keys then values (OPA ast.Compare)', () => {
    expect(cmp('{"a":1}', '{"a":2}')).toBe(-1);
    expect(cmp('{"a":2}', '{"b":0}')).toBe(-1);
    expect(cmp('{"a":1}', '{"a":1,"b":1}')).toBe(-1);
    expect(cmp('{"b":1,"a":1}', '{"a":1,"b":1}')).toBe(0);
    expect(cmp('{"a":9,"c":1}', '{"a":9,"b":5}')).toBe(1);
  });

  it('orders sets by sorted elements then size', () => {
    expect(cmp('{1,2}', '{1,3}')).toBe(-1);
    expect(cmp('{1}', '{1,2}')).toBe(-1);
    expect(cmp('{3,1}', '{1,3}')).toBe(0);
    expect(cmp('{{2},{1}}', '{{1},{2}}')).toBe(0);
  });

  it('treats missing values as smallest', () => {
    expect(x.rt_compare(0, x.rt_null())).toBe(-1);
    expect(x.rt_compare(x.rt_null(), 0)).toBe(1);
    expect(x.rt_equal(0, x.rt_null())).toBe(0);
  });
});

describe('hashing is consistent with equality', () => {
  const equalPairs: Array<[string, string]> = [
    ['1', '1.0'], ['100', '1e2'], ['0', '-0'], ['0.5', '0.50'], ['1e400', '10e399'],
    ['"a"', '"a"'], ['[1,2.0]', '[1.0,2]'],
    ['{"a":1,"b":[1]}', '{"b":[1.0],"a":1.0}'],
    ['{1,2,3}', '{3,2,1.0}'], ['{[1]:{2}}', '{[1.0]:{2.0}}'],
    ['{{"a":1},{"b":2}}', '{{"b":2.0},{"a":1}}'],
  ];
  it.each(equalPairs)('%s == %s', (a, b) => {
    const va = rt.value(a), vb = rt.value(b);
    expect(x.rt_equal(va, vb)).toBe(1);
    expect(x.rt_compare(va, vb)).toBe(0);
    expect(x.rt_hash(va)).toBe(x.rt_hash(vb));
  });

  it('finds an object key 1 by lookups with 1.0 and 1e0', () => {
    const o = x.rt_object();
    x.rt_object_insert(o, x.rt_int(1n), rt.str('one'));
    expect(rt.dump(x.rt_get(o, x.rt_float(1.0)))).toBe('"one"');
    expect(rt.dump(x.rt_get(o, rt.json('1.0')))).toBe('"one"');
    expect(rt.dump(x.rt_get(o, rt.json('1e0')))).toBe('"one"');
    expect(x.rt_get(o, rt.json('"1"'))).toBe(0);
    expect(x.rt_get(o, rt.json('1.5'))).toBe(0);
  });

  it('finds composite keys and set members by structural equality', () => {
    const o = rt.value('{[1, {"a": {2}}]: "hit", {"k": 1}: "obj"}');
    expect(rt.dump(x.rt_get(o, rt.value('[1.0, {"a": {2.0}}]')))).toBe('"hit"');
    expect(rt.dump(x.rt_get(o, rt.value('{"k": 1.0}')))).toBe('"obj"');
    const s = rt.value('{{"b":1,"a":2}, [3]}');
    const member = x.rt_get(s, rt.value('{"a":2,"b":1.0}'));
    expect(rt.dump(member)).toBe('{"a":2,"b":1}');
    expect(x.rt_get(s, rt.value('[4]'))).toBe(0);
  });
});

describe('rt_get', () => {
  it('indexes arrays by integral numbers only', () => {
    const a = rt.json('["a","b","c"]');
    expect(rt.dump(x.rt_get(a, x.rt_int(0n)))).toBe('"a"');
    expect(rt.dump(x.rt_get(a, rt.json('2.0')))).toBe('"c"');
    expect(x.rt_get(a, x.rt_int(3n))).toBe(0);
    expect(x.rt_get(a, x.rt_int(-1n))).toBe(0);
    expect(x.rt_get(a, rt.json('1.5'))).toBe(0);
    expect(x.rt_get(a, rt.json('"1"'))).toBe(0);
    expect(x.rt_get(a, rt.json('1e400'))).toBe(0);
    expect(x.rt_get(a, 0)).toBe(0);
  });

  it('returns 0 for scalars', () => {
    for (const v of ['null', 'true', '1', '"abc"']) expect(x.rt_get(rt.json(v), x.rt_int(0n))).toBe(0);
  });
});

describe('iteration', () => {
  it('iterates arrays by index with number keys', () => {
    const a = rt.json('["x","y","z"]');
    const keys = rt.iterKeys(a);
    expect(keys.map((k) => rt.dump(k))).toEqual(['0', '1', '2']);
    expect(keys.map((k) => rt.dump(x.rt_get(a, k)))).toEqual(['"x"', '"y"', '"z"']);
    expect(rt.iterKeys(rt.json('[]'))).toEqual([]);
    const big = x.rt_array(0);
    for (let i = 0; i < 1000; i++) x.rt_array_append(big, x.rt_null());
    expect(rt.iterKeys(big).length).toBe(1000);
  });

  it('iterates object keys and set elements in sorted order, whatever the insertion order', () => {
    const o = x.rt_object();
    for (const k of ['"m"', '"a"', '3', '"z"', '[1]', 'null']) x.rt_object_insert(o, rt.value(k), x.rt_true());
    expect(rt.iterKeys(o).map((k) => rt.vdump(k))).toEqual(['null', '3', '"a"', '"m"', '"z"', '[1]']);
    const s = rt.value('{"b", 2, "a", 1, {1}, set()}');
    expect(rt.iterKeys(s).map((k) => rt.vdump(k))).toEqual(['1', '2', '"a"', '"b"', 'set()', '{1}']);
    expect(rt.iterKeys(x.rt_object())).toEqual([]);
    expect(rt.iterKeys(x.rt_set())).toEqual([]);
    expect(rt.iterKeys(x.rt_int(3n))).toEqual([]);
  });

  it('iterates large collections completely and in order', () => {
    const o = x.rt_object();
    const n = 3000;
    for (let i = 0; i < n; i++) x.rt_object_insert(o, x.rt_int(BigInt((i * 7919) % n)), x.rt_null());
    const keys = rt.iterKeys(o).map((k) => Number(rt.dump(k)));
    expect(keys).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('supports nested iteration over the same object', () => {
    const o = rt.json('{"a":1,"b":2,"c":3}');
    const pairs: string[] = [];
    for (let k1 = x.rt_iter(o, 0); k1; k1 = x.rt_iter(o, k1)) {
      for (let k2 = x.rt_iter(o, 0); k2; k2 = x.rt_iter(o, k2)) pairs.push(rt.dump(k1) + rt.dump(k2));
    }
    expect(pairs.length).toBe(9);
    expect(pairs[0]).toBe('"a""a"');
    expect(pairs[8]).toBe('"c""c"');
  });

  it('continues after the current key is removed or keys are inserted', () => {
    const o = rt.json('{"a":1,"c":3,"e":5}');
    const seen: string[] = [];
    for (let k = x.rt_iter(o, 0); k; k = x.rt_iter(o, k)) {
      seen.push(rt.dump(k));
      if (seen.length === 1) x.rt_object_insert(o, rt.str('b'), x.rt_null()); // after "a": visited next
      if (seen.length === 2) {
        const kk = rt.dump(k);
        expect(kk).toBe('"b"');
        expect(x.opa_value_remove_path(o, rt.json('["c"]'))).toBe(0);
      }
    }
    expect(seen).toEqual(['"a"', '"b"', '"e"']);
  });

  it('rt_object_keys returns sorted keys', () => {
    expect(rt.dump(x.rt_object_keys(rt.json('{"b":1,"a":2,"c":3}')))).toBe('["a","b","c"]');
    expect(x.rt_object_keys(rt.json('[1]'))).toBe(0);
  });
});

describe('merge and copy', () => {
  it('deep-merges objects', () => {
    const m = x.rt_merge(rt.json('{"a":{"b":1,"c":{"d":2}},"x":1}'), rt.json('{"a":{"c":{"e":3},"f":4},"y":2}'));
    expect(rt.dump(m)).toBe('{"a":{"b":1,"c":{"d":2,"e":3},"f":4},"x":1,"y":2}');
  });

  it('returns 0 on conflicts and non-objects', () => {
    expect(x.rt_merge(rt.json('{"a":1}'), rt.json('{"a":1}'))).toBe(0);
    expect(x.rt_merge(rt.json('{"a":{"b":1}}'), rt.json('{"a":{"b":{"c":1}}}'))).toBe(0);
    expect(x.rt_merge(rt.json('{"a":1}'), rt.json('[1]'))).toBe(0);
    expect(x.rt_merge(rt.json('1'), rt.json('{}'))).toBe(0);
    const b = rt.json('{"k":1}');
    expect(x.rt_merge(0, b)).toBe(b);
    expect(x.rt_merge(b, 0)).toBe(b);
  });

  it('rt_copy is deep, rt_shallow_copy shares children', () => {
    const orig = rt.value('{"a":{"b":[1,2]},"s":{1,2},"n":12345678901234567890123}');
    const deep = x.rt_copy(orig);
    const shallow = x.rt_shallow_copy(orig);
    expect(x.rt_equal(deep, orig)).toBe(1);
    expect(x.rt_equal(shallow, orig)).toBe(1);
    x.rt_object_insert(x.rt_get(deep, rt.str('a')), rt.str('new'), x.rt_null());
    x.rt_object_insert(shallow, rt.str('top'), x.rt_null());
    expect(rt.vdump(orig)).toBe('{"a":{"b":[1,2]},"n":12345678901234567890123,"s":{1,2}}');
    x.rt_object_insert(x.rt_get(shallow, rt.str('a')), rt.str('shared'), x.rt_null());
    expect(rt.dump(x.rt_get(orig, rt.str('a')))).toBe('{"b":[1,2],"shared":null}');
  });

  it('rt_number_to_i32 converts integral numbers in range only', () => {
    const out = x.opa_malloc(8);
    const view = () => new DataView(rt.memory.buffer).getInt32(out, true);
    expect(x.rt_number_to_i32(rt.json('42'), out)).toBe(1);
    expect(view()).toBe(42);
    expect(x.rt_number_to_i32(rt.json('-2147483648'), out)).toBe(1);
    expect(view()).toBe(-2147483648);
    expect(x.rt_number_to_i32(rt.json('3.0'), out)).toBe(1);
    expect(x.rt_number_to_i32(rt.json('2147483648'), out)).toBe(0);
    expect(x.rt_number_to_i32(rt.json('1.5'), out)).toBe(0);
    expect(x.rt_number_to_i32(rt.json('1e400'), out)).toBe(0);
    expect(x.rt_number_to_i32(rt.json('"1"'), out)).toBe(0);
    expect(x.rt_number_to_i64(rt.json('9223372036854775807'), out)).toBe(1);
    expect(new DataView(rt.memory.buffer).getBigInt64(out, true)).toBe(9223372036854775807n);
    expect(x.rt_number_to_f64(rt.json('0.1'))).toBe(0.1);
    expect(x.rt_number_to_f64(rt.json('"x"'))).toBeNaN();
  });
});

describe('opa_value_add_path / opa_value_remove_path', () => {
  it('creates intermediate objects (the OPA docs example)', () => {
    const base = rt.json('{"a":{"b":123}}');
    const path = rt.json('["a","x","y"]');
    expect(x.opa_value_add_path(base, path, rt.json('{"foo":"bar"}'))).toBe(0);
    x.opa_value_free(path); // keys were copied: base must survive
    rt.parse('["clobber","the","freed","path","blocks"]');
    expect(rt.dump(base)).toBe('{"a":{"b":123,"x":{"y":{"foo":"bar"}}}}');
  });

  it('replaces existing values', () => {
    const base = rt.json('{"a":{"b":1}}');
    expect(x.opa_value_add_path(base, rt.json('["a","b"]'), rt.json('[2]'))).toBe(0);
    expect(x.opa_value_add_path(base, rt.json('["a"]'), rt.json('"s"'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":"s"}');
  });

  it('returns error codes like OPA', () => {
    const base = rt.json('{"a":{"b":"s"},"arr":[1]}');
    const v = () => rt.json('1');
    expect(x.opa_value_add_path(base, rt.json('[]'), v())).toBe(3); // empty path
    expect(x.opa_value_add_path(base, rt.json('"a"'), v())).toBe(3); // not an array
    expect(x.opa_value_add_path(base, rt.json('[1,"b"]'), v())).toBe(3); // non-string segment
    expect(x.opa_value_add_path(base, rt.json('["a","b","c"]'), v())).toBe(2); // through a string
    expect(x.opa_value_add_path(base, rt.json('["arr","x"]'), v())).toBe(2); // into an array
    expect(x.opa_value_add_path(rt.json('[1]'), rt.json('["a"]'), v())).toBe(2); // base not an object
    expect(rt.dump(base)).toBe('{"a":{"b":"s"},"arr":[1]}'); // unchanged on error
    expect(x.opa_value_add_path(base, rt.json('["n",1]'), v())).toBe(0); // last segment may be any value
    expect(rt.vdump(base)).toBe('{"a":{"b":"s"},"arr":[1],"n":{1:1}}');
  });

  it('removes values and treats missing paths as removed', () => {
    const base = rt.json('{"a":{"b":1,"c":2},"d":3}');
    expect(x.opa_value_remove_path(base, rt.json('["a","b"]'))).toBe(0);
    expect(x.opa_value_remove_path(base, rt.json('["zz","b"]'))).toBe(0);
    expect(x.opa_value_remove_path(base, rt.json('["a","zz"]'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":{"c":2},"d":3}');
    expect(x.opa_value_remove_path(base, rt.json('["d"]'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":{"c":2}}');
    expect(x.opa_value_remove_path(base, rt.json('[]'))).toBe(3);
    expect(x.opa_value_remove_path(base, rt.json('[1,"c"]'))).toBe(3);
    // the parent exists but is not an object (OPA's C runtime casts blindly here)
    expect(x.opa_value_remove_path(rt.json('{"a":[1]}'), rt.json('["a","b"]'))).toBe(2);
    expect(x.opa_value_remove_path(rt.json('{"a":"s"}'), rt.json('["a","b"]'))).toBe(2);
  });

  it('keeps lookups working after many removals from a large object', () => {
    const base = x.rt_object();
    for (let i = 0; i < 200; i++) x.rt_object_insert(base, rt.str(`k${i}`), x.rt_int(BigInt(i)));
    for (let i = 0; i < 200; i += 2) expect(x.opa_value_remove_path(base, rt.json(`["k${i}"]`))).toBe(0);
    expect(x.rt_length(base)).toBe(100);
    for (let i = 0; i < 200; i++) expect(x.rt_get(base, rt.str(`k${i}`)) === 0).toBe(i % 2 === 0);
  });
});

describe('host calls and result sets', () => {
  it('wraps results as {"result": v} in a set', () => {
    const rs = x.rt_result_set_new();
    expect(rt.dump(rs)).toBe('[]');
    x.rt_result_add(rs, rt.json('{"allow":true}'));
    x.rt_result_add(rs, rt.json('{"allow":true}')); // a set: duplicates collapse
    expect(rt.dump(rs)).toBe('[{"result":{"allow":true}}]');
  });

  it('forwards builtin calls, aborts and prints to the host', () => {
    expect(x.rt_call_builtin0(7, 0)).toBe(0);
    x.rt_call_builtin4(3, 0, 11, 12, 13, 14);
    expect(rt.builtinCalls.at(-1)).toEqual({ id: 3, args: [11, 12, 13, 14] });
    x.rt_call_builtin2(5, 0, 1, 2);
    expect(rt.builtinCalls.at(-1)).toEqual({ id: 5, args: [1, 2] });
    const [msg] = rt.write('boom\0');
    expect(() => x.rt_abort(msg)).toThrow('boom');
    const [hello] = rt.write('hello é\0');
    x.rt_println(hello);
    expect(rt.printed).toContain('hello é');
  });
});
