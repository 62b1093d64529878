// Where the policy's static data goes into memory. Hosts instantiate with a
// small memory (OPA's JS SDK: 5 pages; this project's runtime: 2), and an
// active data segment beyond it fails instantiation. Large policies (route
// tables of thousands of rules carry megabytes of strings and index tables)
// therefore ship their data as a passive segment that a start function copies
// in after growing memory to fit.

import { CodeBuilder } from '../wasm/code.js';
import type { WasmModule } from '../wasm/module.js';

const PAGE = 65536;

/** Data ending below this address stays an active segment: every host's initial memory holds it. */
export const ACTIVE_DATA_END = 2 * PAGE;

export function addPolicyData(m: WasmModule, offset: number, bytes: Uint8Array, end: number): void {
  if (end <= ACTIVE_DATA_END) {
    m.addedData.push({ offset, bytes });
    return;
  }
  const segment = m.rawData.length + m.addedData.length;
  m.addedData.push({ offset, bytes, passive: true });
  m.hasDataCount = true; // required by memory.init
  const pages = Math.ceil(end / PAGE);
  const c = new CodeBuilder(0);
  c.memorySize().i32(pages).ltS().if();
  c.i32(pages).memorySize().sub().memoryGrow().i32(-1).eq().if().unreachable().end();
  c.end();
  c.i32(offset).i32(0).i32(bytes.length).memoryInit(segment).dataDrop(segment);
  if (m.start !== undefined) c.call(m.start);
  m.start = m.addFunction({ params: [], results: [] }, c.finish());
}
