// glob.match's direct matcher (ASCII literals, ?, *, **, escapes, simple
// classes, non-nested alternatives; no compile) must agree with the general
// path (compile to a regex program, run the Pike VM) and with the gobwas
// semantics written out as a JS regex. Appending `{é,}` to a pattern (an
// optional "é") means the same glob for an ASCII subject but always takes
// the general path, so one evaluation compares both on many cases.
import { describe, expect, it } from 'vitest';
import { rego } from '../helpers/rego.js';

interface Case {
  p: string;
  d: string[] | null;
  s: string;
}

/** gobwas semantics as a JS regex: `*` a run of non-separators, `**` any
 * run, `?` one non-separator, classes, `{a,b}` alternatives. */
function reference(c: Case): boolean {
  const seps = c.d === null ? [] : c.d.length === 0 ? ['.'] : c.d;
  const notSep = seps.length ? `[^${seps.map((x) => x.replace(/[\\\]^-]/g, '\\$&')).join('')}]` : '[\\s\\S]';
  const esc = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const p = c.p;
  let i = 0;
  const seq = (inBraces: boolean): string => {
    let re = '';
    while (i < p.length) {
      const ch = p[i];
      if (inBraces && (ch === ',' || ch === '}')) break;
      i++;
      if (ch === '*') {
        if (p[i] === '*') {
          re += '[\\s\\S]*';
          i++;
        } else re += `${notSep}*`;
      } else if (ch === '?') re += notSep;
      else if (ch === '[') {
        const not = p[i] === '!';
        if (not) i++;
        const close = p.indexOf(']', i);
        const body = p.slice(i, close);
        i = close + 1;
        const set = /^[a-zA-Z0-9]-[a-zA-Z0-9]$/.test(body) ? `${esc(body[0])}-${esc(body[2])}` : [...body].map(esc).join('');
        re += not ? `[^${set}]` : `[${set}]`;
      } else if (ch === '{') {
        const alts: string[] = [];
        for (;;) {
          alts.push(seq(true));
          if (p[i++] !== ',') break;
        }
        re += `(?:${alts.join('|')})`;
      } else if (ch === '\\') {
        if (i < p.length) re += esc(p[i++]); // a trailing backslash is dropped
      } else re += esc(ch);
    }
    return re;
  };
  return new RegExp(`^${seq(false)}$`, 'u').test(c.s);
}

/** Both paths over all cases in one evaluation: [[fast, general], …]. */
function bothPaths(cases: Case[]): Array<[boolean, boolean]> {
  return rego('[[glob.match(c.p, c.d, c.s), glob.match(concat("", [c.p, "{é,}"]), c.d, c.s)] | some c in input]', { input: cases }) as Array<
    [boolean, boolean]
  >;
}

function randomCases(seed: number, n: number): Case[] {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const chars = ['a', 'b', 'c', '.', '/', 'x', '*', '?', '\\', ']', ',', '5'];
  // Pattern pieces, each with a generator of text it might match.
  const pieces: Array<[string, () => string]> = [
    ['a', () => 'a'], ['b', () => 'b'], ['.', () => '.'], ['/', () => '/'], ['x', () => 'x'], [']', () => ']'],
    ['}', () => '}'], [',', () => ','], ['\\*', () => '*'], ['\\?', () => '?'], ['\\\\', () => '\\'],
    ['?', () => pick(chars)], ['*', () => Array.from({ length: Math.floor(rand() * 3) }, () => pick(chars)).join('')],
    ['**', () => Array.from({ length: Math.floor(rand() * 4) }, () => pick(chars)).join('')],
    ['[ab]', () => pick(['a', 'b', 'c'])], ['[!a]', () => pick(['a', '.', '/', 'b'])], ['[a-c]', () => pick(['a', 'c', 'x'])],
    ['[!0-9]', () => pick(['5', 'a', '.'])], ['{a,b}', () => pick(['a', 'b', 'c'])], ['{*.,?}', () => pick(['x.', '.', 'a', '/', ''])],
    ['{,x}', () => pick(['', 'x'])], ['{a\\,b,c}', () => pick(['a,b', 'c', 'a'])], ['{/*,**}', () => pick(['/', '/a', 'a/b', ''])],
  ];
  const delims: Array<string[] | null> = [['.'], ['/'], ['.', '/'], null, [], ['a']];
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    let p = '';
    let subject = '';
    const plen = Math.floor(rand() * 8);
    for (let k = 0; k < plen; k++) {
      const [text, sample] = pick(pieces);
      p += text;
      subject += sample();
    }
    // Near misses too: drop, add or change a character.
    const r = rand();
    const at = Math.floor(rand() * (subject.length + 1));
    if (r < 0.15) subject = subject.slice(0, at) + subject.slice(at + 1);
    else if (r < 0.3) subject = subject.slice(0, at) + pick(chars) + subject.slice(at);
    else if (r < 0.4) subject = subject.slice(0, at) + pick(chars) + subject.slice(at + 1);
    cases.push({ p, d: pick(delims), s: subject });
  }
  return cases;
}

describe('glob.match direct matcher', () => {
  it('agrees with the compiled general path and the reference on random globs', () => {
    const cases = randomCases(12345, 3000);
    const results = bothPaths(cases);
    cases.forEach((c, i) => {
      const [fast, general] = results[i];
      expect(fast, JSON.stringify(c)).toBe(general);
      expect(fast, JSON.stringify(c)).toBe(reference(c));
    });
    // the cases exercise both outcomes
    expect(results.filter(([fast]) => fast).length).toBeGreaterThan(cases.length / 4);
    expect(results.filter(([fast]) => !fast).length).toBeGreaterThan(cases.length / 4);
  });

  it('matches route and host patterns', () => {
    const cases: Case[] = [
      { p: 'api.*.example.com', d: ['.'], s: 'api.foo.example.com' },
      { p: 'api.*.example.com', d: ['.'], s: 'api.foo.bar.example.com' },
      { p: 'api.**.example.com', d: ['.'], s: 'api.foo.bar.example.com' },
      { p: '/v1/**/completions', d: ['/'], s: '/v1/chat/x/completions' },
      { p: '/v1/*/completions', d: ['/'], s: '/v1/chat/x/completions' },
      { p: '/v1/*', d: ['/'], s: '/v1/' },
      { p: '*', d: [], s: 'a.b' },
      { p: '*', d: null, s: 'a.b' },
      { p: '', d: null, s: '' },
      { p: '', d: null, s: 'a' },
      { p: '???', d: ['.'], s: 'a.c' },
      { p: '\\*\\?', d: null, s: '*?' },
      { p: 'a***b', d: ['.'], s: 'a.x.b' },
      { p: '*a*a*a*a*a*b', d: ['/'], s: 'a'.repeat(40) },
      { p: '**' + 'ab'.repeat(40), d: null, s: 'ab'.repeat(41) }, // more items than the direct matcher takes
      { p: '/v1/{chat,embeddings}/*', d: ['/'], s: '/v1/embeddings/x' },
      { p: '/v1/{chat,embeddings}/*', d: ['/'], s: '/v1/images/x' },
      { p: '{a,b}{c,d}{e,f}', d: null, s: 'bde' },
      { p: 'file-[0-9][a-z]', d: [], s: 'file-7a' },
      { p: 'file-[!0-9]', d: [], s: 'file-7' },
      { p: '[!a]', d: ['.'], s: '.' }, // a negated class matches separators too
    ];
    const expected = [true, false, true, true, false, true, false, true, true, false, false, true, true, false, true, true, false, true, true, false, true];
    const results = bothPaths(cases);
    cases.forEach((c, i) => {
      expect(results[i][0], JSON.stringify(c)).toBe(expected[i]);
      expect(results[i][1], JSON.stringify(c)).toBe(expected[i]);
      expect(reference(c), JSON.stringify(c)).toBe(expected[i]);
    });
  });

  it('drops a trailing backslash, as gobwas does', () => {
    // (not comparable through braces: `{ab\}` escapes the closing brace)
    expect(rego('glob.match(input.p, null, "ab")', { input: { p: 'ab\\' } })).toBe(true);
    expect(rego('glob.match(input.p, null, "ab\\\\")', { input: { p: 'ab\\' } })).toBe(false);
  });

  it('leaves non-ASCII patterns and subjects, other bracket forms and nested braces to the general path', () => {
    const cases: Case[] = [
      { p: '*.é', d: null, s: 'x.é' },
      { p: '?', d: null, s: 'é' },
      { p: '?', d: ['.'], s: '😀' },
      { p: 'a?c', d: ['é'], s: 'aéc' },
      { p: 'a*', d: ['é'], s: 'abéc' },
      { p: 'a*', d: ['é'], s: 'abc' },
      { p: 'file-[_a]?', d: [], s: 'file-_a' },
      { p: '{a,{b,c}}*', d: [], s: 'cd' },
      { p: '{a,b', d: [], s: 'b' }, // an unclosed brace is accepted
    ];
    const expected = [true, true, true, false, false, true, true, true, true];
    const results = bothPaths(cases);
    cases.forEach((c, i) => expect(results[i][0], JSON.stringify(c)).toBe(expected[i]));
  });
});
