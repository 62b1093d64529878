import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { capture } from '../helpers/capture.js';

afterEach(() => vi.restoreAllMocks());

describe('policy compile and policy eval', () => {
  it('compiles the examples and evaluates a request against data files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-compile-'));
    const wasm = join(dir, 'gateway.wasm');
    let io = capture();
    expect(await runCli(['compile', 'policies', '-e', 'gateway/authz/allow', '-o', wasm])).toBe(0);
    expect(io.out.join('\n')).toMatch(/wrote .*gateway\.wasm: \d+ bytes, entrypoints gateway\/authz\/allow/);
    expect(readFileSync(wasm).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    vi.restoreAllMocks();
    io = capture();
    const code = await runCli(['eval', '-m', wasm, '-e', 'gateway/authz/allow', '--data-dir', 'policies', '-i', 'policies/gateway/examples/allow-planner-chat.json', '--compact']);
    expect(code).toBe(0);
    expect(io.out.join('')).toBe('[{"result":true}]');
  });

  it('prints the IR with --dump-ir', async () => {
    const io = capture();
    expect(await runCli(['compile', 'policies', '-e', 'gateway/authz/allow', '--dump-ir'])).toBe(0);
    expect(io.out.join('\n')).toMatch(/plan gateway\/authz\/allow \{/);
  });

  it('exits 1 with located errors for a policy that does not compile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-compile-'));
    writeFileSync(join(dir, 'bad.rego'), 'package x\nallow if nosuch(1)\n');
    const io = capture();
    expect(await runCli(['compile', dir, '-e', 'x/allow', '-o', join(dir, 'out.wasm')])).toBe(1);
    expect(io.err.join('\n')).toContain(`${dir}/bad.rego:2:10: rego_type_error: undefined function nosuch`);
  });

  it('exits 1 for an unknown entrypoint at eval time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-compile-'));
    const wasm = join(dir, 'p.wasm');
    capture();
    await runCli(['compile', 'policies', '-e', 'gateway/authz/allow', '-o', wasm]);
    vi.restoreAllMocks();
    const io = capture();
    expect(await runCli(['eval', '-m', wasm, '-e', 'nope'])).toBe(1);
    expect(io.err.join('')).toMatch(/unknown entrypoint nope; the module has: gateway\/authz\/allow/);
  });
});
