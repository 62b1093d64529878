import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { compile } from '../../src/compiler/compile.js';
import { capture } from '../helpers/capture.js';

afterEach(() => vi.restoreAllMocks());

describe('capabilities', () => {
  it('prints supported builtins in OPA capabilities format', async () => {
    const io = capture();
    expect(await runCli(['capabilities'])).toBe(0);
    const caps = JSON.parse(io.out.join(''));
    const names = caps.builtins.map((b: { name: string }) => b.name);
    expect(names).toEqual(expect.arrayContaining(['count', 'startswith', 'strings.reverse', 'net.cidr_contains', 'time.now_ns', 'io.jwt.decode_verify', 'eq']));
    expect(names).not.toContain('http.send');
    expect(caps.builtins.find((b: { name: string }) => b.name === 'count').decl).toEqual({
      args: [{ type: 'any', of: [{ type: 'string' }, { type: 'array', dynamic: { type: 'any' } }, { type: 'object', dynamic: { key: { type: 'any' }, value: { type: 'any' } } }, { type: 'set', of: { type: 'any' } }] }],
      type: 'function',
      result: { type: 'number' },
    });
    expect(caps.wasm_abi_versions).toEqual([{ version: 1, minor_version: 3 }]);
  });

  it('rejects builtins outside a capabilities file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caps-'));
    writeFileSync(join(dir, 'p.rego'), 'package p\nallow if startswith(input.path, "/v1")\nn := count(input.xs)\n');
    writeFileSync(join(dir, 'caps.json'), JSON.stringify({ builtins: [{ name: 'count' }, { name: 'gt' }] }));
    const io = capture();
    expect(await runCli(['compile', join(dir, 'p.rego'), '-e', 'p/allow', '--capabilities', join(dir, 'caps.json'), '-o', join(dir, 'p.wasm')])).toBe(1);
    expect(io.err.join('\n')).toContain('undefined function startswith (not in the capabilities given)');
  });

  it('fails at compile time, not evaluation, for a builtin nobody implements', () => {
    expect(() => compile([{ path: 'p.rego', text: 'package p\nr := http.send({"method": "GET", "url": "http://x"})\n' }], { entrypoints: ['p/r'] }))
      .toThrow(/builtin http.send is not implemented: it is not native and no host implementation is available/);
  });
});
