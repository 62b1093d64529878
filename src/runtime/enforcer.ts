// The enforcer a gateway embeds: load a signed bundle, decide synchronously,
// fail closed, audit every decision, and hot-reload new bundles.
//
//   const enforcer = await createEnforcer({ bundle, keys, entrypoint, schema, audit });
//   const { allow, reasons, decisionId, policy } = enforcer.decide(identityObject);
//
// The entrypoint is either a boolean rule (allow), whose reasons come from
// the package's `reasons` rule evaluated on the same parsed input, or a
// decision object `{allow: boolean, reasons: set of strings}` that carries
// both in one evaluation. allow is true only when the result is exactly
// `true` (or the decision object's allow is). Anything else — input failing the schema, a WASM trap, opa_abort, memory exhaustion,
// an undefined result, one neither boolean nor a well-formed decision object, a failing audit sink, any exception —
// is `allow: false` with a reason (`schema: …`, `eval: …`, `result: …`). The
// enforcer imports nothing from the compiler.
//
// Requests a gateway refuses before the policy runs (no or invalid identity,
// a malformed request) go through `enforcer.refuse(code, details)`, which
// records them in the same audit sink, so every request leaves one record.

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readBundle, type Bundle } from '../bundle/read.js';
import { loadVerificationKeys, type KeySet, type KeySource } from '../bundle/keys.js';
import { verifyBundle, type VerifiedSignature } from '../bundle/verify.js';
import type { TarLimits } from '../bundle/tar.js';
import type { AuditSink } from './audit.js';
import { InputNotJsonError, InputTooLargeError, PolicyEngine, compileModule, resultValue, type Verdict } from './fast-eval.js';
import { compileInputSchema, findBundleSchema, type InputValidator } from './schema.js';
import { BundleWatcher, type WatchOptions } from './watch.js';

export interface EnforcerOptions {
  /** A bundle .tar.gz: file path, bytes, or URL (file:, http:, https:). */
  bundle: string | Uint8Array | URL;
  /** Verification keys: PEM, JWKS (object, text or file), or { secret } for HMAC. Required unless allowUnsigned. */
  keys?: KeySource;
  keyId?: string;
  scope?: string;
  /** Files exempt from the signature's file list (OPA's exclude_files). */
  excludeFiles?: string[];
  /** Accept bundles without a signature (development only). Signed bundles are still verified. */
  allowUnsigned?: boolean;
  /**
   * `pkg/rule` (or data.pkg.rule); default: the manifest's first wasm entrypoint.
   * A boolean rule (its reasons from `pkg/reasons`, when built in) or a rule
   * whose value is `{allow: boolean, reasons: set of strings}`.
   */
  entrypoint?: string;
  /** JSON Schema of the input; default: the bundle's identity.schema.json, if any. */
  schema?: object;
  audit?: AuditSink;
  /** 'fast' drives opa_eval directly; 'sdk' goes through LoadedPolicy.evaluate (same decisions). */
  mode?: 'fast' | 'sdk';
  /** For a boolean entrypoint, when to evaluate the package's `reasons` rule: on denials (default) or for every decision. */
  reasons?: 'on-deny' | 'always';
  /** Largest input, in UTF-8 bytes (default 1 MiB). */
  maxInputBytes?: number;
  /** Limits for reading bundles (inflated size, file count). */
  limits?: TarLimits;
  /**
   * Checks every bundle (the first and each reload) after its signature is
   * verified; throwing refuses it, and a reload keeps the running one. E.g.
   * `policy serve` requires the route table its route templates come from.
   */
  checkBundle?: (bundle: { data: unknown; files: ReadonlyMap<string, Uint8Array>; revision?: string }) => void;
}

export interface Decision {
  allow: boolean;
  reasons: string[];
  decisionId: string;
  policy: { revision?: string; digest: string };
  /** Set when the audit sink could not record the decision (which is then a denial). */
  auditError?: string;
}

/** A request refused before the policy ran, for `enforcer.refuse()`. */
export interface RefusalDetails {
  /** What refused it: the identity check (default), the request's shape, or a gateway failure. */
  stage?: 'identity' | 'request' | 'gateway';
  /** What was wrong, for the reason text (default: the reason code). */
  message?: string;
  /** The request for the record: as described, or as sent (bounded) when it could not be. */
  request?: unknown;
}

export interface EnforcerStatus {
  revision?: string;
  digest: string;
  entrypoint: string;
  source: string;
  loadedAt: string;
  signature?: { kid?: string; alg: string };
  schema?: string;
  mode: 'fast' | 'sdk';
  decisions: number;
  /** Requests refused before the policy ran (enforcer.refuse). */
  refusals: number;
  reloads: number;
  wasmMemoryBytes: number;
  lastError?: { time: string; code: string; message: string };
  watch?: { url: string; etag?: string; lastCheck?: string };
}

export class EnforcerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EnforcerError';
  }
}

/** Everything one bundle needs to decide; swapped as a whole on reload. */
interface ActivePolicy {
  engine: PolicyEngine;
  entrypoint: string;
  entrypointId: number;
  reasonsId?: number;
  validate?: InputValidator;
  schemaName?: string;
  /** The bundle's data (data.json and data files), as loaded into the policy. */
  data: unknown;
  info: { revision?: string; digest: string };
  signature?: VerifiedSignature;
  source: string;
  loadedAt: string;
}

export async function createEnforcer(opts: EnforcerOptions): Promise<Enforcer> {
  const keys = opts.keys !== undefined ? await loadKeys(opts.keys) : undefined;
  if (!keys && !opts.allowUnsigned) throw new EnforcerError('no_keys', 'verification keys are required (pass keys, or allowUnsigned: true for development)');
  const { bytes, source } = await readBundleSource(opts.bundle);
  const active = await loadPolicy(bytes, source, opts, keys);
  return new Enforcer(active, opts, keys);
}

export class Enforcer {
  private decisions = 0;
  private refusals = 0;
  private reloads = 0;
  private lastError: EnforcerStatus['lastError'];
  private watcher: BundleWatcher | undefined;
  private readonly fast: boolean;
  private readonly reasonsAlways: boolean;
  /** Whether a verdict needs the policy's reasons (made once: decide allocates as little as it can). */
  private readonly wantReasons = (v: Verdict): boolean => v.kind !== 'decision' && (v.kind !== 'true' || this.reasonsAlways);

  /** @internal use createEnforcer */
  constructor(
    private active: ActivePolicy,
    private readonly opts: EnforcerOptions,
    private readonly keys: KeySet | undefined,
  ) {
    this.fast = (opts.mode ?? 'fast') === 'fast';
    this.reasonsAlways = opts.reasons === 'always';
  }

  /** Decide on one input (the identity object). Never throws; never allows on error. */
  decide(input: unknown): Decision {
    const p = this.active; // one bundle for the whole decision, even if a reload lands
    const decisionId = randomUUID();
    let outcome: { allow: boolean; reasons: string[] };
    try {
      outcome = this.evaluate(p, input);
    } catch (e) {
      outcome = { allow: false, reasons: [`eval: ${message(e)}`] };
      rebuild(p);
    }
    this.decisions++;
    const decision: Decision = { allow: outcome.allow === true, reasons: outcome.reasons, decisionId, policy: p.info };
    return this.audited(decision, input, REQUEST_OF_IDENTITY);
  }

  /**
   * Refuse a request the policy never saw — no or invalid identity, a
   * malformed request, a gateway failure — and record it in the audit sink
   * like a decision (identity null). Reasons read `identity: <code>: <message>`
   * or `<stage>: <message>`. Never throws.
   */
  refuse(reasonCode: string, details: RefusalDetails = {}): Decision {
    let reason: string;
    let request: unknown;
    try {
      const stage = details.stage ?? 'identity';
      const text = details.message ?? reasonCode;
      reason = stage === 'identity' ? `identity: ${reasonCode}: ${text}` : `${stage}: ${text}`;
      request = details.request;
    } catch (e) {
      reason = `gateway: refusal could not be described: ${message(e)}`; // a hostile details object
    }
    this.refusals++;
    const decision: Decision = { allow: false, reasons: [reason], decisionId: randomUUID(), policy: this.active.info };
    return this.audited(decision, null, request);
  }

  /** Hand the record to the audit sink before the decision is returned; one that cannot be recorded is not allowed. */
  private audited(decision: Decision, identity: unknown, request: unknown): Decision {
    const audit = this.opts.audit;
    if (!audit) return decision;
    try {
      audit.write({
        kind: 'decision',
        decisionId: decision.decisionId,
        time: new Date().toISOString(),
        identity,
        // Read inside the try: the input's getters may throw.
        request: request === REQUEST_OF_IDENTITY ? requestOf(identity) : request,
        result: { allow: decision.allow },
        reasons: decision.reasons,
        policy: decision.policy,
      });
    } catch (e) {
      decision.allow = false;
      decision.auditError = message(e);
      decision.reasons = [...decision.reasons, `audit: ${decision.auditError}`];
    }
    return decision;
  }

  /** The running bundle's revision and digest (a new object after each swap). */
  get policy(): { revision?: string; digest: string } {
    return this.active.info;
  }

  /** The running bundle's data (read it, do not change it): e.g. where gateways find their route table. */
  bundleData(): unknown {
    return this.active.data;
  }

  private evaluate(p: ActivePolicy, input: unknown): { allow: boolean; reasons: string[] } {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return deny('input: must be a JSON object');
    if (p.validate) {
      const problem = p.validate(input);
      if (problem !== undefined) return deny(`schema: ${problem}`);
    }
    const engine = p.engine;
    engine.hostBuiltins.beginEvaluation();
    let verdict: Verdict;
    let reasonsRs: unknown;
    try {
      if (!this.fast) {
        verdict = engine.verdictSdk(p.entrypointId, input);
        if (p.reasonsId !== undefined && this.wantReasons(verdict)) reasonsRs = engine.resultSetSdk(p.reasonsId, input);
      } else if (p.reasonsId !== undefined) {
        // One parse of the input for both entrypoints.
        verdict = engine.verdictThen(p.entrypointId, p.reasonsId, input, this.wantReasons);
        reasonsRs = engine.secondResult;
      } else {
        verdict = engine.verdict(p.entrypointId, input);
      }
    } catch (e) {
      if (e instanceof InputTooLargeError) return deny(`input: ${e.message}`);
      if (e instanceof InputNotJsonError) return deny(`input: not JSON: ${e.message}`);
      throw e;
    }
    if (verdict.kind === 'decision') {
      // The decision object carries its reasons: nothing more to evaluate.
      engine.afterDecision();
      return { allow: verdict.allow === true, reasons: verdict.reasons.length === 0 ? [] : verdict.reasons.slice() };
    }
    const allow = verdict.kind === 'true';
    const reasons = asReasons(resultValue(reasonsRs));
    if (verdict.kind === 'undefined') reasons.push(`result: ${p.entrypoint} is undefined`);
    else if (verdict.kind === 'other') reasons.push(`result: ${p.entrypoint}: ${verdict.detail}`);
    engine.afterDecision();
    return { allow, reasons };
  }

  /** Load new bundle bytes (verified like the first) and swap them in between decisions. */
  async reload(bundle: string | Uint8Array | URL): Promise<{ revision?: string; digest: string }> {
    const { bytes, source } = await readBundleSource(bundle);
    return this.swapIn(bytes, source);
  }

  private async swapIn(bytes: Uint8Array, source: string): Promise<{ revision?: string; digest: string; unchanged?: boolean }> {
    try {
      const next = await loadPolicy(bytes, source, this.opts, this.keys, this.active.entrypoint);
      if (next.info.digest === this.active.info.digest) return { ...next.info, unchanged: true };
      this.active = next; // atomic: decide() reads `active` once per decision
      this.reloads++;
      this.lastError = undefined;
      return next.info;
    } catch (e) {
      this.lastError = { time: new Date().toISOString(), code: (e as { code?: string }).code ?? 'load_failed', message: message(e) };
      throw e;
    }
  }

  /** Poll a bundle server (ETag / If-None-Match) and hot-swap verified bundles. */
  watch(url: string | URL, opts: WatchOptions = {}): BundleWatcher {
    this.watcher?.stop();
    const onError = opts.onError;
    this.watcher = new BundleWatcher(String(url), (bytes) => this.swapIn(bytes, String(url)), {
      ...opts,
      onError: (err) => {
        this.lastError = { time: new Date().toISOString(), code: err.code, message: err.message };
        onError?.(err);
      },
    }).start();
    return this.watcher;
  }

  status(): EnforcerStatus {
    const p = this.active;
    return {
      revision: p.info.revision,
      digest: p.info.digest,
      entrypoint: p.entrypoint,
      source: p.source,
      loadedAt: p.loadedAt,
      signature: p.signature ? { kid: p.signature.kid, alg: p.signature.alg } : undefined,
      schema: p.schemaName,
      mode: this.fast ? 'fast' : 'sdk',
      decisions: this.decisions,
      refusals: this.refusals,
      reloads: this.reloads,
      wasmMemoryBytes: p.engine.memoryBytes(),
      lastError: this.lastError,
      watch: this.watcher ? { url: this.watcher.url, etag: this.watcher.etag, lastCheck: this.watcher.lastCheck } : undefined,
    };
  }

  /** Stop watching and close the audit sink (sealing its log). */
  async close(): Promise<void> {
    this.watcher?.stop();
    this.watcher = undefined;
    await this.opts.audit?.close?.();
  }
}

/** For audited(): the record's request is the identity object's `request`. */
const REQUEST_OF_IDENTITY = Symbol('request of identity');

function requestOf(identity: unknown): unknown {
  return typeof identity === 'object' && identity !== null ? (identity as { request?: unknown }).request : undefined;
}

function deny(reason: string): { allow: false; reasons: string[] } {
  return { allow: false, reasons: [reason] };
}

function rebuild(p: ActivePolicy): void {
  try {
    p.engine.rebuild();
  } catch {
    // The next decision fails again and tries again; nothing here may throw.
  }
}

/** A policy's reasons value (a set of strings, dumped as an array) as strings. */
function asReasons(v: unknown): string[] {
  if (v === undefined) return [];
  const items = Array.isArray(v) ? v : [v];
  return items.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
}

export function message(e: unknown): string {
  try {
    if (e instanceof Error) return e.message;
    if (typeof e === 'string') return e; // opa-wasm throws opa_abort messages as strings
    if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
    return String(e);
  } catch {
    return 'unprintable error'; // decide() must not throw, even on a hostile error value
  }
}

async function loadKeys(source: KeySource): Promise<KeySet> {
  try {
    return await loadVerificationKeys(source);
  } catch (e) {
    throw new EnforcerError('bad_keys', message(e));
  }
}

async function readBundleSource(src: string | Uint8Array | URL): Promise<{ bytes: Uint8Array; source: string }> {
  if (src instanceof Uint8Array) return { bytes: src, source: 'bytes' };
  const url = src instanceof URL ? src : /^https?:\/\//i.test(src) ? new URL(src) : undefined;
  try {
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return { bytes: new Uint8Array(await res.arrayBuffer()), source: url.href };
    }
    const path = url ? fileURLToPath(url) : (src as string);
    return { bytes: await readFile(path), source: path };
  } catch (e) {
    throw new EnforcerError('bundle_unreadable', `cannot read bundle ${String(src)}: ${message(e)}`);
  }
}

/** Entrypoint names as the module lists them: `pkg/rule`. */
function normalizeEntrypoint(name: string): string {
  const s = name.replace(/^data[./]/, '');
  return s.includes('/') ? s : s.split('.').join('/');
}

async function loadPolicy(bytes: Uint8Array, source: string, opts: EnforcerOptions, keys: KeySet | undefined, previousEntrypoint?: string): Promise<ActivePolicy> {
  let bundle: Bundle;
  try {
    bundle = readBundle(bytes, opts.limits);
  } catch (e) {
    throw new EnforcerError((e as { code?: string }).code ?? 'bad_bundle', message(e));
  }
  let signature: VerifiedSignature | undefined;
  if (keys) {
    if (bundle.signatures !== undefined || !opts.allowUnsigned) {
      try {
        signature = await verifyBundle(bundle, { keys, keyId: opts.keyId, scope: opts.scope, excludeFiles: opts.excludeFiles });
      } catch (e) {
        throw new EnforcerError((e as { code?: string }).code ?? 'bad_signature', `bundle signature: ${message(e)}`);
      }
    }
  } else if (!opts.allowUnsigned) {
    throw new EnforcerError('no_keys', 'verification keys are required');
  } else if (bundle.signatures !== undefined) {
    throw new EnforcerError('no_keys', 'bundle is signed but no verification keys were given');
  }
  if (!bundle.wasm) throw new EnforcerError('no_wasm', 'bundle has no policy.wasm (build it with a wasm entrypoint)');
  if (opts.checkBundle) {
    try {
      opts.checkBundle({ data: bundle.data, files: bundle.files, revision: bundle.manifest.revision });
    } catch (e) {
      throw new EnforcerError('bundle_rejected', message(e));
    }
  }

  let engine: PolicyEngine;
  try {
    engine = new PolicyEngine(compileModule(bundle.wasm), bundle.data, { maxInputBytes: opts.maxInputBytes });
  } catch (e) {
    throw new EnforcerError('bad_wasm', `policy.wasm does not load: ${message(e)}`);
  }
  const wanted = opts.entrypoint ?? previousEntrypoint ?? bundle.manifest.wasm?.[0]?.entrypoint ?? Object.keys(engine.entrypoints)[0];
  if (wanted === undefined) throw new EnforcerError('no_entrypoint', 'policy.wasm has no entrypoints');
  const entrypoint = normalizeEntrypoint(wanted);
  const entrypointId = engine.entrypoints[entrypoint];
  if (entrypointId === undefined) {
    throw new EnforcerError('no_entrypoint', `entrypoint ${entrypoint} is not in policy.wasm (it has ${Object.keys(engine.entrypoints).join(', ')})`);
  }
  const reasonsName = entrypoint.includes('/') ? `${entrypoint.slice(0, entrypoint.lastIndexOf('/'))}/reasons` : 'reasons';
  const reasonsId = reasonsName !== entrypoint ? engine.entrypoints[reasonsName] : undefined;

  let validate: InputValidator | undefined;
  let schemaName: string | undefined;
  try {
    if (opts.schema !== undefined) {
      validate = compileInputSchema(opts.schema, 'schema option');
      schemaName = 'schema option';
    } else {
      const shipped = findBundleSchema(bundle.files);
      if (shipped) {
        validate = compileInputSchema(shipped.schema, `bundle ${shipped.name}`);
        schemaName = shipped.name;
      }
    }
  } catch (e) {
    throw new EnforcerError('bad_schema', message(e));
  }
  return {
    engine,
    entrypoint,
    entrypointId,
    reasonsId,
    validate,
    schemaName,
    data: bundle.data,
    info: Object.freeze({ revision: bundle.manifest.revision, digest: bundle.digest }),
    signature,
    source,
    loadedAt: new Date().toISOString(),
  };
}
