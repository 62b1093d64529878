// Go's base64 decoding for the JWT builtins (token sections, PEM bodies):
// padded, non-strict (CR and LF are skipped, trailing bits are ignored), so
// that what decodes and what fails match OPA, error offsets included.

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const decodeMap = (alphabet: string) => {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
};
export const STD_MAP = decodeMap(STD);
const URL_MAP = decodeMap(URL);

export function goBase64Decode(src: Uint8Array, map: Int16Array): Buffer {
  const corrupt = (at: number) => new Error(`illegal base64 data at input byte ${at}`);
  const isNl = (c: number) => c === 0x0a || c === 0x0d;
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let last = false;
    let trailing = -1;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw corrupt(si - j);
      }
      const c = src[si++];
      const d = map[c];
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (isNl(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d || j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNl(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNl(src[si])) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      last = true;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    if (dlen >= 2) out.push((val >> 16) & 0xff);
    if (dlen >= 3) out.push((val >> 8) & 0xff);
    if (dlen === 4) out.push(val & 0xff);
    if (trailing >= 0) throw corrupt(trailing);
    if (last) return Buffer.from(out);
  }
}

/** OPA's base64url.decode: padding is optional, added per RFC 7515 appendix C. */
export function base64UrlDecode(s: string): Buffer {
  let bytes = Buffer.from(s, 'utf8');
  if (!s.endsWith('=')) {
    switch (bytes.length % 4) {
      case 0:
        break;
      case 2:
        bytes = Buffer.concat([bytes, Buffer.from('==')]);
        break;
      case 3:
        bytes = Buffer.concat([bytes, Buffer.from('=')]);
        break;
      default:
        throw new Error(`illegal base64url string: ${s}`);
    }
  }
  return goBase64Decode(bytes, URL_MAP);
}
