// `policy test` without the CLI: find tests and fixtures, compile every test
// rule and fixture entrypoint into ONE WASM module, evaluate each through the
// OPA SDK, and collect results (and coverage). With a bundle, fixtures run
// against the bundle's own module and data: exactly what ships.

import { readFileSync } from 'node:fs';
import { loadDataFiles, DataFileError } from '../bundle/data.js';
import { readBundle, BundleError, type Bundle } from '../bundle/read.js';
import { loadVerificationKeys } from '../bundle/keys.js';
import { verifyBundle } from '../bundle/verify.js';
import { compile, entrypointName, entrypointPath, type CompileResult } from '../compiler/compile.js';
import { RegoErrors } from '../compiler/errors.js';
import { parseAndCheck, readSources } from '../compiler/frontend.js';
import { coverableLines, coverageReport, type CoverageReport } from './coverage.js';
import { discover, DiscoveryError } from './discover.js';
import { PolicyEngine } from './engine.js';
import { FixtureError, loadFixtureFile, normalizeEntrypoint, type FixtureSuite } from './fixtures.js';
import { runFixtureSuite } from './run-fixtures.js';
import { runRegoTest } from './run-rego.js';
import { definesRule, discoverTests, withCaseRules, type TestSources } from './rego-tests.js';
import type { TestResult } from './results.js';

export interface RunOptions {
  paths: string[];
  /** Run fixtures against this built bundle (.tar.gz) instead of the compiled sources. */
  bundle?: string;
  /** Verify the bundle's signature with this key (PEM, JWKS, or a file holding one) before running. */
  verificationKey?: string;
  /** Only tests whose id matches. */
  run?: RegExp;
  coverage?: boolean;
  strictBuiltinErrors?: boolean;
}

export interface RunOutcome {
  results: TestResult[];
  suites: FixtureSuite[];
  coverage?: CoverageReport;
  /** The data the fixtures ran against (for matrix axes given as data paths). */
  fixtureData: unknown;
  /** Things the user should know that do not stop the run. */
  warnings: string[];
  /** Where fixtures ran: `source` or the bundle's path and digest. */
  target: { kind: 'source' } | { kind: 'bundle'; path: string; digest: string; revision?: string };
}

/** A problem loading or compiling: `policy test` exits 1. */
export class LoadError extends Error {}

/** The bundle's signature did not verify: `policy test` exits 2, as `policy verify` does. */
export class VerificationFailed extends Error {}

export async function runTests(opts: RunOptions): Promise<RunOutcome> {
  const found = guard(() => discover(opts.paths));
  const suites = found.fixtureFiles.map((f) => guard(() => loadFixtureFile(f)));
  const sources = discoverTests(guard(() => readSources(found.regoFiles)));
  const data = guard(() => loadDataFiles(found.dataRoots));
  const bundle = opts.bundle ? await loadBundle(opts.bundle, opts.verificationKey) : undefined;
  if (!bundle && suites.length && found.regoFiles.length === 0) {
    throw new LoadError('fixtures need a policy: give the directories holding the .rego files, or --bundle');
  }

  const sourceFixtures = bundle ? [] : suites;
  const warnings: string[] = [];
  const compiled = compileSources(sources, sourceFixtures, opts, warnings);
  const engine = compiled ? new PolicyEngine(compiled.wasm, data) : undefined;

  const results: TestResult[] = [];
  const selected = (id: string) => !opts.run || opts.run.test(id);
  if (engine) for (const t of sources.tests) results.push(...runRegoTest(engine, t, selected));

  let fixtureEngine = engine;
  let fixtureData: unknown = data;
  if (bundle) {
    if (!bundle.wasm) throw new LoadError(`${opts.bundle}: the bundle has no policy.wasm`);
    fixtureEngine = guard(() => new PolicyEngine(bundle.wasm!, bundle.data));
    fixtureData = bundle.data;
  }
  for (const suite of suites) {
    const reasons = resolveReasons(suite, (ep) => (bundle ? fixtureEngine!.hasEntrypoint(ep) : definesRule(sources.modules, ep)));
    if (bundle) {
      for (const ep of [suite.entrypoint, reasons]) {
        if (ep && !fixtureEngine!.hasEntrypoint(normalize(ep))) {
          const at = suite.entrypointLocation;
          throw new LoadError(`${at.file}:${at.row}:${at.col}: entrypoint ${ep} is not in the bundle (it has ${fixtureEngine!.entrypoints.join(', ')})`);
        }
      }
    }
    results.push(...runFixtureSuite(fixtureEngine!, suite, reasons, selected));
  }

  let coverage: CoverageReport | undefined;
  if (opts.coverage && compiled?.coverage && engine) {
    const flags = engine.coverageFlags(compiled.coverage.offset, compiled.coverage.points.length);
    coverage = coverageReport(coverableLines(sources.modules), compiled.coverage.points, flags, sources.lineCounts);
  }
  const target: RunOutcome['target'] = bundle
    ? { kind: 'bundle', path: opts.bundle!, digest: bundle.digest, revision: bundle.manifest.revision }
    : { kind: 'source' };
  return { results, suites, coverage, fixtureData, target, warnings };
}

/** One module for every test rule, case list and fixture entrypoint; undefined when there is nothing to compile. */
function compileSources(sources: TestSources, suites: FixtureSuite[], opts: RunOptions, warnings: string[]): CompileResult | undefined {
  if (sources.files.length === 0) return undefined;
  const entrypoints = new Set<string>();
  for (const t of sources.tests) if (!t.skip) entrypoints.add(t.entrypoint);
  for (const s of suites) {
    for (const ep of [s.entrypoint, typeof s.reasons === 'string' ? s.reasons : undefined]) {
      if (ep && !definesRule(sources.modules, ep)) {
        const at = s.entrypointLocation;
        throw new LoadError(`${at.file}:${at.row}:${at.col}: ${ep}: no rule or package of the policy defines it`);
      }
    }
    entrypoints.add(normalize(s.entrypoint));
    const reasons = resolveReasons(s, (ep) => definesRule(sources.modules, ep));
    if (reasons) entrypoints.add(reasons);
  }
  if (entrypoints.size === 0) {
    // Nothing to run, but sources that do not check are still an error.
    const { errors } = parseAndCheck(sources.files);
    if (errors.length) throw new LoadError(errors.map((e) => e.message).join('\n'));
    return undefined;
  }
  // A case rule that does not compile on its own is dropped (its test then
  // reports passing cases only); an error anywhere else is the user's.
  let rules = sources.caseRules;
  for (;;) {
    const { files, rows } = withCaseRules(sources, rules);
    const caseEntrypoints = rules.map((r) => r.test.cases!);
    try {
      return compile(files, { entrypoints: [...entrypoints, ...caseEntrypoints], coverage: opts.coverage, strictBuiltinErrors: opts.strictBuiltinErrors });
    } catch (e) {
      if (!(e instanceof RegoErrors)) throw e;
      const broken = rules.filter((r) => e.errors.some((err) => {
        const at = rows.get(r)!;
        return err.loc?.file === at.file && err.loc.row >= at.from && err.loc.row <= at.to;
      }));
      if (broken.length === 0) throw new LoadError(e.message);
      for (const r of broken) {
        r.test.cases = undefined;
        const at = r.test.location;
        warnings.push(`${at.file}:${at.row}: ${r.test.name}: its cases cannot be listed apart from the rest of the body, so only passing cases are reported`);
      }
      rules = rules.filter((r) => !broken.includes(r));
    }
  }
}

/** The reasons entrypoint of a suite: explicit, none, or `<package>/reasons` when the policy defines it. */
export function resolveReasons(suite: FixtureSuite, exists: (entrypoint: string) => boolean): string | undefined {
  if (suite.reasons === false) return undefined;
  if (typeof suite.reasons === 'string') return normalize(suite.reasons);
  const path = entrypointPath(suite.entrypoint);
  const candidate = entrypointName([...path.slice(0, -1), 'reasons']);
  return candidate !== normalize(suite.entrypoint) && exists(candidate) ? candidate : undefined;
}

const normalize = normalizeEntrypoint;

async function loadBundle(path: string, key?: string): Promise<Bundle> {
  let bundle: Bundle;
  try {
    bundle = readBundle(readFileSync(path));
  } catch (e) {
    if (e instanceof BundleError || (e as NodeJS.ErrnoException).code) throw new LoadError(`${path}: ${(e as Error).message}`);
    throw e;
  }
  if (key !== undefined) {
    let keys;
    try {
      keys = await loadVerificationKeys(key);
    } catch (e) {
      throw new LoadError(`--verification-key: ${(e as Error).message}`);
    }
    try {
      await verifyBundle(bundle, { keys });
    } catch (e) {
      throw new VerificationFailed(`${path}: signature verification failed: ${(e as Error).message}`);
    }
  }
  return bundle;
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DiscoveryError || e instanceof FixtureError || e instanceof DataFileError || e instanceof RegoErrors) throw new LoadError(e.message);
    if ((e as NodeJS.ErrnoException).code) throw new LoadError((e as Error).message);
    throw e;
  }
}
