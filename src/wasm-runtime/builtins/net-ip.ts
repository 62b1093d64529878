// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// IP addresses and CIDRs with Go's net.ParseIP / net.ParseCIDR acceptance
// (netip.ParseAddr: no zones, no leading zeros in IPv4 octets) and
// IP.String / IPNet.String printing.
//
// Every address is kept as 16 bytes, IPv4 as ::ffff:a.b.c.d. A CIDR is
// normalised the way Go's IPNet behaves: an IPv6 network whose masked address
// is IPv4-mapped (prefix >= 96) acts, compares and prints as the IPv4 network
// with prefix - 96, so "family" below is decided from the masked bytes.

/** Scratch address buffers (16 bytes each). */
export const IPA: usize = memory.data(16, 8);
export const IPB: usize = memory.data(16, 8);
export const IPC: usize = memory.data(16, 8);
export const IPD: usize = memory.data(16, 8);

function isDigit(c: u32): bool { return c - 48 < 10; }

function hexVal(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  let l = c | 32;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

/** Dotted IPv4 into out[off..off+4); false if invalid. */
function parseV4(p: usize, n: usize, out: usize, off: usize): bool {
  let val: u32 = 0, pos = 0, digLen = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (isDigit(c)) {
      if (digLen == 1 && val == 0) return false; // leading zero
      val = val * 10 + (c - 48);
      digLen++;
      if (val > 255) return false;
    } else if (c == 46) {
      if (i == 0 || i == n - 1 || load<u8>(p + i - 1) == 46) return false;
      if (pos == 3) return false;
      store<u8>(out + off + <usize>pos, <u8>val);
      pos++;
      val = 0;
      digLen = 0;
    } else return false;
  }
  if (pos < 3 || digLen == 0) return false;
  store<u8>(out + off + 3, <u8>val);
  return true;
}

function parseV6(p: usize, n: usize, out: usize): bool {
  memory.fill(out, 0, 16);
  let s = p, end = p + n;
  let ellipsis = -1;
  if (n >= 2 && load<u8>(s) == 58 && load<u8>(s + 1) == 58) {
    ellipsis = 0;
    s += 2;
    if (s == end) return true;
  }
  let i = 0;
  while (i < 16) {
    let off: usize = 0;
    let acc: u32 = 0;
    while (s + off < end) {
      let h = hexVal(<u32>load<u8>(s + off));
      if (h < 0) break;
      acc = (acc << 4) + <u32>h;
      off++;
      if (off > 4) return false;
    }
    if (off == 0) return false;
    if (s + off < end && load<u8>(s + off) == 46) {
      if (ellipsis < 0 && i != 12) return false;
      if (i + 4 > 16) return false;
      if (!parseV4(s, end - s, out, <usize>i)) return false;
      i += 4;
      s = end;
      break;
    }
    store<u8>(out + <usize>i, <u8>(acc >> 8));
    store<u8>(out + <usize>i + 1, <u8>acc);
    i += 2;
    s += off;
    if (s == end) break;
    if (load<u8>(s) != 58) return false;
    if (s + 1 == end) return false;
    s++;
    if (load<u8>(s) == 58) {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      s++;
      if (s == end) break;
    }
  }
  if (s != end) return false;
  if (i < 16) {
    if (ellipsis < 0) return false;
    let k = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) store<u8>(out + <usize>(j + k), load<u8>(out + <usize>j));
    for (let j = ellipsis; j < ellipsis + k; j++) store<u8>(out + <usize>j, 0);
  } else if (ellipsis >= 0) return false;
  return true;
}

/** The address written (0 invalid, 4 dotted IPv4, 6 IPv6 text); 16 bytes at out. */
export function parseIP(p: usize, n: usize, out: usize): i32 {
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 46) {
      memory.fill(out, 0, 10);
      store<u8>(out + 10, 0xFF);
      store<u8>(out + 11, 0xFF);
      return parseV4(p, n, out, 12) ? 4 : 0;
    }
    if (c == 58) return parseV6(p, n, out) ? 6 : 0;
    if (c == 37) return 0;
  }
  return 0;
}

/** IPv4-mapped (Go's To4 succeeds on the 16 bytes). */
export function isV4(a: usize): bool {
  for (let i: usize = 0; i < 10; i++) if (load<u8>(a + i) != 0) return false;
  return load<u8>(a + 10) == 0xFF && load<u8>(a + 11) == 0xFF;
}

/** Keep the first `bits` bits of a (16 bytes), clearing the rest. */
export function maskBits(a: usize, bits: i32): void {
  for (let i = 0; i < 16; i++) {
    let keep = bits - i * 8;
    let m: u32 = keep >= 8 ? 0xFF : (keep <= 0 ? 0 : (0xFF00 >> <u32>keep) & 0xFF);
    store<u8>(a + <usize>i, <u8>(<u32>load<u8>(a + <usize>i) & m));
  }
}

/** Set the bits after the first `bits` (the last address of the block). */
export function fillBits(a: usize, bits: i32): void {
  for (let i = 0; i < 16; i++) {
    let keep = bits - i * 8;
    let m: u32 = keep >= 8 ? 0 : (keep <= 0 ? 0xFF : 0xFF >> <u32>keep);
    store<u8>(a + <usize>i, <u8>(<u32>load<u8>(a + <usize>i) | m));
  }
}

/** Prefix (in 128-bit terms) of the last parseCIDR. */
export let cidrBits: i32 = 0;

/**
 * Go's net.ParseCIDR: writes the masked network address (16 bytes) to out and
 * sets cidrBits (0..128, IPv4 prefixes + 96). Returns false if invalid.
 */
export function parseCIDR(p: usize, n: usize, out: usize): bool {
  let slash: isize = -1;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 47) { slash = <isize>i; break; }
  if (slash < 0) return false;
  let kind = parseIP(p, <usize>slash, out);
  if (kind == 0) return false;
  let m = p + <usize>slash + 1, mn = n - <usize>slash - 1;
  if (mn == 0) return false;
  let v: i32 = 0;
  for (let i: usize = 0; i < mn; i++) {
    let c = <u32>load<u8>(m + i);
    if (!isDigit(c)) return false;
    v = v * 10 + <i32>(c - 48);
    if (v >= 0xFFFFFF) return false;
  }
  let max = kind == 4 ? 32 : 128;
  if (v > max) return false;
  cidrBits = kind == 4 ? v + 96 : v;
  maskBits(out, cidrBits);
  return true;
}

/** Does block (net, bits) contain address a (all 16-byte forms)? Go IPNet.Contains. */
export function blockContains(net: usize, bits: i32, a: usize): bool {
  // Go compares within the family: a v4-like network only holds v4 addresses
  // and vice versa; with 16-byte normalisation that is a plain prefix match
  // except that a v6 network never holds an IPv4-mapped address unless it is
  // itself v4-like.
  let netV4 = isV4(net) && bits >= 96;
  if (netV4 != isV4(a)) return false;
  let full = bits >> 3;
  for (let i = 0; i < full; i++) if (load<u8>(net + <usize>i) != load<u8>(a + <usize>i)) return false;
  let r = bits & 7;
  if (r != 0) {
    let m = <u32>(0xFF00 >> <u32>r) & 0xFF;
    if ((<u32>load<u8>(net + <usize>full) & m) != (<u32>load<u8>(a + <usize>full) & m)) return false;
  }
  return true;
}

export function cmp16(a: usize, b: usize): i32 {
  for (let i: usize = 0; i < 16; i++) {
    let x = load<u8>(a + i), y = load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

// ---- printing ------------------------------------------------------------------

const HEXD: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

function putDec(out: usize, o: usize, v: u32): usize {
  if (v >= 100) store<u8>(out + o++, <u8>(48 + v / 100));
  if (v >= 10) store<u8>(out + o++, <u8>(48 + (v / 10) % 10));
  store<u8>(out + o++, <u8>(48 + v % 10));
  return o;
}

/** Go's IP.String of 16 bytes into out (needs 40 bytes); returns the length. */
export function ipText(a: usize, out: usize): usize {
  let o: usize = 0;
  if (isV4(a)) {
    for (let i: usize = 12; i < 16; i++) {
      if (i > 12) store<u8>(out + o++, 46);
      o = putDec(out, o, load<u8>(a + i));
    }
    return o;
  }
  // longest run (>= 2) of zero groups, first on ties
  let best = -1, bestLen = 0;
  let i = 0;
  while (i < 8) {
    if (load<u16>(a + <usize>(i * 2)) == 0) {
      let j = i;
      while (j < 8 && load<u16>(a + <usize>(j * 2)) == 0) j++;
      if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
      i = j;
    } else i++;
  }
  i = 0;
  while (i < 8) {
    if (i == best) {
      store<u8>(out + o++, 58);
      store<u8>(out + o++, 58);
      i += bestLen;
      continue;
    }
    if (i > 0 && !(i == best + bestLen && best >= 0)) store<u8>(out + o++, 58);
    let g = (<u32>load<u8>(a + <usize>(i * 2)) << 8) | <u32>load<u8>(a + <usize>(i * 2 + 1));
    let started = false;
    for (let s = 12; s >= 0; s -= 4) {
      let d = (g >> <u32>s) & 15;
      if (d != 0 || started || s == 0) { store<u8>(out + o++, load<u8>(HEXD + <usize>d)); started = true; }
    }
    i++;
  }
  return o;
}

/** "addr/prefix" as Go's IPNet.String prints block (net, bits); needs 48 bytes. */
export function cidrText(net: usize, bits: i32, out: usize): usize {
  let o = ipText(net, out);
  store<u8>(out + o++, 47);
  let b = isV4(net) && bits >= 96 ? bits - 96 : bits;
  return putDec(out, o, <u32>b);
}
