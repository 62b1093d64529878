// The example gateway policies (policies/gateway): `policy test` passes every
// Rego unit test and decision fixture, the fixtures prove every route × role
// and model × classification cell, every example identity validates against
// the identity schema, and each example decides as its name says.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaProblem } from '../../src/runtime/identity/index.js';
import { buildMatrices } from '../../src/testing/matrix.js';
import { runTests, type RunOutcome } from '../../src/testing/runner.js';
import { POLICIES, identitySchema as schema, loadGatewayPolicy, type GatewayPolicy } from './gateway-policy.js';

const EXAMPLES = join(POLICIES, 'gateway/examples');

describe('policy test policies/', () => {
  let outcome: RunOutcome;
  beforeAll(async () => {
    outcome = await runTests({ paths: [POLICIES] });
  });

  it('passes every Rego unit test and fixture case', () => {
    const failures = outcome.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`);
    expect(failures).toEqual([]);
    const rego = outcome.results.filter((r) => r.kind === 'rego');
    const fixtures = outcome.results.filter((r) => r.kind === 'fixture');
    expect(rego.length).toBeGreaterThan(50);
    expect(fixtures.length).toBeGreaterThan(100);
    for (const pkg of ['lib.delegation_test', 'lib.classification_test', 'lib.tenancy_test', 'lib.models_test', 'routes.tools_test', 'authz_test']) {
      expect(rego.some((r) => r.suite === `data.gateway.${pkg}`)).toBe(true);
    }
  });

  it('the fixtures prove every route × role and model × classification cell', () => {
    const matrices = buildMatrices('gateway/authz/allow', outcome.suites, outcome.results, outcome.fixtureData);
    const tables = matrices.map((m) => ({ table: `${m.rows.path} × ${m.columns.path}`, cells: m.rows.values.length * m.columns.values.length, uncovered: m.uncovered }));
    expect(tables).toEqual([
      { table: 'request.model × context.classification', cells: 32, uncovered: 0 },
      { table: 'request.route × agent.role', cells: 35, uncovered: 0 },
    ]);
  });
});

describe('example identity objects', () => {
  const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
  let policy: GatewayPolicy;
  beforeAll(() => {
    policy = loadGatewayPolicy();
  });

  it('include allowed and denied requests', () => {
    expect(examples.filter((f) => f.startsWith('allow-')).length).toBeGreaterThanOrEqual(1);
    expect(examples.filter((f) => f.startsWith('deny-')).length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples)('%s validates and decides as named', (file) => {
    const input = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
    expect(schemaProblem(schema, input)).toBeUndefined();
    const { allow, reasons } = policy.decide(input);
    expect(allow).toBe(file.startsWith('allow-'));
    expect(reasons.length === 0).toBe(allow);
  });
});
