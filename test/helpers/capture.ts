// Captures what an in-process CLI run (runCli) prints through console.log and
// console.error, one entry per call. The spies stay until
// vi.restoreAllMocks(), which the tests call after each case.

import { vi } from 'vitest';

export function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  return { out, err };
}
