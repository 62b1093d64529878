// Shared by the `policy test` tests: temporary policy trees and captured CLI output.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';

/** Write `files` (relative path → text) under a fresh temporary directory; returns it. */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Run the CLI in-process; stdout and stderr are captured. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ') + '\n')),
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ') + '\n')),
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true)),
  ];
  try {
    const code = await runCli(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

/** The small gateway policy with unit tests and fixtures used across these tests. */
export const GATEWAY = fileURLToPath(new URL('./fixtures/gateway', import.meta.url));
