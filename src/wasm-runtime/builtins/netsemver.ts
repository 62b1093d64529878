// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// net.cidr_*, semver.*, uuid.parse — OPA v1 semantics (Go net / netip parsing
// and printing, see net-ip.ts).
//
// Differences from OPA:
// - net.cidr_expand refuses CIDRs of more than 2^20 addresses with a builtin
//   error (OPA has no limit and relies on evaluation timeouts).
// - net.cidr_merge covers merged ranges with the minimal CIDR list, which is
//   what OPA's range splitting computes.
// - semver follows SemVer 2.0.0 strictly (no leading zeros in numeric fields,
//   no empty pre-release/build sections); like OPA, one leading "v" is
//   ignored and major/minor/patch must fit in int64.
import { opa_malloc, opa_free } from "../alloc";
import {
  typeOf, strPtr, strLen, newString, allocString, newArray, arrPush, arrLen, arrAt,
  boolValue, newInt, trueValue,
} from "../values";
import { T_STRING, T_ARRAY, T_OBJECT, T_SET } from "../layout";
import { newTable, setAdd, objInsert, tblLen, keyAt, valAt, ensureSorted } from "../table";
import { typeError, msgStart, msgText, msgBytes, msgBuiltinError, msgTypeError } from "./errors";
import { msgGoQuote } from "./quote";
import {
  IPA, IPB, IPC, IPD, parseIP, parseCIDR, cidrBits, isV4, maskBits, fillBits,
  blockContains, cmp16, ipText, cidrText,
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

// ---- semver ------------------------------------------------------------------------

// Parsed version fields (byte offsets into the text).
const SV: usize = memory.data(64, 8); // per slot: major/minor/patch start,len (6 x i32), pre start,len, build start,len

function isAlnumHyphen(c: u32): bool {
  return c - 48 < 10 || (c | 32) - 97 < 26 || c == 45;
}

/** Numeric field without leading zeros that fits int64. */
function numericOK(p: usize, n: usize): bool {
  if (n == 0) return false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) - 48 >= 10) return false;
  if (n > 1 && load<u8>(p) == 48) return false;
  if (n > 19) return false;
  if (n == 19) {
    // compare with 9223372036854775807
    let max = "9223372036854775807";
    let src = changetype<usize>(max);
    for (let i: usize = 0; i < 19; i++) {
      let a = <u32>load<u8>(p + i), b = <u32>load<u16>(src + (i << 1));
      if (a != b) return a < b;
    }
  }
  return true;
}

/** Dot-separated identifiers; pre-release numeric identifiers must not have leading zeros. */
function identsOK(p: usize, n: usize, pre: bool): bool {
  if (n == 0) return false;
  let start: usize = 0;
  for (let i: usize = 0; i <= n; i++) {
    if (i == n || load<u8>(p + i) == 46) {
      let len = i - start;
      if (len == 0) return false;
      let allDigits = true;
      for (let k = start; k < i; k++) {
        let c = <u32>load<u8>(p + k);
        if (!isAlnumHyphen(c)) return false;
        if (c - 48 >= 10) allDigits = false;
      }
      if (pre && allDigits && len > 1 && load<u8>(p + start) == 48) return false;
      start = i + 1;
    }
  }
  return true;
}

/** Parse into slot s (0 or 1); false if not valid SemVer. */
function semverParse(p: usize, n: usize, s: i32): bool {
  let r = SV + <usize>s * 32;
  if (n > 0 && load<u8>(p) == 118) { p++; n--; } // leading "v"
  // build metadata after the first '+'
  let plus = n;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 43) { plus = i; break; }
  let minus = plus;
  for (let i: usize = 0; i < plus; i++) if (load<u8>(p + i) == 45) { minus = i; break; }
  if (plus < n && !identsOK(p + plus + 1, n - plus - 1, false)) return false;
  if (minus < plus && !identsOK(p + minus + 1, plus - minus - 1, true)) return false;
  // major.minor.patch in [0, minus)
  let fieldStart: usize = 0;
  let f = 0;
  for (let i: usize = 0; i <= minus; i++) {
    if (i == minus || load<u8>(p + i) == 46) {
      if (f > 2) return false;
      if (!numericOK(p + fieldStart, i - fieldStart)) return false;
      store<u32>(r + <usize>f * 8, <u32>(p + fieldStart));
      store<u32>(r + <usize>f * 8 + 4, <u32>(i - fieldStart));
      f++;
      fieldStart = i + 1;
    }
  }
  if (f != 3) return false;
  if (minus < plus) {
    store<u32>(r, <u32>(p + minus + 1), 24);
    store<u32>(r, <u32>(plus - minus - 1), 28);
  } else {
    store<u32>(r, 0, 24);
    store<u32>(r, 0, 28);
  }
  return true;
}

/** Compare digit strings without leading zeros numerically. */
function cmpNumeric(a: usize, an: usize, b: usize, bn: usize): i32 {
  if (an != bn) return an < bn ? -1 : 1;
  for (let i: usize = 0; i < an; i++) {
    let x = load<u8>(a + i), y = load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

function cmpBytes(a: usize, an: usize, b: usize, bn: usize): i32 {
  let n = an < bn ? an : bn;
  for (let i: usize = 0; i < n; i++) {
    let x = load<u8>(a + i), y = load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return an == bn ? 0 : (an < bn ? -1 : 1);
}

function allDigits(p: usize, n: usize): bool {
  if (n == 0) return false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) - 48 >= 10) return false;
  return true;
}

function semverCompare(): i32 {
  let ra = SV, rb = SV + 32;
  for (let f: usize = 0; f < 3; f++) {
    let c = cmpNumeric(<usize>load<u32>(ra + f * 8), <usize>load<u32>(ra + f * 8 + 4),
      <usize>load<u32>(rb + f * 8), <usize>load<u32>(rb + f * 8 + 4));
    if (c != 0) return c;
  }
  let pa = <usize>load<u32>(ra, 24), na = <usize>load<u32>(ra, 28);
  let pb = <usize>load<u32>(rb, 24), nb = <usize>load<u32>(rb, 28);
  if (na == 0 && nb == 0) return 0;
  if (na == 0) return 1; // a release ranks above its pre-releases
  if (nb == 0) return -1;
  let ia: usize = 0, ib: usize = 0;
  while (true) {
    let ea = ia; while (ea < na && load<u8>(pa + ea) != 46) ea++;
    let eb = ib; while (eb < nb && load<u8>(pb + eb) != 46) eb++;
    let xa = pa + ia, la = ea - ia, xb = pb + ib, lb = eb - ib;
    let da = allDigits(xa, la), db = allDigits(xb, lb);
    let c: i32;
    if (da && db) c = cmpNumeric(xa, la, xb, lb);
    else if (da) c = -1; // numeric identifiers rank below alphanumeric ones
    else if (db) c = 1;
    else c = cmpBytes(xa, la, xb, lb);
    if (c != 0) return c;
    let moreA = ea < na, moreB = eb < nb;
    if (!moreA && !moreB) return 0;
    if (!moreA) return -1; // fewer identifiers rank lower
    if (!moreB) return 1;
    ia = ea + 1;
    ib = eb + 1;
  }
  return 0;
}

export function builtin_semver_is_valid(a: usize): usize {
  if (typeOf(a) != T_STRING) return boolValue(false);
  return boolValue(semverParse(strPtr(a), strLen(a), 0));
}

function notSemver(operand: i32, s: usize): usize {
  msgStart();
  msgText(operand == 1 ? "operand 1: string " : "operand 2: string ");
  msgGoQuote(strPtr(s), strLen(s));
  msgText(" is not a valid SemVer");
  return msgBuiltinError("semver.compare");
}

export function builtin_semver_compare(a: usize, b: usize): usize {
  if (typeOf(a) != T_STRING) return typeError("semver.compare", 1, "string", a);
  if (typeOf(b) != T_STRING) return typeError("semver.compare", 2, "string", b);
  if (!semverParse(strPtr(a), strLen(a), 0)) return notSemver(1, a);
  if (!semverParse(strPtr(b), strLen(b), 1)) return notSemver(2, b);
  return newInt(<i64>semverCompare());
}

// ---- uuid.parse -----------------------------------------------------------------------

const U: usize = memory.data(16, 8);

function hexv(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  let l = c | 32;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

/** google/uuid.Parse: 36-char, {…}, urn:uuid:…, or 32 hex digits. */
function uuidParse(p: usize, n: usize): bool {
  if (n == 36 + 9) {
    let pre = "urn:uuid:";
    let src = changetype<usize>(pre);
    for (let i: usize = 0; i < 9; i++) {
      let c = <u32>load<u8>(p + i);
      if (c - 65 < 26) c += 32;
      if (c != <u32>load<u16>(src + (i << 1))) return false;
    }
    p += 9; n = 36;
  } else if (n == 38) {
    if (load<u8>(p) != 123 || load<u8>(p + 37) != 125) return false;
    p += 1; n = 36;
  } else if (n == 32) {
    for (let i: usize = 0; i < 16; i++) {
      let h = hexv(load<u8>(p + i * 2)), l = hexv(load<u8>(p + i * 2 + 1));
      if (h < 0 || l < 0) return false;
      store<u8>(U + i, <u8>((h << 4) | l));
    }
    return true;
  }
  if (n != 36) return false;
  if (load<u8>(p + 8) != 45 || load<u8>(p + 13) != 45 || load<u8>(p + 18) != 45 || load<u8>(p + 23) != 45) return false;
  let k: usize = 0;
  let i: usize = 0;
  while (i < 36) {
    if (i == 8 || i == 13 || i == 18 || i == 23) { i++; continue; }
    let h = hexv(load<u8>(p + i)), l = hexv(load<u8>(p + i + 1));
    if (h < 0 || l < 0) return false;
    store<u8>(U + k++, <u8>((h << 4) | l));
    i += 2;
  }
  return true;
}

function put(obj: usize, key: string, v: usize): void {
  objInsert(obj, staticStr(key), v);
}

/** String value of an ASCII literal. */
function staticStr(s: string): usize {
  let n = <usize>s.length;
  let src = changetype<usize>(s);
  let v = allocString(n);
  let d = strPtr(v);
  for (let i: usize = 0; i < n; i++) store<u8>(d + i, <u8>load<u16>(src + (i << 1)));
  return v;
}

function hexPair(out: usize, o: usize, b: u32): usize {
  let hs = "0123456789abcdef";
  let src = changetype<usize>(hs);
  store<u8>(out + o, <u8>load<u16>(src + (<usize>(b >> 4) << 1)));
  store<u8>(out + o + 1, <u8>load<u16>(src + (<usize>(b & 15) << 1)));
  return o + 2;
}

export function builtin_uuid_parse(a: usize): usize {
  if (typeOf(a) != T_STRING) return typeError("uuid.parse", 1, "string", a);
  if (!uuidParse(strPtr(a), strLen(a))) return 0;
  let obj = newTable(T_OBJECT);
  let version = <i64>(load<u8>(U + 6) >> 4);
  let b8 = <u32>load<u8>(U + 8);
  let variant: string;
  if ((b8 & 0xC0) == 0x80) variant = "RFC4122";
  else if ((b8 & 0xE0) == 0xC0) variant = "Microsoft";
  else if ((b8 & 0xE0) == 0xE0) variant = "Future";
  else variant = "Reserved";
  put(obj, "version", newInt(version));
  put(obj, "variant", staticStr(variant));
  if (version == 1 || version == 2) {
    let tlow = <i64>((<u32>load<u8>(U) << 24) | (<u32>load<u8>(U + 1) << 16) | (<u32>load<u8>(U + 2) << 8) | <u32>load<u8>(U + 3));
    let tmid = <i64>((<u32>load<u8>(U + 4) << 8) | <u32>load<u8>(U + 5));
    let thi = <i64>(((<u32>load<u8>(U + 6) << 8) | <u32>load<u8>(U + 7)) & 0xFFF);
    let t = tlow | (tmid << 32) | (thi << 48);
    // 100ns ticks since 1582-10-15 -> Unix nanoseconds (wrapping, as Go's int64)
    let ns = (t - 122192928000000000) * 100;
    put(obj, "time", newInt(ns));
    let o: usize = 0;
    for (let i: usize = 10; i < 16; i++) {
      if (i > 10) store<u8>(TXT + o++, 45);
      o = hexPair(TXT, o, load<u8>(U + i));
    }
    put(obj, "nodeid", heapString(TXT, o));
    let b0 = <u32>load<u8>(U + 10);
    let mv = (b0 & 3) == 3 ? "local:multicast" : ((b0 & 1) == 1 ? "global:multicast" : ((b0 & 2) == 2 ? "local:unicast" : "global:unicast"));
    put(obj, "macvariables", staticStr(mv));
    put(obj, "clocksequence", newInt(<i64>(((<u32>load<u8>(U + 8) << 8) | <u32>load<u8>(U + 9)) & 0x3FFF)));
    if (version == 2) {
      put(obj, "id", newInt(tlow));
      let d = <u32>load<u8>(U + 9);
      if (d < 3) put(obj, "domain", staticStr(d == 0 ? "Person" : (d == 1 ? "Group" : "Org")));
      else {
        let dl: usize = 0;
        store<u8>(TXT, 68); store<u8>(TXT + 1, 111); store<u8>(TXT + 2, 109);
        store<u8>(TXT + 3, 97); store<u8>(TXT + 4, 105); store<u8>(TXT + 5, 110);
        dl = 6;
        if (d >= 100) store<u8>(TXT + dl++, <u8>(48 + d / 100));
        if (d >= 10) store<u8>(TXT + dl++, <u8>(48 + (d / 10) % 10));
        store<u8>(TXT + dl++, <u8>(48 + d % 10));
        put(obj, "domain", heapString(TXT, dl));
      }
    }
  }
  return obj;
}
