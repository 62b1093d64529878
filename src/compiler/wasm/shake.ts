// Dead-function elimination for linked modules. The value runtime carries
// every native builtin; a policy uses a few. Functions not reachable from the
// module's exports, start function or table are replaced by a 3-byte
// `unreachable` body. Indices stay the same, so no call needs rewriting.

import { ByteReader, KIND } from './binary.js';
import type { WasmModule } from './module.js';

const UNREACHABLE_BODY = new Uint8Array([0x00, 0x00, 0x0b]); // no locals; unreachable; end

export class UnsupportedInstruction extends Error {}

// The runtime's bodies are shared by every policy linked in this process
// (clones share the byte arrays), so their call lists are computed once.
const callCache = new WeakMap<Uint8Array, number[]>();

function calledFunctionsCached(body: Uint8Array): number[] {
  let calls = callCache.get(body);
  if (!calls) callCache.set(body, (calls = calledFunctions(body)));
  return calls;
}

/** Function indices called (or referenced with ref.func) from one body. */
export function calledFunctions(body: Uint8Array): number[] {
  const r = new ByteReader(body);
  const out: number[] = [];
  for (let groups = r.u32(); groups > 0; groups--) {
    r.u32();
    r.byte();
  }
  while (!r.done) {
    const op = r.byte();
    switch (op) {
      case 0x02: case 0x03: case 0x04: blockType(r); break;
      case 0x0c: case 0x0d: r.u32(); break;
      case 0x0e: for (let n = r.u32() + 1; n > 0; n--) r.u32(); break;
      case 0x10: out.push(r.u32()); break;
      case 0x11: r.u32(); r.u32(); break;
      case 0x1c: for (let n = r.u32(); n > 0; n--) r.byte(); break;
      case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: r.u32(); break;
      case 0x3f: case 0x40: r.byte(); break;
      case 0x41: case 0x42: sleb(r); break;
      case 0x43: r.bytes(4); break;
      case 0x44: r.bytes(8); break;
      case 0xd0: r.byte(); break;
      case 0xd2: out.push(r.u32()); break;
      case 0xfc: prefixed(r); break;
      default:
        if (op >= 0x28 && op <= 0x3e) {
          r.u32();
          r.u32();
        } else if (op === 0xfd || op === 0xfe || op > 0xd2) {
          throw new UnsupportedInstruction(`opcode 0x${op.toString(16)}`);
        }
    }
  }
  return out;
}

function blockType(r: ByteReader): void {
  const b = r.buf[r.pos];
  if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) r.byte();
  else sleb(r);
}

function sleb(r: ByteReader): void {
  while (r.byte() & 0x80);
}

function prefixed(r: ByteReader): void {
  const sub = r.u32();
  switch (sub) {
    case 8: r.u32(); r.byte(); break; // memory.init
    case 9: case 13: case 15: case 16: case 17: r.u32(); break;
    case 10: r.byte(); r.byte(); break; // memory.copy
    case 11: r.byte(); break; // memory.fill
    case 12: case 14: r.u32(); r.u32(); break;
    default:
      if (sub > 7) throw new UnsupportedInstruction(`opcode 0xfc ${sub}`);
  }
}

/**
 * Replace the bodies of functions nothing can reach. Returns how many were
 * removed; leaves the module untouched when a body uses an instruction the
 * scanner does not know (size matters less than correctness).
 */
export function shakeFunctions(m: WasmModule): number {
  const imported = m.importedFuncCount;
  let graph: number[][];
  let table: number[];
  try {
    graph = m.code.map(calledFunctionsCached);
    table = tableFunctions(m);
  } catch (e) {
    if (e instanceof UnsupportedInstruction) return 0;
    throw e;
  }
  const live = new Set<number>();
  const stack: number[] = [];
  const mark = (f: number) => {
    if (!live.has(f)) {
      live.add(f);
      stack.push(f);
    }
  };
  for (const e of m.exports) if (e.kind === KIND.func) mark(e.index);
  if (m.start !== undefined) mark(m.start);
  for (const f of table) mark(f);
  while (stack.length) {
    const f = stack.pop()!;
    if (f < imported) continue;
    for (const g of graph[f - imported]) mark(g);
  }
  let removed = 0;
  for (let i = 0; i < m.code.length; i++) {
    if (!live.has(imported + i) && m.code[i].length > UNREACHABLE_BODY.length) {
      m.code[i] = UNREACHABLE_BODY;
      removed++;
    }
  }
  return removed;
}

/** Functions listed in active element segments of the simplest form (flags 0). */
function tableFunctions(m: WasmModule): number[] {
  if (!m.element) return [];
  const r = new ByteReader(m.element);
  const out: number[] = [];
  for (let n = r.u32(); n > 0; n--) {
    const flags = r.u32();
    if (flags !== 0) throw new UnsupportedInstruction(`element segment flags ${flags}`);
    r.constExpr();
    for (let k = r.u32(); k > 0; k--) out.push(r.u32());
  }
  return out;
}
