import { describe, expect, it } from 'vitest';
import { FixtureError, parseFixture } from '../../src/testing/fixtures.js';
import { runTests } from '../../src/testing/runner.js';
import { GATEWAY, tempTree } from './helpers.js';

const FILE = 'fixtures/chat.yaml';

function errorOf(text: string): string {
  try {
    parseFixture(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(FixtureError);
    return (e as Error).message;
  }
  throw new Error('expected a FixtureError');
}

describe('fixture format', () => {
  it('builds each case input from base, identity fragments, request fragments and input, in that order', () => {
    const suite = parseFixture(`
entrypoint: data.gw.allow
base: { time_ns: 5, agent: { tenant: acme } }
identities:
  planner: &planner { agent: { role: planner }, delegation: { scopes: [chat] } }
  expired: { delegation: { expires_at_ns: 1 } }
requests:
  chat: { request: { route: /chat, method: POST } }
cases:
  - name: combined
    identity: [planner, expired]
    request: chat
    input: { request: { method: GET }, delegation: { scopes: [] } }
    expect: deny
  - identity: *planner
    request: { request: { route: /inline } }
    expect: allow
  - identity: planner
    request: chat
    expect: allow
`, FILE);
    expect(suite.entrypoint).toBe('data.gw.allow');
    expect(suite.suite).toBe('chat');
    expect(suite.cases.map((c) => c.name)).toEqual(['combined', 'case 2', 'planner × chat']);
    expect(suite.cases[0].input).toEqual({
      time_ns: 5,
      agent: { tenant: 'acme', role: 'planner' },
      delegation: { scopes: [], expires_at_ns: 1 },
      request: { route: '/chat', method: 'GET' },
    });
    expect(suite.cases[1].input).toEqual({ time_ns: 5, agent: { tenant: 'acme', role: 'planner' }, delegation: { scopes: ['chat'] }, request: { route: '/inline' } });
    expect(suite.cases[0].location).toEqual({ file: FILE, row: 10, col: 5 });
  });

  it('reads exact and `contains` reason expectations', () => {
    const suite = parseFixture(`
entrypoint: gw/allow
cases:
  - { name: a, expect: deny, reasons: [x, y] }
  - { name: b, expect: deny, reasons: { contains: [x] } }
`, FILE);
    expect(suite.cases.map((c) => c.reasons)).toEqual([{ exact: ['x', 'y'] }, { contains: ['x'] }]);
  });

  it('expands the matrix: listed pairs expect their decision, others the default, plain cases are not repeated', () => {
    const suite = parseFixture(`
entrypoint: gw/allow
defaults: { expect: deny }
identities: { a: { role: a }, b: { role: b } }
requests: { r1: { route: r1 }, r2: { route: r2 } }
cases:
  - { identity: b, request: r2, expect: deny }
matrix:
  identities: [a, b]
  requests: [r1, r2]
  allow: { a: [r1, r2] }
`, FILE);
    const table = suite.cases.map((c) => [c.name, c.expect, c.fromMatrix]);
    expect(table).toEqual([
      ['b × r2', 'deny', false],
      ['a × r1', 'allow', true],
      ['a × r2', 'allow', true],
      ['b × r1', 'deny', true],
    ]);
    expect(suite.cases[1].input).toEqual({ role: 'a', route: 'r1' });
  });

  it('reads axes as dotted paths or { path, values }', () => {
    const suite = parseFixture(`
entrypoint: gw/allow
axes:
  rows: { path: input.request.route, values: data.gw.routes }
  columns: agent.role
`, FILE);
    expect(suite.axes).toEqual({ rows: { path: ['request', 'route'], values: 'data.gw.routes' }, columns: { path: ['agent', 'role'] } });
  });

  it('reports malformed fixtures with file:line:col', () => {
    expect(errorOf('cases: []\n')).toBe(`${FILE}:1:1: missing entrypoint`);
    expect(errorOf('entrypoint: a/b\ncases:\n  - name: x\n    expect: alow\n')).toBe(`${FILE}:4:13: expect must be allow or deny, not "alow"`);
    expect(errorOf('entrypoint: a/b\ncases:\n  - name: x\n    expcet: allow\n')).toBe(`${FILE}:4:5: unknown key "expcet" (expected one of name, identity, request, input, expect, reasons)`);
    expect(errorOf('entrypoint: a/b\ncases:\n  - name: x\n')).toBe(`${FILE}:3:5: a case needs \`expect: allow\` or \`expect: deny\``);
    expect(errorOf('entrypoint: a/b\nidentities: { p: {} }\ncases:\n  - name: x\n    identity: nobody\n    expect: allow\n')).toBe(`${FILE}:5:15: unknown identity "nobody" (not in identities)`);
    expect(errorOf('entrypoint: a/b\ncases:\n  - { name: x, expect: allow }\n  - { name: x, expect: deny }\n')).toBe(`${FILE}:4:5: duplicate case name "x" (first at line 3)`);
    expect(errorOf('entrypoint: a/b\nmatrix:\n  identities: [p]\n  requests: []\n')).toBe(`${FILE}:3:16: unknown name "p" (not in identities)`);
    expect(errorOf('entrypoint: a/b\ncases:\n  - name: x\n    expect: [allow\n')).toMatch(new RegExp(`^${FILE}:5:1: invalid YAML: `));
    expect(errorOf('entrypoint: a/b\ncases:\n  - name: x\n    input: 3\n    expect: allow\n')).toBe(`${FILE}:4:12: expected input to be a mapping`);
  });
});

describe('running fixtures', () => {
  it('passes when decision and reasons match and reports a diff when they do not', async () => {
    const dir = tempTree({
      'p.rego': 'package p\n\nimport rego.v1\n\nallow if input.user == "alice"\n\nreasons contains "not alice" if input.user != "alice"\n',
      'fixtures/users.yaml': `entrypoint: p/allow
cases:
  - { name: alice, input: { user: alice }, expect: allow, reasons: [] }
  - { name: bob, input: { user: bob }, expect: deny, reasons: [not alice] }
  - { name: bob wrongly expected, input: { user: bob }, expect: allow }
  - { name: wrong reasons, input: { user: bob }, expect: deny, reasons: { contains: [no such reason] } }
`,
    });
    const { results } = await runTests({ paths: [dir] });
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['alice', 'pass'], ['bob', 'pass'], ['bob wrongly expected', 'fail'], ['wrong reasons', 'fail'],
    ]);
    expect(results[2].actual).toEqual({ allow: false, reasons: ['not alice'] });
    expect(results[2].message).toBe('expected allow, got deny');
    expect(results[3].message).toBe('missing reasons ["no such reason"]');
    expect(results[2].location).toEqual({ file: `${dir}/fixtures/users.yaml`, row: 5, col: 5 });
  });

  it('runs the gateway fixtures (data loaded from data.json, reasons detected) and they pass', async () => {
    const { results } = await runTests({ paths: [GATEWAY] });
    const fixtures = results.filter((r) => r.kind === 'fixture');
    expect(fixtures.length).toBe(11);
    expect(fixtures.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(fixtures.find((r) => r.name === 'expired delegation is refused')!.actual).toEqual({ allow: false, reasons: ['delegation expired'] });
  });
});
