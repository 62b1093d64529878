// Rego v1 module parser: package, imports, rules (complete, partial set and
// object, ref heads, functions, default, else, multiple bodies) and
// `# METADATA` annotations, on top of the expression parser. Errors are
// collected with recovery at the next rule, so one run reports several.

import type { Annotations, Body, Comment, Import, Location, Module, Package, RefTerm, Rule, RuleHead, Term, VarTerm } from './ast.js';
import { RegoError, RegoErrors } from './errors.js';
import { parseAnnotationBlocks, type AnnotationBlock } from './annotations.js';
import { Abort, describe, ExprParser, KEYWORDS, NESTED, STMT } from './parser-base.js';

export { nameToRef } from './parser-base.js';

export class Parser extends ExprParser {

  // ------------------------------------------------------------ module

  parseModule(): Module {
    const blocks = parseAnnotationBlocks(this.comments, this.file, this.errors);
    const comments: Comment[] = this.comments.map((c) => ({ text: c.text, loc: c.loc }));
    const takeAnnotations = (row: number): Annotations | undefined => takeBlockBefore(blocks, row);

    let pkg: Package | undefined;
    try {
      if (!this.isKw('package')) this.fail(`unexpected ${describe(this.peek())}: expected package declaration`);
      pkg = this.parsePackage(takeAnnotations(this.peek().loc.row));
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      this.recover();
    }
    const imports: Import[] = [];
    const rules: Rule[] = [];
    const pkgPath = pkg?.path ?? [];
    while (this.peek().kind !== 'eof') {
      const start = this.peek();
      try {
        if (this.isOp(';')) {
          this.next();
          continue;
        }
        if (!start.nl && this.pos > 0) this.fail(`unexpected ${describe(start)}: expected a new line before the next statement`);
        if (this.isKw('import')) {
          imports.push(this.parseImport());
        } else if (this.isKw('package')) {
          this.fail('unexpected package declaration: a file holds exactly one package');
        } else {
          const ann = takeAnnotations(start.loc.row);
          for (const r of this.parseRule(pkgPath)) {
            if (ann) r.annotations = ann;
            rules.push(r);
          }
        }
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
        this.recover();
      }
    }
    for (const b of blocks) {
      if (!b.used) this.errors.push(new RegoError('rego_parse_error', 'annotation block is not followed by a rule or package', b.annotations.loc));
    }
    const dummyLoc: Location = { file: this.file, row: 1, col: 1, offset: 0 };
    return { file: this.file, package: pkg ?? { path: [], loc: dummyLoc }, imports, rules, comments, regoVersion: 1 };
  }

  /** Skip to the next line that starts at column 1: the likely start of the next rule. */
  protected recover(): void {
    this.next();
    while (this.peek().kind !== 'eof' && !(this.peek().nl && this.peek().loc.col === 1)) this.next();
  }

  protected parsePackage(annotations?: Annotations): Package {
    const kw = this.next();
    const ref = this.parseRefPath();
    const path = ref.path;
    if (path[0] === 'data' && path.length > 1) path.shift();
    return { path, loc: { ...this.loc(kw), end: this.prevEnd() }, annotations };
  }

  /** A static dotted reference: `a.b["c"].d` → ['a','b','c','d']. */
  protected parseRefPath(): { path: string[]; term: RefTerm | VarTerm } {
    const first = this.next();
    if (first.kind !== 'ident' || KEYWORDS.has(first.text)) this.fail(`unexpected ${describe(first)}: expected a name`, first.loc);
    const head: VarTerm = { type: 'var', name: first.text, loc: this.loc(first) };
    const path = [first.text];
    const segs: Term[] = [];
    for (;;) {
      if (this.isOp('.') && !this.peek().ws) {
        this.next();
        const id = this.next();
        if (id.kind !== 'ident') this.fail(`unexpected ${describe(id)}: expected a name after "."`, id.loc);
        path.push(id.text);
        segs.push({ type: 'string', value: id.text, loc: this.loc(id) });
      } else if (this.isOp('[') && !this.peek().ws) {
        this.next();
        const s = this.next();
        if (s.kind !== 'string' && s.kind !== 'rawstring') this.fail(`unexpected ${describe(s)}: expected a string in a package or import path`, s.loc);
        path.push(s.text);
        segs.push({ type: 'string', value: s.text, loc: this.loc(s) });
        this.expectOp(']');
      } else break;
    }
    const term: RefTerm | VarTerm = segs.length ? this.done({ type: 'ref', head, path: segs, loc: this.loc(first) }) : head;
    return { path, term };
  }

  protected parseImport(): Import {
    const kw = this.next();
    const { path, term } = this.parseRefPath();
    const root = path[0];
    if (!['data', 'input', 'future', 'rego'].includes(root)) {
      this.fail(`invalid import ${path.join('.')}: must begin with input or data`, term.loc);
    }
    if (root === 'future' && path[1] !== 'keywords') this.fail(`invalid import ${path.join('.')}: unknown future import`, term.loc);
    if (root === 'rego' && path[1] !== 'v1' && path[1] !== 'v2') this.fail(`invalid import ${path.join('.')}: only rego.v1 and rego.v2 are supported`, term.loc);
    if (path.join('.') === 'rego.v2' || path.join('.') === 'future.keywords.not' || path.join('.') === 'future.keywords') this.notBodies = true;
    let alias: string | undefined;
    if (this.isKw('as') && !this.peek().nl) {
      this.next();
      const a = this.next();
      if (a.kind !== 'ident' || KEYWORDS.has(a.text)) this.fail(`unexpected ${describe(a)}: expected an alias name`, a.loc);
      if (root === 'future' || root === 'rego') this.fail(`invalid import ${path.join('.')}: this import cannot be aliased`, a.loc);
      alias = a.text;
    }
    return { path: term, alias, loc: { ...this.loc(kw), end: this.prevEnd() } };
  }

  // ------------------------------------------------------------ rules

  protected parseRule(pkg: string[]): Rule[] {
    const start = this.peek();
    const isDefault = this.isKw('default');
    if (isDefault) this.next();
    const headStart = this.peek();
    if (headStart.kind !== 'ident') this.fail(`unexpected ${describe(headStart)}: expected a rule`);
    if (KEYWORDS.has(headStart.text)) this.fail(`unexpected keyword ${headStart.text}: expected a rule name`);
    const ref = this.parseHeadRef();

    let args: Term[] | undefined;
    if (this.isOp('(') && !this.peek().ws) {
      this.next();
      args = this.parseTermList(')', NESTED);
    }
    const head: RuleHead = { ref, args, assign: false, explicitValue: false, loc: this.loc(headStart) };

    if (isDefault) {
      if (this.isOp(':=') || this.isOp('=')) {
        head.assign = this.next().text === ':=';
        head.value = this.parseIn(STMT);
        head.explicitValue = true;
      } else {
        this.fail(`unexpected ${describe(this.peek())}: default rules must have a value (default ${ruleName(ref)} := <value>)`);
      }
      this.done(head);
      if (this.isKw('if') && !this.peek().nl) this.fail('default rules cannot have a body');
      const rule: Rule = { kind: args ? 'function' : 'complete', head, body: [], isDefault: true, loc: this.loc(start), pkg };
      if (ref.type === 'ref' && ref.path.some((p) => p.type !== 'string')) this.fail('default rules cannot have variables in their reference', ref.loc);
      return [this.done(rule)];
    }

    let kind: Rule['kind'];
    if (this.isKw('contains') && !this.peek().nl) {
      if (args) this.fail('functions cannot use contains');
      this.next();
      head.key = this.parseIn(STMT);
      kind = 'partial_set';
    } else {
      if (this.isOp(':=') || this.isOp('=')) {
        if (this.peek().nl) this.fail(`unexpected ${describe(this.peek())}: the rule value must be on the same line as its name`);
        head.assign = this.next().text === ':=';
        head.value = this.parseIn(STMT);
        head.explicitValue = true;
      }
      kind = args ? 'function' : ref.type === 'ref' && ref.path.some((p) => p.type !== 'string') ? 'partial_object' : 'complete';
    }
    if (!head.value && kind !== 'partial_set') head.value = { type: 'boolean', value: true, loc: { ...head.loc } };
    this.done(head);

    const bodies: Body[] = [];
    if (this.isKw('if') && !this.peek().nl) {
      this.next();
      bodies.push(this.parseRuleBody());
    } else if (this.isOp('{') && !this.peek().nl) {
      this.fail('`if` keyword is required before rule body');
    } else if (!head.explicitValue && kind !== 'partial_set') {
      this.fail(`rule ${ruleName(ref)} has neither a value nor a body (did you mean ${ruleName(ref)} if { ... } or ${ruleName(ref)} := <value>?)`, head.loc);
    } else {
      bodies.push([]);
    }
    // Further bodies: `p if { a } { b }` is two definitions of p.
    while (this.isOp('{') && bodies[0].length > 0) bodies.push(this.parseBraceBody());

    const first: Rule = { kind, head, body: bodies[0], isDefault: false, loc: this.loc(start), pkg };
    let tail = first;
    while (this.isKw('else')) {
      if (kind === 'partial_set' || kind === 'partial_object') this.fail('else keyword cannot be used on multi-value rules');
      if (bodies.length > 1) this.fail('else keyword cannot be used on rules with multiple bodies');
      tail.else = this.parseElse(tail, pkg);
      this.done(tail);
      tail = tail.else;
    }
    this.done(tail);
    return bodies.map((body, i) => (i === 0 ? first : this.done({ ...first, head: { ...head }, body, loc: { ...first.loc } })));
  }

  protected parseElse(prev: Rule, pkg: string[]): Rule {
    const kw = this.next();
    const head: RuleHead = { ...prev.head, loc: this.loc(kw), value: undefined, explicitValue: false };
    if (this.isOp(':=') || this.isOp('=')) {
      head.assign = this.next().text === ':=';
      head.value = this.parseIn(STMT);
      head.explicitValue = true;
    } else {
      head.value = { type: 'boolean', value: true, loc: this.loc(kw) };
    }
    this.done(head);
    let body: Body = [];
    if (this.isKw('if') && !this.peek().nl) {
      this.next();
      body = this.parseRuleBody();
    } else if (this.isOp('{') && !this.peek().nl) {
      this.fail('`if` keyword is required before else body');
    }
    return { kind: prev.kind, head, body, isDefault: false, loc: this.loc(kw), pkg };
  }

  /** `p`, `a.b.c`, `p[x]`, `a.b[x].c`: the rule's reference, relative to its package. */
  protected parseHeadRef(): RefTerm | VarTerm {
    const first = this.next();
    const head: VarTerm = { type: 'var', name: first.text, loc: this.loc(first) };
    const path: Term[] = [];
    for (;;) {
      if (this.isOp('.') && !this.peek().ws) {
        this.next();
        const id = this.next();
        if (id.kind !== 'ident') this.fail(`unexpected ${describe(id)}: expected a name after "."`, id.loc);
        path.push({ type: 'string', value: id.text, loc: this.loc(id) });
      } else if (this.isOp('[') && !this.peek().ws) {
        this.next();
        path.push(this.parseIn(NESTED));
        this.expectOp(']');
      } else break;
    }
    return path.length ? this.done({ type: 'ref', head, path, loc: this.loc(first) }) : head;
  }

  /** After `if`: either a braced body or a single-line body of `;`-separated literals. */
  protected parseRuleBody(): Body {
    if (this.isOp('{')) {
      // `if { ... }` is usually a braced body, but `if {x: 1}[x]` is a one-line
      // body that starts with an object: try the body first, then the term.
      const save = this.pos, nerr = this.errors.length;
      try {
        const body = this.parseBraceBody();
        const after = this.peek();
        if (after.nl || after.kind === 'eof' || (after.kind === 'op' && (after.text === ';' || after.text === '{')) || this.isKw('else')) return body;
        throw new Abort();
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
        const bodyErrors = this.errors.splice(nerr);
        const bodyEnd = this.pos;
        this.pos = save;
        try {
          return this.parseOneLineBody();
        } catch (e2) {
          if (!(e2 instanceof Abort)) throw e2;
          this.errors.splice(nerr, this.errors.length - nerr, ...bodyErrors);
          this.pos = bodyEnd;
          if (bodyErrors.length === 0) this.fail(`unexpected ${describe(this.peek())}: expected a new line after the rule body`);
          throw new Abort();
        }
      }
    }
    return this.parseOneLineBody();
  }

  protected parseOneLineBody(): Body {
    const body: Body = [this.parseLiteral()];
    while (this.isOp(';') && !this.peek(1).nl && this.peek(1).kind !== 'eof') {
      this.next();
      body.push(this.parseLiteral());
    }
    return body;
  }

}

// ------------------------------------------------------------ helpers

function ruleName(ref: RefTerm | VarTerm): string {
  return ref.type === 'var' ? ref.name : ref.head.type === 'var' ? ref.head.name : '?';
}

function takeBlockBefore(blocks: AnnotationBlock[], row: number): Annotations | undefined {
  // The block must end on the line right above the statement (comments between are not allowed).
  for (const b of blocks) {
    if (!b.used && b.endRow < row && b.endRow >= row - 1) {
      b.used = true;
      return b.annotations;
    }
  }
  return undefined;
}

// ------------------------------------------------------------ public API

export interface ParseResult<T> { value: T; errors: RegoError[] }

/** Parse one Rego file. Errors are returned, never thrown. */
export function parseModule(src: string, file = 'policy.rego'): ParseResult<Module> {
  const p = new Parser(src, file);
  const value = p.parseModule();
  return { value, errors: p.errors };
}

/** Parse a query such as `data.test.p = x`. */
export function parseQuery(src: string, file = 'query'): ParseResult<Body> {
  const p = new Parser(src, file);
  const value = p.parseQueryBody();
  return { value, errors: p.errors };
}

/** Parse one term, such as an `input_term` written in Rego syntax (sets allowed). */
export function parseTerm(src: string, file = 'term'): ParseResult<Term | undefined> {
  const p = new Parser(src, file);
  const value = p.parseSingleTerm();
  return { value, errors: p.errors };
}

/** Parse or throw all errors at once: for callers that cannot continue on errors. */
export function parseModuleOrThrow(src: string, file?: string): Module {
  const { value, errors } = parseModule(src, file);
  if (errors.length) throw new RegoErrors(errors);
  return value;
}
