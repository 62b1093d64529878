// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// time.parse_duration_ns: Go's time.ParseDuration, with its error texts.
import { typeOf, strPtr, strLen, newInt } from "../values";
import { T_STRING } from "../layout";
import { typeError, msgStart, msgText, msgBuiltinError } from "./errors";
import { msgTimeQuote } from "./quote";

// ---- parse_duration_ns ---------------------------------------------------------------------------

// quoted source for the error messages
let durP: usize = 0;
let durN: usize = 0;

function durationError(kind: i32, up: usize, un: usize): usize {
  msgStart();
  if (kind == 0) msgText("time: invalid duration ");
  else if (kind == 1) msgText("time: missing unit in duration ");
  else { msgText("time: unknown unit "); msgTimeQuote(up, un); msgText(" in duration "); }
  msgTimeQuote(durP, durN);
  return msgBuiltinError("time.parse_duration_ns");
}

function unitValue(u: usize, n: usize): u64 {
  if (n == 2 && load<u8>(u + 1) == 115) { // ?s
    let c = load<u8>(u);
    if (c == 110) return 1;           // ns
    if (c == 117) return 1000;        // us
    if (c == 109) return 1000000;     // ms
  }
  if (n == 3 && load<u8>(u + 2) == 115) {
    let a = load<u8>(u), b = load<u8>(u + 1);
    if ((a == 0xC2 && b == 0xB5) || (a == 0xCE && b == 0xBC)) return 1000; // µs, μs
  }
  if (n == 1) {
    let c = load<u8>(u);
    if (c == 115) return 1000000000;     // s
    if (c == 109) return 60000000000;    // m
    if (c == 104) return 3600000000000;  // h
  }
  return 0;
}

export function builtin_time_parse_duration_ns(a: usize): usize {
  if (typeOf(a) != T_STRING) return typeError("time.parse_duration_ns", 1, "string", a);
  let s = strPtr(a), end = s + strLen(a);
  durP = s; durN = strLen(a);
  let d: u64 = 0;
  let neg = false;
  if (s < end) {
    let c = load<u8>(s);
    if (c == 45 || c == 43) { neg = c == 45; s++; }
  }
  if (end - s == 1 && load<u8>(s) == 48) return newInt(0);
  if (s == end) return durationError(0, 0, 0);
  while (s < end) {
    let c = <u32>load<u8>(s);
    if (!(c == 46 || c - 48 < 10)) return durationError(0, 0, 0);
    // leading int
    let v: u64 = 0;
    let start = s;
    while (s < end && <u32>load<u8>(s) - 48 < 10) {
      if (v > 0x8000000000000000 / 10) return durationError(0, 0, 0);
      v = v * 10 + <u64>(load<u8>(s) - 48);
      if (v > 0x8000000000000000) return durationError(0, 0, 0);
      s++;
    }
    let pre = s != start;
    let f: u64 = 0;
    let scale: f64 = 1;
    let post = false;
    if (s < end && load<u8>(s) == 46) {
      s++;
      let fs = s;
      let overflow = false;
      while (s < end && <u32>load<u8>(s) - 48 < 10) {
        if (!overflow) {
          if (f > (0x7FFFFFFFFFFFFFFF) / 10) overflow = true;
          else {
            let y = f * 10 + <u64>(load<u8>(s) - 48);
            if (y > 0x8000000000000000) overflow = true;
            else { f = y; scale *= 10; }
          }
        }
        s++;
      }
      post = s != fs;
    }
    if (!pre && !post) return durationError(0, 0, 0);
    let us = s;
    while (s < end) {
      let u = <u32>load<u8>(s);
      if (u == 46 || u - 48 < 10) break;
      s++;
    }
    if (s == us) return durationError(1, 0, 0);
    let unit = unitValue(us, s - us);
    if (unit == 0) return durationError(2, us, s - us);
    if (v > 0x8000000000000000 / unit) return durationError(0, 0, 0);
    v *= unit;
    if (f > 0) {
      v += <u64>(<f64>f * (<f64>unit / scale));
      if (v > 0x8000000000000000) return durationError(0, 0, 0);
    }
    d += v;
    if (d > 0x8000000000000000) return durationError(0, 0, 0);
  }
  if (neg) return newInt(<i64>(<u64>0 - d));
  if (d > 0x7FFFFFFFFFFFFFFF) return durationError(0, 0, 0);
  return newInt(<i64>d);
}
