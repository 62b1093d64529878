// regex.* builtins against Go regexp (RE2) semantics. Expected values are
// what Go's regexp package returns; where JS RegExp agrees with RE2 (simple
// patterns, ASCII classes), a differential table checks both engines agree.
import { describe, expect, it } from 'vitest';
import { errorOf, rego } from '../helpers/rego.js';

/** Pattern and subject travel through input, so no Rego escaping is needed. */
function match(pattern: string, subject: string): unknown {
  return rego('regex.match(input.p, input.s)', { input: { p: pattern, s: subject } });
}

function call(expr: string, input: Record<string, unknown>): unknown {
  return rego(expr, { input });
}

type MatchCase = [pattern: string, subject: string, expected: boolean];

const matchCases: Record<string, MatchCase[]> = {
  anchors: [
    ['^abc$', 'abc', true],
    ['^abc$', 'xabc', false],
    ['^', '', true],
    ['$', 'abc', true],
    ['foo$', 'foo\n', false], // RE2's $ (without m) is end of text only
    ['\\Afoo', 'foo', true],
    ['foo\\z', 'foo\n', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['^b$', 'a\nb\nc', false],
    ['\\bfoo\\b', 'a foo b', true],
    ['\\bfoo\\b', 'afoob', false],
    ['\\Bfoo', 'afoo', true],
    ['', 'abc', true],
  ],
  'counted repetition {n}': [
    ['^a{2}b$', 'aab', true],
    ['^a{2}b$', 'aaab', false],
    ['^a{2}b$', 'ab', false],
    ['^a{3}b$', 'aaab', true],
    ['a{2}b', 'xaab', true],
    ['^(ab){2}$', 'abab', true],
    ['^(ab){2}$', 'ab', false],
    ['^x{0}y$', 'y', true],
    ['^[a-c]{3}$', 'abc', true],
    ['^[a-c]{3}$', 'abd', false],
    ['^x(a|b){2}y$', 'xbay', true],
    ['^\\d{3}-[a-z]+$', '123-abc', true],
    ['^\\d{3}-[a-z]+$', '12-abc', false],
    ['^(?:\\d{1,3}\\.){3}\\d{1,3}$', '10.0.0.255', true],
  ],
  'counted repetition {n,m} and {n,}': [
    ['^a{2,3}$', 'a', false],
    ['^a{2,3}$', 'aa', true],
    ['^a{2,3}$', 'aaa', true],
    ['^a{2,3}$', 'aaaa', false],
    ['^a{0,2}b$', 'b', true],
    ['^a{0,2}b$', 'aab', true],
    ['^a{0,2}b$', 'aaab', false],
    ['^a{2,}$', 'a', false],
    ['^a{2,}$', 'aa', true],
    ['^a{2,}$', 'aaaaaaa', true],
    ['^(ab){2,3}$', 'ababab', true],
    ['^(ab){2,3}$', 'abababab', false],
    ['^a{2,3}?$', 'aaa', true],
    ['^a{,2}$', 'a{,2}', true], // not a repeat in RE2: literal text
  ],
  'classes and Perl escapes': [
    ['^[^abc]+$', 'xyz', true],
    ['^[^abc]+$', 'xaz', false],
    ['^[[:alpha:]]+$', 'abcXYZ', true],
    ['^[[:alpha:]]+$', 'ab1', false],
    ['^[[:^digit:]]+$', 'ab', true],
    ['^\\w+$', 'abc_123', true],
    ['^\\w+$', 'héllo', false], // \w is ASCII in RE2
    ['^\\s+$', ' \t\n\r\f', true],
    ['^\\s+$', '\u00a0', false], // \s is ASCII in RE2 (JS would say true)
    ['^\\s+$', '\v', false],
    ['^\\D+$', 'abc', true],
    ['^\\D+$', 'a1', false],
    ['^[\\d\\-]+$', '12-34', true],
    ['^\\Q.*\\E$', '.*', true],
    ['^\\Q.*\\E$', 'ab', false],
    ['^\\x41\\x{42}$', 'AB', true],
  ],
  'Unicode': [
    ['^.$', 'é', true], // one rune, two bytes
    ['^..$', 'é', false],
    ['^.$', '\n', false],
    ['(?s)^.$', '\n', true],
    ['^\\pL+$', 'héllo', true],
    ['^\\p{Greek}+$', 'αβγ', true],
    ['^\\p{Greek}+$', 'abc', false],
    ['^\\PL+$', '123', true],
    ['^\\p{Lu}', 'Élan', true],
    ['^\\p{Lu}', 'élan', false],
    ['^[\\x{4e00}-\\x{9fff}]+$', '中文', true],
    ['^\\p{Han}{2}$', '中文', true],
    ['^😀+$', '😀😀', true],
  ],
  'case folding (?i)': [
    ['(?i)^héllo$', 'HÉLLO', true],
    ['(?i)k', '\u212a', true], // Kelvin sign folds to k
    ['(?i)^[a-c]+$', 'AbC', true],
    ['^(?i:ab)c$', 'ABc', true],
    ['^(?i:ab)c$', 'ABC', false],
    ['(?i)σ', 'ς', true],
  ],
  alternation: [
    ['^(cat|dog)s?$', 'dogs', true],
    ['^(cat|dog)s?$', 'cow', false],
    ['^(?:a|ab)c$', 'abc', true],
    ['a|b|c', 'zzc', true],
    ['^(|a)$', '', true],
  ],
};

describe('regex.match (RE2 semantics)', () => {
  for (const [group, cases] of Object.entries(matchCases)) {
    it(group, () => {
      const got = cases.map(([p, s]) => [p, s, match(p, s)]);
      expect(got).toEqual(cases);
    });
  }
});

describe('regex.match agrees with JS RegExp where RE2 and JS coincide', () => {
  const patterns = ['^a{2}b$', 'a{2,3}', '^(ab|cd)+$', '[0-9]{2,}', '^x?y*z+$', '(foo|bar)baz', '^[a-f0-9]{8}-[a-f0-9]{4}$', 'b\\b', '^(a|b)*c{1,2}$'];
  const subjects = ['', 'aab', 'aaab', 'ab', 'abcdab', 'x12', 'xyyzz', 'z', 'barbaz', 'deadbeef-0a1b', 'ab b', 'ababcc', 'ccc'];
  it('on a pattern × subject grid', () => {
    const ours = patterns.map((p) => subjects.map((s) => match(p, s)));
    const js = patterns.map((p) => subjects.map((s) => new RegExp(p, 'u').test(s)));
    expect(ours).toEqual(js);
  });
});

describe('regex.find_n and regex.find_all_string_submatch_n', () => {
  it('finds successive leftmost-first matches, bounded by n', () => {
    const find = (p: string, s: string, n: number) => call('regex.find_n(input.p, input.s, input.n)', { p, s, n });
    expect(find('[0-9]+', 'a1b22c333', -1)).toEqual(['1', '22', '333']);
    expect(find('[0-9]+', 'a1b22c333', 2)).toEqual(['1', '22']);
    expect(find('[0-9]+', 'a1b22c333', 0)).toEqual([]);
    expect(find('[0-9]+', 'abc', -1)).toEqual([]);
    expect(find('a|ab', 'ab', -1)).toEqual(['a']); // leftmost-first, not longest
    // Go skips an empty match right after a previous match (JS yields ["", "aaa", "", ""]).
    expect(find('a*', 'baaab', -1)).toEqual(['', 'aaa', '']);
    expect(find('é|b', 'xébé', -1)).toEqual(['é', 'b', 'é']);
  });

  it('returns every submatch, "" for groups that did not take part', () => {
    const sub = (p: string, s: string, n: number) => call('regex.find_all_string_submatch_n(input.p, input.s, input.n)', { p, s, n });
    expect(sub('(\\w+)@(\\w+)\\.com', 'a@b.com, c@d.com', -1)).toEqual([
      ['a@b.com', 'a', 'b'],
      ['c@d.com', 'c', 'd'],
    ]);
    expect(sub('(a)|(b)', 'ab', -1)).toEqual([
      ['a', 'a', ''],
      ['b', '', 'b'],
    ]);
    expect(sub('(a+)(b*)', 'aab ab', 1)).toEqual([['aab', 'aa', 'b']]);
    expect(sub('x(y)?', 'zz', -1)).toEqual([]);
  });
});

describe('regex.replace (Go ReplaceAllString with $ templates)', () => {
  const replace = (s: string, p: string, r: string) => call('regex.replace(input.s, input.p, input.r)', { s, p, r });
  it('expands numbered and named groups', () => {
    expect(replace('foo-bar', '(\\w+)-(\\w+)', '$2-$1')).toBe('bar-foo');
    expect(replace('John Smith', '(?P<first>\\w+) (?P<last>\\w+)', '${last}, ${first}')).toBe('Smith, John');
    expect(replace('ab', '(a)', '${1}x')).toBe('axb');
    expect(replace('ab', '(a)', '$1x')).toBe('b'); // "$1x" names group "1x", which does not exist
    expect(replace('a', 'a', '$$')).toBe('$');
    expect(replace('aaa', 'a', 'b')).toBe('bbb');
  });
  it('treats empty matches as Go does', () => {
    expect(replace('abc', '', '-')).toBe('-a-b-c-');
    expect(replace('baaac', 'a*', '-')).toBe('-b-c-'); // JS gives "-b--c-"
  });
});

describe('regex.split', () => {
  const split = (p: string, s: string) => call('regex.split(input.p, input.s)', { p, s });
  it('splits around matches as Go Regexp.Split(s, -1)', () => {
    expect(split(',\\s*', 'a, b,c')).toEqual(['a', 'b', 'c']);
    expect(split(',', 'a,,b')).toEqual(['a', '', 'b']);
    expect(split(',', ',a,')).toEqual(['', 'a', '']);
    expect(split('x*', 'axbxc')).toEqual(['a', 'b', 'c']);
    expect(split('', 'abc')).toEqual(['a', 'b', 'c']);
    expect(split('a', '')).toEqual(['']);
    expect(split('z', 'abc')).toEqual(['abc']);
  });
});

describe('regex.template_match', () => {
  const tm = (t: string, s: string, d1: string, d2: string) => call('regex.template_match(input.t, input.s, input.d1, input.d2)', { t, s, d1, d2 });
  it('matches literal text around delimited patterns', () => {
    expect(tm('urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}')).toBe(true);
    expect(tm('urn:foo.bar.com:{.*}', 'urn:foo.com:bar:baz', '{', '}')).toBe(false); // '.' outside delimiters is literal
    expect(tm('urn:foo:<[0-9]{2}>', 'urn:foo:42', '<', '>')).toBe(true);
    expect(tm('urn:foo:<[0-9]{2}>', 'urn:foo:423', '<', '>')).toBe(false);
  });
  it('reports unbalanced delimiters', () => {
    const msg = errorOf(() => rego('regex.template_match("urn:{abc", "urn:x", "{", "}")', { strict: true }));
    expect(msg).toContain('unbalanced braces in "urn:{abc"');
  });
});

describe('invalid patterns', () => {
  const invalid: Array<[pattern: string, message: string]> = [
    ['(unclosed', 'missing closing ): `(unclosed`'],
    ['a)', 'unexpected ): `a)`'],
    ['[a', 'missing closing ]: `[a`'],
    ['*a', 'missing argument to repetition operator: `*`'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['a{1001}', 'invalid repeat count: `{1001}`'],
    ['[z-a]', 'invalid character class range: `z-a`'],
    ['(a)\\1', 'invalid escape sequence: `\\1`'], // no backreferences in RE2
    ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'], // no lookaround
    ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
    ['a\\', 'trailing backslash at end of expression: ``'],
  ];
  it('regex.is_valid is false for each', () => {
    expect(invalid.map(([p]) => call('regex.is_valid(input.p)', { p }))).toEqual(invalid.map(() => false));
  });
  it('strict mode reports Go’s parse error', () => {
    for (const [p, m] of invalid) {
      const msg = errorOf(() => rego('regex.match(input.p, "x")', { input: { p }, strict: true }));
      expect(msg).toContain(`regex.match: error parsing regexp: ${m}`);
    }
  });
  it('is undefined outside strict mode and false for non-strings in is_valid', () => {
    expect(match('(', 'x')).toBeUndefined();
    expect(call('regex.is_valid(input.p)', { p: 42 })).toBe(false);
  });
});

describe('glob.match and glob.quote_meta', () => {
  const glob = (p: string, delims: string[] | null, s: string) => call('glob.match(input.p, input.d, input.s)', { p, d: delims, s });
  it('matches with delimiters, super-asterisks, classes and alternatives', () => {
    expect(glob('api.*.com', ['.'], 'api.example.com')).toBe(true);
    expect(glob('api.*.com', ['.'], 'api.a.b.com')).toBe(false);
    expect(glob('api.**.com', ['.'], 'api.a.b.com')).toBe(true);
    expect(glob('/v1/{chat,embeddings}', ['/'], '/v1/chat')).toBe(true);
    expect(glob('/v1/{chat,embeddings}', ['/'], '/v1/images')).toBe(false);
    expect(glob('file-[0-9]?.txt', [], 'file-7a.txt')).toBe(true);
    expect(glob('file-[!0-9].txt', [], 'file-7.txt')).toBe(false);
    expect(glob('*.é', null, 'x.é')).toBe(true);
    expect(glob('*', [], 'a.b')).toBe(false); // an empty list means the default ["."]
    expect(glob('*', null, 'a.b')).toBe(true); // null means no delimiters
  });
  it('quotes the glob metacharacters', () => {
    expect(call('glob.quote_meta(input.p)', { p: '*.example.com' })).toBe('\\*.example.com');
    expect(call('glob.quote_meta(input.p)', { p: '[a]{b,c}?' })).toBe('\\[a\\]\\{b,c\\}\\?');
  });
});

describe('linear-time matching', () => {
  // Each of these takes exponential time in a backtracking engine.
  const evil: Array<[pattern: string, subject: string]> = [
    ['^(a+)+$', 'a'.repeat(20000) + 'b'],
    ['^(a|a)*$', 'a'.repeat(20000) + 'b'],
    ['^(x+x+)+y$', 'x'.repeat(20000)],
    ['(.*a){12}', 'a'.repeat(2000)],
  ];
  it('stays fast on catastrophic patterns', () => {
    for (const [p, s] of evil) {
      const t0 = performance.now();
      const result = match(p, s);
      const ms = performance.now() - t0;
      expect(typeof result).toBe('boolean');
      expect(ms).toBeLessThan(3000);
    }
  });
  it('grows linearly with the subject', () => {
    const time = (n: number) => {
      const s = 'a'.repeat(n) + 'b';
      const t0 = performance.now();
      call('regex.match(input.p, input.s)', { p: '^(a+)+$', s });
      return performance.now() - t0;
    };
    time(1000); // warm up
    const small = time(20000);
    const large = time(200000);
    expect(large / Math.max(small, 1)).toBeLessThan(40); // 10× input: linear ≈ 10×, quadratic ≈ 100×
  });
});
