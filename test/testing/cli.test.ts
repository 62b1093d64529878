import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/bundle/build.js';
import { cli, GATEWAY, tempTree } from './helpers.js';

const FAILING = {
  'p.rego': `package p

import rego.v1

allow if input.user == "alice"

test_alice if allow with input as {"user": "alice"}

test_bob if {
	print("bob's input:", {"user": "bob"})
	allow with input as {"user": "bob"}
}

boom := x if some x in [1, 2]

test_boom if boom
`,
  'fixtures/users.yaml': `entrypoint: p/allow
cases:
  - { name: alice allowed, input: { user: alice }, expect: allow }
  - { name: carol allowed, input: { user: carol }, expect: allow }
`,
};

describe('policy test: exit codes and the pretty report', () => {
  it('exits 0 when everything passes and closes with the counts', async () => {
    const r = await cli(['test', GATEWAY]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').pop()).toBe('17 passed, 0 failed, 1 skipped');
  });

  it('exits 2 on failures and shows file:line, the fixture diff and the print output', async () => {
    const dir = tempTree(FAILING);
    const r = await cli(['test', dir]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`FAIL ${dir}/p.rego:9: data.p.test_bob\n`);
    expect(r.out).toContain(`print output:\n    bob's input: {"user": "bob"}`);
    expect(r.out).not.toContain('test_alice');
    expect(r.out).toContain(`ERROR ${dir}/p.rego:16: data.p.test_boom\n  error: eval_conflict_error`);
    expect(r.out).toContain(`FAIL ${dir}/fixtures/users.yaml:4: users: carol allowed\n  - expected: allow\n  + actual:   deny\n  input: {"user":"carol"}`);
    expect(r.out.trim().split('\n').pop()).toBe('2 passed, 2 failed, 1 error');
  });

  it('exits 1 on a compile error, a malformed fixture, or a missing path', async () => {
    const bad = tempTree({ 'p.rego': 'package p\n\ntest_x if {\n\ty > 1\n}\n' });
    let r = await cli(['test', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}/p.rego:4:2: rego_unsafe_var_error: var y is unsafe`);

    const fixture = tempTree({ 'p.rego': 'package p\n\nallow := true\n', 'fixtures/f.yaml': 'entrypoint: p/allow\ncases:\n  - name: x\n    expect: maybe\n' });
    r = await cli(['test', fixture]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${fixture}/fixtures/f.yaml:4:13: expect must be allow or deny, not "maybe"`);

    const parse = tempTree({ 'p.rego': 'package p\n\ntest_x if {\n' });
    r = await cli(['test', parse]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${parse}/p.rego:4:1: rego_parse_error`);

    const unknown = tempTree({ 'p.rego': 'package p\n\nallow := true\n', 'fixtures/f.yaml': 'entrypoint: p/nope\ncases:\n  - { name: a, expect: allow }\n' });
    r = await cli(['test', unknown]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${unknown}/fixtures/f.yaml:1:13: p/nope: no rule or package of the policy defines it`);

    r = await cli(['test', '/no/such/dir']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no such file or directory: /no/such/dir');
  });

  it('-v lists every test with its duration', async () => {
    const r = await cli(['test', GATEWAY, '-v']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ {2}data\.demo\.authz_test\.test_planner_may_chat: PASS \(\d+(\.\d+)? (ns|µs|ms)\)/);
    expect(r.out).toMatch(/ {2}data\.demo\.authz_test\.test_decisions\["critic may not embed"\]: PASS/);
    expect(r.out).toContain('  data.demo.authz_test.todo_rate_limits: SKIP');
    expect(r.out).toMatch(/ {2}demo routes: planner × chat: PASS/);
  });

  it('--run filters by name', async () => {
    const r = await cli(['test', GATEWAY, '-v', '--run', 'expired']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('test_expired_delegation_denied: PASS');
    expect(r.out).toContain('demo routes: expired delegation is refused: PASS');
    expect(r.out.trim().split('\n').pop()).toBe('2 passed, 0 failed');
  });
});

describe('policy test: machine formats', () => {
  it('--format json has a summary and one entry per test', async () => {
    const dir = tempTree(FAILING);
    const r = await cli(['test', dir, '--format', 'json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.out);
    expect(doc.summary).toEqual({ passed: 2, failed: 2, errors: 1, skipped: 0, total: 5 });
    const bob = doc.results.find((x: { name: string }) => x.name === 'test_bob');
    expect(bob).toMatchObject({ kind: 'rego', package: 'data.p', status: 'fail', fail: true, location: { file: `${dir}/p.rego`, row: 9, col: 1 }, output: ['bob\'s input: {"user": "bob"}'] });
    expect(typeof bob.duration).toBe('number');
    const carol = doc.results.find((x: { name: string }) => x.name === 'carol allowed');
    expect(carol).toMatchObject({ kind: 'fixture', suite: 'users', expected: { expect: 'allow' }, actual: { allow: false }, input: { user: 'carol' } });
  });

  it('--format junit writes one testsuite per package or fixture suite', async () => {
    const dir = tempTree(FAILING);
    const r = await cli(['test', dir, '--format', 'junit']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="policy test" tests="5" failures="2" errors="1" skipped="0"/);
    expect(r.out).toContain('<testsuite name="data.p" tests="3" failures="1" errors="1" skipped="0"');
    expect(r.out).toContain(`<testcase classname="data.p" name="test_bob" file="${dir}/p.rego" line="9"`);
    expect(r.out).toContain(`<system-out>bob's input: {&quot;user&quot;: &quot;bob&quot;}</system-out>`);
    expect(r.out).toContain('<error message="eval_conflict_error');
    expect(r.out).toContain('<failure message="expected allow, got deny" type="failure">');
    expect(r.out.trim().endsWith('</testsuites>')).toBe(true);
  });
});

describe('policy test: coverage', () => {
  it('prints a per-file table and fails under --threshold with exit 2', async () => {
    let r = await cli(['test', GATEWAY, '--coverage']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/coverage:\n {2}\S+demo\/authz\.rego +100\.0% {2}13\/13 lines\n/);
    expect(r.out).toMatch(/authz_test\.rego +9\d\.\d% {2}\d+\/\d+ lines {2}not covered: \d+/);

    r = await cli(['test', GATEWAY, '--threshold', '99.5']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/coverage 9\d(\.\d+)?% is below the threshold of 99\.5%/);

    r = await cli(['test', GATEWAY, '--threshold', '90']);
    expect(r.code).toBe(0);
  });

  it('--coverage-format writes the document to stdout (report to stderr) or to --coverage-output', async () => {
    let r = await cli(['test', GATEWAY, '--coverage-format', 'lcov']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^TN:\nSF:.*authz\.rego\n/);
    expect(r.err).toContain('17 passed, 0 failed, 1 skipped');

    r = await cli(['test', GATEWAY, '--coverage-format', 'cobertura']);
    expect(r.out).toMatch(/^<\?xml[^\n]*\?>\n<!DOCTYPE coverage/);

    const out = join(tempTree({}), 'coverage.json');
    r = await cli(['test', GATEWAY, '--coverage-output', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('17 passed');
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.files[`${GATEWAY}/demo/authz.rego`]).toMatchObject({ covered_lines: 13, not_covered_lines: 0, coverage: 100 });
  });
});

describe('policy test: --matrix and --bundle', () => {
  it('prints the decision table and marks cells no fixture covers', async () => {
    let r = await cli(['test', GATEWAY, '--matrix', 'demo/authz/allow']);
    expect(r.code).toBe(0);
    expect(r.out).toContain([
      'request.route \\ agent.role  critic  executor  planner',
      '/v1/chat                    deny    allow     allow/deny',
      '/v1/embeddings              deny    allow     deny',
      '/v1/models                  allow   allow     allow',
    ].join('\n'));
    expect(r.out).toContain('every cell is covered by a fixture (9 cells)');

    // Declared column values no case uses show up as uncovered cells.
    const dir = tempTree({
      'demo/authz.rego': readFileSync(join(GATEWAY, 'demo/authz.rego'), 'utf8'),
      'demo/data.json': readFileSync(join(GATEWAY, 'demo/data.json'), 'utf8'),
      'fixtures/planner.yaml': `entrypoint: demo/authz/allow
base: { time_ns: 1 }
identities: { planner: { agent: { role: planner } } }
requests: { chat: { request: { route: /v1/chat, method: POST } } }
cases:
  - { identity: planner, request: chat, expect: allow }
axes:
  rows: { path: request.route, values: data.demo.routes }
  columns: { path: agent.role, values: [planner, auditor] }
`,
    });
    r = await cli(['test', dir, '--matrix', 'data.demo.authz.allow']);
    expect(r.code).toBe(0);
    expect(r.out).toContain([
      'request.route \\ agent.role  planner  auditor',
      '/v1/chat                    allow    ·',
      '/v1/embeddings              ·        ·',
    ].join('\n'));
    expect(r.out).toContain('· = no fixture covers this cell: 5 of 6 cells');

    r = await cli(['test', GATEWAY, '--matrix', 'demo/authz/nothing']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no fixture file has entrypoint demo/authz/nothing');
  });

  it('runs fixtures against a built, signed bundle and verifies it first', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const dir = tempTree({});
    const built = await buildBundle({
      paths: [GATEWAY],
      entrypoints: ['demo/authz/allow', 'demo/authz/reasons'],
      revision: 'test-rev',
      signing: { key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
    });
    const bundle = join(dir, 'bundle.tar.gz');
    writeFileSync(bundle, built.bytes);
    const key = join(dir, 'public.pem');
    writeFileSync(key, publicKey.export({ format: 'pem', type: 'spki' }).toString());

    let r = await cli(['test', join(GATEWAY, 'fixtures'), '--bundle', bundle, '--verification-key', key, '-v']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^fixtures ran against .*bundle\.tar\.gz \(sha256 [0-9a-f]{12}, revision test-rev\)/);
    expect(r.out).toContain('demo routes: expired delegation is refused: PASS');
    expect(r.out.trim().split('\n').pop()).toBe('11 passed, 0 failed');

    // A bundle that does not verify: exit 2, nothing runs.
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    writeFileSync(key, other);
    r = await cli(['test', join(GATEWAY, 'fixtures'), '--bundle', bundle, '--verification-key', key]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('signature verification failed');

    // A bundle without the fixture's entrypoint: a load error.
    const partial = await buildBundle({ paths: [GATEWAY], entrypoints: ['demo/authz/reasons'], revision: 'r' });
    writeFileSync(bundle, partial.bytes);
    r = await cli(['test', join(GATEWAY, 'fixtures'), '--bundle', bundle]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('entrypoint demo/authz/allow is not in the bundle');
  });
});
