#!/usr/bin/env node
// Generates src/wasm-runtime/builtins/time-zones.ts: a compact IANA time zone
// table for the native time.* builtins, from the TZif files of a tzdata
// installation (default /usr/share/zoneinfo, or $ZONEINFO).
//
// Per zone it keeps the zone types, the transitions from 1970-01-01 on up to
// the last one the POSIX rule of the file's footer does not reproduce, and
// that rule (pre-parsed). The runtime looks zones up the way Go's
// time.Location does (transitions, then the footer rule). Instants before
// 1970 use the zone in effect on 1970-01-01.
//
// The default (compact, ~3 KB) table holds the zones of OPA's conformance
// cases and the most used ones; --full writes ~230 names (~28 KB). The full
// table needs the runtime's static data to be allowed past 64 KiB (see
// scripts/build-wasm-runtime.mjs, whose probe instantiates with one page).
//
// Usage: node scripts/gen-time-zones.mjs [--full] [--check]   (--check: fail if stale)
import { readFileSync, writeFileSync, realpathSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/wasm-runtime/builtins/time-zones.ts');
const zoneinfo = process.env.ZONEINFO ?? '/usr/share/zoneinfo';

// The default table: zones of OPA's conformance cases plus the most used
// ones. --full adds many more (about 28 KB instead of a few KB).
const COMPACT = `
America/New_York America/Chicago America/Denver America/Phoenix America/Los_Angeles
America/Sao_Paulo Europe/London Europe/Paris Europe/Berlin Asia/Tokyo Asia/Shanghai
Asia/Kolkata Asia/Calcutta Asia/Singapore Australia/Sydney
US/Eastern US/Central US/Mountain US/Pacific
Etc/UTC Etc/GMT UTC GMT Zulu
`.trim().split(/\s+/);

// Zones in OPA's conformance cases plus widely used ones (and common aliases).
const FULL = `
America/New_York America/Chicago America/Denver America/Phoenix America/Los_Angeles
America/Anchorage America/Adak America/Halifax America/St_Johns America/Toronto
America/Vancouver America/Edmonton America/Winnipeg America/Regina America/Mexico_City
America/Tijuana America/Bogota America/Lima America/Caracas America/Santiago
America/Sao_Paulo America/Argentina/Buenos_Aires America/Buenos_Aires America/Montevideo
America/Panama America/Puerto_Rico America/Havana America/Guatemala America/Costa_Rica
America/Detroit America/Indiana/Indianapolis America/Indianapolis America/Boise
America/Juneau America/Montreal America/Monterrey America/La_Paz America/Asuncion
America/Guayaquil America/Manaus 
Pacific/Honolulu Pacific/Auckland Pacific/Fiji Pacific/Guam Pacific/Port_Moresby
Pacific/Tongatapu Pacific/Apia  Pacific/Kiritimati Pacific/Pago_Pago
Europe/London Europe/Dublin Europe/Lisbon Europe/Paris Europe/Berlin Europe/Madrid
Europe/Rome Europe/Amsterdam Europe/Brussels Europe/Zurich Europe/Vienna Europe/Prague
Europe/Warsaw Europe/Budapest Europe/Stockholm Europe/Oslo Europe/Copenhagen
Europe/Helsinki Europe/Athens Europe/Bucharest Europe/Sofia Europe/Istanbul Europe/Kiev
Europe/Kyiv Europe/Moscow Europe/Minsk Europe/Belgrade Europe/Riga Europe/Vilnius
Europe/Tallinn Europe/Luxembourg Europe/Monaco Europe/Zagreb Europe/Ljubljana
Europe/Bratislava Europe/Sarajevo Europe/Skopje Europe/Malta Europe/Chisinau
 Europe/Kaliningrad 
Africa/Cairo Africa/Johannesburg Africa/Lagos Africa/Nairobi
Africa/Algiers Africa/Accra Africa/Addis_Ababa Africa/Tunis Africa/Khartoum
Africa/Kinshasa Africa/Dar_es_Salaam Africa/Abidjan Africa/Tripoli
Asia/Dubai Asia/Karachi Asia/Kolkata Asia/Calcutta Asia/Kathmandu Asia/Katmandu
Asia/Dhaka Asia/Yangon Asia/Bangkok Asia/Ho_Chi_Minh Asia/Saigon Asia/Jakarta
Asia/Singapore Asia/Kuala_Lumpur Asia/Manila Asia/Hong_Kong Asia/Shanghai Asia/Chongqing
Asia/Taipei Asia/Seoul Asia/Tokyo Asia/Riyadh Asia/Baghdad Asia/Tehran Asia/Jerusalem
Asia/Tel_Aviv Asia/Beirut Asia/Amman Asia/Kabul Asia/Tashkent Asia/Almaty Asia/Colombo
Asia/Vladivostok Asia/Yekaterinburg Asia/Novosibirsk Asia/Qatar Asia/Kuwait Asia/Baku
Asia/Tbilisi Asia/Yerevan Asia/Muscat Asia/Macau Asia/Ulaanbaatar Asia/Irkutsk
    Asia/Phnom_Penh Asia/Vientiane
Asia/Thimphu Asia/Brunei Asia/Makassar Asia/Jayapura Asia/Pyongyang
 Asia/Nicosia
Australia/Sydney Australia/Melbourne Australia/Brisbane Australia/Perth Australia/Adelaide
Australia/Darwin Australia/Hobart Australia/Canberra 
Atlantic/Reykjavik Atlantic/Azores Atlantic/Canary Atlantic/Bermuda Atlantic/Cape_Verde
Indian/Mauritius Indian/Maldives Antarctica/McMurdo
US/Eastern US/Central US/Mountain US/Pacific US/Alaska US/Hawaii US/Arizona
Canada/Eastern Canada/Pacific Canada/Central Canada/Mountain Canada/Atlantic
Etc/UTC Etc/GMT Etc/UCT Etc/Universal Etc/Zulu Etc/Greenwich UTC GMT UCT Universal Zulu
Greenwich GMT0 GMT+0 GMT-0
EST MST HST EST5EDT CST6CDT MST7MDT PST8PDT CET EET WET MET
GB Eire Japan Singapore Hongkong NZ Israel Turkey Egypt PRC ROC ROK Iran Cuba Poland
Portugal Iceland W-SU
`.trim().split(/\s+/);
const ZONES = process.argv.includes('--full') ? FULL : COMPACT;

// Etc/GMT+N / Etc/GMT-N (fixed offsets, sign inverted) are computed at run
// time, not tabled.

const CUTOFF = 0; // 1970-01-01T00:00:00Z
const ABBR_MAX = 8;

function parseTZif(buf) {
  if (buf.toString('latin1', 0, 4) !== 'TZif') throw new Error('not TZif');
  const version = buf[4];
  let off = 0;
  const hdr = (o) => ({
    isutcnt: buf.readUInt32BE(o + 20), isstdcnt: buf.readUInt32BE(o + 24), leapcnt: buf.readUInt32BE(o + 28),
    timecnt: buf.readUInt32BE(o + 32), typecnt: buf.readUInt32BE(o + 36), charcnt: buf.readUInt32BE(o + 40),
  });
  let h = hdr(0);
  off = 44;
  let timeSize = 4;
  if (version >= 0x32) {
    // skip the v1 block
    off += h.timecnt * 4 + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * 8 + h.isstdcnt + h.isutcnt;
    h = hdr(off);
    off += 44;
    timeSize = 8;
  }
  const times = [];
  for (let i = 0; i < h.timecnt; i++) {
    times.push(timeSize === 8 ? Number(buf.readBigInt64BE(off + i * 8)) : buf.readInt32BE(off + i * 4));
  }
  off += h.timecnt * timeSize;
  const idx = [];
  for (let i = 0; i < h.timecnt; i++) idx.push(buf[off + i]);
  off += h.timecnt;
  const types = [];
  for (let i = 0; i < h.typecnt; i++) {
    types.push({ off: buf.readInt32BE(off + i * 6), isdst: buf[off + i * 6 + 4], abbrind: buf[off + i * 6 + 5] });
  }
  off += h.typecnt * 6;
  const chars = buf.toString('latin1', off, off + h.charcnt);
  off += h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;
  for (const t of types) t.abbr = chars.slice(t.abbrind, chars.indexOf('\0', t.abbrind));
  let footer = '';
  if (version >= 0x32 && buf[off] === 0x0a) footer = buf.toString('latin1', off + 1, buf.indexOf(0x0a, off + 1));
  return { times, idx, types, footer };
}

// ---- Go's tzset, ported for verification ------------------------------------
function tzsetName(s) {
  if (!s.length) return null;
  if (s[0] !== '<') {
    for (let i = 0; i < s.length; i++) {
      if ('0123456789,-+'.includes(s[i])) return i < 3 ? null : [s.slice(0, i), s.slice(i)];
    }
    return s.length < 3 ? null : [s, ''];
  }
  const j = s.indexOf('>');
  return j < 0 ? null : [s.slice(1, j), s.slice(j + 1)];
}
function tzsetNum(s, min, max) {
  let i = 0, n = 0;
  while (i < s.length && s[i] >= '0' && s[i] <= '9') { n = n * 10 + (s.charCodeAt(i) - 48); if (n > max) return null; i++; }
  if (i === 0 || n < min) return null;
  return [n, s.slice(i)];
}
function tzsetOffset(s) {
  if (!s.length) return null;
  let neg = false;
  if (s[0] === '+') s = s.slice(1); else if (s[0] === '-') { s = s.slice(1); neg = true; }
  let r = tzsetNum(s, 0, 24 * 7); if (!r) return null;
  let off = r[0] * 3600; s = r[1];
  if (s[0] === ':') {
    r = tzsetNum(s.slice(1), 0, 59); if (!r) return null; off += r[0] * 60; s = r[1];
    if (s[0] === ':') { r = tzsetNum(s.slice(1), 0, 59); if (!r) return null; off += r[0]; s = r[1]; }
  }
  return [neg ? -off : off, s];
}
function tzsetRule(s) {
  const r = { kind: 0, day: 0, week: 0, mon: 0, time: 7200 };
  let x;
  if (s[0] === 'J') { x = tzsetNum(s.slice(1), 1, 365); if (!x) return null; r.kind = 0; r.day = x[0]; s = x[1]; }
  else if (s[0] === 'M') {
    x = tzsetNum(s.slice(1), 1, 12); if (!x || x[1][0] !== '.') return null; r.mon = x[0];
    x = tzsetNum(x[1].slice(1), 1, 5); if (!x || x[1][0] !== '.') return null; r.week = x[0];
    x = tzsetNum(x[1].slice(1), 0, 6); if (!x) return null; r.day = x[0]; s = x[1]; r.kind = 2;
  } else { x = tzsetNum(s, 0, 365); if (!x) return null; r.kind = 1; r.day = x[0]; s = x[1]; }
  if (s[0] === '/') { x = tzsetOffset(s.slice(1)); if (!x) return null; r.time = x[0]; s = x[1]; }
  return [r, s];
}
function parseFooter(s) {
  let x = tzsetName(s); if (!x) return null;
  const std = x[0]; s = x[1];
  x = tzsetOffset(s); if (!x) return null;
  const stdOff = -x[0]; s = x[1];
  if (!s.length || s[0] === ',') return { std, stdOff, dst: null };
  x = tzsetName(s); if (!x) return null;
  const dst = x[0]; s = x[1];
  let dstOff;
  if (!s.length || s[0] === ',') dstOff = stdOff + 3600;
  else { x = tzsetOffset(s); if (!x) return null; dstOff = -x[0]; s = x[1]; }
  if (!s.length) s = ',M3.2.0,M11.1.0';
  if (s[0] !== ',' && s[0] !== ';') return null;
  x = tzsetRule(s.slice(1)); if (!x || x[1][0] !== ',') return null;
  const start = x[0];
  x = tzsetRule(x[1].slice(1)); if (!x || x[1].length) return null;
  return { std, stdOff, dst, dstOff, start, end: x[0] };
}
const isLeap = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const daysIn = (m, y) => (m === 2 && isLeap(y) ? 29 : daysBefore[m] - daysBefore[m - 1]);
function ruleTime(year, r, off) {
  let s;
  if (r.kind === 0) { s = (r.day - 1) * 86400; if (isLeap(year) && r.day >= 60) s += 86400; }
  else if (r.kind === 1) s = r.day * 86400;
  else {
    const m1 = ((r.mon + 9) % 12) + 1;
    let yy0 = year; if (r.mon <= 2) yy0--;
    const yy1 = Math.trunc(yy0 / 100), yy2 = yy0 % 100;
    let dow = (Math.trunc((26 * m1 - 2) / 10) + 1 + yy2 + Math.trunc(yy2 / 4) + Math.trunc(yy1 / 4) - 2 * yy1) % 7;
    if (dow < 0) dow += 7;
    let d = r.day - dow; if (d < 0) d += 7;
    for (let i = 1; i < r.week; i++) { if (d + 7 >= daysIn(r.mon, year)) break; d += 7; }
    d += daysBefore[r.mon - 1]; if (isLeap(year) && r.mon > 2) d++;
    s = d * 86400;
  }
  return s + r.time - off;
}
function ruleLookup(f, sec) {
  if (!f.dst) return { name: f.std, off: f.stdOff };
  const date = new Date(sec * 1000);
  const year = date.getUTCFullYear();
  const ystart = Date.UTC(year, 0, 1) / 1000;
  const ysec = sec - ystart;
  let startSec = ruleTime(year, f.start, f.stdOff), endSec = ruleTime(year, f.end, f.dstOff);
  let stdName = f.std, dstName = f.dst, stdOff = f.stdOff, dstOff = f.dstOff;
  if (endSec < startSec) { [startSec, endSec] = [endSec, startSec]; [stdName, dstName] = [dstName, stdName]; [stdOff, dstOff] = [dstOff, stdOff]; }
  if (ysec < startSec || ysec >= endSec) return { name: stdName, off: stdOff };
  return { name: dstName, off: dstOff };
}

// ---- build -----------------------------------------------------------------------
const bytes = [];
const u8 = (v) => bytes.push(v & 0xff);
const i32 = (v) => { for (let k = 0; k < 4; k++) bytes.push((v >>> (8 * k)) & 0xff); };
const u16 = (v) => { bytes.push(v & 0xff, (v >>> 8) & 0xff); };
const abbr = (s) => {
  if (s.length > ABBR_MAX) throw new Error('abbreviation too long: ' + s);
  u8(s.length);
  for (let k = 0; k < s.length; k++) u8(s.charCodeAt(k));
};
const rule = (r) => { u8(r.kind); u8(r.mon); u8(r.week); u16(r.day); i32(r.time); };

const byFile = new Map(); // file content -> data offset
const byRecord = new Map(); // record bytes -> data offset
const entries = [];
let totalTx = 0;
for (const name of ZONES) {
  const file = join(zoneinfo, name);
  if (!existsSync(file)) { console.error(`skip ${name}: not in ${zoneinfo}`); continue; }
  const real = realpathSync(file);
  const content = readFileSync(real);
  const key = content.toString('base64');
  if (byFile.has(key)) { entries.push([name, byFile.get(key)]); continue; }
  const z = parseTZif(content);
  const f = z.footer ? parseFooter(z.footer) : null;
  if (z.footer && !f) throw new Error(`${name}: cannot parse footer ${z.footer}`);
  // transitions from the cutoff on
  let first = z.times.findIndex((t) => t >= CUTOFF);
  if (first < 0) first = z.times.length;
  let initial; // type in effect just before the first kept transition
  if (first > 0) initial = z.idx[first - 1];
  else {
    // Go's lookupFirstZone
    const used = z.idx.includes(0);
    initial = 0;
    if (used) {
      let found = -1;
      if (z.idx.length && z.types[z.idx[0]].isdst) for (let zi = z.idx[0] - 1; zi >= 0; zi--) if (!z.types[zi].isdst) { found = zi; break; }
      if (found < 0) found = z.types.findIndex((t) => !t.isdst);
      initial = found < 0 ? 0 : found;
    }
  }
  let kept = z.times.slice(first).map((t, k) => [t, z.idx[first + k]]);
  // drop trailing transitions the footer rule reproduces (Go applies the
  // rule after the last transition)
  if (f) {
    const agrees = (k) => {
      // rule must match the table from transition k to the end
      for (let j = k; j < kept.length; j++) {
        const [t, ti] = kept[j];
        const ty = z.types[ti];
        for (const s of j + 1 < kept.length ? [t, t + 3600, kept[j + 1][0] - 1] : [t, t + 3600]) {
          const r = ruleLookup(f, s);
          if (r.off !== ty.off || r.name !== ty.abbr) return false;
        }
      }
      return true;
    };
    let k = kept.length; // smallest index from which the rule matches the table
    while (k > 0 && agrees(k - 1)) k--;
    // keep kept[k] as the last transition: the rule takes over after it
    kept = kept.slice(0, Math.min(kept.length, k + 1));
  }
  for (const [t] of kept) if (t < 0 || t > 0xffffffff) throw new Error(`${name}: transition outside 1970..2106`);
  totalTx += kept.length;
  // types actually referenced
  const usedTypes = [...new Set([initial, ...kept.map(([, ti]) => ti)])];
  const remap = new Map(usedTypes.map((t, k) => [t, k]));
  const recStart = bytes.length;
  const offset = recStart;
  u8(usedTypes.length);
  for (const ti of usedTypes) { const ty = z.types[ti]; i32(ty.off); u8(ty.isdst); abbr(ty.abbr); }
  u8(remap.get(initial));
  u16(kept.length);
  // transitions: u8 type, then the time as a u16 delta in quarter hours from
  // the previous one, or 0xFFFF and u32 seconds since 1970
  let prev = -1;
  for (const [t, ti] of kept) {
    u8(remap.get(ti));
    const d = (t - prev) / 900;
    if (prev >= 0 && Number.isInteger(d) && d < 0xffff) u16(d);
    else { u16(0xffff); i32(t); }
    prev = t;
  }
  if (!f) u8(0);
  else if (!f.dst) { u8(1); i32(f.stdOff); abbr(f.std); }
  else { u8(2); i32(f.stdOff); abbr(f.std); i32(f.dstOff); abbr(f.dst); rule(f.start); rule(f.end); }
  // share identical records (zones whose post-1970 history is the same)
  const rec = bytes.slice(recStart).join(',');
  const same = byRecord.get(rec);
  if (same !== undefined) {
    bytes.length = recStart;
    totalTx -= kept.length;
    byFile.set(key, same);
    entries.push([name, same]);
    continue;
  }
  byRecord.set(rec, offset);
  byFile.set(key, offset);
  entries.push([name, offset]);
}

const names = [];
const index = [];
for (const [name, off] of entries) {
  const no = names.length;
  for (const c of name) names.push(c.charCodeAt(0));
  index.push(no & 0xff, no >>> 8, name.length, 0, off & 0xff, (off >>> 8) & 0xff, (off >>> 16) & 0xff, 0);
}

const fmt = (arr) => {
  const lines = [];
  for (let i = 0; i < arr.length; i += 32) lines.push('  ' + arr.slice(i, i + 32).join(', ') + ',');
  return lines.join('\n');
};
const text = `// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// GENERATED by scripts/gen-time-zones.mjs${process.argv.includes('--full') ? ' --full' : ''} from tzdata TZif files — do not edit.
// ${entries.length} zone names, ${byRecord.size} distinct zones, ${totalTx} transitions since 1970.
// Layout: see time-tz.ts.

export const TZ_COUNT: i32 = ${entries.length};

/** Per name: u16 name offset, u8 name length, u8 0, u24 data offset, u8 0. */
export const TZ_INDEX: usize = memory.data<u8>([
${fmt(index)}
]);

export const TZ_NAMES: usize = memory.data<u8>([
${fmt(names)}
]);

export const TZ_DATA: usize = memory.data<u8>([
${fmt(bytes)}
]);
`;
if (process.argv.includes('--check')) {
  const cur = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (cur !== text) { console.error('time-zones.ts is stale'); process.exit(1); }
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${entries.length} names, ${byRecord.size} zones, ${totalTx} transitions, ${bytes.length + names.length + index.length} bytes`);
}
