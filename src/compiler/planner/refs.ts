// Planning of references: `input.…` and base data through memoized path
// functions, `data.…` resolved over the rule tree into rules, base data or
// the virtual documents merged from both, and walks (dots for known keys,
// scans for unbound variables) below them.

import type { Term } from '../ast.js';
import { local, type Local, type Operand } from '../ir/ir.js';
import type { BodyPlanner } from './body.js';
import { PlanError } from './planner.js';
import type { RuleNode } from './ruletree.js';

type KV = (v: Operand) => void;

export class RefPlanner {
  constructor(private readonly bp: BodyPlanner) {}

  private get fb() { return this.bp.fb; }
  private get scope() { return this.bp.scope; }
  private get planner() { return this.bp.planner; }

  /** `input…`, `data…` or a reference from a term (`x.y[z]`, `f(x).y`). */
  ref(t: Extract<Term, { type: 'ref' }>, k: KV): void {
    const head = t.head;
    if (head.type === 'var' && head.name === 'input') {
      if (t.path.length === 0) this.fb.emit({ op: 'isDefined', source: this.scope.input });
      return this.walkRoot('input', t.path, k);
    }
    if (head.type === 'var' && head.name === 'data') return this.dataRef(t.path, k);
    this.bp.term(head, (h) => this.walk(this.bp.toLocal(h), t.path, 0, k));
  }

  /**
   * Follow `path` from input or data. Its leading constant keys are read
   * through a memoized function per path (`input.request.model`), so a
   * reference used by several rules is looked up once per evaluation.
   */
  private walkRoot(root: 'input' | 'data', path: Term[], k: KV): void {
    let n = 0;
    while (n < path.length && path[n].type === 'string') n++;
    const src = root === 'input' ? this.scope.input : this.scope.data;
    const baseData = root === 'data';
    if (n === 0) return this.walk(src, path, 0, k, baseData);
    const keys = path.slice(0, n).map((p) => (p as { value: string }).value);
    const fn = this.planner.refFunc(root, keys);
    const target = this.fb.newLocal();
    this.fb.emit({ op: 'call', func: fn, args: [local(this.scope.input), local(this.scope.data)], target, builtin: false });
    this.walk(target, path, n, k, baseData);
  }

  /**
   * Follow `path[i…]` from the value in `src`: dots for known keys, scans for
   * unbound variables. `baseData`: `src` is base data, read as OPA's store
   * does, where a number key names an object's key by its text (`data.x[2]`
   * reads "2") and an array's element by its index.
   */
  private walk(src: Local, path: Term[], i: number, k: KV, baseData = false): void {
    if (i === path.length) return k(local(src));
    const seg = path[i];
    if (this.bp.hasUnbound(seg)) {
      const key = this.fb.newLocal();
      const value = this.fb.newLocal();
      const block = this.fb.collect(() => this.bp.unifyOperand(seg, local(key), () => this.walk(value, path, i + 1, k, baseData)));
      this.fb.emit({ op: 'scan', source: src, key, value, block });
      return;
    }
    if (baseData && seg.type === 'number') {
      return this.bp.term(seg, (num) => {
        const key = this.fb.newLocal();
        this.fb.emit({ op: 'assignVar', source: num, target: key });
        this.fb.scoped(() => {
          this.fb.emit({ op: 'isObject', source: local(src) });
          this.fb.emit({ op: 'assignVar', source: { kind: 'string', index: this.planner.str(seg.value) }, target: key });
        });
        const target = this.fb.newLocal();
        this.fb.emit({ op: 'dot', source: local(src), key: local(key), target });
        this.walk(target, path, i + 1, k, true);
      });
    }
    this.bp.term(seg, (key) => {
      const target = this.fb.newLocal();
      this.fb.emit({ op: 'dot', source: local(src), key, target });
      this.walk(target, path, i + 1, k);
    });
  }

  /** `data.…`: rules where the path reaches them, base data elsewhere, merged documents in between. */
  private dataRef(path: Term[], k: KV): void {
    this.dataRefFrom(this.planner.tree, path, 0, k);
  }

  private dataRefFrom(start: RuleNode, path: Term[], from: number, k: KV): void {
    let node = start;
    for (let i = from; ; i++) {
      const mock = this.scope.mocks.get(node.path.join('.'));
      if ((mock && !mock.fn) || node.group || i === path.length) return this.nodeValue(node, (v) => this.walk(this.bp.toLocal(v), path, i, k));
      const seg = path[i];
      const base = () => this.walkRoot('data', [...staticTerms(node.path.slice(1)), ...path.slice(i)], k);
      if (seg.type === 'number' || seg.type === 'boolean' || seg.type === 'null') {
        // No rule is named by a non-string key: only base data, whose keys are strings (`data[2]` reads "2").
        return this.walkRoot('data', [...staticTerms(node.path.slice(1)), stringKey(seg), ...path.slice(i + 1)], k);
      }
      if (seg.type === 'string') {
        const child = node.children.get(seg.value);
        if (!child) return base();
        node = child;
        continue;
      }
      if (!this.bp.hasUnbound(seg)) return this.dynamicChild(node, path, i, k);
      return this.virtualDoc(node, (v) => this.walk(this.bp.toLocal(v), path, i, k));
    }
  }

  /**
   * `data[x]…` with x bound: branch on x's value over the rule tree's children
   * (only the matching child is evaluated, so a rule reading `data[x]` does
   * not evaluate itself), and fall back to base data for other keys.
   */
  private dynamicChild(node: RuleNode, path: Term[], i: number, k: KV): void {
    const fb = this.fb;
    this.bp.term(path[i], (key) => {
      const names = [...node.children.keys()].sort();
      for (const name of names) {
        fb.scoped(() => {
          fb.emit({ op: 'equal', a: key, b: { kind: 'string', index: this.planner.str(name) } });
          this.dataRefFrom(node.children.get(name)!, path, i + 1, k);
        });
      }
      fb.scoped(() => {
        for (const name of names) fb.emit({ op: 'notEqual', a: key, b: { kind: 'string', index: this.planner.str(name) } });
        const baseKey = this.bp.toLocal(key);
        this.walkRoot('data', staticTerms(node.path.slice(1)), (doc) => {
          const t = fb.newLocal();
          fb.emit({ op: 'dot', source: doc, key: local(baseKey), target: t });
          this.walk(t, path, i + 1, k, true);
        });
      });
    });
  }

  /** The value of the document at a rule-tree node: a mock, a rule (merged with rules below it), or a virtual document. */
  private nodeValue(node: RuleNode, k: KV): void {
    const mock = this.scope.mocks.get(node.path.join('.'));
    if (mock && !mock.fn) return this.bp.mockValue(mock, k);
    if (!node.group) return this.virtualDoc(node, k);
    if (node.group.rules[0].kind === 'function') throw new PlanError(`${node.group.key} is a function; call it with arguments`);
    const fn = this.planner.ruleFunc(node.group, this.scope.mocks);
    const res = this.fb.newLocal();
    this.fb.emit({ op: 'call', func: fn, args: [local(this.scope.input), local(this.scope.data)], target: res, builtin: false });
    if (node.children.size === 0) return k(local(res));
    // `p[k] := v` next to `p.foo := …`: one object made by both.
    const below = this.childrenDoc(node);
    const merged = this.fb.newLocal();
    this.fb.emit({ op: 'objectMerge', a: res, b: below, target: merged });
    k(local(merged));
  }

  /** An object of the values of the rules below `node` (functions excluded, undefined rules left out). */
  private childrenDoc(node: RuleNode): Local {
    const fb = this.fb;
    const obj = fb.newLocal();
    fb.emit({ op: 'makeObject', target: obj });
    for (const [name, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const key: Operand = { kind: 'string', index: this.planner.str(name) };
      if (child.group?.rules[0].kind === 'function') continue;
      fb.scoped(() => this.nodeValue(child, (v) => fb.emit({ op: 'objectInsert', object: obj, key, value: v })));
    }
    return obj;
  }

  /**
   * The document at a node without a rule: base data there merged with the
   * documents below it, as OPA merges them: each key once, objects on both
   * sides merged, and base data winning any other conflict.
   */
  private virtualDoc(node: RuleNode, k: KV): void {
    const fb = this.fb;
    const doc = fb.newLocal();
    fb.emit({ op: 'makeObject', target: doc });
    // Start from a shallow copy of the base object (merging it with {} copies it), then set the keys below.
    fb.scoped(() =>
      this.walkRoot('data', staticTerms(node.path.slice(1)), (base) => {
        const b = this.bp.toLocal(base);
        fb.emit({ op: 'isObject', source: local(b) });
        const empty = fb.newLocal();
        fb.emit({ op: 'makeObject', target: empty });
        fb.emit({ op: 'objectMerge', a: b, b: empty, target: doc });
      }),
    );
    for (const [name, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (child.group?.rules[0].kind === 'function') continue;
      const key: Operand = { kind: 'string', index: this.planner.str(name) };
      fb.scoped(() => this.nodeValue(child, (v) => fb.emit({ op: 'objectInsert', object: doc, key, value: this.mergedWithBase(child, v) })));
    }
    k(local(doc));
  }

  /**
   * A child's value where base data may hold the same key: base data wins
   * unless both are objects, which merge. A child without a rule already
   * includes the base data below it; a mocked child replaces it.
   */
  private mergedWithBase(child: RuleNode, value: Operand): Operand {
    const fb = this.fb;
    const mocked = this.scope.mocks.has(child.path.join('.'));
    if (mocked) return value;
    const result = fb.newLocal();
    fb.emit({ op: 'assignVar', source: value, target: result });
    fb.scoped(() =>
      this.walkRoot('data', staticTerms(child.path.slice(1)), (base) => {
        fb.emit({ op: 'assignVar', source: base, target: result });
        fb.emit({ op: 'isObject', source: base });
        fb.emit({ op: 'isObject', source: value });
        if (!child.group) return fb.emit({ op: 'assignVar', source: value, target: result });
        // A deeper conflict leaves the base value (OPA's merge keeps base leaves; ours reports the conflict).
        const m = fb.newLocal();
        fb.emit({ op: 'objectMerge', a: this.bp.toLocal(base), b: this.bp.toLocal(value), target: m });
        fb.emit({ op: 'assignVar', source: local(m), target: result });
      }),
    );
    return local(result);
  }
}

function staticTerms(path: string[]): Term[] {
  const loc = { file: '<data>', row: 1, col: 1, offset: 0 };
  return path.map((p) => ({ type: 'string' as const, value: p, loc }));
}

function stringKey(t: Term): Term {
  const text = t.type === 'null' ? 'null' : String((t as { value: unknown }).value);
  return { type: 'string', value: text, loc: t.loc };
}
