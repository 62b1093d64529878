// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Builtin error messages with dynamic parts (quoted operands, numbers), as
// OPA words them. `./errors` only takes static strings; this composes the
// message in a static buffer (no AssemblyScript allocation) and aborts the
// same way under strict builtin errors:
//
//   msgStart(); msgStr("parsing time "); msgGoQuote(p, n); ...
//   return msgBuiltinError("time.parse_ns");
//
// Shared by the numbers, time and net/semver families.
import { opa_abort } from "../env";
import { rt_strict_errors } from "./errors";

const CAP: usize = 480;
const MSG: usize = memory.data(480, 8);
const OUT: usize = memory.data(560, 8);
let mlen: usize = 0;
let olen: usize = 0;

/** Whether a failing builtin aborts (else it is just undefined). */
export function strictErrors(): bool { return rt_strict_errors != 0; }

export function msgStart(): void { mlen = 0; }

export function msgByte(c: u32): void {
  if (mlen < CAP) store<u8>(MSG + mlen++, <u8>c);
}

/** Append an ASCII string literal. */
export function msgStr(s: string): void {
  let n = s.length;
  let src = changetype<usize>(s);
  for (let i = 0; i < n; i++) msgByte(<u32>load<u16>(src + (<usize>i << 1)));
}

export function msgBytes(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) msgByte(<u32>load<u8>(p + i));
}

export function msgInt(v: i64): void {
  if (v < 0) {
    msgByte(45);
    if (v == I64.MIN_VALUE) { msgStr("9223372036854775808"); return; }
    v = -v;
  }
  let d: i64 = 1;
  while (v / d >= 10) d *= 10;
  while (d > 0) { msgByte(<u32>(48 + (v / d) % 10)); d /= 10; }
}

function hex(c: u32): u32 { return c < 10 ? 48 + c : 87 + c; }

function msgHexByte(b: u32): void {
  msgByte(92); msgByte(120); msgByte(hex(b >> 4)); msgByte(hex(b & 15));
}

/** Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid; rune in lastRune. */
let lastRune: u32 = 0;
function utf8At(p: usize, end: usize): i32 {
  let c = <u32>load<u8>(p);
  if (c < 0x80) { lastRune = c; return 1; }
  let n: i32, r: u32, min: u32;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; r = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; r = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; r = c & 0x07; min = 0x10000; }
  else return 0;
  if (p + <usize>n > end) return 0;
  for (let i = 1; i < n; i++) {
    let d = <u32>load<u8>(p + <usize>i);
    if ((d & 0xC0) != 0x80) return 0;
    r = (r << 6) | (d & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0;
  lastRune = r;
  return n;
}

/** Go's strconv.Quote (ast.String's text form): printable runes verbatim. */
export function msgGoQuote(p: usize, n: usize): void {
  msgByte(34);
  let end = p + n;
  let i = p;
  while (i < end) {
    let w = utf8At(i, end);
    if (w == 0) { msgHexByte(<u32>load<u8>(i)); i++; continue; }
    let r = lastRune;
    if (r == 34 || r == 92) { msgByte(92); msgByte(r); }
    else if (r >= 0x20 && r < 0x7F) msgByte(r);
    else if (r == 7) { msgByte(92); msgByte(97); }
    else if (r == 8) { msgByte(92); msgByte(98); }
    else if (r == 12) { msgByte(92); msgByte(102); }
    else if (r == 10) { msgByte(92); msgByte(110); }
    else if (r == 13) { msgByte(92); msgByte(114); }
    else if (r == 9) { msgByte(92); msgByte(116); }
    else if (r == 11) { msgByte(92); msgByte(118); }
    else if (r < 0x20 || r == 0x7F) msgHexByte(r);
    else if (r < 0xA0 || r == 0xAD) { // C1 controls and soft hyphen are not printable
      msgByte(92); msgByte(117);
      for (let s = 12; s >= 0; s -= 4) msgByte(hex((r >> <u32>s) & 15));
    } else msgBytes(i, <usize>w);
    i += <usize>w;
  }
  msgByte(34);
}

/** The time package's quote(): ASCII verbatim (escaping " and \), other bytes as \xNN. */
export function msgTimeQuote(p: usize, n: usize): void {
  msgByte(34);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c >= 0x80 || c < 0x20) msgHexByte(c);
    else {
      if (c == 34 || c == 92) msgByte(92);
      msgByte(c);
    }
  }
  msgByte(34);
}

function outStr(s: string): void {
  let n = s.length;
  let src = changetype<usize>(s);
  for (let i = 0; i < n && olen < 559; i++) store<u8>(OUT + olen++, <u8>load<u16>(src + (<usize>i << 1)));
}

function abortWith(kind: string, name: string): void {
  olen = 0;
  outStr(kind);
  outStr(name);
  outStr(": ");
  for (let i: usize = 0; i < mlen && olen < 559; i++) store<u8>(OUT + olen++, load<u8>(MSG + i));
  store<u8>(OUT + olen, 0);
  opa_abort(<i32>OUT);
  unreachable();
}

/** Undefined, or under strict errors `eval_builtin_error: name: <message>`. */
export function msgBuiltinError(name: string): usize {
  if (rt_strict_errors != 0) abortWith("eval_builtin_error: ", name);
  return 0;
}

/** Undefined, or under strict errors `eval_type_error: name: <message>`. */
export function msgTypeError(name: string): usize {
  if (rt_strict_errors != 0) abortWith("eval_type_error: ", name);
  return 0;
}
