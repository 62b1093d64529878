import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err };
}

function tempPolicies(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

afterEach(() => vi.restoreAllMocks());

describe('policy check', () => {
  it('exits 0 on the bundled example policies', async () => {
    const io = capture();
    expect(await runCli(['check', 'policies'])).toBe(0);
    expect(io.out.join('')).toMatch(/^ok: \d+ files?, \d+ modules?, \d+ rules? checked/);
  });

  it('prints file:line:col errors and exits 1', async () => {
    const dir = tempPolicies({ 'bad.rego': 'package x\n\np if {\n\tx > 1\n}\n' });
    const io = capture();
    expect(await runCli(['check', dir])).toBe(1);
    expect(io.err.join('\n')).toContain(`${dir}/bad.rego:4:2: rego_unsafe_var_error: var x is unsafe`);
  });

  it('reports parse errors of every file before checking', async () => {
    const dir = tempPolicies({ 'a.rego': 'package y\np {\n', 'b.rego': 'package z\nq := [1,\n' });
    const io = capture();
    expect(await runCli(['check', dir])).toBe(1);
    const text = io.err.join('\n');
    expect(text).toContain(`${dir}/a.rego:2:3: rego_parse_error: \`if\` keyword is required before rule body`);
    expect(text).toMatch(/b\.rego:3:1: rego_parse_error: unexpected end of file/);
    expect(text).toMatch(/2 errors in 2 files/);
  });

  it('exits 1 for a missing path', async () => {
    const io = capture();
    expect(await runCli(['check', 'no/such/dir'])).toBe(1);
    expect(io.err.join('')).toContain('no such file or directory');
  });

  it('has --help on the command and exits 0', async () => {
    const io = capture();
    expect(await runCli(['check', '--help'])).toBe(0);
    expect(io.out.join('')).toContain('Usage: policy check');
  });

  it('treats an unknown command as a usage error', async () => {
    capture();
    expect(await runCli(['frobnicate'])).toBe(1);
  });
});
