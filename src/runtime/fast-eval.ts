// One policy module, instantiated through @open-policy-agent/opa-wasm, and two
// ways to evaluate it:
// - the SDK path: LoadedPolicy.evaluate() (JSON.stringify, fresh encoder,
//   JSON.parse of the whole result set), kept as the compatibility reference;
// - the fast path: the input is written as JSON straight into WASM memory by
//   a reused JsonWriter (no intermediate string; JSON.stringify + encodeInto
//   for what it does not cover), `opa_eval` (ABI 1.2+) is called directly
//   with the heap reset to just past the input, and the result bytes are
//   compared against the known encodings of `true` / `false` / undefined /
//   an allowed decision object before any decoding.
// Both run on the same instance, so host builtins (wired by the SDK's imports)
// work on either path.

import { createRequire } from 'node:module';
import { createHostBuiltins, type HostBuiltins } from './host-builtins.js';
import { JsonWriter, TooLargeError, UNSUPPORTED } from './json-writer.js';

const require = createRequire(import.meta.url);

// The project compiles without lib "dom", so declare the slice of the
// WebAssembly JS API used here (Node provides it as a global).
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
/** A compiled module (opaque): instances and rebuilds come from it without recompiling. */
export type WasmModule = { readonly __wasmModule: unique symbol };
declare const WebAssembly: { Module: new (bytes: Uint8Array) => WasmModule };

/** The parts of opa-wasm's LoadedPolicy this module relies on (public fields of the SDK class). */
export interface LoadedPolicy {
  mem: WasmMemory;
  wasmInstance: WasmInstance;
  minorVersion: number;
  dataAddr: number;
  dataHeapPtr: number;
  entrypoints: Record<string, number>;
  evaluate(input: unknown, entrypoint?: number | string): unknown;
  setData(data: object | ArrayBuffer): void;
}

const sdk = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync(wasm: WasmModule, memory?: { initial: number; maximum?: number }, customBuiltins?: Record<string, unknown>): LoadedPolicy;
};

interface OpaExports {
  opa_eval(reserved: number, entrypoint: number, data: number, input: number, inputLen: number, heapPtr: number, format: number): number;
  // ABI 1.0 evaluation context: one parsed input, several entrypoints.
  opa_heap_ptr_set(addr: number): void;
  opa_heap_ptr_get(): number;
  opa_json_parse(addr: number, len: number): number;
  opa_json_dump(value: number): number;
  opa_eval_ctx_new(): number;
  opa_eval_ctx_set_input(ctx: number, value: number): void;
  opa_eval_ctx_set_data(ctx: number, value: number): void;
  opa_eval_ctx_set_entrypoint(ctx: number, entrypoint: number): void;
  opa_eval_ctx_get_result(ctx: number): number;
  eval(ctx: number): number;
}

const PAGE = 65536;

/**
 * What one evaluation of a decision entrypoint said: a boolean (its reasons,
 * if any, come from a second entrypoint), or a structured decision object
 * `{allow: boolean, reasons: [string]}` that carries its reasons itself.
 */
export type Verdict =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'undefined' }
  | { kind: 'decision'; allow: boolean; reasons: readonly string[] }
  /** A result that is neither a single boolean nor a well-formed decision object: never an allow. */
  | { kind: 'other'; detail: string };

// Shared verdicts: the common outcomes allocate nothing.
const TRUE: Verdict = Object.freeze({ kind: 'true' });
const FALSE: Verdict = Object.freeze({ kind: 'false' });
const UNDEFINED: Verdict = Object.freeze({ kind: 'undefined' });
const ALLOWED_DECISION: Verdict = Object.freeze({ kind: 'decision', allow: true, reasons: Object.freeze([]) });

const encoder = new TextEncoder();
const RS_TRUE = encoder.encode('[{"result":true}]');
const RS_FALSE = encoder.encode('[{"result":false}]');
const RS_EMPTY = encoder.encode('[]');
// The dump of {"allow": true, "reasons": set()}: keys sorted, an empty set as [].
const RS_ALLOWED_DECISION = encoder.encode('[{"result":{"allow":true,"reasons":[]}}]');

/** Classify a decoded result set; the fast path falls back to this, so both paths agree. */
export function classifyResultSet(rs: unknown): Verdict {
  if (!Array.isArray(rs)) return { kind: 'other', detail: 'result set is not an array' };
  if (rs.length === 0) return UNDEFINED;
  if (rs.length > 1) return { kind: 'other', detail: `${rs.length} results` };
  const row = rs[0] as Record<string, unknown> | null;
  if (typeof row !== 'object' || row === null || !Object.prototype.hasOwnProperty.call(row, 'result')) {
    return { kind: 'other', detail: 'result set row has no "result"' };
  }
  const v = row.result;
  if (v === true) return TRUE;
  if (v === false) return FALSE;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return classifyDecisionObject(v as Record<string, unknown>);
  return { kind: 'other', detail: `not a boolean (got ${typeName(v)})` };
}

/** `{allow: boolean, reasons: [string]}` (a Rego set dumps as an array); anything else is malformed. */
function classifyDecisionObject(o: Record<string, unknown>): Verdict {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(o, k);
  if (!has('allow')) return { kind: 'other', detail: 'decision object has no "allow"' };
  if (typeof o.allow !== 'boolean') return { kind: 'other', detail: `decision "allow" is not a boolean (got ${typeName(o.allow)})` };
  if (!has('reasons')) return { kind: 'other', detail: 'decision object has no "reasons"' };
  const reasons = o.reasons;
  if (!Array.isArray(reasons)) return { kind: 'other', detail: `decision "reasons" is not a set or array (got ${typeName(reasons)})` };
  for (const r of reasons) if (typeof r !== 'string') return { kind: 'other', detail: `decision "reasons" holds a ${typeName(r)}, not only strings` };
  if (o.allow === true && reasons.length === 0) return ALLOWED_DECISION;
  return { kind: 'decision', allow: o.allow, reasons: reasons as string[] };
}

/** The value of a single-row result set (undefined for an empty one). */
export function resultValue(rs: unknown): unknown {
  if (!Array.isArray(rs) || rs.length === 0) return undefined;
  if (rs.length > 1) throw new Error(`${rs.length} results`);
  return (rs[0] as { result?: unknown }).result;
}

/** An error's message, for any thrown value (even one whose toString throws). */
function describeError(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unprintable error';
  }
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export interface EngineOptions {
  /** Largest input accepted, in UTF-8 bytes (default 1 MiB). */
  maxInputBytes?: number;
  /** WASM memory above which the instance is rebuilt after a decision, giving memory back (default 64 MiB). */
  rebuildAboveBytes?: number;
  /** Host builtins (default: createHostBuiltins()). */
  hostBuiltins?: HostBuiltins;
}

export class InputTooLargeError extends Error {
  readonly code = 'input_too_large';
}

/** The input cannot be written as JSON (a cycle, a BigInt, a throwing toJSON …). */
export class InputNotJsonError extends Error {
  readonly code = 'input_not_json';
}

/**
 * A policy module with its data loaded. Not reentrant (WASM instances are
 * not), which is fine: decisions are synchronous.
 */
export class PolicyEngine {
  readonly entrypoints: Record<string, number>;
  readonly hostBuiltins: HostBuiltins;
  readonly maxInputBytes: number;
  private readonly rebuildAboveBytes: number;
  private readonly module: WasmModule;
  private readonly dataJson: Uint8Array;
  private policy!: LoadedPolicy;
  private exports!: OpaExports;
  private mem!: WasmMemory;
  private u8!: Uint8Array;
  /** Where the input is written; the evaluation heap starts right after it. */
  private inputAddr = 0;
  /** The evaluation context verdictThen() reuses (its data is set once). */
  private ctx = 0;
  private inputView!: Uint8Array;
  /** The second result set of the last verdictThen(), decoded; undefined when it was not evaluated. */
  secondResult: unknown;
  private readonly decoder = new TextDecoder();
  private readonly writer = new JsonWriter();
  /** Instances built so far (1 + rebuilds after errors or memory spikes). */
  instances = 0;

  constructor(module: WasmModule, data: unknown, opts: EngineOptions = {}) {
    this.module = module;
    this.maxInputBytes = opts.maxInputBytes ?? 1024 * 1024;
    this.rebuildAboveBytes = opts.rebuildAboveBytes ?? 64 * 1024 * 1024;
    this.hostBuiltins = opts.hostBuiltins ?? createHostBuiltins();
    this.dataJson = encoder.encode(JSON.stringify(data ?? {}));
    this.instantiate();
    this.entrypoints = { ...this.policy.entrypoints };
  }

  /** A fresh instance: after a trap or abort the old one's state is unknown, so it is never reused. */
  rebuild(): void {
    this.instantiate();
  }

  private instantiate(): void {
    const policy = sdk.loadPolicySync(this.module, { initial: 2 }, this.hostBuiltins.builtins);
    if (!(policy.minorVersion >= 2)) throw new Error(`policy module speaks OPA WASM ABI 1.${policy.minorVersion}; 1.2 or later (opa_eval) is required`);
    // Data is written once; its bytes are copied so the SDK reads them as JSON text.
    policy.setData(this.dataJson.slice().buffer);
    this.policy = policy;
    this.exports = policy.wasmInstance.exports as unknown as OpaExports;
    this.mem = policy.mem;
    // One evaluation context for every decision, made once and kept below
    // the input like data (also below the SDK path's heap).
    const x = this.exports;
    x.opa_heap_ptr_set(policy.dataHeapPtr);
    this.ctx = x.opa_eval_ctx_new();
    x.opa_eval_ctx_set_data(this.ctx, policy.dataAddr);
    policy.dataHeapPtr = x.opa_heap_ptr_get();
    this.inputAddr = policy.dataHeapPtr;
    // Pre-size memory: room for the largest input plus a working heap, so
    // ordinary decisions never grow (and never detach) the buffer.
    const want = this.inputAddr + this.maxInputBytes + 2 * 1024 * 1024;
    if (this.mem.buffer.byteLength < want) this.mem.grow(Math.ceil((want - this.mem.buffer.byteLength) / PAGE));
    this.refreshViews();
    this.instances++;
  }

  private refreshViews(): void {
    this.u8 = new Uint8Array(this.mem.buffer);
    this.inputView = new Uint8Array(this.mem.buffer, this.inputAddr);
  }

  /**
   * Renew the views if memory grew. Growing detaches the old buffer, which
   * leaves its views with length 0: a cheaper test than reading `mem.buffer`
   * (a call into the engine) on every decision.
   */
  private checkViews(): void {
    if (this.u8.length === 0) this.refreshViews();
  }

  /** Bytes of WASM memory currently held. */
  memoryBytes(): number {
    return this.mem.buffer.byteLength;
  }

  /** Call after each decision: a module whose heap spiked gets rebuilt so memory stays flat. */
  afterDecision(): void {
    this.checkViews();
    if (this.u8.length > this.rebuildAboveBytes) this.rebuild();
  }

  // ---- fast path ------------------------------------------------------------

  /** Write the input as JSON into memory at inputAddr; returns its length in bytes. */
  private writeInput(input: unknown): number {
    this.checkViews();
    let len: number;
    try {
      len = this.writer.write(this.inputView, input, this.maxInputBytes);
    } catch (e) {
      // Too large: JSON.stringify below tells a cycle (not JSON) from a large input.
      if (!(e instanceof TooLargeError)) throw new InputNotJsonError(describeError(e)); // a getter or proxy threw
      len = UNSUPPORTED;
    }
    if (len !== UNSUPPORTED) return len;
    let json: unknown;
    try {
      json = JSON.stringify(input);
    } catch (e) {
      throw new InputNotJsonError(describeError(e));
    }
    if (typeof json !== 'string') throw new InputNotJsonError(`JSON.stringify gave ${typeName(json)}`);
    return this.writeJson(json);
  }

  /** Encode JSON text into memory at inputAddr; returns its length in bytes. */
  private writeJson(json: string): number {
    if (json.length > this.maxInputBytes) throw this.tooLarge();
    this.checkViews();
    const { read, written } = encoder.encodeInto(json, this.inputView);
    if (read !== json.length || written > this.maxInputBytes) throw this.tooLarge();
    return written;
  }

  private tooLarge(): InputTooLargeError {
    return new InputTooLargeError(`input is larger than ${this.maxInputBytes} bytes`);
  }

  /** Run opa_eval on the input written at inputAddr; returns the address of the NUL-terminated result JSON. */
  private evalRaw(entrypoint: number, len: number): number {
    // The heap restarts just past the input: nothing from earlier decisions survives.
    const addr = this.exports.opa_eval(0, entrypoint, this.policy.dataAddr, this.inputAddr, len, this.inputAddr + len, 0);
    this.checkViews();
    return addr;
  }

  private verdictAt(addr: number): Verdict {
    if (this.matches(addr, RS_TRUE)) return TRUE;
    if (this.matches(addr, RS_FALSE)) return FALSE;
    if (this.matches(addr, RS_EMPTY)) return UNDEFINED;
    if (this.matches(addr, RS_ALLOWED_DECISION)) return ALLOWED_DECISION;
    return classifyResultSet(this.decodeAt(addr));
  }

  private matches(addr: number, pattern: Uint8Array): boolean {
    const u8 = this.u8;
    const n = pattern.length;
    if (addr + n >= u8.length) return false;
    for (let i = 0; i < n; i++) if (u8[addr + i] !== pattern[i]) return false;
    return u8[addr + n] === 0;
  }

  private decodeAt(addr: number): unknown {
    const end = this.u8.indexOf(0, addr);
    if (end < 0) throw new Error('result is not NUL-terminated');
    return JSON.parse(this.decoder.decode(this.u8.subarray(addr, end)));
  }

  /** Evaluate a decision entrypoint (boolean or decision object) on an input value (written as JSON). */
  verdict(entrypoint: number, input: unknown): Verdict {
    return this.verdictAt(this.evalRaw(entrypoint, this.writeInput(input)));
  }

  /** Evaluate a decision entrypoint on input JSON text. */
  verdictJson(entrypoint: number, json: string): Verdict {
    return this.verdictAt(this.evalRaw(entrypoint, this.writeJson(json)));
  }

  /**
   * A boolean entrypoint, then — when `wantSecond(verdict)` — a second one on
   * the same input, parsed once (ABI eval context). Used for allow + reasons;
   * the second result set (decoded) is left in `secondResult`, so the common
   * case allocates nothing.
   */
  verdictThen(first: number, second: number, input: unknown, wantSecond: (v: Verdict) => boolean): Verdict {
    const x = this.exports;
    this.secondResult = undefined;
    const len = this.writeInput(input);
    x.opa_heap_ptr_set(this.inputAddr + len);
    const parsed = x.opa_json_parse(this.inputAddr, len);
    if (parsed === 0) throw new Error('input is not valid JSON');
    const ctx = this.ctx;
    // Everything above this point is dropped before the second evaluation: the
    // parsed input stays below it, like data does across decisions.
    const afterInput = x.opa_heap_ptr_get();
    x.opa_eval_ctx_set_input(ctx, parsed);
    x.opa_eval_ctx_set_entrypoint(ctx, first);
    x.eval(ctx);
    let out = x.opa_json_dump(x.opa_eval_ctx_get_result(ctx));
    this.checkViews();
    const verdict = this.verdictAt(out);
    if (!wantSecond(verdict)) return verdict;
    // A fresh heap for the second entrypoint is measurably faster than
    // allocating on top of the first one's garbage.
    x.opa_heap_ptr_set(afterInput);
    x.opa_eval_ctx_set_entrypoint(ctx, second);
    x.eval(ctx);
    out = x.opa_json_dump(x.opa_eval_ctx_get_result(ctx));
    this.checkViews();
    this.secondResult = this.decodeAt(out);
    return verdict;
  }

  // ---- SDK path ---------------------------------------------------------------

  verdictSdk(entrypoint: number, input: unknown): Verdict {
    return classifyResultSet(this.policy.evaluate(input, entrypoint));
  }

  resultSetSdk(entrypoint: number, input: unknown): unknown {
    return this.policy.evaluate(input, entrypoint);
  }
}

/** Compile WASM bytes once; instances (and rebuilds) come from the compiled module. */
export function compileModule(wasm: Uint8Array): WasmModule {
  return new WebAssembly.Module(wasm);
}
