import { DURATION_UNITS, type DurationUnit } from './ast.js';
import type { Reporter } from './report.js';

/** Punctuation and operator tokens. `and`, `or`, `not` are identifiers the parser reads as operators. */
export type Punctuator =
  | '('
  | ')'
  | '['
  | ']'
  | '{'
  | '}'
  | ','
  | '.'
  | '?'
  | ':'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '!'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '&&'
  | '||';

interface TokenBase {
  readonly start: number;
  readonly end: number;
}
export interface NumberToken extends TokenBase {
  readonly kind: 'number';
  readonly value: number;
  readonly integer: boolean;
}
/** `30m`: digits directly followed by one of the units s, m, h, d. */
export interface DurationToken extends TokenBase {
  readonly kind: 'duration';
  readonly amount: number;
  readonly unit: DurationUnit;
}
export interface StringToken extends TokenBase {
  readonly kind: 'string';
  readonly value: string;
}
export interface IdentifierToken extends TokenBase {
  readonly kind: 'identifier';
  readonly name: string;
}
export interface PunctuatorToken extends TokenBase {
  readonly kind: 'punctuator';
  readonly value: Punctuator;
}
/** Text the lexer could not read; already reported. The parser stops here without a second message. */
export interface InvalidToken extends TokenBase {
  readonly kind: 'invalid';
}
export interface EndToken extends TokenBase {
  readonly kind: 'end';
}
export type Token = NumberToken | DurationToken | StringToken | IdentifierToken | PunctuatorToken | InvalidToken | EndToken;

const SINGLE: ReadonlyMap<number, Punctuator> = new Map(
  (['(', ')', '[', ']', '{', '}', ',', '.', '?', ':', '+', '-', '*', '/', '%'] as const).map((p) => [p.charCodeAt(0), p]),
);
const SIMPLE_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x5c, '\\'],
  [0x27, "'"],
  [0x22, '"'],
  [0x6e, '\n'],
  [0x72, '\r'],
  [0x74, '\t'],
]);

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isIdentifierStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isIdentifierPart = (c: number): boolean => isIdentifierStart(c) || isDigit(c);
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isLineBreak = (c: number): boolean => c === 0x0a || c === 0x0d;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || isLineBreak(c);

/**
 * Splits an expression into tokens, reporting malformed ones. Linear in the text. Problems that
 * leave a usable token (a bad escape, an over-long number) are reported and lexing goes on; text
 * that cannot be read at all (an unexpected character, an unterminated string) ends the token list
 * with an `invalid` token, so nothing after it produces a follow-on error. The list always ends
 * with an `end` token. `from`/`to` lex only that part of `text` (offsets stay those of `text`).
 */
export function tokenize(text: string, reporter: Reporter, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const n = to;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isIdentifierStart(c)) {
      while (i < n && isIdentifierPart(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'identifier', start, end: i, name: text.slice(start, i) });
      continue;
    }
    if (isDigit(c)) {
      const token = readNumber(text, start, n, reporter);
      tokens.push(token);
      i = token.end;
      if (token.kind === 'invalid') break;
      continue;
    }
    if (c === 0x27 || c === 0x22) {
      const token = readString(text, start, n, reporter);
      tokens.push(token);
      if (token.kind === 'invalid') break;
      i = token.end;
      continue;
    }
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    const two = twoCharPunctuator(c, next);
    if (two !== undefined) {
      tokens.push({ kind: 'punctuator', start, end: i + 2, value: two });
      i += 2;
      continue;
    }
    const single = SINGLE.get(c) ?? (c === 0x21 ? '!' : c === 0x3c ? '<' : c === 0x3e ? '>' : undefined);
    if (single !== undefined) {
      tokens.push({ kind: 'punctuator', start, end: i + 1, value: single });
      i++;
      continue;
    }
    const cp = text.codePointAt(i) ?? c;
    const end = i + (cp > 0xffff ? 2 : 1);
    reporter.report('ORX5001', { start, end }, { char: describeCharacter(cp) });
    tokens.push({ kind: 'invalid', start, end });
    i = end;
    break;
  }
  tokens.push({ kind: 'end', start: i, end: i });
  return tokens;
}

function twoCharPunctuator(c: number, next: number): Punctuator | undefined {
  if (next === 0x3d) {
    // '='
    if (c === 0x3d) return '==';
    if (c === 0x21) return '!=';
    if (c === 0x3c) return '<=';
    if (c === 0x3e) return '>=';
  }
  if (c === 0x26 && next === 0x26) return '&&';
  if (c === 0x7c && next === 0x7c) return '||';
  return undefined;
}

/** `'@'` for printable characters, `U+0007` for control characters and other invisible ones. */
function describeCharacter(cp: number): string {
  const printable = cp > 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp <= 0xa0) && !(cp >= 0xd800 && cp <= 0xdfff);
  return printable ? `'${String.fromCodePoint(cp)}'` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The longest duration literal: 100 years of days (36500d, 876000h, ...). */
export const MAX_DURATION_MS = 36_500 * DURATION_UNITS.d;

const DURATION_UNIT_CODES: ReadonlyMap<number, DurationUnit> = new Map(
  (Object.keys(DURATION_UNITS) as DurationUnit[]).map((u) => [u.charCodeAt(0), u]),
);

/**
 * Digits with an optional `.digits` part, or digits with a duration unit (`30m`). No exponents,
 * signs (`-` is an operator) or other suffixes.
 */
function readNumber(text: string, start: number, n: number, reporter: Reporter): NumberToken | DurationToken | InvalidToken {
  let i = start;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  let integer = true;
  if (i + 1 < n && text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
    integer = false;
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  const unit = integer && i < n ? DURATION_UNIT_CODES.get(text.charCodeAt(i)) : undefined;
  if (unit !== undefined && !(i + 1 < n && isIdentifierPart(text.charCodeAt(i + 1)))) {
    const raw = text.slice(start, i);
    const range = { start, end: i + 1 };
    if (raw.length > 1 && raw.charCodeAt(0) === 0x30) {
      reporter.report('ORX5004', range, { text: text.slice(start, i + 1), reason: 'leading zeros are not allowed' });
    }
    const amount = Number(raw);
    if (amount * DURATION_UNITS[unit] > MAX_DURATION_MS) {
      reporter.report('ORX5005', range, { text: shorten(text.slice(start, i + 1)) });
    }
    return { kind: 'duration', start, end: i + 1, amount, unit };
  }
  if (i < n && isIdentifierPart(text.charCodeAt(i))) {
    // `1e6`, `10px`, `1_000`: one malformed token; the rest is not read as a name.
    while (i < n && isIdentifierPart(text.charCodeAt(i))) i++;
    const raw = text.slice(start, i);
    const reason = /^[0-9.]+[eE][0-9]/.test(raw)
      ? 'exponents are not supported'
      : raw.includes('_')
        ? 'digit separators are not supported'
        : 'a number cannot be followed by letters';
    reporter.report('ORX5004', { start, end: i }, { text: raw, reason });
    return { kind: 'invalid', start, end: i };
  }
  const raw = text.slice(start, i);
  const range = { start, end: i };
  if (raw.length > 1 && raw.charCodeAt(0) === 0x30 && isDigit(raw.charCodeAt(1))) {
    reporter.report('ORX5004', range, { text: raw, reason: 'leading zeros are not allowed' });
  }
  const value = Number(raw);
  if (integer ? !Number.isSafeInteger(value) : !Number.isFinite(value)) {
    reporter.report('ORX5005', range, { text: shorten(raw) });
  }
  return { kind: 'number', start, end: i, value, integer };
}

const shorten = (raw: string): string => (raw.length > 30 ? `${raw.slice(0, 29)}…` : raw);

/**
 * A quoted string. Reports the first unknown escape (and keeps the character); an unterminated
 * string (end of text or a line break before the closing quote) is reported at its opening quote
 * and swallows the rest of the text.
 */
function readString(text: string, start: number, n: number, reporter: Reporter): StringToken | InvalidToken {
  const quote = text.charCodeAt(start);
  let value = '';
  let chunkStart = start + 1;
  let badEscapeReported = false;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote) {
      value += text.slice(chunkStart, i);
      return { kind: 'string', start, end: i + 1, value };
    }
    if (isLineBreak(c)) break;
    if (c !== 0x5c) {
      i++;
      continue;
    }
    value += text.slice(chunkStart, i);
    if (i + 1 >= n) break;
    const e = text.charCodeAt(i + 1);
    const simple = SIMPLE_ESCAPES.get(e);
    let length = 2;
    if (simple !== undefined) {
      value += simple;
    } else if (e === 0x75 && hexDigits(text, i + 2, 4, n) === 4) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      length = 6;
    } else {
      if (isLineBreak(e)) break;
      if (!badEscapeReported) {
        badEscapeReported = true;
        const escEnd =
          e === 0x75 ? i + 2 + hexDigits(text, i + 2, 4, n) : i + 1 + ((text.codePointAt(i + 1) ?? e) > 0xffff ? 2 : 1);
        reporter.report('ORX5003', { start: i, end: escEnd }, { escape: text.slice(i, escEnd) });
      }
      value += text[i + 1] ?? '';
    }
    i += length;
    chunkStart = i;
  }
  reporter.report('ORX5002', { start, end: start + 1 }, { quote: quote === 0x27 ? "'" : '"' });
  return { kind: 'invalid', start, end: n };
}

/** How many hex digits (at most `max`) start at `from`. */
function hexDigits(text: string, from: number, max: number, end: number): number {
  let k = 0;
  while (k < max && from + k < end && isHex(text.charCodeAt(from + k))) k++;
  return k;
}
