// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// net.cidr_* — OPA v1 semantics (Go net / netip parsing and printing, see
// net-ip.ts).
//
// Differences from OPA:
// - net.cidr_expand refuses CIDRs of more than 2^20 addresses with a builtin
//   error (OPA has no limit and relies on evaluation timeouts).
// - net.cidr_merge covers merged ranges with the minimal CIDR list, which is
//   what OPA's range splitting computes.
import { opa_malloc, opa_free } from "../alloc";
import { typeOf, strPtr, strLen, allocString, newArray, arrPush, arrLen, arrAt, boolValue, newInt } from "../values";
import { T_STRING, T_ARRAY, T_OBJECT, T_SET } from "../layout";
import { newTable, setAdd, tblLen, keyAt, valAt, ensureSorted } from "../table";
import { typeError, msgStart, msgText, msgBytes, msgBuiltinError } from "./errors";
import {
  IPA, IPB, IPC, IPD, parseIP, parseCIDR, cidrBits, isV4, maskBits, fillBits, blockContains, cmp16, ipText, cidrText,
} from "./net-ip";

const TXT: usize = memory.data(64, 8);

/** String value with its own copy of the bytes (newString would reference static data). */
function heapString(p: usize, n: usize): usize {
  let v = allocString(n);
  memory.copy(strPtr(v), p, n);
  return v;
}

function invalidCIDR(name: string, p: usize, n: usize): usize {
  msgStart();
  msgText("invalid CIDR address: ");
  msgBytes(p, n);
  return msgBuiltinError(name);
}

// ---- cidr_contains / cidr_intersects -------------------------------------------

// Result of containsCore: 0 false, 1 true, 2 error already reported.
function containsCore(name: string, a: usize, b: usize): i32 {
  if (typeOf(a) != T_STRING) { typeError(name, 1, "string", a); return 2; }
  if (!parseCIDR(strPtr(a), strLen(a), IPA)) { invalidCIDR(name, strPtr(a), strLen(a)); return 2; }
  let bitsA = cidrBits;
  if (typeOf(b) != T_STRING) { typeError(name, 1, "string", b); return 2; }
  let p = strPtr(b), n = strLen(b);
  if (parseIP(p, n, IPB) != 0) return blockContains(IPA, bitsA, IPB) ? 1 : 0;
  if (!parseCIDR(p, n, IPB)) {
    msgStart();
    msgText("not a valid textual representation of an IP address or CIDR: ");
    msgBytes(p, n);
    msgBuiltinError(name);
    return 2;
  }
  let bitsB = cidrBits;
  if (!blockContains(IPA, bitsA, IPB)) return 0;
  memory.copy(IPC, IPB, 16);
  fillBits(IPC, bitsB);
  return blockContains(IPA, bitsA, IPC) ? 1 : 0;
}

export function builtin_net_cidr_contains(a: usize, b: usize): usize {
  let r = containsCore("net.cidr_contains", a, b);
  return r == 2 ? 0 : boolValue(r == 1);
}

export function builtin_net_cidr_overlap(a: usize, b: usize): usize {
  let r = containsCore("net.cidr_overlap", a, b);
  return r == 2 ? 0 : boolValue(r == 1);
}

export function builtin_net_cidr_intersects(a: usize, b: usize): usize {
  const name = "net.cidr_intersects";
  if (typeOf(a) != T_STRING) return typeError(name, 1, "string", a);
  if (!parseCIDR(strPtr(a), strLen(a), IPA)) return invalidCIDR(name, strPtr(a), strLen(a));
  let bitsA = cidrBits;
  if (typeOf(b) != T_STRING) return typeError(name, 1, "string", b);
  if (!parseCIDR(strPtr(b), strLen(b), IPB)) return invalidCIDR(name, strPtr(b), strLen(b));
  let bitsB = cidrBits;
  return boolValue(blockContains(IPA, bitsA, IPB) || blockContains(IPB, bitsB, IPA));
}

export function builtin_net_cidr_is_valid(a: usize): usize {
  if (typeOf(a) != T_STRING) return boolValue(false);
  return boolValue(parseCIDR(strPtr(a), strLen(a), IPA));
}

// ---- cidr_contains_matches ----------------------------------------------------------

const MATCHES = "net.cidr_contains_matches";

/** The CIDR term of a collection element (string, or first element of a non-empty array). */
function matchTerm(e: usize, operand: i32): usize {
  let t = typeOf(e);
  if (t == T_STRING) return e;
  if (t == T_ARRAY && arrLen(e) > 0) return arrAt(e, 0);
  msgStart();
  msgText(operand == 1 ? "operand 1" : "operand 2");
  msgText(": element must be string or non-empty array");
  msgBuiltinError(MATCHES);
  return 0;
}

// Flattened operand: parallel arrays of (cidr term, index term).
function flatten(v: usize, operand: i32, cidrs: usize, idx: usize): bool {
  let t = typeOf(v);
  if (t == T_STRING) { arrPush(cidrs, v); arrPush(idx, v); return true; }
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: u32 = 0; i < n; i++) {
      let c = matchTerm(arrAt(v, i), operand);
      if (c == 0) return false;
      arrPush(cidrs, c);
      arrPush(idx, newInt(<i64>i));
    }
    return true;
  }
  if (t == T_SET || t == T_OBJECT) {
    ensureSorted(v);
    let n = tblLen(v);
    for (let i: u32 = 0; i < n; i++) {
      let k = keyAt(v, i);
      let c = matchTerm(t == T_SET ? k : valAt(v, i), operand);
      if (c == 0) return false;
      arrPush(cidrs, c);
      arrPush(idx, k);
    }
    return true;
  }
  return true; // other types contribute nothing
}

export function builtin_net_cidr_contains_matches(a: usize, b: usize): usize {
  let ca = newArray(4), ia = newArray(4), cb = newArray(4), ib = newArray(4);
  if (!flatten(a, 1, ca, ia)) return 0;
  let out = newTable(T_SET);
  let na = arrLen(ca);
  if (na == 0) return out;
  if (!flatten(b, 2, cb, ib)) return 0;
  let nb = arrLen(cb);
  for (let i: u32 = 0; i < na; i++) {
    for (let j: u32 = 0; j < nb; j++) {
      let r = containsCore(MATCHES, arrAt(ca, i), arrAt(cb, j));
      if (r == 2) return 0;
      if (r == 1) {
        let pair = newArray(2);
        arrPush(pair, arrAt(ia, i));
        arrPush(pair, arrAt(ib, j));
        setAdd(out, pair);
      }
    }
  }
  return out;
}

// ---- cidr_expand -------------------------------------------------------------------

const MAX_EXPAND_BITS: i32 = 20;

function inc16(a: usize): void {
  for (let i = 15; i >= 0; i--) {
    let v = load<u8>(a + <usize>i) + 1;
    store<u8>(a + <usize>i, v);
    if (v != 0) break;
  }
}

export function builtin_net_cidr_expand(a: usize): usize {
  const name = "net.cidr_expand";
  if (typeOf(a) != T_STRING) return typeError(name, 1, "string", a);
  if (!parseCIDR(strPtr(a), strLen(a), IPA)) return invalidCIDR(name, strPtr(a), strLen(a));
  let bits = cidrBits;
  if (128 - bits > MAX_EXPAND_BITS) {
    msgStart();
    msgText("CIDR ");
    msgBytes(strPtr(a), strLen(a));
    msgText(" has too many addresses to expand (limit 1048576)");
    return msgBuiltinError(name);
  }
  let count: u32 = <u32>1 << <u32>(128 - bits);
  let out = newTable(T_SET);
  memory.copy(IPB, IPA, 16);
  for (let i: u32 = 0; i < count; i++) {
    let n = ipText(IPB, TXT);
    setAdd(out, heapString(TXT, n));
    inc16(IPB);
  }
  return out;
}

// ---- cidr_merge ---------------------------------------------------------------------

// A range record (48 bytes): first[16], last[16], net[16 at +32 is not kept]
// layout: first@0, last@16, flags@32 (1 = keep original network text),
// netBits@36, textPtr@40, textLen@44.
const REC: usize = 48;

/** Block text for an original (unmerged) network: Go prints IPNet.IP unmasked for plain IPs. */
function recText(r: usize): usize { return <usize>load<u32>(r, 40); }

export function builtin_net_cidr_merge(a: usize): usize {
  const name = "net.cidr_merge";
  let t = typeOf(a);
  let n: u32;
  if (t == T_ARRAY) n = arrLen(a);
  else if (t == T_SET) { ensureSorted(a); n = tblLen(a); }
  else {
    msgStart();
    msgText("operand must be an array");
    return msgBuiltinError(name);
  }
  let out = newTable(T_SET);
  if (n == 0) return out;
  let recs = opa_malloc(<usize>n * REC);
  for (let i: u32 = 0; i < n; i++) {
    let e = t == T_ARRAY ? arrAt(a, i) : keyAt(a, i);
    let r = recs + <usize>i * REC;
    if (typeOf(e) != T_STRING) {
      opa_free(recs);
      msgStart(); msgText("element must be string");
      return msgBuiltinError(name);
    }
    let p = strPtr(e), len = strLen(e);
    let kind = parseIP(p, len, r);
    let bits: i32;
    if (kind != 0) {
      if (!isV4(r)) {
        opa_free(recs);
        msgStart(); msgText("IPv6 invalid: needs prefix length");
        return msgBuiltinError(name);
      }
      // ip.DefaultMask(): the classful mask; the IP itself stays unmasked
      let b0 = load<u8>(r + 12);
      bits = 96 + (b0 < 0x80 ? 8 : (b0 < 0xC0 ? 16 : 24));
      let tl = ipText(r, TXT);
      store<u8>(TXT + tl++, 47);
      let pl = bits - 96;
      if (pl >= 10) store<u8>(TXT + tl++, <u8>(48 + pl / 10));
      store<u8>(TXT + tl++, <u8>(48 + pl % 10));
      store<u32>(r, <u32>heapString(TXT, tl), 40);
      maskBits(r, bits);
    } else {
      if (!parseCIDR(p, len, r)) {
        opa_free(recs);
        return invalidCIDR(name, p, len);
      }
      bits = cidrBits;
      let tl = cidrText(r, bits, TXT);
      store<u32>(r, <u32>heapString(TXT, tl), 40);
    }
    memory.copy(r + 16, r, 16);
    fillBits(r + 16, bits);
    store<u32>(r, 1, 32);
    store<i32>(r, bits, 36);
  }
  sortRecs(recs, n);
  // merge adjacent/overlapping ranges, from the end as OPA does
  let m = n;
  for (let i = <i32>m - 1; i > 0; i--) {
    let cur = recs + <usize>i * REC;
    let prev = recs + <usize>(i - 1) * REC;
    memory.copy(IPD, cur, 16);
    prevIP(IPD);
    if (cmp16(IPD, prev + 16) <= 0) {
      if (cmp16(cur, prev) < 0) memory.copy(prev, cur, 16);
      memory.copy(prev + 16, cur + 16, 16);
      store<u32>(prev, 0, 32);
      // delete cur
      let tail = recs + <usize>(i + 1) * REC;
      memory.copy(cur, tail, <usize>(m - <u32>i - 1) * REC);
      m--;
    }
  }
  for (let i: u32 = 0; i < m; i++) {
    let r = recs + <usize>i * REC;
    if (load<u32>(r, 32) == 1) setAdd(out, recText(r));
    else rangeToCIDRs(r, r + 16, out);
  }
  opa_free(recs);
  return out;
}

/** Go's GetPreviousIP: one less, except at 0.0.0.0 and :: (IPv4 stays within 32 bits). */
function prevIP(a: usize): void {
  let v4 = isV4(a);
  let lo = v4 ? 12 : 0;
  let zero = true;
  for (let i = lo; i < 16; i++) if (load<u8>(a + <usize>i) != 0) { zero = false; break; }
  if (zero) return;
  for (let i = 15; i >= lo; i--) {
    let v = load<u8>(a + <usize>i);
    store<u8>(a + <usize>i, v - 1);
    if (v != 0) break;
  }
}

/** Sort by last address, then first (OPA's cidrBlockRanges.Less). Insertion sort. */
function sortRecs(recs: usize, n: u32): void {
  let tmp = opa_malloc(REC);
  for (let i: u32 = 1; i < n; i++) {
    memory.copy(tmp, recs + <usize>i * REC, REC);
    let j = i;
    while (j > 0) {
      let p = recs + <usize>(j - 1) * REC;
      let c = cmp16(p + 16, tmp + 16);
      if (c < 0 || (c == 0 && cmp16(p, tmp) <= 0)) break;
      memory.copy(recs + <usize>j * REC, p, REC);
      j--;
    }
    memory.copy(recs + <usize>j * REC, tmp, REC);
  }
  opa_free(tmp);
}

/** Trailing zero bits of a (16 bytes), 128 for zero. */
function trailingZeros(a: usize): i32 {
  let z = 0;
  for (let i = 15; i >= 0; i--) {
    let v = <u32>load<u8>(a + <usize>i);
    if (v == 0) { z += 8; continue; }
    return z + <i32>ctz<u32>(v);
  }
  return 128;
}

/** Minimal CIDR cover of [first, last] added to out as text. */
function rangeToCIDRs(first: usize, last: usize, out: usize): void {
  memory.copy(IPA, first, 16);
  while (true) {
    // largest aligned block starting at IPA that stays within last
    let size = trailingZeros(IPA); // host bits allowed by alignment
    let bits = 128 - size;
    while (true) {
      memory.copy(IPB, IPA, 16);
      fillBits(IPB, bits);
      if (cmp16(IPB, last) <= 0) break;
      bits++;
    }
    let tl = cidrText(IPA, bits, TXT);
    setAdd(out, heapString(TXT, tl));
    if (cmp16(IPB, last) >= 0) break;
    memory.copy(IPA, IPB, 16);
    inc16(IPA);
  }
}
