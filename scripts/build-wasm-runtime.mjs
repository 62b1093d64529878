#!/usr/bin/env node
// Builds the AssemblyScript value runtime (src/wasm-runtime) into
// dist/wasm-runtime/runtime.wasm (+ runtime.wat, + runtime.json
// {"heapBase": first free address after the runtime's static data}, which
// the code generator reads to place policy data). Usage:
//   node scripts/build-wasm-runtime.mjs [--debug] [--no-wat]
// Also importable: buildWasm({ entry, outFile, textFile, debug }) compiles any
// entry that imports the runtime (the tests build a fixture policy with it).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RUNTIME_ENTRY = resolve(root, 'src/wasm-runtime/index.ts');
export const RUNTIME_WASM = resolve(root, 'dist/wasm-runtime/runtime.wasm');
export const RUNTIME_WAT = resolve(root, 'dist/wasm-runtime/runtime.wat');
export const RUNTIME_META = resolve(root, 'dist/wasm-runtime/runtime.json');

function leb(bytes, pos, signed = false) {
  let result = 0n, shift = 0n, b;
  do {
    b = bytes[pos++];
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  } while (b & 0x80);
  if (signed && b & 0x40) result -= 1n << shift;
  return [Number(result), pos];
}

/** End of the module's active data segments, rounded up to 16 like
 * AssemblyScript's __heap_base: the first address free for linked data. */
export function staticDataEnd(wasm) {
  let pos = 8, end = 0;
  while (pos < wasm.length) {
    const id = wasm[pos];
    let size;
    [size, pos] = leb(wasm, pos + 1);
    const next = pos + size;
    if (id === 11) {
      let count;
      [count, pos] = leb(wasm, pos);
      for (let i = 0; i < count; i++) {
        let flags, offset = -1, len;
        [flags, pos] = leb(wasm, pos);
        if (flags === 2) [, pos] = leb(wasm, pos); // memory index
        if (flags !== 1) {
          if (wasm[pos] !== 0x41) throw new Error('unsupported data segment offset expression');
          [offset, pos] = leb(wasm, pos + 1, true);
          pos++; // end
        }
        [len, pos] = leb(wasm, pos);
        pos += len;
        if (offset >= 0) end = Math.max(end, offset + len);
      }
    }
    pos = next;
  }
  return (end + 15) & ~15;
}

/** `rt_default_heap_base()` of the built module (0 when not exported). */
async function exportedHeapBase(wasm) {
  const memory = new WebAssembly.Memory({ initial: 64 }); // room for any amount of static data
  const stub = () => 0;
  const env = { memory, opa_abort: stub, opa_println: stub, opa_builtin0: stub, opa_builtin1: stub, opa_builtin2: stub, opa_builtin3: stub, opa_builtin4: stub };
  const { instance } = await WebAssembly.instantiate(wasm, { env });
  const f = instance.exports.rt_default_heap_base;
  return typeof f === 'function' ? f() : 0;
}

/** Flags shared by every build; see src/wasm-runtime/README.md. */
function ascFlags(debug) {
  const flags = [
    '--runtime', 'stub',   // values use our allocator, never AS managed objects
    '--importMemory',      // env.memory, re-exported as "memory" (ABI 1.1)
    '--noColors',
  ];
  if (debug) flags.push('--debug', '--optimizeLevel', '0');
  else flags.push('--optimizeLevel', '3', '--shrinkLevel', '1', '--noAssert');
  return flags;
}

/** Write via a temp file + rename so concurrent builds never expose a torn file. */
function writeAtomic(file, data) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export async function buildWasm({ entry = RUNTIME_ENTRY, outFile = RUNTIME_WASM, textFile = RUNTIME_WAT, metaFile = outFile === RUNTIME_WASM ? RUNTIME_META : null, debug = false } = {}) {
  const { default: asc } = await import('assemblyscript/asc');
  const outputs = new Map();
  const started = Date.now();
  const argv = [entry, '--outFile', 'out.wasm', ...(textFile ? ['--textFile', 'out.wat'] : []), ...ascFlags(debug)];
  let stderrText = '';
  const result = await asc.main(argv, {
    stdout: { write() { return true; } },
    stderr: { write(s) { stderrText += s; return true; } },
    writeFile(name, contents) { outputs.set(name, contents); },
  });
  if (result.error) {
    throw new Error(`asc failed: ${result.error.message}\n${stderrText}`);
  }
  const wasm = outputs.get('out.wasm');
  if (!wasm) throw new Error(`asc produced no wasm\n${stderrText}`);
  // Zero-filled static buffers need not appear as data segments, so ask the
  // module too: __heap_base is the authority when it is exported.
  const heapBase = Math.max(staticDataEnd(wasm), await exportedHeapBase(wasm));
  if (textFile && outputs.has('out.wat')) writeAtomic(textFile, outputs.get('out.wat'));
  if (metaFile) writeAtomic(metaFile, JSON.stringify({ heapBase }) + '\n');
  writeAtomic(outFile, wasm); // last: freshness checks compare against it
  return { outFile, bytes: wasm.length, heapBase, ms: Date.now() - started, warnings: stderrText };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  buildWasm({ debug: args.includes('--debug'), textFile: args.includes('--no-wat') ? null : RUNTIME_WAT })
    .then(({ outFile, bytes, heapBase, ms, warnings }) => {
      if (warnings.trim()) process.stderr.write(warnings);
      console.log(`wasm-runtime: ${outFile} (${bytes} bytes, heapBase ${heapBase}) in ${ms} ms`);
    })
    .catch((err) => {
      console.error(err.message);
      process.exit(1);
    });
}
