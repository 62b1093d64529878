import { describe, expect, it } from 'vitest';
import { createHostBuiltins } from '../../src/runtime/host-builtins.js';

describe('host builtins', () => {
  it('fixes time.now_ns, rand.intn and uuid.rfc4122 within one evaluation', () => {
    let t = 1000n;
    const host = createHostBuiltins({ now: () => t++ });
    const b = host.builtins;
    expect(b['time.now_ns']()).toBe(1000);
    expect(b['time.now_ns']()).toBe(1000);
    const r = b['rand.intn']('k', 1000);
    expect(b['rand.intn']('k', 1000)).toBe(r);
    const u = b['uuid.rfc4122']('a');
    expect(u).toMatch(/^[0-9a-f-]{36}$/);
    expect(b['uuid.rfc4122']('a')).toBe(u);
    host.beginEvaluation();
    expect(b['time.now_ns']()).toBe(1001);
  });

  it('hashes and HMACs like OPA (hex digests of UTF-8 text)', () => {
    const b = createHostBuiltins().builtins;
    expect(b['crypto.sha256']('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(b['crypto.md5']('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(b['crypto.hmac.sha256']('message', 'key')).toBe('6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a');
    expect(b['crypto.hmac.equal']('abc', 'abc')).toBe(true);
    expect(b['crypto.hmac.equal']('abc', 'abd')).toBe(false);
    expect(() => b['crypto.sha256'](1)).toThrow(/operand 1 must be string but got number/);
  });
});
