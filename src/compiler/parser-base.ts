// Rego expression parser: the shared base of the module parser. Token
// handling, literals (`some`, `every`, `not`, `with`), expressions with OPA's
// operator precedence (lowest first: `:=`/`=`, `in`, relations, `|`, `&`,
// `+ -`, `* / %`) and terms. Errors are recorded and unwound with `Abort`.

import type { Body, CallTerm, Literal, Location, RefTerm, Term, VarTerm, WithModifier } from './ast.js';
import { RegoError } from './errors.js';
import { lex, type Token } from './lexer.js';

export const KEYWORDS = new Set([
  'package', 'import', 'as', 'default', 'else', 'not', 'some', 'in', 'every', 'if', 'contains', 'with', 'true', 'false', 'null',
]);

const RELATIONS: Record<string, string> = { '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ARITH: Record<string, string> = { '+': 'plus', '-': 'minus' };
const FACTOR: Record<string, string> = { '*': 'mul', '/': 'div', '%': 'rem' };

/** Deeper nesting is rejected rather than risking the JavaScript stack. */
const MAX_NESTING = 300;

/** Thrown to unwind to the nearest recovery point; the error is already recorded. */
export class Abort extends Error {}

/** Parser settings threaded through expression parsing. */
export interface ExprCtx {
  /** A newline ends the expression (statement level), rather than being whitespace (inside brackets). */
  nl: boolean;
  /** `key, value in collection` is allowed here (statement level and parentheses). */
  keyVal?: boolean;
  /** Do not treat `|` as set union (first element of a comprehension-capable collection). */
  noOr?: boolean;
}
export const STMT: ExprCtx = { nl: true };
export const NESTED: ExprCtx = { nl: false };

export class ExprParser {
  protected pos = 0;
  protected depth = 0;
  /** `not { a; b }` is enabled by `import rego.v2` or `import future.keywords.not`. */
  protected notBodies = false;
  readonly errors: RegoError[] = [];
  protected readonly tokens: Token[];
  protected readonly comments: Token[];

  constructor(protected readonly src: string, protected readonly file: string) {
    const lexed = lex(src, file);
    this.tokens = lexed.tokens;
    this.comments = lexed.comments;
    this.errors.push(...lexed.errors);
  }

  // ------------------------------------------------------------ token helpers

  protected peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }
  protected next(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  protected prevEnd(): number {
    return this.tokens[Math.max(0, this.pos - 1)].loc.end ?? 0;
  }
  protected isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }
  protected isKw(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text === word;
  }
  protected fail(message: string, loc: Location = this.peek().loc): never {
    this.errors.push(new RegoError('rego_parse_error', message, loc));
    throw new Abort();
  }
  protected expectOp(text: string, what?: string): Token {
    if (this.isOp(text)) return this.next();
    this.fail(`unexpected ${describe(this.peek())}: expected ${what ?? JSON.stringify(text)}`);
  }
  protected loc(t: Token): Location {
    return { ...t.loc };
  }
  protected done<N extends { loc: Location }>(node: N): N {
    node.loc.end = this.prevEnd();
    return node;
  }

  protected parseBraceBody(): Body {
    const open = this.expectOp('{');
    const body = this.parseLiterals('}');
    if (body.length === 0) this.fail('found empty body', open.loc);
    this.expectOp('}');
    return body;
  }

  /** Literals separated by `;` or newlines, up to (not including) the closing `end` token. */
  protected parseLiterals(end: string): Body {
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

  protected parseLiteral(): Literal {
    const start = this.peek();
    if (this.isKw('some')) return this.parseSome();
    if (this.isKw('every')) return this.parseEvery(false);
    let negated = false;
    if (this.isKw('not')) {
      this.next();
      negated = true;
      if (this.isKw('every')) return this.parseEvery(true);
      if (this.isKw('some')) this.fail('unexpected some keyword: some cannot be negated');
      if (this.notBodies && this.isOp('{')) return this.parseNotBody(start);
    }
    const term = this.parseExpr();
    const lit: Literal = { kind: 'expr', term, negated, with: this.parseWiths(), loc: this.loc(start) };
    return this.done(lit);
  }

  /**
   * `not { a; b }` holds when the body is undefined. It is desugared to
   * `[true | a; b] == []`: the comprehension sees the enclosing variables and
   * binds none of them, exactly as a negated body does.
   */
  protected parseNotBody(start: Token): Literal {
    const open = this.peek();
    const body = this.parseBraceBody();
    const loc = this.loc(open);
    const comp: Term = this.done({ type: 'arraycomp', head: { type: 'boolean', value: true, loc: { ...loc } }, body, loc });
    const term = this.call('equal', [comp, { type: 'array', items: [], loc: { ...loc } }], loc);
    return this.done({ kind: 'expr', term, negated: false, with: this.parseWiths(), loc: this.loc(start) } as Literal);
  }

  protected parseWiths(): WithModifier[] {
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

  protected parseSome(): Literal {
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

  protected parseEvery(negated: boolean): Literal {
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

  protected parsePrimaryVar(what: string): VarTerm {
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

  protected opAhead(table: Record<string, string>, ctx: ExprCtx): string | undefined {
    const t = this.peek();
    if (t.kind !== 'op' || (ctx.nl && t.nl)) return undefined;
    return table[t.text];
  }

  protected parseIn(ctx: ExprCtx): Term {
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

  protected parseRelation(ctx: ExprCtx): Term {
    let lhs = this.parseOr(ctx);
    for (let op = this.opAhead(RELATIONS, ctx); op; op = this.opAhead(RELATIONS, ctx)) {
      this.next();
      lhs = this.call(op, [lhs, this.parseOr(ctx)], lhs.loc);
    }
    return lhs;
  }

  protected parseOr(ctx: ExprCtx): Term {
    let lhs = this.parseAnd(ctx);
    while (!ctx.noOr && this.opAhead({ '|': 'or' }, ctx)) {
      this.next();
      lhs = this.call('or', [lhs, this.parseAnd(ctx)], lhs.loc);
    }
    return lhs;
  }

  protected parseAnd(ctx: ExprCtx): Term {
    let lhs = this.parseArith(ctx);
    while (this.opAhead({ '&': 'and' }, ctx)) {
      this.next();
      lhs = this.call('and', [lhs, this.parseArith(ctx)], lhs.loc);
    }
    return lhs;
  }

  protected parseArith(ctx: ExprCtx): Term {
    let lhs = this.parseFactor(ctx);
    for (let op = this.opAhead(ARITH, ctx); op; op = this.opAhead(ARITH, ctx)) {
      this.next();
      lhs = this.call(op, [lhs, this.parseFactor(ctx)], lhs.loc);
    }
    return lhs;
  }

  protected parseFactor(ctx: ExprCtx): Term {
    let lhs = this.parsePostfix(ctx);
    for (let op = this.opAhead(FACTOR, ctx); op; op = this.opAhead(FACTOR, ctx)) {
      this.next();
      lhs = this.call(op, [lhs, this.parsePostfix(ctx)], lhs.loc);
    }
    return lhs;
  }

  protected call(name: string, args: Term[], loc: Location): CallTerm {
    return this.done({ type: 'call', fn: nameToRef(name, loc), args, loc: { ...loc } });
  }

  /** A primary term followed by `.name`, `[index]` and `(args)` suffixes written without spaces. */
  protected parsePostfix(ctx: ExprCtx): Term {
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

  protected extendRef(t: Term, seg: Term, startTok: Token): RefTerm {
    if (t.type === 'ref') {
      const r: RefTerm = { type: 'ref', head: t.head, path: [...t.path, seg], loc: { ...t.loc } };
      return this.done(r);
    }
    return this.done({ type: 'ref', head: t, path: [seg], loc: this.loc(startTok) });
  }

  protected parsePrimary(ctx: ExprCtx): Term {
    if (++this.depth > MAX_NESTING) this.fail(`nesting too deep (more than ${MAX_NESTING} levels)`);
    try {
      return this.parsePrimaryInner(ctx);
    } finally {
      this.depth--;
    }
  }

  protected parsePrimaryInner(ctx: ExprCtx): Term {
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

  protected parseArray(loc: Location): Term {
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

  protected parseBraced(loc: Location): Term {
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

  protected parseComprehensionBody(end: string): Body {
    const startTok = this.peek();
    const body = this.parseLiterals(end);
    if (body.length === 0) this.fail('found empty body in comprehension', startTok.loc);
    this.expectOp(end);
    return body;
  }

  /** Comma-separated terms up to `end` (consumed); a trailing comma is allowed. */
  protected parseTermList(end: string, ctx: ExprCtx): Term[] {
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

export function describe(t: Token): string {
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

export function nameToRef(name: string, loc: Location): RefTerm | VarTerm {
  const parts = name.split('.');
  const head: VarTerm = { type: 'var', name: parts[0], loc: { ...loc } };
  if (parts.length === 1) return head;
  return { type: 'ref', head, path: parts.slice(1).map((p) => ({ type: 'string', value: p, loc: { ...loc } })), loc: { ...loc } };
}
