// Codegen: IR policy → WASM functions appended to the precompiled value
// runtime, plus the policy-specific ABI exports (eval context, `eval`,
// `opa_eval`, `entrypoints`, `builtins`). Every IR block becomes a WASM
// `block`; a failing statement branches to the end of its IR block.

import type { Block, Func, Operand, Plan, Policy, Stmt } from '../ir/ir.js';
import { lookupBuiltin } from '../builtins/registry.js';
import { I32, I64, KIND } from '../wasm/binary.js';
import { CodeBuilder } from '../wasm/code.js';
import { i32ConstExpr, WasmModule } from '../wasm/module.js';
import { shakeFunctions } from '../wasm/shake.js';
import { StaticData } from './static-data.js';
import { emitRuleIndex } from './rule-index.js';
import { addPolicyData } from './data-init.js';

/** Function exports a compiled policy keeps: OPA's ABI. */
const ABI_FUNCTIONS = /^(opa_.*|eval|entrypoints|builtins)$/;

/** Bytes of a memoized function's slot: i64 generation, then input, data and result pointers. */
const MEMO_SLOT_BYTES = 24;

/** Value type tags (the runtime's, identical to OPA's C runtime). */
const T_ARRAY = 5, T_OBJECT = 6, T_SET = 7;
/** The first two bytes of boolean false (tag 2, value 0) read as a little-endian u16. */
const BOOLEAN_FALSE_BYTES = 0x0002;

export interface CodegenResult {
  wasm: Uint8Array;
  /** With coverage points: address of their flags in memory (one i32 per point, 1 = evaluated). */
  coverageOffset?: number;
  /** Builtins the host must provide (`opa_builtinN`), by id. */
  hostBuiltins: string[];
  entrypoints: string[];
}

export class CodegenError extends Error {}

/** Runtime export name of a natively implemented builtin: `builtin_strings_reverse`. */
export function nativeBuiltinName(name: string): string {
  return `builtin_${name.replace(/\./g, '_')}`;
}

export interface CodegenOptions {
  /** Builtin errors abort evaluation (OPA's StrictBuiltinErrors) instead of making the call undefined. */
  strictBuiltinErrors?: boolean;
  /** Heap limit in bytes; evaluation aborts with "out of memory" beyond it (default 1 GiB). */
  maxMemoryBytes?: number;
  /**
   * Builtins the host will provide. A builtin that is neither native nor in
   * this list is a compile error, not a surprise at evaluation. Undefined:
   * no check.
   */
  hostBuiltins?: ReadonlySet<string>;
  /** Emit a `name` section (runtime exports and policy functions by name) so profilers show them. */
  functionNames?: boolean;
}

export function generate(runtime: WasmModule, policy: Policy, runtimeHeapBase: number, opts: CodegenOptions = {}): CodegenResult {
  const m = runtime.clone();
  const fn = (name: string): number => {
    const i = m.funcIndex(name);
    if (i === undefined) throw new CodegenError(`value runtime lacks ${name}`);
    return i;
  };
  const data = new StaticData(runtimeHeapBase);
  // Coverage flags live in the static data, below the heap, so evaluations never reset them.
  const coverageOffset = policy.coverage?.length ? data.zeros(policy.coverage.length * 4) : undefined;

  // Host builtins get ids in the order first used; natives are called directly.
  const hostBuiltins: string[] = [];
  const builtinTarget = (name: string): { native: number } | { host: number } => {
    const native = m.funcIndex(nativeBuiltinName(name));
    if (native !== undefined) return { native };
    if (opts.hostBuiltins && !opts.hostBuiltins.has(name)) {
      throw new CodegenError(`builtin ${name} is not implemented: it is not native and no host implementation is available`);
    }
    let id = hostBuiltins.indexOf(name);
    if (id < 0) id = hostBuiltins.push(name) - 1;
    return { host: id };
  };

  // Reserve function indices first so calls can refer to functions planned later.
  const funcIndex = new Map<string, number>();
  const irFuncs = policy.funcs;
  const firstNew = m.importedFuncCount + m.funcTypes.length;
  irFuncs.forEach((f, i) => funcIndex.set(f.name, firstNew + i));
  const planIndex = policy.plans.map((_, i) => firstNew + irFuncs.length + i);

  // Bumped by `eval` on entry: memoized rule values from earlier evaluations are stale.
  const evalGeneration = m.addGlobal({ type: I64, mutable: true, init: new Uint8Array([0x42, 0x00, 0x0b]) });
  const gen = new FunctionGen(m, fn, data, policy, funcIndex, builtinTarget, coverageOffset ?? 0);
  gen.evalGeneration = evalGeneration;
  if (opts.strictBuiltinErrors) {
    gen.locationGlobal = m.globalIndex('rt_location');
    if (gen.locationGlobal === undefined) throw new CodegenError('value runtime lacks the rt_location global');
  }
  for (const f of irFuncs) m.addFunction({ params: f.params.map(() => I32), results: [I32] }, gen.func(f));
  for (const p of policy.plans) m.addFunction({ params: [I32, I32], results: [I32] }, gen.plan(p));

  addAbi(m, fn, data, policy, planIndex, hostBuiltins, evalGeneration);
  if (opts.functionNames) {
    for (const [index, name] of m.parsedNames) m.functionNames.set(index, name);
    for (const e of m.exports) if (e.kind === KIND.func) m.functionNames.set(e.index, e.name);
    irFuncs.forEach((f, i) => m.functionNames.set(firstNew + i, `policy:${f.name}`));
    policy.plans.forEach((p, i) => m.functionNames.set(planIndex[i], `plan:${p.name}`));
  }

  // Only the ABI stays exported; then everything the policy cannot reach
  // (unused builtins, runtime helpers) is dropped.
  m.exports = m.exports.filter((e) => e.kind !== KIND.func || ABI_FUNCTIONS.test(e.name));
  shakeFunctions(m);

  // Policy data sits where the runtime's heap began; the heap now starts after it.
  const { offset, bytes, end } = data.finish();
  if (bytes.length) addPolicyData(m, offset, bytes, end);
  const heapGlobal = m.globalIndex('rt_heap_base');
  if (heapGlobal === undefined) throw new CodegenError('value runtime lacks the rt_heap_base global');
  setGlobal(m, heapGlobal, end);
  if (opts.maxMemoryBytes !== undefined) {
    const pages = m.globalIndex('rt_max_pages');
    if (pages === undefined) throw new CodegenError('value runtime lacks the rt_max_pages global');
    setGlobal(m, pages, Math.max(1, Math.ceil(opts.maxMemoryBytes / 65536)));
  }
  if (opts.strictBuiltinErrors) {
    const strict = m.globalIndex('rt_strict_errors');
    if (strict === undefined) throw new CodegenError('value runtime lacks the rt_strict_errors global');
    setGlobal(m, strict, 1);
  }
  return { wasm: m.emit(), hostBuiltins, entrypoints: policy.plans.map((p) => p.name), coverageOffset };
}

function setGlobal(m: WasmModule, index: number, value: number): void {
  const local = index - m.importedGlobalCount;
  m.globals[local] = { ...m.globals[local], init: i32ConstExpr(value) };
}

class FunctionGen {
  private c!: CodeBuilder;
  /** WASM nesting depth at which each enclosing IR block was opened. */
  private labels: number[] = [];
  private scratch = 0;
  /** Strict builtin errors: the runtime global that holds the `file:row` of the builtin call in progress. */
  locationGlobal?: number;

  constructor(
    private readonly m: WasmModule,
    private readonly fn: (name: string) => number,
    private readonly data: StaticData,
    private readonly policy: Policy,
    private readonly funcIndex: Map<string, number>,
    private readonly builtinTarget: (name: string) => { native: number } | { host: number },
    private readonly coverageOffset: number,
  ) {}

  /** The rule whose function is being generated, for messages. */
  private current = '';

  func(f: Func): Uint8Array {
    this.current = f.path.join('.');
    this.start(f.params.length, f.locals);
    this.memoSlot = f.memo ? this.memoPrologue() : undefined;
    this.blocks(f.blocks);
    // A function whose blocks end without `return` yields undefined.
    this.c.i32(0);
    return this.c.finish();
  }

  plan(p: Plan): Uint8Array {
    this.current = p.name;
    this.memoSlot = undefined;
    // Params: input, data. The result set lives in one extra local.
    this.start(2, p.locals);
    const rs = this.c.local();
    this.c.call(this.fn('rt_set')).set(rs);
    this.resultSet = rs;
    this.blocks(p.blocks);
    this.c.get(rs);
    return this.c.finish();
  }

  private resultSet = -1;
  /** The eval generation global (i64), bumped by `eval`. */
  evalGeneration = -1;
  /** Static address of the current function's memo slot: [i64 generation, input, data, result]. */
  private memoSlot?: number;

  /** A memoized function returns the slot's result when it was filled in this evaluation for the same input and data. */
  private memoPrologue(): number {
    const c = this.c;
    const slot = this.data.aligned(new Uint8Array(MEMO_SLOT_BYTES), 8);
    c.i32(slot).i64Load(0).globalGet(this.evalGeneration).i64Eq().if();
    c.i32(slot).i32Load(8).get(0).eq();
    c.i32(slot).i32Load(12).get(1).eq();
    c.and().if();
    c.i32(slot).i32Load(16).return();
    c.end();
    c.end();
    return slot;
  }

  private memoStore(slot: number, result: number): void {
    const c = this.c;
    c.i32(slot).globalGet(this.evalGeneration).i64Store(0);
    c.i32(slot).get(0).i32Store(8);
    c.i32(slot).get(1).i32Store(12);
    c.i32(slot).get(result).i32Store(16);
  }

  private start(params: number, locals: number): void {
    this.c = new CodeBuilder(params);
    for (let i = params; i < locals; i++) this.c.local();
    this.scratch = this.c.local();
    this.labels = [];
  }

  private blocks(bs: Block[]): void {
    for (const b of bs) this.irBlock(b);
  }

  private irBlock(b: Block): void {
    this.c.block();
    this.labels.push(this.c.nesting);
    for (const s of b.stmts) this.stmt(s);
    this.labels.pop();
    this.c.end();
  }

  /** Branch to the end of the IR block `up` levels out (0 = current): a failure. */
  private brTo(up = 0): void {
    this.c.br(this.c.nesting - this.labels[this.labels.length - 1 - up]);
  }

  private brIfFail(): void {
    this.c.brIf(this.c.nesting - this.labels[this.labels.length - 1]);
  }

  private operand(o: Operand): void {
    switch (o.kind) {
      case 'local':
        this.c.get(o.local);
        return;
      case 'bool':
        this.c.call(this.fn(o.value ? 'rt_true' : 'rt_false'));
        return;
      case 'string':
        // A static value record: no allocation per use.
        this.c.i32(this.data.stringValue(this.policy.strings[o.index]));
        return;
    }
  }

  private abort(message: string): void {
    this.c.i32(this.data.cstring(message)).call(this.fn('rt_abort')).unreachable();
  }

  private stmt(s: Stmt): void {
    const c = this.c;
    switch (s.op) {
      case 'block':
        this.blocks(s.blocks);
        return;
      case 'break':
        this.brTo(s.index);
        return;
      case 'not':
        // Reaching the end of the negated block means it held: leave the enclosing block too.
        this.irBlock({ stmts: [...s.block.stmts, { op: 'break', index: 1 }] });
        return;
      case 'scan': {
        // key = 0; block { loop { key = iter(src, key); if !key break; value = get(src, key); block {…}; continue } }
        // A set's elements are their own values: no lookup per element.
        const isSet = c.local();
        c.i32(0).set(s.key);
        c.block();
        c.get(s.source).eqz().brIf(0);
        c.get(s.source).call(this.fn('opa_value_type')).i32(T_SET).eq().set(isSet);
        c.loop();
        c.get(s.source).get(s.key).call(this.fn('rt_iter')).tee(s.key).eqz().brIf(1);
        c.get(isSet).if();
        c.get(s.key).set(s.value);
        c.else();
        c.get(s.source).get(s.key).call(this.fn('rt_get')).set(s.value);
        c.end();
        this.irBlock(s.block);
        c.br(0);
        c.end();
        c.end();
        return;
      }
      case 'ruleIndex':
        emitRuleIndex({ code: c, fn: this.fn, data: this.data, strings: this.policy.strings, block: (b) => this.irBlock(b) }, s);
        return;
      case 'dot':
        if (s.source.kind === 'local') {
          c.get(s.source.local).eqz();
          this.brIfFail();
        }
        this.operand(s.source);
        this.operand(s.key);
        c.call(this.fn('rt_get')).tee(s.target).eqz();
        this.brIfFail();
        return;
      case 'len':
        this.operand(s.source);
        c.call(this.fn('rt_length')).i64ExtendS().call(this.fn('rt_int')).set(s.target);
        return;
      case 'call':
        this.call(s);
        return;
      case 'assignVar':
        this.operand(s.source);
        c.set(s.target);
        return;
      case 'assignVarOnce': {
        // First value wins; a different second value is a conflict error.
        this.operand(s.source);
        c.set(this.scratch);
        c.get(s.target).eqz().if();
        c.get(this.scratch).set(s.target);
        c.else();
        c.get(s.target).get(this.scratch).call(this.fn('rt_equal')).eqz().if();
        this.abort(s.conflict === 'function'
          ? `eval_conflict_error: function ${this.current} produced conflicting values: functions must not produce multiple outputs for same inputs`
          : `eval_conflict_error: rule ${this.current} produced conflicting values: complete rules must not produce multiple outputs`);
        c.end();
        c.end();
        return;
      }
      case 'resetLocal':
        c.i32(0).set(s.target);
        return;
      case 'makeNull':
        c.call(this.fn('rt_null')).set(s.target);
        return;
      case 'makeNumberInt':
        c.i64(BigInt(s.value)).call(this.fn('rt_int')).set(s.target);
        return;
      case 'makeNumberRef': {
        const b = this.data.bytesOf(this.policy.strings[s.index]);
        c.i32(b.ptr).i32(b.len).call(this.fn('rt_number_ref')).set(s.target);
        return;
      }
      case 'makeArray':
        c.i32(s.capacity).call(this.fn('rt_array')).set(s.target);
        return;
      case 'makeObject':
        c.call(this.fn('rt_object')).set(s.target);
        return;
      case 'makeSet':
        c.call(this.fn('rt_set')).set(s.target);
        return;
      case 'equal':
      case 'notEqual':
        if (s.op === 'notEqual' && s.b.kind === 'bool' && !s.b.value) {
          // The test after every expression, `v != false`, inline: a boolean is
          // `u8 tag (2), u8 value` (src/wasm-runtime/layout.ts), so false reads 0x0002.
          if (s.a.kind === 'local') {
            c.get(s.a.local).if();
            c.get(s.a.local).i32Load16U(0).i32(BOOLEAN_FALSE_BYTES).eq();
            this.brIfFail();
            c.end();
            return;
          }
          this.operand(s.a);
          c.call(this.fn('rt_is_false'));
          this.brIfFail();
          return;
        }
        this.operand(s.a);
        this.operand(s.b);
        c.call(this.fn('rt_equal'));
        if (s.op === 'equal') c.eqz();
        this.brIfFail();
        return;
      case 'isArray':
      case 'isObject':
      case 'isSet': {
        const tag = s.op === 'isArray' ? T_ARRAY : s.op === 'isObject' ? T_OBJECT : T_SET;
        this.operand(s.source);
        c.call(this.fn('opa_value_type')).i32(tag).ne();
        this.brIfFail();
        return;
      }
      case 'isDefined':
        c.get(s.source).eqz();
        this.brIfFail();
        return;
      case 'isUndefined':
        c.get(s.source).i32(0).ne();
        this.brIfFail();
        return;
      case 'arrayAppend':
        c.get(s.array);
        this.operand(s.value);
        c.call(this.fn('rt_array_append'));
        return;
      case 'objectInsert':
        c.get(s.object);
        this.operand(s.key);
        this.operand(s.value);
        c.call(this.fn('rt_object_insert'));
        return;
      case 'objectInsertOnce': {
        const key = this.c.local();
        const value = this.c.local();
        this.operand(s.key);
        c.set(key);
        this.operand(s.value);
        c.set(value);
        c.get(s.object).get(key).call(this.fn('rt_get')).tee(this.scratch).if();
        c.get(this.scratch).get(value).call(this.fn('rt_equal')).eqz().if();
        this.abort('eval_conflict_error: object keys must be unique');
        c.end();
        c.else();
        c.get(s.object).get(key).get(value).call(this.fn('rt_object_insert'));
        c.end();
        return;
      }
      case 'objectMerge':
        c.get(s.a).get(s.b).call(this.fn('rt_merge')).tee(s.target).eqz();
        this.brIfFail();
        return;
      case 'objectInsertPath':
        this.insertPath(s);
        return;
      case 'setAdd':
        c.get(s.set);
        this.operand(s.value);
        c.call(this.fn('rt_set_add'));
        return;
      case 'upsert': {
        // A copy of the objects along the path (the caller's document is untouched) with the path set.
        const path = this.c.local();
        c.i32(s.path.length).call(this.fn('rt_array')).set(path);
        for (const p of s.path) {
          c.get(path);
          this.operand(p);
          c.call(this.fn('rt_array_append'));
        }
        c.get(s.source).get(path);
        this.operand(s.value);
        c.call(this.fn('rt_upsert')).set(s.target);
        return;
      }
      case 'resultSetAdd':
        c.get(this.resultSet).get(s.value).call(this.fn('rt_set_add'));
        return;
      case 'return':
        if (this.memoSlot !== undefined) this.memoStore(this.memoSlot, s.source);
        c.get(s.source).return();
        return;
      case 'cover':
        c.i32(this.coverageOffset + s.point * 4).i32(1).i32Store();
        return;
      case 'println':
        c.get(s.source).call(this.fn('rt_string_ptr')).call(this.fn('rt_println'));
        return;
    }
  }

  /** Walk/create objects along the path, then insert at the leaf (once) or add to the set there. */
  private insertPath(s: Extract<Stmt, { op: 'objectInsertPath' }>): void {
    const c = this.c;
    const cur = c.local();
    const next = c.local();
    const key = c.local();
    const conflict = `eval_conflict_error: rule ${this.current} produced conflicting values: object keys must be unique`;
    c.get(s.object).set(cur);
    const inner = s.leaf === 'set' ? s.path.length : s.path.length - 1;
    for (let i = 0; i < inner; i++) {
      this.operand(s.path[i]);
      c.set(key);
      c.get(cur).get(key).call(this.fn('rt_get')).tee(next).eqz().if();
      c.call(this.fn(i === inner - 1 && s.leaf === 'set' ? 'rt_set' : 'rt_object')).set(next);
      c.get(cur).get(key).get(next).call(this.fn('rt_object_insert'));
      c.else();
      c.get(next).call(this.fn('opa_value_type')).i32(i === inner - 1 && s.leaf === 'set' ? T_SET : T_OBJECT).ne().if();
      this.abort(conflict);
      c.end();
      c.end();
      c.get(next).set(cur);
    }
    if (s.leaf === 'set') {
      c.get(cur);
      this.operand(s.value);
      c.call(this.fn('rt_set_add'));
      return;
    }
    const value = c.local();
    this.operand(s.path[s.path.length - 1]);
    c.set(key);
    this.operand(s.value);
    c.set(value);
    c.get(cur).get(key).call(this.fn('rt_get')).tee(next).if();
    c.get(next).get(value).call(this.fn('rt_equal')).eqz().if();
    this.abort(conflict);
    c.end();
    c.else();
    c.get(cur).get(key).get(value).call(this.fn('rt_object_insert'));
    c.end();
  }

  private call(s: Extract<Stmt, { op: 'call' }>): void {
    const c = this.c;
    if (!s.builtin) {
      const idx = this.funcIndex.get(s.func);
      if (idx === undefined) throw new CodegenError(`call to unknown function ${s.func}`);
      for (const a of s.args) this.operand(a);
      c.call(idx).tee(s.target).eqz();
      this.brIfFail();
      return;
    }
    const decl = lookupBuiltin(s.func);
    if (!decl) throw new CodegenError(`unknown builtin ${s.func}`);
    const target = this.builtinTarget(s.func);
    if (this.locationGlobal !== undefined) {
      // OPA prefixes a builtin's error with the location of the call.
      c.i32(s.loc ? this.data.cstring(`${s.loc.file}:${s.loc.row}`) : 0).globalSet(this.locationGlobal);
    }
    if ('native' in target) {
      for (const a of s.args) this.operand(a);
      c.call(target.native);
    } else {
      if (s.args.length > 4) throw new CodegenError(`${s.func}: host builtins take at most 4 arguments`);
      c.i32(target.host).i32(0);
      for (const a of s.args) this.operand(a);
      c.call(this.fn(`rt_call_builtin${s.args.length}`));
    }
    c.tee(s.target).eqz();
    this.brIfFail();
  }
}

/** The policy-specific ABI surface: eval context, eval, opa_eval, entrypoints, builtins. */
function addAbi(m: WasmModule, fn: (name: string) => number, data: StaticData, policy: Policy, planIndex: number[], hostBuiltins: string[], evalGeneration: number): void {
  const i32 = { params: [] as number[], results: [I32] };
  // Context: [input, data, entrypoint, result] at +0, +4, +8, +12.
  const ctxNew = new CodeBuilder(0);
  const ctx = ctxNew.local();
  ctxNew.i32(16).call(fn('opa_malloc')).set(ctx);
  for (const off of [0, 4, 8, 12]) ctxNew.get(ctx).i32(0).i32Store(off);
  ctxNew.get(ctx);
  m.export('opa_eval_ctx_new', KIND.func, m.addFunction(i32, ctxNew.finish()));
  const setter = (name: string, off: number) => {
    const b = new CodeBuilder(2).get(0).get(1).i32Store(off);
    m.export(name, KIND.func, m.addFunction({ params: [I32, I32], results: [] }, b.finish()));
  };
  setter('opa_eval_ctx_set_input', 0);
  setter('opa_eval_ctx_set_data', 4);
  setter('opa_eval_ctx_set_entrypoint', 8);
  m.export('opa_eval_ctx_get_result', KIND.func, m.addFunction({ params: [I32], results: [I32] }, new CodeBuilder(1).get(0).i32Load(12).finish()));

  // eval(ctx): dispatch on the entrypoint id.
  const ev = new CodeBuilder(1);
  ev.globalGet(evalGeneration).i64(1n).i64Add().globalSet(evalGeneration);
  planIndex.forEach((idx, id) => {
    ev.get(0).i32Load(8).i32(id).eq().if();
    ev.get(0).get(0).i32Load(0).get(0).i32Load(4).call(idx).i32Store(12);
    ev.i32(0).return();
    ev.end();
  });
  ev.i32(data.cstring('invalid entrypoint id')).call(fn('rt_abort')).unreachable();
  const evalIdx = m.addFunction({ params: [I32], results: [I32] }, ev.finish());
  m.export('eval', KIND.func, evalIdx);

  // opa_eval(reserved, entrypoint, data, input, input_len, heap_ptr, format) → dumped result.
  const oe = new CodeBuilder(7);
  const c = oe.local();
  const input = oe.local();
  oe.get(5).call(fn('opa_heap_ptr_set'));
  oe.get(4).if();
  oe.get(3).get(4).call(fn('opa_json_parse')).tee(input).eqz().if();
  oe.i32(data.cstring('invalid input: not valid JSON')).call(fn('rt_abort')).unreachable();
  oe.end();
  oe.end();
  oe.call(m.funcIndex('opa_eval_ctx_new')!).set(c);
  oe.get(c).get(input).i32Store(0);
  oe.get(c).get(2).i32Store(4);
  oe.get(c).get(1).i32Store(8);
  oe.get(c).call(evalIdx).drop();
  oe.get(6).if();
  oe.get(c).i32Load(12).call(fn('opa_value_dump')).return();
  oe.end();
  oe.get(c).i32Load(12).call(fn('opa_json_dump'));
  m.export('opa_eval', KIND.func, m.addFunction({ params: [I32, I32, I32, I32, I32, I32, I32], results: [I32] }, oe.finish()));

  // entrypoints() and builtins(): objects of name → id, built from JSON text.
  const table = (name: string, entries: string[]) => {
    const json = JSON.stringify(Object.fromEntries(entries.map((n, i) => [n, i])));
    const s = data.bytesOf(json);
    const b = new CodeBuilder(0).i32(s.ptr).i32(s.len).call(fn('opa_json_parse'));
    m.export(name, KIND.func, m.addFunction(i32, b.finish()));
  };
  table('entrypoints', policy.plans.map((p) => p.name));
  table('builtins', hostBuiltins);
}
