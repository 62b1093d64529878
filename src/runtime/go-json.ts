// Go's encoding/json output for plain JSON values, as OPA's builtins print
// them with json.Marshal: object keys in byte order, `<`, `>`, `&` escaped
// (SetEscapeHTML is on for json.Marshal), U+2028/U+2029 escaped.

import { goJsonString, sortedKeys } from '../bundle/canonical.js';

const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

/** json.Marshal of a value decoded from JSON (numbers as JavaScript numbers). */
export function goJsonMarshal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v).replace(/[<>&]/g, (c) => HTML_ESCAPES[c]);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJsonMarshal).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = sortedKeys(new Map(Object.entries(o)));
  return `{${keys.map((k) => `${goJsonMarshal(k)}:${goJsonMarshal(o[k])}`).join(',')}}`;
}

/** A JSON number as OPA writes it: integers in full, others in shortest form. */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

/**
 * Go's %v of a number (big.Float or float64 'g' with shortest digits):
 * exponent form when the decimal exponent is below -4 or at least 6, with
 * at least two exponent digits (1e+06, 1.5e-07).
 */
export function goFormatG(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const [mant, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(n);
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
