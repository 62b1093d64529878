// Rego v1 parser: tokens → AST. Recursive descent with OPA's operator
// precedence (lowest first): `:=`/`=`, `in`, relations, `|`, `&`, `+ -`,
// `* / %`. Errors are collected (with recovery at the next rule) rather than
// thrown, so one run reports several mistakes.

import type {
  Annotations, Body, CallTerm, Comment, Import, Literal, Location, Module, Package, RefTerm, Rule, RuleHead, Term, VarTerm, WithModifier,
} from './ast.js';
import { RegoError, RegoErrors } from './errors.js';
import { lex, type Token } from './lexer.js';
import { parseAnnotationBlocks, type AnnotationBlock } from './annotations.js';

const KEYWORDS = new Set([
  'package', 'import', 'as', 'default', 'else', 'not', 'some', 'in', 'every', 'if', 'contains', 'with', 'true', 'false', 'null',
]);

const RELATIONS: Record<string, string> = { '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ARITH: Record<string, string> = { '+': 'plus', '-': 'minus' };
const FACTOR: Record<string, string> = { '*': 'mul', '/': 'div', '%': 'rem' };

/** Thrown to unwind to the nearest recovery point; the error is already recorded. */
class Abort extends Error {}

/** Parser settings threaded through expression parsing. */
interface ExprCtx {
  /** A newline ends the expression (statement level), rather than being whitespace (inside brackets). */
  nl: boolean;
  /** `key, value in collection` is allowed here (statement level and parentheses). */
  keyVal?: boolean;
  /** Do not treat `|` as set union (first element of a comprehension-capable collection). */
  noOr?: boolean;
}
const STMT: ExprCtx = { nl: true };
const NESTED: ExprCtx = { nl: false };

export class Parser {
  private pos = 0;
  readonly errors: RegoError[] = [];
  private readonly tokens: Token[];
  private readonly comments: Token[];

  constructor(private readonly src: string, private readonly file: string) {
    const lexed = lex(src, file);
    this.tokens = lexed.tokens;
    this.comments = lexed.comments;
    this.errors.push(...lexed.errors);
  }

  // ------------------------------------------------------------ token helpers

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  private prevEnd(): number {
    return this.tokens[Math.max(0, this.pos - 1)].loc.end ?? 0;
  }
  private isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }
  private isKw(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text === word;
  }
  private fail(message: string, loc: Location = this.peek().loc): never {
    this.errors.push(new RegoError('rego_parse_error', message, loc));
    throw new Abort();
  }
  private expectOp(text: string, what?: string): Token {
    if (this.isOp(text)) return this.next();
    this.fail(`unexpected ${describe(this.peek())}: expected ${what ?? JSON.stringify(text)}`);
  }
  private loc(t: Token): Location {
    return { ...t.loc };
  }
  private done<N extends { loc: Location }>(node: N): N {
    node.loc.end = this.prevEnd();
    return node;
  }

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
  private recover(): void {
    this.next();
    while (this.peek().kind !== 'eof' && !(this.peek().nl && this.peek().loc.col === 1)) this.next();
  }

  private parsePackage(annotations?: Annotations): Package {
    const kw = this.next();
    const ref = this.parseRefPath();
    const path = ref.path;
    if (path[0] === 'data' && path.length > 1) path.shift();
    return { path, loc: { ...this.loc(kw), end: this.prevEnd() }, annotations };
  }

  /** A static dotted reference: `a.b["c"].d` → ['a','b','c','d']. */
  private parseRefPath(): { path: string[]; term: RefTerm | VarTerm } {
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

  private parseImport(): Import {
    const kw = this.next();
    const { path, term } = this.parseRefPath();
    const root = path[0];
    if (!['data', 'input', 'future', 'rego'].includes(root)) {
      this.fail(`invalid import ${path.join('.')}: must begin with input or data`, term.loc);
    }
    if (root === 'future' && path[1] !== 'keywords') this.fail(`invalid import ${path.join('.')}: unknown future import`, term.loc);
    if (root === 'rego' && path.join('.') !== 'rego.v1') this.fail(`invalid import ${path.join('.')}: only rego.v1 is supported`, term.loc);
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

  private parseRule(pkg: string[]): Rule[] {
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

  private parseElse(prev: Rule, pkg: string[]): Rule {
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
  private parseHeadRef(): RefTerm | VarTerm {
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
  private parseRuleBody(): Body {
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

  private parseOneLineBody(): Body {
    const body: Body = [this.parseLiteral()];
    while (this.isOp(';') && !this.peek(1).nl && this.peek(1).kind !== 'eof') {
      this.next();
      body.push(this.parseLiteral());
    }
    return body;
  }

  private parseBraceBody(): Body {
    const open = this.expectOp('{');
    const body = this.parseLiterals('}');
    if (body.length === 0) this.fail('found empty body', open.loc);
    this.expectOp('}');
    return body;
  }

  /** Literals separated by `;` or newlines, up to (not including) the closing `end` token. */
  private parseLiterals(end: string): Body {
    const body: Literal[] = [];
    while (!this.isOp(end)) {
      if (this.peek().kind === 'eof') this.fail(`unexpected end of file: expected ${JSON.stringify(end)}`);
      if (this.isOp(';')) {
        this.next();
        continue;
      }
      if (body.length > 0 && !this.peek().nl && !this.isOp(';', -1) && this.tokens[this.pos - 1]?.text !== ';') {
        this.fail(`unexpected ${describe(this.peek())}: expected a new line or ";" between expressions`);
      }
      body.push(this.parseLiteral());
    }
    return body;
  }

  // ------------------------------------------------------------ literals

  private parseLiteral(): Literal {
    const start = this.peek();
    if (this.isKw('some')) return this.parseSome();
    if (this.isKw('every')) return this.parseEvery(false);
    let negated = false;
    if (this.isKw('not')) {
      this.next();
      negated = true;
      if (this.isKw('every')) return this.parseEvery(true);
      if (this.isKw('some')) this.fail('unexpected some keyword: some cannot be negated');
    }
    const term = this.parseExpr();
    const lit: Literal = { kind: 'expr', term, negated, with: this.parseWiths(), loc: this.loc(start) };
    return this.done(lit);
  }

  private parseWiths(): WithModifier[] {
    const out: WithModifier[] = [];
    while (this.isKw('with')) {
      const kw = this.next();
      const target = this.parsePostfix(NESTED);
      if (!this.isKw('as')) this.fail(`unexpected ${describe(this.peek())}: expected "as" in with modifier`);
      this.next();
      const value = this.parseIn(STMT);
      out.push(this.done({ target, value, loc: this.loc(kw) }));
    }
    return out;
  }

  private parseSome(): Literal {
    const kw = this.next();
    const first = this.parseRelation(STMT);
    let second: Term | undefined;
    const more: Term[] = [first];
    if (this.isOp(',')) {
      this.next();
      second = this.parseRelation(STMT);
      more.push(second);
    }
    if (this.isKw('in') && !this.peek().nl) {
      this.next();
      const domain = this.parseRelation(STMT);
      const lit: Literal = second
        ? { kind: 'somein', key: first, value: second, domain, negated: false, with: [], loc: this.loc(kw) }
        : { kind: 'somein', value: first, domain, negated: false, with: [], loc: this.loc(kw) };
      lit.with = this.parseWiths();
      return this.done(lit);
    }
    while (this.isOp(',')) {
      this.next();
      more.push(this.parseRelation(STMT));
    }
    const vars: VarTerm[] = [];
    for (const t of more) {
      if (t.type !== 'var') this.fail(`unexpected ${t.type} term: expected a variable name in some declaration`, t.loc);
      vars.push(t);
    }
    return this.done({ kind: 'some', vars, negated: false, with: [], loc: this.loc(kw) });
  }

  private parseEvery(negated: boolean): Literal {
    const kw = this.next();
    const first = this.parsePrimaryVar('every');
    let key: Term | undefined;
    let value: Term = first;
    if (this.isOp(',')) {
      this.next();
      key = first;
      value = this.parsePrimaryVar('every');
    }
    if (!this.isKw('in')) this.fail(`unexpected ${describe(this.peek())}: expected "in" after every variables`);
    this.next();
    const domain = this.parseRelation(STMT);
    if (!this.isOp('{')) this.fail(`unexpected ${describe(this.peek())}: expected "{" to start the every body`);
    const body = this.parseBraceBody();
    const lit: Literal = { kind: 'every', key, value, domain, body, negated, with: [], loc: this.loc(kw) };
    lit.with = this.parseWiths();
    return this.done(lit);
  }

  private parsePrimaryVar(what: string): VarTerm {
    const t = this.next();
    if (t.kind !== 'ident' || KEYWORDS.has(t.text)) this.fail(`unexpected ${describe(t)}: expected a variable in ${what}`, t.loc);
    return { type: 'var', name: t.text, loc: { ...this.loc(t) } };
  }

  // ------------------------------------------------------------ expressions

  /** An expression statement: `a := b`, `a = b`, or any term expression. */
  parseExpr(): Term {
    const lhs = this.parseIn({ nl: true, keyVal: true });
    if ((this.isOp(':=') || this.isOp('=')) && !this.peek().nl) {
      const op = this.next();
      const rhs = this.parseIn(STMT);
      return this.call(op.text === ':=' ? 'assign' : 'eq', [lhs, rhs], lhs.loc);
    }
    return lhs;
  }

  private opAhead(table: Record<string, string>, ctx: ExprCtx): string | undefined {
    const t = this.peek();
    if (t.kind !== 'op' || (ctx.nl && t.nl)) return undefined;
    return table[t.text];
  }

  private parseIn(ctx: ExprCtx): Term {
    let lhs = this.parseRelation(ctx);
    if (ctx.keyVal && this.isOp(',')) {
      this.next();
      const value = this.parseRelation(ctx);
      if (!this.isKw('in')) this.fail(`unexpected ${describe(this.peek())}: expected "in" after key, value`);
      this.next();
      const rhs = this.parseRelation(ctx);
      lhs = this.call('internal.member_3', [lhs, value, rhs], lhs.loc);
    }
    while (this.isKw('in') && !(ctx.nl && this.peek().nl)) {
      this.next();
      const rhs = this.parseRelation(ctx);
      lhs = this.call('internal.member_2', [lhs, rhs], lhs.loc);
    }
    return lhs;
  }

  private parseRelation(ctx: ExprCtx): Term {
    let lhs = this.parseOr(ctx);
    for (let op = this.opAhead(RELATIONS, ctx); op; op = this.opAhead(RELATIONS, ctx)) {
      this.next();
      lhs = this.call(op, [lhs, this.parseOr(ctx)], lhs.loc);
    }
    return lhs;
  }

  private parseOr(ctx: ExprCtx): Term {
    let lhs = this.parseAnd(ctx);
    while (!ctx.noOr && this.opAhead({ '|': 'or' }, ctx)) {
      this.next();
      lhs = this.call('or', [lhs, this.parseAnd(ctx)], lhs.loc);
    }
    return lhs;
  }

  private parseAnd(ctx: ExprCtx): Term {
    let lhs = this.parseArith(ctx);
    while (this.opAhead({ '&': 'and' }, ctx)) {
      this.next();
      lhs = this.call('and', [lhs, this.parseArith(ctx)], lhs.loc);
    }
    return lhs;
  }

  private parseArith(ctx: ExprCtx): Term {
    let lhs = this.parseFactor(ctx);
    for (let op = this.opAhead(ARITH, ctx); op; op = this.opAhead(ARITH, ctx)) {
      this.next();
      lhs = this.call(op, [lhs, this.parseFactor(ctx)], lhs.loc);
    }
    return lhs;
  }

  private parseFactor(ctx: ExprCtx): Term {
    let lhs = this.parsePostfix(ctx);
    for (let op = this.opAhead(FACTOR, ctx); op; op = this.opAhead(FACTOR, ctx)) {
      this.next();
      lhs = this.call(op, [lhs, this.parsePostfix(ctx)], lhs.loc);
    }
    return lhs;
  }

  private call(name: string, args: Term[], loc: Location): CallTerm {
    return this.done({ type: 'call', fn: nameToRef(name, loc), args, loc: { ...loc } });
  }

  /** A primary term followed by `.name`, `[index]` and `(args)` suffixes written without spaces. */
  private parsePostfix(ctx: ExprCtx): Term {
    const startTok = this.peek();
    let t = this.parsePrimary(ctx);
    for (;;) {
      const nt = this.peek();
      if (nt.ws || nt.kind !== 'op') break;
      if (nt.text === '.') {
        if (!isRefable(t)) break;
        this.next();
        const id = this.next();
        if (id.kind !== 'ident' || id.ws) this.fail(`unexpected ${describe(id)}: expected a name after "."`, id.loc);
        t = this.extendRef(t, { type: 'string', value: id.text, loc: this.loc(id) }, startTok);
      } else if (nt.text === '[') {
        if (!isRefable(t)) break;
        this.next();
        const idx = this.parseIn(NESTED);
        this.expectOp(']');
        t = this.extendRef(t, idx, startTok);
      } else if (nt.text === '(') {
        if (t.type !== 'var' && !(t.type === 'ref' && t.head.type === 'var' && t.path.every((p) => p.type === 'string'))) {
          this.fail(`unexpected "(": ${t.type} term cannot be called`, nt.loc);
        }
        this.next();
        const args = this.parseTermList(')', NESTED);
        t = this.done({ type: 'call', fn: t, args, loc: this.loc(startTok) });
      } else break;
    }
    return t;
  }

  private extendRef(t: Term, seg: Term, startTok: Token): RefTerm {
    if (t.type === 'ref') {
      const r: RefTerm = { type: 'ref', head: t.head, path: [...t.path, seg], loc: { ...t.loc } };
      return this.done(r);
    }
    return this.done({ type: 'ref', head: t, path: [seg], loc: this.loc(startTok) });
  }

  private parsePrimary(ctx: ExprCtx): Term {
    const t = this.next();
    const loc = this.loc(t);
    switch (t.kind) {
      case 'number':
        return { type: 'number', value: t.text, loc: { ...loc, end: t.loc.end } };
      case 'string':
      case 'rawstring':
        return { type: 'string', value: t.text, loc: { ...loc, end: t.loc.end } };
      case 'ident':
        switch (t.text) {
          case 'true':
          case 'false':
            return { type: 'boolean', value: t.text === 'true', loc: { ...loc, end: t.loc.end } };
          case 'null':
            return { type: 'null', loc: { ...loc, end: t.loc.end } };
          case 'set':
            if (this.isOp('(') && !this.peek().ws && this.isOp(')', 1)) {
              this.next();
              this.next();
              return this.done({ type: 'set', items: [], loc });
            }
            break;
        }
        // `contains` is a keyword only in rule heads; `contains(s, x)` is a builtin call.
        if (KEYWORDS.has(t.text) && !(t.text === 'contains' && this.isOp('(') && !this.peek().ws)) this.fail(`unexpected ${t.text} keyword`, t.loc);
        return { type: 'var', name: t.text, loc: { ...loc, end: t.loc.end } };
      case 'op':
        switch (t.text) {
          case '[':
            return this.parseArray(loc);
          case '{':
            return this.parseBraced(loc);
          case '(': {
            const inner = this.parseIn({ nl: false, keyVal: true });
            this.expectOp(')');
            return inner;
          }
          case '-': {
            const n = this.peek();
            if (n.kind === 'number' && !n.ws) {
              this.next();
              return { type: 'number', value: '-' + n.text, loc: { ...loc, end: n.loc.end } };
            }
            // Unary minus on a non-literal: 0 - x, as OPA's parser does.
            const operand = this.parsePostfix(ctx);
            return this.call('minus', [{ type: 'number', value: '0', loc }, operand], loc);
          }
        }
    }
    this.fail(`unexpected ${describe(t)}`, t.loc);
  }

  private parseArray(loc: Location): Term {
    if (this.isOp(']')) {
      this.next();
      return this.done({ type: 'array', items: [], loc });
    }
    const head = this.parseIn({ nl: false, noOr: true });
    if (this.isOp('|')) {
      this.next();
      const body = this.parseComprehensionBody(']');
      return this.done({ type: 'arraycomp', head, body, loc });
    }
    const items = [head];
    if (this.isOp(',')) {
      this.next();
      items.push(...this.parseTermList(']', NESTED));
    } else this.expectOp(']', '"," or "]"');
    return this.done({ type: 'array', items, loc });
  }

  private parseBraced(loc: Location): Term {
    if (this.isOp('}')) {
      this.next();
      return this.done({ type: 'object', entries: [], loc });
    }
    const first = this.parseIn({ nl: false, noOr: true });
    if (this.isOp(':')) {
      this.next();
      const value = this.parseIn({ nl: false, noOr: true });
      if (this.isOp('|')) {
        this.next();
        const body = this.parseComprehensionBody('}');
        return this.done({ type: 'objectcomp', key: first, value, body, loc });
      }
      const entries: [Term, Term][] = [[first, value]];
      while (this.isOp(',')) {
        this.next();
        if (this.isOp('}')) break;
        const k = this.parseIn(NESTED);
        this.expectOp(':', '":" in object');
        entries.push([k, this.parseIn(NESTED)]);
      }
      this.expectOp('}', '"," or "}"');
      return this.done({ type: 'object', entries, loc });
    }
    if (this.isOp('|')) {
      this.next();
      const body = this.parseComprehensionBody('}');
      return this.done({ type: 'setcomp', head: first, body, loc });
    }
    const items = [first];
    if (this.isOp(',')) {
      this.next();
      items.push(...this.parseTermList('}', NESTED));
    } else this.expectOp('}', '"," or "}"');
    return this.done({ type: 'set', items, loc });
  }

  private parseComprehensionBody(end: string): Body {
    const startTok = this.peek();
    const body = this.parseLiterals(end);
    if (body.length === 0) this.fail('found empty body in comprehension', startTok.loc);
    this.expectOp(end);
    return body;
  }

  /** Comma-separated terms up to `end` (consumed); a trailing comma is allowed. */
  private parseTermList(end: string, ctx: ExprCtx): Term[] {
    const items: Term[] = [];
    while (!this.isOp(end)) {
      items.push(this.parseIn(ctx));
      if (this.isOp(',')) this.next();
      else if (!this.isOp(end)) this.fail(`unexpected ${describe(this.peek())}: expected "," or ${JSON.stringify(end)}`);
    }
    this.next();
    return items;
  }

  // ------------------------------------------------------------ entry points for queries and terms

  parseQueryBody(): Body {
    const body: Literal[] = [];
    try {
      while (this.peek().kind !== 'eof') {
        if (this.isOp(';')) {
          this.next();
          continue;
        }
        if (body.length > 0 && !this.peek().nl && this.tokens[this.pos - 1]?.text !== ';') {
          this.fail(`unexpected ${describe(this.peek())}: expected a new line or ";" between expressions`);
        }
        body.push(this.parseLiteral());
      }
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
    }
    return body;
  }

  parseSingleTerm(): Term | undefined {
    try {
      const t = this.parseIn(NESTED);
      if (this.peek().kind !== 'eof') this.fail(`unexpected ${describe(this.peek())} after term`);
      return t;
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      return undefined;
    }
  }
}

// ------------------------------------------------------------ helpers

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'end of file';
    case 'ident': return KEYWORDS.has(t.text) ? `${t.text} keyword` : `identifier ${t.text}`;
    case 'number': return `number ${t.text}`;
    case 'string': return 'string';
    case 'rawstring': return 'raw string';
    default: return `token ${JSON.stringify(t.text)}`;
  }
}

function isRefable(t: Term): boolean {
  return t.type === 'var' || t.type === 'ref' || t.type === 'call' || t.type === 'array' || t.type === 'object' || t.type === 'set'
    || t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp';
}

function ruleName(ref: RefTerm | VarTerm): string {
  return ref.type === 'var' ? ref.name : ref.head.type === 'var' ? ref.head.name : '?';
}

export function nameToRef(name: string, loc: Location): RefTerm | VarTerm {
  const parts = name.split('.');
  const head: VarTerm = { type: 'var', name: parts[0], loc: { ...loc } };
  if (parts.length === 1) return head;
  return { type: 'ref', head, path: parts.slice(1).map((p) => ({ type: 'string', value: p, loc: { ...loc } })), loc: { ...loc } };
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
