// A WebAssembly module as the linker sees it: the precompiled value runtime
// read once, then per policy a few functions, exports, globals and data
// segments appended, and the whole emitted again. Sections we never change
// are kept as raw bytes, so linking costs little more than a copy.

import { ByteReader, ByteWriter, KIND, SECTION } from './binary.js';

export interface FuncType { params: number[]; results: number[] }

export interface Import { module: string; name: string; kind: number; /** For functions: the type index. */ type?: number; raw: Uint8Array }

export interface Export { name: string; kind: number; index: number }

export interface Global { type: number; mutable: boolean; init: Uint8Array }

/** An active segment at `offset`, or (passive) one a start function copies in with memory.init. */
export interface DataSegment { offset: number; bytes: Uint8Array; passive?: boolean }

export interface FunctionBody { type: number; body: Uint8Array }

export class WasmModule {
  types: FuncType[] = [];
  imports: Import[] = [];
  /** Type index of each defined (non-imported) function. */
  funcTypes: number[] = [];
  /** Bodies (locals + code) of the defined functions, in order. */
  code: Uint8Array[] = [];
  globals: Global[] = [];
  exports: Export[] = [];
  /** Raw sections we pass through untouched. */
  table?: Uint8Array;
  memory?: Uint8Array;
  start?: number;
  element?: Uint8Array;
  /** Data segments: raw ones from the runtime, plus appended active segments. */
  rawData: Uint8Array[] = [];
  addedData: DataSegment[] = [];
  hasDataCount = false;
  /** Function names for a `name` custom section (profiling builds only; empty = none emitted). */
  functionNames = new Map<number, string>();
  /** Function names read from the parsed module's `name` section (a runtime built with names). */
  parsedNames = new Map<number, string>();

  get importedFuncCount(): number {
    return this.imports.filter((i) => i.kind === KIND.func).length;
  }

  get importedGlobalCount(): number {
    return this.imports.filter((i) => i.kind === KIND.global).length;
  }

  /** Function index of an export, or of an import by field name. */
  funcIndex(name: string): number | undefined {
    const e = this.exports.find((x) => x.kind === KIND.func && x.name === name);
    if (e) return e.index;
    let i = 0;
    for (const imp of this.imports) {
      if (imp.kind !== KIND.func) continue;
      if (imp.name === name) return i;
      i++;
    }
    return undefined;
  }

  globalIndex(name: string): number | undefined {
    return this.exports.find((x) => x.kind === KIND.global && x.name === name)?.index;
  }

  /** Index of a function type, added if new. */
  typeIndex(t: FuncType): number {
    const i = this.types.findIndex((x) => sameType(x, t));
    if (i >= 0) return i;
    this.types.push(t);
    return this.types.length - 1;
  }

  /** Append a function; returns its function index. */
  addFunction(type: FuncType, body: Uint8Array): number {
    this.funcTypes.push(this.typeIndex(type));
    this.code.push(body);
    return this.importedFuncCount + this.funcTypes.length - 1;
  }

  /** Replace the body of an already defined function (e.g. the runtime's `eval` placeholder). */
  replaceFunction(index: number, body: Uint8Array): void {
    const local = index - this.importedFuncCount;
    if (local < 0 || local >= this.code.length) throw new Error(`wasm: function ${index} is not defined in this module`);
    this.code[local] = body;
  }

  addGlobal(g: Global): number {
    this.globals.push(g);
    return this.importedGlobalCount + this.globals.length - 1;
  }

  export(name: string, kind: number, index: number): void {
    this.exports = this.exports.filter((e) => e.name !== name);
    this.exports.push({ name, kind, index });
  }

  clone(): WasmModule {
    const m = new WasmModule();
    Object.assign(m, this);
    m.types = this.types.map((t) => ({ params: [...t.params], results: [...t.results] }));
    m.imports = [...this.imports];
    m.funcTypes = [...this.funcTypes];
    m.code = [...this.code];
    m.globals = this.globals.map((g) => ({ ...g }));
    m.exports = this.exports.map((e) => ({ ...e }));
    m.rawData = [...this.rawData];
    m.addedData = [...this.addedData];
    m.functionNames = new Map(this.functionNames);
    return m;
  }

  static parse(bytes: Uint8Array): WasmModule {
    const r = new ByteReader(bytes);
    const magic = r.bytes(8);
    if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d || magic[4] !== 1) {
      throw new Error('wasm: not a WebAssembly version 1 module');
    }
    const m = new WasmModule();
    while (!r.done) {
      const id = r.byte();
      const size = r.u32();
      const end = r.pos + size;
      const s = new ByteReader(bytes, end);
      s.pos = r.pos;
      switch (id) {
        case SECTION.type: {
          for (let n = s.u32(); n > 0; n--) {
            if (s.byte() !== 0x60) throw new Error('wasm: bad function type');
            const params = [...s.bytes(s.u32())];
            const results = [...s.bytes(s.u32())];
            m.types.push({ params, results });
          }
          break;
        }
        case SECTION.import: {
          for (let n = s.u32(); n > 0; n--) {
            const start = s.pos;
            const module = s.name();
            const name = s.name();
            const kind = s.byte();
            let type: number | undefined;
            if (kind === KIND.func) type = s.u32();
            else if (kind === KIND.table) { s.byte(); limits(s); }
            else if (kind === KIND.memory) limits(s);
            else if (kind === KIND.global) { s.byte(); s.byte(); }
            m.imports.push({ module, name, kind, type, raw: bytes.slice(start, s.pos) });
          }
          break;
        }
        case SECTION.function:
          for (let n = s.u32(); n > 0; n--) m.funcTypes.push(s.u32());
          break;
        case SECTION.table:
          m.table = bytes.slice(s.pos, end);
          break;
        case SECTION.memory:
          m.memory = bytes.slice(s.pos, end);
          break;
        case SECTION.global:
          for (let n = s.u32(); n > 0; n--) {
            const type = s.byte();
            const mutable = s.byte() === 1;
            m.globals.push({ type, mutable, init: s.constExpr().slice() });
          }
          break;
        case SECTION.export:
          for (let n = s.u32(); n > 0; n--) {
            const name = s.name();
            const kind = s.byte();
            m.exports.push({ name, kind, index: s.u32() });
          }
          break;
        case SECTION.start:
          m.start = s.u32();
          break;
        case SECTION.element:
          m.element = bytes.slice(s.pos, end);
          break;
        case SECTION.code:
          for (let n = s.u32(); n > 0; n--) m.code.push(s.bytes(s.u32()).slice());
          break;
        case SECTION.data:
          for (let n = s.u32(); n > 0; n--) {
            const start = s.pos;
            const flags = s.u32();
            if (flags === 0) s.constExpr();
            else if (flags === 2) (s.u32(), s.constExpr());
            s.bytes(s.u32());
            m.rawData.push(bytes.slice(start, s.pos));
          }
          break;
        case SECTION.dataCount:
          m.hasDataCount = true;
          break;
        case SECTION.custom:
          // Custom sections are dropped: they only add size. Function names are
          // remembered for profiling builds (codegen's `functionNames`).
          if (s.name() === 'name') readFunctionNames(s, m.parsedNames);
          break;
        default:
          break;
      }
      r.pos = end;
    }
    return m;
  }

  emit(): Uint8Array {
    const out = new ByteWriter(1 << 16);
    out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, fill: (w: ByteWriter) => void) => {
      const w = new ByteWriter();
      fill(w);
      out.byte(id).sized(w);
    };
    section(SECTION.type, (w) => {
      w.u32(this.types.length);
      for (const t of this.types) w.byte(0x60).u32(t.params.length).bytes(t.params).u32(t.results.length).bytes(t.results);
    });
    if (this.imports.length) section(SECTION.import, (w) => {
      w.u32(this.imports.length);
      for (const i of this.imports) w.bytes(i.raw);
    });
    section(SECTION.function, (w) => {
      w.u32(this.funcTypes.length);
      for (const t of this.funcTypes) w.u32(t);
    });
    if (this.table) section(SECTION.table, (w) => w.bytes(this.table!));
    if (this.memory) section(SECTION.memory, (w) => w.bytes(this.memory!));
    if (this.globals.length) section(SECTION.global, (w) => {
      w.u32(this.globals.length);
      for (const g of this.globals) w.byte(g.type).byte(g.mutable ? 1 : 0).bytes(g.init);
    });
    section(SECTION.export, (w) => {
      w.u32(this.exports.length);
      for (const e of this.exports) w.name(e.name).byte(e.kind).u32(e.index);
    });
    if (this.start !== undefined) section(SECTION.start, (w) => w.u32(this.start!));
    if (this.element) section(SECTION.element, (w) => w.bytes(this.element!));
    const dataCount = this.rawData.length + this.addedData.length;
    if (this.hasDataCount) section(SECTION.dataCount, (w) => w.u32(dataCount));
    section(SECTION.code, (w) => {
      w.u32(this.code.length);
      for (const body of this.code) w.sized(body);
    });
    if (dataCount) section(SECTION.data, (w) => {
      w.u32(dataCount);
      for (const raw of this.rawData) w.bytes(raw);
      for (const d of this.addedData) {
        if (d.passive) w.u32(1).sized(d.bytes);
        else w.u32(0).byte(0x41).s32(d.offset).byte(0x0b).sized(d.bytes);
      }
    });
    if (this.functionNames.size) {
      // Custom section "name", subsection 1 (function names), indices ascending.
      section(SECTION.custom, (w) => {
        w.name('name');
        const names = new ByteWriter();
        const sorted = [...this.functionNames].sort(([a], [b]) => a - b);
        names.u32(sorted.length);
        for (const [index, name] of sorted) names.u32(index).name(name);
        w.byte(1).sized(names);
      });
    }
    return out.finish();
  }
}

/** Subsection 1 (function names) of a `name` section. */
function readFunctionNames(s: ByteReader, into: Map<number, string>): void {
  while (!s.done) {
    const id = s.byte();
    const size = s.u32();
    const end = s.pos + size;
    if (id === 1) for (let n = s.u32(); n > 0; n--) into.set(s.u32(), s.name());
    s.pos = end;
  }
}

function limits(s: ByteReader): void {
  const flag = s.byte();
  s.u32();
  if (flag & 1) s.u32();
}

function sameType(a: FuncType, b: FuncType): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length
    && a.params.every((p, i) => p === b.params[i]) && a.results.every((p, i) => p === b.results[i]);
}

/** An i32.const constant expression (global initialisers). */
export function i32ConstExpr(v: number): Uint8Array {
  return new ByteWriter(8).byte(0x41).s32(v).byte(0x0b).finish();
}

/** Read the value of an `i32.const` constant expression. */
export function readI32ConstExpr(expr: Uint8Array): number | undefined {
  if (expr[0] !== 0x41) return undefined;
  let result = 0, shift = 0, i = 1, b: number;
  do {
    b = expr[i++];
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  if (shift < 32 && (b & 0x40)) result |= ~0 << shift;
  return result;
}
