// Decision fixtures (docs/fixtures.md): YAML files of named identities and
// requests and the decisions expected for them, loaded into plain cases.
// Every problem is reported at the file:line:col of the offending YAML node.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isAlias, isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { deepMerge, isPlainObject } from './merge.js';
import type { SourceLocation } from './results.js';

export type Expectation = 'allow' | 'deny';
export type ReasonsExpectation = { exact: string[] } | { contains: string[] };

export interface FixtureCase {
  name: string;
  location: SourceLocation;
  input: Record<string, unknown>;
  expect: Expectation;
  reasons?: ReasonsExpectation;
  /** Names of the identity and request fragments (for the matrix and messages). */
  identity?: string;
  request?: string;
  /** Generated from `matrix` rather than written as a case. */
  fromMatrix: boolean;
}

export interface AxisSpec {
  path: string[];
  /** Literal values, or a `data.…` path whose keys (object) or items (array) are the values. */
  values?: unknown[] | string;
}

export interface FixtureSuite {
  file: string;
  suite: string;
  entrypoint: string;
  /** Where `entrypoint:` is written, for errors about it. */
  entrypointLocation: SourceLocation;
  /** An entrypoint for reasons, `false` for none, undefined to detect `<package>/reasons`. */
  reasons?: string | false;
  axes?: { rows: AxisSpec; columns: AxisSpec };
  cases: FixtureCase[];
}

export class FixtureError extends Error {}

const TOP_KEYS = ['suite', 'entrypoint', 'reasons', 'defaults', 'base', 'identities', 'requests', 'cases', 'matrix', 'axes'];
const CASE_KEYS = ['name', 'identity', 'request', 'input', 'expect', 'reasons'];
const MATRIX_KEYS = ['identities', 'requests', 'allow', 'deny'];

type Path = (string | number)[];

/** Load one fixture file; throws FixtureError with file:line:col. */
export function loadFixtureFile(file: string): FixtureSuite {
  return parseFixture(readFileSync(file, 'utf8'), file);
}

export function parseFixture(text: string, file: string): FixtureSuite {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    throw new FixtureError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  return new FixtureReader(doc, lineCounter, file).read();
}

class FixtureReader {
  private readonly root: unknown;

  constructor(private readonly doc: Document, private readonly lines: LineCounter, private readonly file: string) {
    this.root = doc.toJS({ maxAliasCount: 10_000 });
  }

  read(): FixtureSuite {
    const top = this.object(this.root, [], 'the fixture file');
    this.knownKeys(top, [], TOP_KEYS);
    const entrypoint = this.string(top.entrypoint, ['entrypoint'], 'entrypoint');
    const reasons = top.reasons === undefined ? undefined : top.reasons === false ? false : this.string(top.reasons, ['reasons'], 'reasons (an entrypoint or false)');
    const suite = top.suite === undefined ? basename(this.file).replace(/\.ya?ml$/, '') : this.string(top.suite, ['suite'], 'suite');
    const defaults = top.defaults === undefined ? {} : this.object(top.defaults, ['defaults'], 'defaults');
    this.knownKeys(defaults, ['defaults'], ['expect']);
    const defaultExpect = defaults.expect === undefined ? 'deny' : this.expectation(defaults.expect, ['defaults', 'expect']);
    const base = top.base === undefined ? {} : this.object(top.base, ['base'], 'base');
    const identities = this.fragments(top.identities, 'identities');
    const requests = this.fragments(top.requests, 'requests');

    const cases: FixtureCase[] = [];
    const names = new Map<string, Path>();
    const add = (c: FixtureCase, path: Path) => {
      const prev = names.get(c.name);
      if (prev) this.fail(path, `duplicate case name ${JSON.stringify(c.name)} (first at line ${this.pos(prev).line})`);
      names.set(c.name, path);
      cases.push(c);
    };
    const listed = new Set<string>();
    if (top.cases !== undefined) {
      if (!Array.isArray(top.cases)) this.fail(['cases'], 'cases must be a list');
      (top.cases as unknown[]).forEach((raw, i) => {
        const path: Path = ['cases', i];
        const c = this.object(raw, path, 'a case');
        this.knownKeys(c, path, CASE_KEYS);
        if (c.expect === undefined) this.fail(path, 'a case needs `expect: allow` or `expect: deny`');
        const identity = this.fragmentRef(c.identity, [...path, 'identity'], identities, 'identities');
        const request = this.fragmentRef(c.request, [...path, 'request'], requests, 'requests');
        const extra = c.input === undefined ? {} : this.object(c.input, [...path, 'input'], 'input');
        const name = c.name === undefined ? defaultName(identity.name, request.name, i) : this.string(c.name, [...path, 'name'], 'name');
        if (identity.name && request.name && c.input === undefined) listed.add(pairKey(identity.name, request.name));
        add({
          name,
          location: this.location(path),
          input: [base, ...identity.parts, ...request.parts, extra].reduce<Record<string, unknown>>((acc, part) => deepMerge(acc, part), {}),
          expect: this.expectation(c.expect, [...path, 'expect']),
          reasons: c.reasons === undefined ? undefined : this.reasons(c.reasons, [...path, 'reasons']),
          identity: identity.name,
          request: request.name,
          fromMatrix: false,
        }, path);
      });
    }
    if (top.matrix !== undefined) {
      for (const c of this.matrix(top.matrix, identities, requests, base, defaultExpect, listed)) add(c, ['matrix']);
    }
    const axes = top.axes === undefined ? undefined : this.axes(top.axes);
    return { file: this.file, suite, entrypoint, entrypointLocation: this.location(['entrypoint']), reasons, axes, cases };
  }

  private matrix(raw: unknown, identities: Map<string, Record<string, unknown>>, requests: Map<string, Record<string, unknown>>,
    base: Record<string, unknown>, defaultExpect: Expectation, listed: Set<string>): FixtureCase[] {
    const m = this.object(raw, ['matrix'], 'matrix');
    this.knownKeys(m, ['matrix'], MATRIX_KEYS);
    const ids = this.nameList(m.identities, ['matrix', 'identities'], identities, 'identities');
    const reqs = this.nameList(m.requests, ['matrix', 'requests'], requests, 'requests');
    const expected = new Map<string, Expectation>();
    for (const decision of ['allow', 'deny'] as const) {
      if (m[decision] === undefined) continue;
      const table = this.object(m[decision], ['matrix', decision], `matrix.${decision}`);
      for (const [id, list] of Object.entries(table)) {
        const path: Path = ['matrix', decision, id];
        if (!ids.includes(id)) this.fail(path, `${id} is not in matrix.identities`);
        for (const req of this.nameList(list, path, requests, 'requests')) {
          if (!reqs.includes(req)) this.fail(path, `${req} is not in matrix.requests`);
          if (expected.has(pairKey(id, req))) this.fail(path, `the pair ${id} × ${req} is listed twice`);
          expected.set(pairKey(id, req), decision);
        }
      }
    }
    const out: FixtureCase[] = [];
    ids.forEach((id, i) => {
      for (const req of reqs) {
        const key = pairKey(id, req);
        // A plain case for the same pair already proves it.
        if (listed.has(key) && !expected.has(key)) continue;
        out.push({
          name: `${id} × ${req}`,
          location: this.location(['matrix', 'identities', i]),
          input: deepMerge(deepMerge(base, identities.get(id)!), requests.get(req)!),
          expect: expected.get(key) ?? defaultExpect,
          identity: id,
          request: req,
          fromMatrix: true,
        });
      }
    });
    return out;
  }

  private axes(raw: unknown): { rows: AxisSpec; columns: AxisSpec } {
    const a = this.object(raw, ['axes'], 'axes');
    this.knownKeys(a, ['axes'], ['rows', 'columns']);
    const axis = (key: 'rows' | 'columns'): AxisSpec => {
      const path: Path = ['axes', key];
      const v = a[key];
      if (v === undefined) this.fail(['axes'], `axes needs ${key}`);
      if (typeof v === 'string') return { path: splitPath(v) };
      const o = this.object(v, path, `axes.${key} (a dotted input path or { path, values })`);
      this.knownKeys(o, path, ['path', 'values']);
      const spec: AxisSpec = { path: splitPath(this.string(o.path, [...path, 'path'], 'path')) };
      if (o.values !== undefined) {
        if (typeof o.values === 'string' && /^data(\.|$)/.test(o.values)) spec.values = o.values;
        else if (Array.isArray(o.values)) spec.values = o.values;
        else this.fail([...path, 'values'], 'values must be a list or a data.… path');
      }
      return spec;
    };
    return { rows: axis('rows'), columns: axis('columns') };
  }

  private fragments(raw: unknown, key: string): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>();
    if (raw === undefined) return out;
    for (const [name, v] of Object.entries(this.object(raw, [key], key))) out.set(name, this.object(v, [key, name], `${key}.${name} (an input fragment)`));
    return out;
  }

  /** A case's `identity`/`request`: a name, an inline object, or a list of either. */
  private fragmentRef(raw: unknown, path: Path, named: Map<string, Record<string, unknown>>, kind: string): { name?: string; parts: Record<string, unknown>[] } {
    if (raw === undefined) return { parts: [] };
    const items = Array.isArray(raw) ? raw : [raw];
    const parts = items.map((item, i) => {
      const p = Array.isArray(raw) ? [...path, i] : path;
      if (typeof item === 'string') {
        const frag = named.get(item);
        if (!frag) this.fail(p, `unknown ${kind.replace(/ies$/, 'y').replace(/s$/, '')} ${JSON.stringify(item)} (not in ${kind})`);
        return frag!;
      }
      return this.object(item, p, `a name from ${kind} or an input fragment`);
    });
    const name = typeof raw === 'string' ? raw : undefined;
    return { name, parts };
  }

  private nameList(raw: unknown, path: Path, named: Map<string, unknown>, kind: string): string[] {
    if (!Array.isArray(raw)) this.fail(path, `expected a list of names from ${kind}`);
    return (raw as unknown[]).map((n, i) => {
      if (typeof n !== 'string' || !named.has(n)) this.fail([...path, i], `unknown name ${JSON.stringify(n)} (not in ${kind})`);
      return n as string;
    });
  }

  private reasons(raw: unknown, path: Path): ReasonsExpectation {
    if (Array.isArray(raw)) return { exact: this.strings(raw, path) };
    const o = this.object(raw, path, 'reasons (a list, or { contains: [...] })');
    this.knownKeys(o, path, ['contains']);
    if (!Array.isArray(o.contains)) this.fail([...path, 'contains'], 'reasons.contains must be a list of strings');
    return { contains: this.strings(o.contains as unknown[], [...path, 'contains']) };
  }

  private strings(raw: unknown[], path: Path): string[] {
    return raw.map((s, i) => this.string(s, [...path, i], 'a reason'));
  }

  private expectation(raw: unknown, path: Path): Expectation {
    if (raw !== 'allow' && raw !== 'deny') this.fail(path, `expect must be allow or deny, not ${JSON.stringify(raw)}`);
    return raw as Expectation;
  }

  private string(raw: unknown, path: Path, what: string): string {
    if (raw === undefined) this.fail(path.slice(0, -1), `missing ${what}`);
    if (typeof raw !== 'string' || raw === '') this.fail(path, `${what} must be a non-empty string`);
    return raw as string;
  }

  private object(raw: unknown, path: Path, what: string): Record<string, unknown> {
    if (!isPlainObject(raw)) this.fail(path, `expected ${what} to be a mapping`);
    return raw as Record<string, unknown>;
  }

  private knownKeys(o: Record<string, unknown>, path: Path, allowed: string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail([...path, k], `unknown key ${JSON.stringify(k)} (expected one of ${allowed.join(', ')})`, true);
    }
  }

  private location(path: Path): SourceLocation {
    const pos = this.pos(path);
    return { file: this.file, row: pos.line, col: pos.col };
  }

  /** Position of the node at `path` (following aliases), or of its nearest ancestor. */
  private pos(path: Path, atKey = false): { line: number; col: number } {
    let node: Node | null | undefined = this.doc.contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(this.doc) as Node | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        node = pair.value as Node | null;
        const keyStart = keyNode?.range?.[0];
        offset = (atKey || !node?.range ? keyStart : node.range[0]) ?? offset;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg] as Node | null;
        if (!node?.range) break;
        offset = node.range[0];
      } else break;
    }
    return this.lines.linePos(offset);
  }

  private fail(path: Path, message: string, atKey = false): never {
    const pos = this.pos(path, atKey);
    throw new FixtureError(`${this.file}:${pos.line}:${pos.col}: ${message}`);
  }
}

function defaultName(identity: string | undefined, request: string | undefined, index: number): string {
  if (identity && request) return `${identity} × ${request}`;
  return `case ${index + 1}`;
}

function pairKey(identity: string, request: string): string {
  return `${identity}\u0000${request}`;
}

function splitPath(p: string): string[] {
  return p.replace(/^input\./, '').split('.').filter(Boolean);
}

/** `data.gateway.authz.allow`, `gateway.authz.allow` or `gateway/authz/allow` → `gateway/authz/allow`. */
export function normalizeEntrypoint(entrypoint: string): string {
  return entrypoint.replace(/^data[./]/, '').split(/[./]/).filter(Boolean).join('/');
}
