// The JSON-lines file behind an audit log.
//
// Crash safety, as chosen: every entry is appended with one synchronous
// write(2) on an O_APPEND descriptor before decide() returns, so a process
// crash loses nothing that was decided; the file is fsync'ed after each
// checkpoint and on close, so a machine crash loses at most the entries since
// the last checkpoint, which `policy audit verify` then reports as an
// unsealed tail. (A buffered sink would be faster, but would lose decisions
// that callers already acted on.) Opening an existing log continues its
// chain; a torn last line (a crash inside a write) is terminated and left for
// the verifier to report.

import { closeSync, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { AuditLog, type AuditLogOptions, type LineWriter } from './audit.js';

export class JsonlFileWriter implements LineWriter {
  private fd: number | undefined;
  private readonly last: string | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+', 0o640);
    this.last = this.readTail();
  }

  /** The last complete line; a torn final line gets its newline so new entries start clean. */
  private readTail(): string | undefined {
    const fd = this.fd!;
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    // Entries are small; 1 MiB back is more than one line.
    const len = Math.min(size, 1024 * 1024);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const text = buf.toString('utf8');
    const torn = !text.endsWith('\n');
    if (torn) writeSync(fd, '\n');
    const lines = text.split('\n');
    lines.pop(); // '' after the final newline, or the torn fragment (not an entry)
    for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return lines[i];
    return undefined;
  }

  lastLine(): string | undefined {
    return this.last;
  }

  writeLine(line: string): void {
    if (this.fd === undefined) throw new Error(`audit log ${this.path} is closed`);
    writeSync(this.fd, `${line}\n`);
  }

  sync(): void {
    if (this.fd !== undefined) fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** An audit log appending to a JSON-lines file (created if absent, continued if present). */
export function createFileAuditLog(path: string, opts: Omit<AuditLogOptions, 'out'> = {}): AuditLog {
  const out = new JsonlFileWriter(path);
  try {
    return new AuditLog({ ...opts, out });
  } catch (e) {
    out.close();
    throw e;
  }
}
