/** Process exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** Bad usage, unreadable input, or a compile error. */
  usage: 1,
  /** A test failed, or a signature or digest did not verify. */
  failed: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

let current: ExitCode = EXIT.ok;

/** Record the command's outcome; the worst code wins (2 over 1 over 0). */
export function setExit(code: ExitCode): void {
  if (code > current) current = code;
}

/** Read and reset (so in-process runs, as in tests, start clean). */
export function takeExit(): ExitCode {
  const c = current;
  current = EXIT.ok;
  return c;
}
