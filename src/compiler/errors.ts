// Errors that point at Rego source. Codes follow OPA's: rego_parse_error,
// rego_compile_error, rego_unsafe_var_error, rego_recursion_error,
// rego_type_error.

import type { Location } from './ast.js';

export type RegoErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'rego_type_error';

export class RegoError extends Error {
  constructor(
    readonly code: RegoErrorCode,
    readonly detail: string,
    readonly loc?: Location,
  ) {
    super(formatError(code, detail, loc));
    this.name = 'RegoError';
  }
}

/** `file:line:col: code: message`, the format editors and CI annotate from. */
export function formatError(code: string, message: string, loc?: Location): string {
  return loc ? `${loc.file}:${loc.row}:${loc.col}: ${code}: ${message}` : `${code}: ${message}`;
}

/** Thrown by a phase that collected errors; carries all of them. */
export class RegoErrors extends Error {
  constructor(readonly errors: RegoError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'RegoErrors';
  }
}

/** Stable order for reporting: by file, then position. */
export function sortErrors(errors: RegoError[]): RegoError[] {
  return [...errors].sort((a, b) => {
    const la = a.loc, lb = b.loc;
    if (!la || !lb) return la ? -1 : lb ? 1 : 0;
    return la.file < lb.file ? -1 : la.file > lb.file ? 1 : la.offset - lb.offset;
  });
}
