// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// The regex matcher: a Pike VM (breadth-first NFA simulation with
// per-thread capture slots), leftmost-first like Go, so matching is linear
// in the input for a given program: no catastrophic backtracking.
import { opa_malloc, opa_free } from "../alloc";
import { decodeAt, decodeBefore, dRune, dLen, EOT } from "./utf8";
import { E_BEGIN_LINE, E_BEGIN_TEXT, E_END_LINE, E_END_TEXT, E_NO_WORD, E_WORD } from "./patterns-regex-tree";
import {
  INST, I_ALT, I_ANY, I_ANYNL, I_CAPTURE, I_CLASS, I_EMPTY, I_FAIL, I_MATCH, I_NOP, NEVER, progCond, progInsts,
  progNcap, progNinst, progNrun, progRanges, progStart,
} from "./patterns-regex-compile";

// ---- Pike VM ------------------------------------------------------------------------------

let vP: usize = 0;      // program
let vInst: usize = 0;
let vRanges: usize = 0;
let vNinst: u32 = 0;
let vSlots: u32 = 0;    // capture slots tracked (0, 2 or 2*(ncap+1))
let vScratch: usize = 0;
let vQ0: usize = 0;     // queue headers: [sparse, densePc, denseCap, count, caps, capCount]
let vQ1: usize = 0;
let vStack: usize = 0;
let vCap: usize = 0;    // matchcap (vSlots i32)
let vS: usize = 0;      // subject
let vN: usize = 0;
export let vMatched: bool = false;

const QHDR: usize = 24;
const NONE: u32 = 0xFFFFFFFF;

/** Prepare to run program p on subject s[0..n) tracking `slots` capture slots. */
export function vmBegin(p: usize, slots: u32, s: usize, n: usize): void {
  vP = p;
  vInst = progInsts(p);
  vRanges = progRanges(p);
  vNinst = progNinst(p);
  let maxSlots = (progNcap(p) + 1) << 1;
  if (slots > maxSlots) slots = maxSlots;
  vSlots = slots;
  vS = s;
  vN = n;
  let ni = <usize>vNinst;
  let nrun = <usize>progNrun(p);
  let qBytes = QHDR + ni * 12 + nrun * <usize>slots * 4;
  let total = qBytes * 2 + (ni * 2 + 2) * 8 + <usize>slots * 4 + 8;
  vScratch = opa_malloc(total);
  let o = vScratch;
  vQ0 = o; o = initQueue(o, ni, nrun, slots);
  vQ1 = o; o = initQueue(o, ni, nrun, slots);
  vStack = o; o += (ni * 2 + 2) * 8;
  vCap = o;
}

function initQueue(q: usize, ni: usize, nrun: usize, slots: u32): usize {
  let o = q + QHDR;
  store<u32>(q, <u32>o); o += ni * 4;      // sparse
  store<u32>(q, <u32>o, 4); o += ni * 4;   // densePc
  store<u32>(q, <u32>o, 8); o += ni * 4;   // denseCap
  store<u32>(q, 0, 12);
  store<u32>(q, <u32>o, 16); o += nrun * <usize>slots * 4;
  store<u32>(q, 0, 20);
  return o;
}

export function vmEnd(): void {
  if (vScratch != 0) opa_free(vScratch);
  vScratch = 0;
}

/** Capture slot k of the last match (-1 when unset). */
export function vmCap(k: u32): i32 { return load<i32>(vCap + (<usize>k << 2)); }

function isWordChar(r: i32): bool {
  return (r >= 48 && r <= 57) || (r >= 65 && r <= 90) || (r >= 97 && r <= 122) || r == 95;
}

/** Go's EmptyOpContext(r1, r2). */
function context(r1: i32, r2: i32): u32 {
  let op: u32 = <u32>E_NO_WORD;
  let boundary = 0;
  if (isWordChar(r1)) boundary = 1;
  else if (r1 == 10) op |= <u32>E_BEGIN_LINE;
  else if (r1 < 0) op |= <u32>(E_BEGIN_TEXT | E_BEGIN_LINE);
  if (isWordChar(r2)) boundary ^= 1;
  else if (r2 == 10) op |= <u32>E_END_LINE;
  else if (r2 < 0) op |= <u32>(E_END_TEXT | E_END_LINE);
  if (boundary != 0) op ^= <u32>(E_WORD | E_NO_WORD);
  return op;
}

function classMatch(r: i32, off: u32, cnt: u32): bool {
  let base = vRanges + (<usize>off << 3);
  if (cnt <= 8) {
    for (let k: u32 = 0; k < cnt; k++) {
      let q = base + (<usize>k << 3);
      if (r < load<i32>(q)) return false;
      if (r <= load<i32>(q, 4)) return true;
    }
    return false;
  }
  let lo: i32 = 0, hi: i32 = <i32>cnt - 1;
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    let q = base + (<usize>mid << 3);
    if (r < load<i32>(q)) hi = mid - 1;
    else if (r > load<i32>(q, 4)) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Add the thread at pc (and everything reachable by empty moves) to q. */
function addThread(q: usize, pc0: u32, pos: i32, cap: usize, ctx: u32): void {
  let sparse = <usize>load<u32>(q);
  let densePc = <usize>load<u32>(q, 4);
  let denseCap = <usize>load<u32>(q, 8);
  let caps = <usize>load<u32>(q, 16);
  let slots = vSlots;
  let sp: usize = 0;
  let st = vStack;
  store<u32>(st, pc0); store<i32>(st, 0, 4); sp = 1;
  while (sp > 0) {
    sp--;
    let e = load<u32>(st + (sp << 3));
    if ((e & 0x80000000) != 0) {
      store<i32>(cap + (<usize>(e & 0x7FFFFFFF) << 2), load<i32>(st + (sp << 3), 4));
      continue;
    }
    let pc = e;
    let count = load<u32>(q, 12);
    let j = load<u32>(sparse + (<usize>pc << 2));
    if (j < count && load<u32>(densePc + (<usize>j << 2)) == pc) continue;
    j = count;
    store<u32>(sparse + (<usize>pc << 2), j);
    store<u32>(densePc + (<usize>j << 2), pc);
    store<u32>(denseCap + (<usize>j << 2), NONE);
    store<u32>(q, count + 1, 12);
    let ia = vInst + <usize>pc * INST;
    let op = load<u32>(ia);
    if (op == I_ALT) {
      store<u32>(st + (sp << 3), load<u32>(ia, 8)); sp++;
      store<u32>(st + (sp << 3), load<u32>(ia, 4)); sp++;
    } else if (op == I_NOP) {
      store<u32>(st + (sp << 3), load<u32>(ia, 4)); sp++;
    } else if (op == I_EMPTY) {
      if ((load<u32>(ia, 8) & ~ctx) == 0) { store<u32>(st + (sp << 3), load<u32>(ia, 4)); sp++; }
    } else if (op == I_CAPTURE) {
      let slot = load<u32>(ia, 8);
      if (slot < slots) {
        let ca = cap + (<usize>slot << 2);
        store<u32>(st + (sp << 3), slot | 0x80000000);
        store<i32>(st + (sp << 3), load<i32>(ca), 4);
        sp++;
        store<i32>(ca, pos);
      }
      store<u32>(st + (sp << 3), load<u32>(ia, 4)); sp++;
    } else if (op != I_FAIL) {
      // Runnable: MATCH or a rune-consuming instruction.
      let k = load<u32>(q, 20);
      store<u32>(q, k + 1, 20);
      store<u32>(denseCap + (<usize>j << 2), k);
      if (slots != 0) memory.copy(caps + <usize>k * <usize>slots * 4, cap, <usize>slots << 2);
    }
  }
}

function clearQueue(q: usize): void {
  store<u32>(q, 0, 12);
  store<u32>(q, 0, 20);
}

/**
 * Leftmost-first search from byte `pos`: true on a match, with the capture
 * slots readable through vmCap (slot 0/1: the whole match).
 */
export function vmExec(pos: usize): bool {
  let p = vP;
  let cond = progCond(p);
  vMatched = false;
  let slots = vSlots;
  for (let k: u32 = 0; k < slots; k++) store<i32>(vCap + (<usize>k << 2), -1);
  if (cond == NEVER) return false;
  let anchored = (cond & <u32>E_BEGIN_TEXT) != 0;
  if (anchored && pos != 0) return false;
  let runq = vQ0, nextq = vQ1;
  clearQueue(runq);
  clearQueue(nextq);
  let s = vS, n = vN;
  decodeAt(s, n, pos);
  let r = dRune, w = <usize>dLen;
  let r1 = EOT, w1: usize = 0;
  if (r != EOT) { decodeAt(s, n, pos + w); r1 = dRune; w1 = <usize>dLen; }
  let ctx: u32;
  if (pos == 0) ctx = context(-1, r);
  else { decodeBefore(s, pos); ctx = context(dRune, r); }
  let start = progStart(p);
  while (true) {
    if (load<u32>(runq, 12) == 0) {
      if (anchored && pos != 0) break;
      if (vMatched) break;
    }
    if (!vMatched && (pos == 0 || !anchored)) {
      if (slots > 0) store<i32>(vCap, <i32>pos);
      addThread(runq, start, <i32>pos, vCap, ctx);
    }
    let nextCtx = context(r, r1);
    step(runq, nextq, pos, pos + w, r, nextCtx);
    if (w == 0) break;
    if (slots == 0 && vMatched) break;
    pos += w;
    r = r1; w = w1;
    if (r != EOT) { decodeAt(s, n, pos + w); r1 = dRune; w1 = <usize>dLen; }
    else { r1 = EOT; w1 = 0; }
    ctx = nextCtx;
    let t = runq; runq = nextq; nextq = t;
  }
  return vMatched;
}

function step(runq: usize, nextq: usize, pos: usize, nextPos: usize, r: i32, nextCtx: u32): void {
  let count = load<u32>(runq, 12);
  let densePc = <usize>load<u32>(runq, 4);
  let denseCap = <usize>load<u32>(runq, 8);
  let caps = <usize>load<u32>(runq, 16);
  let slots = vSlots;
  for (let j: u32 = 0; j < count; j++) {
    let k = load<u32>(denseCap + (<usize>j << 2));
    if (k == NONE) continue;
    let pc = load<u32>(densePc + (<usize>j << 2));
    let ia = vInst + <usize>pc * INST;
    let op = load<u32>(ia);
    let cap = caps + <usize>k * <usize>slots * 4;
    if (op == I_MATCH) {
      if (slots > 0) {
        store<i32>(cap, load<i32>(cap), 0);
        store<i32>(cap + 4, <i32>pos);
        memory.copy(vCap, cap, <usize>slots << 2);
      }
      vMatched = true;
      break; // leftmost-first: lower-priority threads are cut off
    }
    let add = false;
    if (r >= 0) {
      if (op == I_CLASS) add = classMatch(r, load<u32>(ia, 8), load<u32>(ia, 12));
      else if (op == I_ANY) add = true;
      else if (op == I_ANYNL) add = r != 10;
    }
    if (add) addThread(nextq, load<u32>(ia, 4), <i32>nextPos, cap, nextCtx);
  }
  clearQueue(runq);
}
