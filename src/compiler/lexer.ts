// Rego lexer: source text → tokens. Newlines are not tokens; instead each token
// records whether a line break came before it, because Rego separates body
// expressions and rules by newlines.

import type { Location } from './ast.js';
import { RegoError } from './errors.js';

export type TokenKind =
  | 'ident'
  | 'number'
  | 'string' // "..." (value already unescaped)
  | 'rawstring' // `...`
  | 'op' // punctuation and operators, text in `text`
  | 'comment'
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string; // raw text (for strings: the unescaped value)
  loc: Location;
  /** A newline separates this token from the previous one. */
  nl: boolean;
  /** Whitespace (or a comment) separates this token from the previous one. */
  ws: boolean;
}

const OPERATORS = [':=', '==', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':'];

export interface LexResult {
  tokens: Token[];
  comments: Token[];
  errors: RegoError[];
}

const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string) => isIdentStart(c) || (c >= '0' && c <= '9');
const isDigit = (c: string) => c >= '0' && c <= '9';

export function lex(src: string, file: string): LexResult {
  const tokens: Token[] = [];
  const comments: Token[] = [];
  const errors: RegoError[] = [];
  let i = 0;
  let row = 1;
  let lineStart = 0;
  let nl = false;
  let ws = false;
  // Skip a byte-order mark.
  if (src.charCodeAt(0) === 0xfeff) i = 1, lineStart = 1;

  const locAt = (offset: number, r = row, ls = lineStart): Location => ({ file, row: r, col: offset - ls + 1, offset });
  const push = (kind: TokenKind, text: string, loc: Location, end: number) => {
    loc.end = end;
    tokens.push({ kind, text, loc, nl, ws });
    nl = false;
    ws = false;
  };

  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      i++;
      row++;
      lineStart = i;
      nl = true;
      ws = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      ws = true;
      continue;
    }
    if (c === '#') {
      const start = i;
      while (i < src.length && src[i] !== '\n') i++;
      comments.push({ kind: 'comment', text: src.slice(start + 1, i).replace(/\r$/, ''), loc: { ...locAt(start), end: i }, nl, ws });
      ws = true;
      continue;
    }
    const start = i;
    const loc = locAt(start);
    if (isIdentStart(c)) {
      while (i < src.length && isIdentPart(src[i])) i++;
      push('ident', src.slice(start, i), loc, i);
      continue;
    }
    if (isDigit(c)) {
      i = scanNumber(src, i);
      if (i < src.length && (isIdentStart(src[i]) || src[i] === '.')) {
        // `1abc` or `1.2.3`: a malformed number, not two tokens.
        while (i < src.length && (isIdentPart(src[i]) || src[i] === '.')) i++;
        errors.push(new RegoError('rego_parse_error', `invalid number: ${src.slice(start, i)}`, loc));
        push('number', '0', loc, i);
        continue;
      }
      push('number', src.slice(start, i), loc, i);
      continue;
    }
    if (c === '"') {
      const { value, end, error } = scanString(src, i);
      if (error) errors.push(new RegoError('rego_parse_error', error.message, locAt(error.offset)));
      // A string cannot span lines, so the row is unchanged.
      i = end;
      push('string', value, loc, i);
      continue;
    }
    if (c === '`') {
      const close = src.indexOf('`', i + 1);
      const end = close < 0 ? src.length : close + 1;
      if (close < 0) errors.push(new RegoError('rego_parse_error', 'non-terminated raw string', loc));
      const value = src.slice(i + 1, close < 0 ? src.length : close);
      // Raw strings may span lines: keep row accounting right.
      for (let k = i; k < end; k++) if (src[k] === '\n') { row++; lineStart = k + 1; }
      i = end;
      push('rawstring', value, loc, i);
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      push('op', op, loc, i);
      continue;
    }
    errors.push(new RegoError('rego_parse_error', `illegal token ${JSON.stringify(c)}`, loc));
    i++;
  }
  tokens.push({ kind: 'eof', text: '', loc: { ...locAt(i), end: i }, nl: true, ws: true });
  return { tokens, comments, errors };
}

function scanNumber(src: string, i: number): number {
  while (i < src.length && isDigit(src[i])) i++;
  if (src[i] === '.' && isDigit(src[i + 1] ?? '')) {
    i++;
    while (i < src.length && isDigit(src[i])) i++;
  }
  if ((src[i] === 'e' || src[i] === 'E') && (isDigit(src[i + 1] ?? '') || ((src[i + 1] === '+' || src[i + 1] === '-') && isDigit(src[i + 2] ?? '')))) {
    i += 2;
    while (i < src.length && isDigit(src[i])) i++;
  }
  return i;
}

interface ScanError { message: string; offset: number }

/** Scan a JSON-style double-quoted string starting at `i` (the opening quote). */
export function scanString(src: string, i: number): { value: string; end: number; error?: ScanError } {
  let out = '';
  let k = i + 1;
  while (k < src.length) {
    const ch = src[k];
    if (ch === '"') return { value: out, end: k + 1 };
    if (ch === '\n') return { value: out, end: k, error: { message: 'non-terminated string', offset: i } };
    if (ch === '\\') {
      const e = src[k + 1];
      switch (e) {
        case '"': out += '"'; k += 2; continue;
        case '\\': out += '\\'; k += 2; continue;
        case '/': out += '/'; k += 2; continue;
        case 'b': out += '\b'; k += 2; continue;
        case 'f': out += '\f'; k += 2; continue;
        case 'n': out += '\n'; k += 2; continue;
        case 'r': out += '\r'; k += 2; continue;
        case 't': out += '\t'; k += 2; continue;
        case 'u': {
          const hex = src.slice(k + 2, k + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            return { value: out, end: skipToQuote(src, k), error: { message: 'illegal \\u escape in string', offset: k } };
          }
          out += String.fromCharCode(parseInt(hex, 16));
          k += 6;
          continue;
        }
        default:
          return { value: out, end: skipToQuote(src, k), error: { message: `illegal escape sequence \\${e ?? ''} in string`, offset: k } };
      }
    }
    if (ch.charCodeAt(0) < 0x20 && ch !== '\t') {
      return { value: out, end: skipToQuote(src, k), error: { message: 'control character in string', offset: k } };
    }
    out += ch;
    k++;
  }
  return { value: out, end: k, error: { message: 'non-terminated string', offset: i } };
}

function skipToQuote(src: string, k: number): number {
  while (k < src.length && src[k] !== '\n') {
    if (src[k] === '\\') k += 2;
    else if (src[k] === '"') return k + 1;
    else k++;
  }
  return k;
}
