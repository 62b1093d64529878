// Errors and operand helpers shared by the JWT verification builtins
// (host-jwt.ts): the error kinds OPA distinguishes and JSON-object checks.

export type JsonObject = Record<string, unknown>;

/** The error a JWT builtin throws; its message carries OPA's error code. */
export class JwtBuiltinError extends Error {}

/** A failure OPA reports as a builtin error (message without the name). */
export class OpaError extends Error {}

/** An operand of the wrong type (OPA's eval_type_error). */
export class OperandTypeError extends Error {
  constructor(pos: number, want: string, got: unknown) {
    super(`operand ${pos} must be ${want} but got ${typeName(got)}`);
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const has = (o: JsonObject, k: string) => Object.prototype.hasOwnProperty.call(o, k);
export const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** OPA objects iterate in key order, so the first error reported depends on it. */
export const sortedKeys = (o: JsonObject) => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function stringOperand(v: unknown, pos: number): string {
  if (typeof v !== 'string') throw new OperandTypeError(pos, 'string', v);
  return v;
}
