// Rego's static types, as OPA's type checker models them. Used by the builtin
// signature table and the checker's argument-type checks.

export type RegoType =
  | { k: 'any'; of: RegoType[] } // union; empty `of` = any value at all
  | { k: 'null' }
  | { k: 'boolean' }
  | { k: 'number' }
  | { k: 'string' }
  | { k: 'array'; of: RegoType; static?: RegoType[] }
  | { k: 'set'; of: RegoType }
  | { k: 'object'; key: RegoType; value: RegoType; static?: [string, RegoType][] };

export const T = {
  any: (...of: RegoType[]): RegoType => ({ k: 'any', of }),
  null: { k: 'null' } as RegoType,
  boolean: { k: 'boolean' } as RegoType,
  number: { k: 'number' } as RegoType,
  string: { k: 'string' } as RegoType,
  array: (of: RegoType = { k: 'any', of: [] }): RegoType => ({ k: 'array', of }),
  /** A fixed-length array such as `[string, number]`. */
  tuple: (...items: RegoType[]): RegoType => ({ k: 'array', of: { k: 'any', of: [] }, static: items }),
  set: (of: RegoType = { k: 'any', of: [] }): RegoType => ({ k: 'set', of }),
  object: (key: RegoType = { k: 'any', of: [] }, value: RegoType = { k: 'any', of: [] }): RegoType => ({ k: 'object', key, value }),
};

/** Shorthands used throughout the builtin table. */
export const ANY = T.any();
export const STR = T.string;
export const NUM = T.number;
export const BOOL = T.boolean;

export function typeToString(t: RegoType): string {
  switch (t.k) {
    case 'any':
      return t.of.length === 0 ? 'any' : `any<${t.of.map(typeToString).join(', ')}>`;
    case 'array':
      return t.static ? `array<${t.static.map(typeToString).join(', ')}>` : `array[${typeToString(t.of)}]`;
    case 'set':
      return `set[${typeToString(t.of)}]`;
    case 'object':
      return `object[${typeToString(t.key)}: ${typeToString(t.value)}]`;
    default:
      return t.k;
  }
}

/**
 * Can a value of type `actual` ever be accepted where `expected` is declared?
 * Deliberately generous: the checker only rejects calls that can never succeed,
 * so `any` on either side, or any overlap of union members, is accepted.
 */
export function mayBeAssignable(expected: RegoType, actual: RegoType): boolean {
  if (expected.k === 'any') return expected.of.length === 0 || expected.of.some((e) => mayBeAssignable(e, actual));
  if (actual.k === 'any') return actual.of.length === 0 || actual.of.some((a) => mayBeAssignable(expected, a));
  if (expected.k !== actual.k) return false;
  switch (expected.k) {
    case 'array': {
      const a = actual as Extract<RegoType, { k: 'array' }>;
      if (expected.static && a.static) {
        if (expected.static.length !== a.static.length) return false;
        return expected.static.every((e, i) => mayBeAssignable(e, a.static![i]));
      }
      if (a.static) return a.static.every((x) => mayBeAssignable(expected.of, x));
      if (expected.static) return expected.static.every((e) => mayBeAssignable(e, a.of));
      return mayBeAssignable(expected.of, a.of);
    }
    case 'set':
      return mayBeAssignable(expected.of, (actual as Extract<RegoType, { k: 'set' }>).of);
    case 'object': {
      const a = actual as Extract<RegoType, { k: 'object' }>;
      return mayBeAssignable(expected.key, a.key) || a.static !== undefined;
    }
    default:
      return true;
  }
}
