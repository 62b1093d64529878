// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// glob.match without compiling, for the common globs: ASCII literals, `?`,
// `*`, `**`, `\x` escapes, simple classes (`[abc]`, `[a-z]`, `[!…]` of
// letters and digits) and non-nested alternatives (`{a,b}`), against an
// ASCII subject. Alternatives are expanded into one segment per choice and
// all segments run together as a bit-parallel NFA (multi-pattern Shift-And):
// a state bit means "this segment's items before the bit are matched"; each
// subject byte advances the items it satisfies and keeps the stars that may
// consume it. That is the language patterns-glob.ts compiles the glob to
// (^items$, alternatives as a union), in O(subject) with no allocation, so a
// policy calling glob.match on every request pays no compile (programs do
// not survive the heap reset between evaluations). Anything else — other
// bracket forms, nested or unclosed braces, non-ASCII, more than 64 state
// bits — returns NOT_HANDLED and takes globCompile and the Pike VM.

export const NOT_HANDLED: i32 = -1;

// Per ASCII byte: the literal/class items it satisfies. Zero between calls.
const LIT: usize = memory.data(128 * 8, 8);
// The bytes whose LIT entry the current call set, to clear them after.
const USED: usize = memory.data(128, 8);
let used: usize = 0;

// Brace groups of the current pattern: '{' index, '}' index, first alternative
// separator slot, alternative count; separators hold ',' indexes.
const MAX_GROUPS: i32 = 6;
const MAX_SEPS: i32 = 32;
const GROUPS: usize = memory.data(6 * 16, 4);
const SEPS: usize = memory.data(32 * 4, 4);
const CHOICE: usize = memory.data(6 * 4, 4);

// Items of all segments, as bit masks, and the next free state bit.
let single: u64 = 0;
let star: u64 = 0;
let superStar: u64 = 0;
let bit: i32 = 0;

/**
 * 1 if ASCII subject s[0..sn) matches glob p[0..pn) with separator runes
 * seps[0..nseps) (u32 each; none: `*` and `?` cross everything), 0 if not,
 * NOT_HANDLED when the pattern or subject is outside this matcher's subset.
 */
export function globMatchFast(p: usize, pn: usize, seps: usize, nseps: usize, s: usize, sn: usize): i32 {
  let groups = findGroups(p, pn);
  if (groups < 0) return NOT_HANDLED;
  single = 0; star = 0; superStar = 0; bit = 0; used = 0;
  let starts: u64 = 0, accepts: u64 = 0;
  let ok = true;
  for (let g = 0; g < groups; g++) store<u32>(CHOICE + (<usize>g << 2), 0);
  while (true) { // one segment per combination of alternatives
    if (bit >= 64) { ok = false; break; }
    starts |= <u64>1 << <u64>bit;
    let at: usize = 0;
    for (let g = 0; g < groups; g++) {
      let gp = GROUPS + (<usize>g << 4);
      let open = <usize>load<u32>(gp), close = <usize>load<u32>(gp, 4);
      let first = <usize>load<u32>(gp, 8), n = <usize>load<u32>(gp, 12);
      let c = <usize>load<u32>(CHOICE + (<usize>g << 2));
      let a = c == 0 ? open + 1 : <usize>load<u32>(SEPS + ((first + c - 1) << 2)) + 1;
      let b = c + 1 == n ? close : <usize>load<u32>(SEPS + ((first + c) << 2));
      if (!items(p, at, open) || !items(p, a, b)) { ok = false; break; }
      at = close + 1;
    }
    if (!ok || !items(p, at, pn) || bit >= 64) { ok = false; break; }
    accepts |= <u64>1 << <u64>bit;
    bit++;
    // Next combination (mixed radix over the groups).
    let g = 0;
    while (g < groups) {
      let cp = CHOICE + (<usize>g << 2);
      let c = load<u32>(cp) + 1;
      if (c < load<u32>(GROUPS + (<usize>g << 4), 12)) { store<u32>(cp, c); break; }
      store<u32>(cp, 0);
      g++;
    }
    if (g == groups) break;
  }
  let result = NOT_HANDLED;
  if (ok) {
    // Separators an ASCII byte can be, as a 128-bit set.
    let sepLo: u64 = 0, sepHi: u64 = 0;
    for (let k: usize = 0; k < nseps; k++) {
      let r = load<u32>(seps + (k << 2));
      if (r < 64) sepLo |= <u64>1 << <u64>r;
      else if (r < 128) sepHi |= <u64>1 << <u64>(r - 64);
    }
    result = run(s, sn, starts, accepts, sepLo, sepHi);
  }
  for (let k: usize = 0; k < used; k++) store<u64>(LIT + (<usize>load<u8>(USED + k) << 3), 0);
  return result;
}

/**
 * Record the brace groups of p; the group count, or -1 for patterns outside
 * the subset (NUL or non-ASCII bytes, nested or unclosed braces).
 */
function findGroups(p: usize, pn: usize): i32 {
  let groups = 0, nseps = 0;
  let open: i32 = -1;
  let i: usize = 0;
  while (i < pn) {
    let c = load<u8>(p + i);
    if (c == 0 || c >= 0x80) return -1;
    if (c == 92) { // '\x': x is literal (a trailing '\' is dropped)
      if (i + 1 < pn && (load<u8>(p + i + 1) == 0 || load<u8>(p + i + 1) >= 0x80)) return -1;
      i += 2;
      continue;
    }
    if (c == 123) { // '{'
      if (open >= 0 || groups == MAX_GROUPS) return -1;
      open = <i32>i;
      let gp = GROUPS + (<usize>groups << 4);
      store<u32>(gp, <u32>i);
      store<u32>(gp, <u32>nseps, 8);
      store<u32>(gp, 1, 12);
    } else if (open >= 0 && c == 44) { // ',' inside braces
      if (nseps == MAX_SEPS) return -1;
      store<u32>(SEPS + (<usize>nseps << 2), <u32>i);
      nseps++;
      let gp = GROUPS + (<usize>groups << 4);
      store<u32>(gp, load<u32>(gp, 12) + 1, 12);
    } else if (open >= 0 && c == 125) { // '}' closes the group
      store<u32>(GROUPS + (<usize>groups << 4), <u32>i, 4);
      groups++;
      open = -1;
    }
    i++;
  }
  return open >= 0 ? -1 : groups;
}

/** Append the items of pattern bytes [a, b) (no braces) to the current
 * segment; false if they are outside the subset or too many. */
function items(p: usize, a: usize, b: usize): bool {
  let i = a;
  while (i < b) {
    if (bit >= 63) return false; // leave room for the segment's accept bit
    let c = <u32>load<u8>(p + i);
    let m = <u64>1 << <u64>bit;
    if (c == 42) { // '*' or '**'
      if (i + 1 < b && load<u8>(p + i + 1) == 42) { superStar |= m; i += 2; }
      else { star |= m; i++; }
    } else if (c == 63) { // '?'
      single |= m;
      i++;
    } else if (c == 91) { // '['
      let n = bracket(p + i, b - i, m);
      if (n == 0) return false;
      i += n;
    } else {
      if (c == 92) {
        if (i + 1 >= b) { i++; continue; } // trailing '\' dropped, as gobwas
        c = <u32>load<u8>(p + i + 1);
        i += 2;
      } else i++;
      lit(c, m);
    }
    bit++;
  }
  return true;
}

function lit(c: u32, m: u64): void {
  let slot = LIT + (<usize>c << 3);
  let v = load<u64>(slot);
  if (v == 0) { store<u8>(USED + used, <u8>c); used++; }
  store<u64>(slot, v | m);
}

@inline function isAlnum(c: u32): bool {
  return c - 48 < 10 || (c | 32) - 97 < 26;
}

/**
 * A bracket expression at q (q[0] = '[') in one of the forms gobwas reads
 * plainly — `[` `!`? then `x-y` or one or more letters/digits, then `]` —
 * added as item bit m; its length, or 0 for anything else (the general path
 * parses it and reports its errors).
 */
function bracket(q: usize, n: usize, m: u64): usize {
  let i: usize = 1;
  let not = i < n && load<u8>(q + i) == 33;
  if (not) i++;
  let lo: u32 = 0, hi: u32 = 0;
  let start = i;
  if (i + 3 < n && isAlnum(load<u8>(q + i)) && load<u8>(q + i + 1) == 45 && isAlnum(load<u8>(q + i + 2)) && load<u8>(q + i + 3) == 93) {
    lo = load<u8>(q + i);
    hi = load<u8>(q + i + 2);
    if (hi < lo) return 0;
    i += 4;
  } else {
    while (i < n && isAlnum(load<u8>(q + i))) i++;
    if (i == start || i >= n || load<u8>(q + i) != 93) return 0;
    i++;
  }
  for (let c: u32 = 0; c < 128; c++) {
    let inClass = lo != 0 ? c >= lo && c <= hi : isMember(q + start, q + i - 1, c);
    if (inClass != not) lit(c, m);
  }
  return i;
}

function isMember(a: usize, b: usize, c: u32): bool {
  for (let k = a; k < b; k++) if (<u32>load<u8>(k) == c) return true;
  return false;
}

function run(s: usize, sn: usize, starts: u64, accepts: u64, sepLo: u64, sepHi: u64): i32 {
  let stars = star | superStar;
  let d = closure(starts, stars);
  for (let i: usize = 0; i < sn; i++) {
    let c = <u32>load<u8>(s + i);
    if (c >= 0x80) return NOT_HANDLED;
    let isSep = c < 64 ? (sepLo >> <u64>c) & 1 : (sepHi >> <u64>(c - 64)) & 1;
    let advance = load<u64>(LIT + (<usize>c << 3));
    let stay = superStar;
    if (isSep == 0) { advance |= single; stay |= star; }
    d = closure(((d & advance) << 1) | (d & stay), stars);
    if (d == 0) return 0; // no state left: no continuation can match
  }
  return (d & accepts) != 0 ? 1 : 0;
}

/** A star may match nothing: a state at a star also reaches the next item. */
@inline function closure(d: u64, stars: u64): u64 {
  while (true) {
    let e = d | ((d & stars) << 1);
    if (e == d) return d;
    d = e;
  }
  return d;
}
