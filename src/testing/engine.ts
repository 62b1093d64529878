// One compiled policy module loaded through @open-policy-agent/opa-wasm, as
// users load it, with the project's host builtins. Each evaluation captures
// the module's print() output (the SDK writes opa_println to console.log)
// and turns aborts into error messages.

import { createRequire } from 'node:module';
import { createHostBuiltins, type HostBuiltins } from '../runtime/host-builtins.js';

const require = createRequire(import.meta.url);

interface LoadedPolicy {
  /** The module's memory (a WebAssembly.Memory). */
  mem: { buffer: ArrayBuffer };
  entrypoints: Record<string, number>;
  setData(data: unknown): void;
  evaluate(input?: unknown, entrypoint?: string | number): Array<{ result: unknown }>;
}

const sdk = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync(wasm: Uint8Array, memory?: { initial?: number; maximum?: number }, builtins?: Record<string, (...a: unknown[]) => unknown>): LoadedPolicy;
};

export interface Evaluation {
  /** The entrypoint's value; undefined when the rule is undefined. */
  value: unknown;
  /** Set when evaluation aborted (conflict, strict builtin error, out of memory…). */
  error?: string;
  output: string[];
  durationNs: number;
}

export class PolicyEngine {
  private readonly policy: LoadedPolicy;
  private readonly host: HostBuiltins;

  constructor(wasm: Uint8Array, data: unknown) {
    this.host = createHostBuiltins();
    this.policy = sdk.loadPolicySync(wasm, undefined, this.host.builtins);
    this.policy.setData(data ?? {});
  }

  hasEntrypoint(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.policy.entrypoints, name);
  }

  get entrypoints(): string[] {
    return Object.keys(this.policy.entrypoints);
  }

  evaluate(entrypoint: string, input: unknown): Evaluation {
    const output: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void output.push(args.map(String).join(' '));
    this.host.beginEvaluation();
    const start = process.hrtime.bigint();
    try {
      const rs = this.policy.evaluate(input, entrypoint);
      return { value: rs.length ? rs[0].result : undefined, output, durationNs: Number(process.hrtime.bigint() - start) };
    } catch (e) {
      return { value: undefined, error: errorText(e), output, durationNs: Number(process.hrtime.bigint() - start) };
    } finally {
      console.log = log;
    }
  }

  /** The module's coverage flags (one i32 per point, set to 1 once the point evaluates). */
  coverageFlags(offset: number, points: number): boolean[] {
    const words = new Int32Array(this.policy.mem.buffer, offset, points);
    return Array.from(words, (w) => w !== 0);
  }
}

/** SDK errors are sometimes plain objects; aborts carry the module's message. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
