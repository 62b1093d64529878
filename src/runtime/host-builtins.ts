// Builtins that need the host (clock, randomness, crypto): synchronous
// JavaScript implementations handed to the WASM module through
// @open-policy-agent/opa-wasm's customBuiltins. Values that OPA fixes per
// evaluation (time.now_ns, rand.intn, uuid.rfc4122) are cached until
// `beginEvaluation()` starts the next one.

import { createHash, createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { jwtBuiltins } from './host-jwt.js';
import { jwtSignBuiltins } from './host-jwt-sign.js';
import { matchSchema, verifySchema } from './host-jsonschema.js';

export type HostBuiltin = (...args: unknown[]) => unknown;

/** Builtins @open-policy-agent/opa-wasm itself implements in JavaScript. */
export const SDK_BUILTINS: readonly string[] = ['json.is_valid', 'regex.split', 'sprintf', 'yaml.is_valid', 'yaml.marshal', 'yaml.unmarshal'];

/** Every builtin a host using this runtime (our builtins plus the SDK's) can answer. */
export function hostBuiltinNames(): string[] {
  return [...new Set([...Object.keys(createHostBuiltins().builtins), ...SDK_BUILTINS])].sort();
}

export interface HostBuiltins {
  /** name → implementation, for loadPolicy's customBuiltins. */
  builtins: Record<string, HostBuiltin>;
  /** Reset per-evaluation caches; call before each evaluation. */
  beginEvaluation(): void;
}

class BuiltinArgError extends Error {}
/** A builtin failed; the message carries OPA's code and the builtin's name. */
class BuiltinError extends Error {}

function str(name: string, v: unknown, pos: number): string {
  if (typeof v !== 'string') throw new BuiltinArgError(`${name}: operand ${pos} must be string but got ${typeName(v)}`);
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

const hash = (alg: string) => (x: unknown) => createHash(alg).update(str(`crypto.${alg}`, x, 1), 'utf8').digest('hex');
const hmac = (alg: string) => (x: unknown, key: unknown) =>
  createHmac(alg, str(`crypto.hmac.${alg}`, key, 2)).update(str(`crypto.hmac.${alg}`, x, 1), 'utf8').digest('hex');

export function createHostBuiltins(opts: { now?: () => bigint; runtime?: Record<string, unknown> } = {}): HostBuiltins {
  const now = opts.now ?? (() => BigInt(Date.now()) * 1_000_000n);
  let nowNs: number | undefined;
  const clock = () => (nowNs ??= Number(now()));
  const rand = new Map<string, number>();
  const uuids = new Map<string, string>();
  const builtins: Record<string, HostBuiltin> = {
    'time.now_ns': clock,
    // OPA returns an empty object when it runs without runtime information.
    'opa.runtime': () => opts.runtime ?? {},
    'rand.intn': (s: unknown, n: unknown) => {
      if (typeof n !== 'number' || !Number.isInteger(n)) throw new BuiltinArgError('rand.intn: operand 2 must be an integer');
      const key = `${str('rand.intn', s, 1)}\u0000${n}`;
      let v = rand.get(key);
      if (v === undefined) rand.set(key, (v = n === 0 ? 0 : randomInt(Math.abs(n))));
      return v;
    },
    'uuid.rfc4122': (k: unknown) => {
      const key = str('uuid.rfc4122', k, 1);
      let v = uuids.get(key);
      if (v === undefined) uuids.set(key, (v = randomUUID()));
      return v;
    },
    'crypto.md5': hash('md5'),
    'crypto.sha1': hash('sha1'),
    'crypto.sha256': hash('sha256'),
    'crypto.hmac.md5': hmac('md5'),
    'crypto.hmac.sha1': hmac('sha1'),
    'crypto.hmac.sha256': hmac('sha256'),
    'crypto.hmac.sha512': hmac('sha512'),
    'crypto.hmac.equal': (a: unknown, b: unknown) => {
      const x = Buffer.from(str('crypto.hmac.equal', a, 1));
      const y = Buffer.from(str('crypto.hmac.equal', b, 2));
      return x.length === y.length && timingSafeEqual(x, y);
    },
    // io.jwt.verify_* and io.jwt.decode_verify, on the same per-evaluation clock.
    ...jwtBuiltins(clock),
    ...jwtSignBuiltins(),
    'json.verify_schema': verifySchema,
    'json.match_schema': (document: unknown, schema: unknown) => {
      try {
        return matchSchema(document, schema);
      } catch (e) {
        throw new BuiltinError(`eval_builtin_error: json.match_schema: ${(e as Error).message}`);
      }
    },
  };
  return {
    builtins,
    beginEvaluation() {
      nowNs = undefined;
      // Map.clear() allocates a fresh table even when empty: skip it on the per-decision path.
      if (rand.size !== 0) rand.clear();
      if (uuids.size !== 0) uuids.clear();
    },
  };
}
