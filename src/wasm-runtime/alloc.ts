// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Heap allocator: size-class free lists over a bump pointer, plus the OPA
// heap-pointer and ABI 1.3 stash protocol. See README.md "Allocator".
import { opa_abort } from "./env";
import { T_NUMBER, N_INT, NUM_SIZE, INTERN_COUNT } from "./layout";

// Block = [u32 size][u32 tag] + payload. `size` is always a class size so a
// freed block can serve any later request of its class.
const HDR: usize = 8;
const USED: u32 = 0xA11C0C02; // live block; free blocks hold (next | 1)
const SMALL_MAX: usize = 256;   // classes 0..31: 8..256 step 8
const MEDIUM_MAX: usize = 65536; // classes 32..39: 512..65536 powers of two
const LARGE: i32 = 40;           // first fit, exact sizes
const NCLASS: i32 = 41;
const MAX_ALLOC: usize = 0x7FFF0000;

// Free-list heads followed by the stash heads (opa_heap_blocks_stash).
const HEADS: usize = memory.data(41 * 4 * 2, 8);
const MSG: usize = memory.data(160, 8);

/**
 * Heap start override for linkers that append data segments after ours:
 * rewrite this exported global's initialiser to the first free address.
 * 0 means "use __heap_base".
 */
export let rt_heap_base: i32 = 0;

let heapPtr: usize = 0; // 0 until init()
let heapMin: usize = 0; // first address the host may reset the heap to
let internBase: usize = 0;

function headAddr(c: i32): usize { return HEADS + (<usize>c << 2); }
function stashAddr(c: i32): usize { return HEADS + (<usize>(c + NCLASS) << 2); }

/** Abort with an ASCII message (AssemblyScript literals are UTF-16). */
export function fail(msg: string): void {
  let n = msg.length;
  if (n > 159) n = 159;
  let src = changetype<usize>(msg);
  for (let i = 0; i < n; i++) store<u8>(MSG + i, <u8>load<u16>(src + (<usize>i << 1)));
  store<u8>(MSG + n, 0);
  opa_abort(<i32>MSG);
  unreachable();
}

/** First address after static data (module data + linked generated data). */
export function staticEnd(): usize {
  return rt_heap_base != 0 ? <usize>rt_heap_base : __heap_base;
}

/** True for static data and the interned ints: never freed. */
export function isStatic(p: usize): bool {
  ensureInit();
  return p < heapMin;
}

/**
 * Most pages (64 KiB each) the heap may grow to: a runaway policy ends in
 * `opa_abort("out of memory")` here instead of taking the host's memory.
 * The compiler patches it (`--max-memory`); default 1 GiB.
 */
export let rt_max_pages: i32 = 16384;

// memory.size() in bytes as last seen: a lower bound (the host may grow
// memory, never shrink it), so the bump path needs no memory.size() call.
let memTop: usize = 0;

@inline function ensureMemory(end: usize): void {
  if (end > memTop) growTo(end);
}

function growTo(end: usize): void {
  let pages = memory.size();
  let top = pages >= 65536 ? <usize>0xFFFFFFFF : <usize>pages << 16;
  if (end > top) {
    let more = <i32>((end - top + 0xFFFF) >>> 16);
    if (pages + more > rt_max_pages || memory.grow(more) < 0) fail("out of memory");
    pages = memory.size();
    top = pages >= 65536 ? <usize>0xFFFFFFFF : <usize>pages << 16;
  }
  memTop = top;
}

@inline export function ensureInit(): void {
  if (heapPtr == 0) init();
}

// Persistent area: memory between the interned ints and heapMin, so heap
// resets (the host's, between evaluations) never reclaim it. Caches that
// should outlive an evaluation (compiled patterns) bump-allocate here.
const PERSIST_BYTES: usize = 16384;
let persistTop: usize = 0;
let persistEnd: usize = 0;

/** 8-aligned persistent memory (never freed), or 0 when the area is full. */
export function persistAlloc(size: usize): usize {
  ensureInit();
  size = (size + 7) & ~<usize>7;
  if (size > persistEnd - persistTop) return 0;
  let p = persistTop;
  persistTop += size;
  return p;
}

function init(): void {
  let base = (staticEnd() + 7) & ~<usize>7;
  // Interned ints sit below every heap pointer the host can observe, so heap
  // resets never reclaim them; so does the persistent area after them.
  let top = base + <usize>INTERN_COUNT * NUM_SIZE;
  persistTop = top;
  top += PERSIST_BYTES;
  persistEnd = top;
  ensureMemory(top);
  for (let i = 0; i < INTERN_COUNT; i++) {
    let p = base + <usize>i * NUM_SIZE;
    store<u8>(p, T_NUMBER);
    store<u8>(p, N_INT, 1);
    store<u16>(p, 0, 2);
    store<u32>(p, 0, 4);
    store<i64>(p, <i64>i, 8);
  }
  internBase = base;
  heapMin = top;
  heapPtr = top;
}

/** Interned number value for 0 <= i < INTERN_COUNT. */
export function internedInt(i: i32): usize {
  ensureInit();
  return internBase + <usize>i * NUM_SIZE;
}

function roundSize(size: usize): usize {
  if (size <= SMALL_MAX) return size <= 8 ? 8 : (size + 7) & ~<usize>7;
  if (size <= MEDIUM_MAX) return <usize>1 << (32 - clz<u32>(<u32>size - 1));
  return (size + 7) & ~<usize>7;
}

function classOf(size: usize): i32 {
  if (size <= SMALL_MAX) return <i32>(size >>> 3) - 1;
  if (size <= MEDIUM_MAX) return 32 + (31 - <i32>clz<u32>(<u32>size)) - 9;
  return LARGE;
}

function takeFree(rs: usize, c: i32): usize {
  let head = headAddr(c);
  if (c != LARGE) {
    let b = <usize>load<u32>(head);
    if (b == 0) return 0;
    store<u32>(head, load<u32>(b, 4) & ~1);
    store<u32>(b, USED, 4);
    return b;
  }
  // Large: first block that fits without wasting more than half of it.
  let prev = head;
  let b = <usize>load<u32>(head);
  while (b != 0) {
    let bs = <usize>load<u32>(b);
    let next = load<u32>(b, 4) & ~1;
    if (bs >= rs && bs - rs <= rs) {
      if (prev == head) store<u32>(head, next);
      else store<u32>(prev, next | 1, 4);
      store<u32>(b, USED, 4);
      return b;
    }
    prev = b;
    b = <usize>next;
  }
  return 0;
}

export function opa_malloc(size: usize): usize {
  return alloc(size);
}

/** opa_malloc with its fast path inlined (hot value constructors). */
@inline export function alloc(size: usize): usize {
  if (size <= SMALL_MAX && heapPtr != 0) {
    // Most values: pop the class list, else bump.
    let rs = size <= 8 ? <usize>8 : (size + 7) & ~<usize>7;
    let head = HEADS + (((rs >>> 3) - 1) << 2);
    let b = <usize>load<u32>(head);
    if (b != 0) {
      store<u32>(head, load<u32>(b, 4) & ~1);
      store<u32>(b, USED, 4);
      return b + HDR;
    }
    return bump(rs);
  }
  return mallocSlow(size);
}

function mallocSlow(size: usize): usize {
  ensureInit();
  if (size > MAX_ALLOC) fail("out of memory");
  let rs = roundSize(size);
  let b = takeFree(rs, classOf(rs));
  if (b != 0) return b + HDR;
  return bump(rs);
}

/** A new block of class size rs at the (8-aligned) heap pointer. */
@inline function bump(rs: usize): usize {
  let start = (heapPtr + 7) & ~<usize>7;
  if (start > MAX_ALLOC * 2 - rs) fail("out of memory");
  let end = start + HDR + rs;
  ensureMemory(end);
  heapPtr = end;
  store<u32>(start, <u32>rs);
  store<u32>(start, USED, 4);
  return start + HDR;
}

export function opa_free(p: usize): void {
  if (p == 0 || (p & 7) != 0) return;
  ensureInit();
  let b = p - HDR;
  if (b < heapMin || p > heapPtr) return; // static, interned or stale pointer
  if (load<u32>(b, 4) != USED) return;      // double free / not a block
  let size = <usize>load<u32>(b);
  let end = p + size;
  if (end > heapPtr) return; // straddles a heap reset: leave it alone
  if (end == heapPtr) {
    heapPtr = b; // top block: give it back to the bump region
    store<u32>(b, 0, 4);
    return;
  }
  let head = headAddr(classOf(size));
  store<u32>(b, load<u32>(head) | 1, 4);
  store<u32>(head, <u32>b);
}

/** Resize keeping contents; grows the top block in place when possible. */
export function realloc(p: usize, size: usize): usize {
  if (p == 0) return opa_malloc(size);
  let b = p - HDR;
  let old = <usize>load<u32>(b);
  if (size <= old) return p;
  let rs = roundSize(size);
  if (p + old == heapPtr && rs <= MAX_ALLOC) {
    let end = p + rs;
    ensureMemory(end);
    heapPtr = end;
    store<u32>(b, <u32>rs);
    return p;
  }
  let q = opa_malloc(size);
  memory.copy(q, p, old);
  opa_free(p);
  return q;
}

/** Payload capacity of a block returned by opa_malloc. */
export function blockSize(p: usize): usize {
  return <usize>load<u32>(p - HDR);
}

export function opa_heap_ptr_get(): usize {
  ensureInit();
  return heapPtr;
}

/** Reset the bump pointer. Free lists are dropped (OPA semantics): blocks
 * below `p` are only recovered through the stash protocol. */
export function opa_heap_ptr_set(p: usize): void {
  ensureInit();
  heapPtr = p < heapMin ? heapMin : p;
  memory.fill(HEADS, 0, <usize>NCLASS << 2);
}

/** Move every free block to the stash so evaluation cannot hand them out. */
export function opa_heap_blocks_stash(): void {
  for (let c = 0; c < NCLASS; c++) {
    let b = <usize>load<u32>(headAddr(c));
    if (b == 0) continue;
    let last = b;
    let next = <usize>(load<u32>(last, 4) & ~1);
    while (next != 0) {
      last = next;
      next = <usize>(load<u32>(last, 4) & ~1);
    }
    store<u32>(last, load<u32>(stashAddr(c)) | 1, 4);
    store<u32>(stashAddr(c), <u32>b);
    store<u32>(headAddr(c), 0);
  }
}

/** Return stashed blocks to the free lists, dropping any that now lie at or
 * above the heap pointer (they belong to the bump region again). */
export function opa_heap_blocks_restore(): void {
  for (let c = 0; c < NCLASS; c++) {
    let b = <usize>load<u32>(stashAddr(c));
    store<u32>(stashAddr(c), 0);
    while (b != 0) {
      let next = <usize>(load<u32>(b, 4) & ~1);
      if (b + HDR + <usize>load<u32>(b) <= heapPtr) {
        store<u32>(b, load<u32>(headAddr(c)) | 1, 4);
        store<u32>(headAddr(c), <u32>b);
      }
      b = next;
    }
  }
}

/** Forget the stash (its blocks leak unless the heap is reset below them). */
export function opa_heap_stash_clear(): void {
  memory.fill(HEADS + (<usize>NCLASS << 2), 0, <usize>NCLASS << 2);
}
