/**
 * A fast path for the YAML that DSL files are made of: block mappings and sequences, one-line flow
 * collections, plain and one-line quoted scalars, comments. It builds the same plain value as `yaml`
 * (core schema), several times faster, and gives up (returns `undefined`) on anything else — block
 * scalars, anchors, aliases, tags, multi-line scalars or flow collections, quoted or unusual keys,
 * duplicate keys, tabs, directives, several documents, and on every error. The caller then parses
 * with `yaml`, which also reports the errors; so this path never decides what is valid. Positions are
 * not recorded, except the line each block value starts on (`valueLine`, for the `// file:line`
 * comments of generated code); full spans come from a lazy `yaml` parse on the first span lookup
 * (only when a diagnostic needs one). test/compiler/load/fast-parse.test.ts checks both against
 * `yaml` on generated and mutated input.
 */

import { MAX_NESTING_DEPTH } from './limits.js';
import { YAML_ESCAPES } from './yaml-escapes.js';

const UNSUPPORTED = new Error('not in the fast subset');
const bail = (): never => {
  throw UNSUPPORTED;
};

/** Characters whose YAML meaning this path does not model. */
const UNSUPPORTED_CHARACTERS = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;
/** A mapping key: an identifier or a canonical non-negative integer, then ':' and a space or the end. */
const BLOCK_KEY = /([A-Za-z_][A-Za-z0-9_]{0,200}|0|[1-9][0-9]{0,14}):(?: +|$)/y;
const FLOW_KEY = /([A-Za-z_][A-Za-z0-9_]{0,200}|0|[1-9][0-9]{0,14}): +/y;
/** Keys that the core schema would resolve to null or a boolean. */
const RESERVED_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__']);

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;

export function fastParse(text: string): Record<string, unknown> | undefined {
  return fastParseDocument(text)?.value;
}

/** A document from the fast path: its value and where its block values start. */
export interface FastDocument {
  readonly value: Record<string, unknown>;
  /**
   * The 1-based line on which the value at `path` starts (what a `yaml` span of it starts on), or
   * undefined where the fast path does not know it (inside one-line flow collections, empty values).
   */
  valueLine(path: readonly (string | number)[]): number | undefined;
}

/**
 * `lines: false` records no lines (`valueLine` then knows none): only generated code names them,
 * and recording one per mapping entry and list item is a sizeable part of parsing.
 */
export function fastParseDocument(text: string, options: { readonly lines?: boolean } = {}): FastDocument | undefined {
  if (UNSUPPORTED_CHARACTERS.test(text)) return undefined;
  try {
    const parser = new FastParser(text, options.lines !== false);
    const value = parser.document();
    const starts = parser.starts;
    return {
      value,
      valueLine(path) {
        let node: unknown = value;
        let line: number | undefined;
        for (const segment of path) {
          if (typeof node !== 'object' || node === null) return undefined;
          line = starts.get(node)?.get(segment);
          if (line === undefined) return undefined;
          node = Array.isArray(node) ? node[segment as number] : (node as Record<string, unknown>)[segment];
        }
        return line;
      },
    };
  } catch {
    // Unsupported input, or anything unexpected: `yaml` decides and reports.
    return undefined;
  }
}

class FastParser {
  /** Per block mapping or sequence: the 1-based line each entry's value starts on. */
  readonly starts = new WeakMap<object, Map<string | number, number>>();
  private readonly lines: string[];
  private i = 0;
  private depth = 0;

  constructor(
    text: string,
    private readonly recording: boolean,
  ) {
    this.lines = text.split('\n');
    if (text.includes('\r')) {
      for (let k = 0; k < this.lines.length; k++) {
        const line = this.lines[k] ?? '';
        if (line.endsWith('\r')) this.lines[k] = line.slice(0, -1);
      }
    }
  }

  document(): Record<string, unknown> {
    this.skipBlank(true);
    if (this.i < this.lines.length && /^---(?: +(?:#.*)?)?$/.test(this.line())) {
      this.i++;
      this.skipBlank(false);
    }
    if (this.i >= this.lines.length) bail();
    const line = this.line();
    if (indentOf(line) !== 0 || isSequenceItem(line, 0)) bail();
    const root = this.mapping(0, 0);
    this.skipBlank(false);
    if (this.i < this.lines.length) bail();
    return root;
  }

  /** The 1-based line of the block `nestedBlock` last entered (read right after it returns). */
  private blockStart = 0;

  private line(): string {
    return this.lines[this.i] ?? '';
  }

  private record(container: object, segment: string | number, line: number): void {
    if (!this.recording) return;
    let map = this.starts.get(container);
    if (map === undefined) this.starts.set(container, (map = new Map()));
    map.set(segment, line);
  }

  /** Moves past blank and comment-only lines; document markers and directives are not handled here. */
  private skipBlank(atStart: boolean): void {
    while (this.i < this.lines.length) {
      const line = this.line();
      const indent = indentOf(line);
      if (indent === line.length || line.charCodeAt(indent) === HASH) {
        this.i++;
        continue;
      }
      if (indent === 0 && (line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) {
        if (!(atStart && line.startsWith('---'))) bail();
      }
      return;
    }
  }

  /** A block mapping whose keys start at column `indent`; the first key is at `column` of the current line. */
  private mapping(indent: number, column: number): Record<string, unknown> {
    if (++this.depth > MAX_NESTING_DEPTH) bail();
    const result: Record<string, unknown> = {};
    let col = column;
    for (;;) {
      const line = this.line();
      BLOCK_KEY.lastIndex = col;
      const match = BLOCK_KEY.exec(line);
      if (match === null) return bail();
      const key = match[1] ?? '';
      if (RESERVED_KEYS.has(key) || Object.hasOwn(result, key)) bail();
      const at = col + match[0].length;
      let value: unknown;
      let start: number | undefined = this.i + 1;
      if (at >= line.length || line.charCodeAt(at) === HASH) {
        value = this.nestedBlock(indent, true);
        // A nested block starts where its first entry is; an empty value is spanned by its key.
        start = value === null ? start : this.blockStart;
      } else {
        value = inlineValue(line, at, this.depth);
        this.i++;
      }
      result[key] = value;
      if (start !== undefined) this.record(result, key, start);
      this.skipBlank(false);
      if (this.i >= this.lines.length) break;
      const next = this.line();
      const nextIndent = indentOf(next);
      if (nextIndent < indent) break;
      if (nextIndent > indent || isSequenceItem(next, nextIndent)) bail();
      col = indent;
    }
    this.depth--;
    return result;
  }

  /** A block sequence whose dashes are at column `indent` of the current line and the ones below. */
  private sequence(indent: number): unknown[] {
    if (++this.depth > MAX_NESTING_DEPTH) bail();
    const result: unknown[] = [];
    for (;;) {
      const line = this.line();
      let at = indent + 1;
      while (line.charCodeAt(at) === SPACE) at++;
      let value: unknown;
      let start: number | undefined = this.i + 1;
      if (at >= line.length || line.charCodeAt(at) === HASH) {
        value = this.nestedBlock(indent, false);
        start = value === null ? undefined : this.blockStart;
      } else if (isSequenceItem(line, at)) return bail();
      else {
        BLOCK_KEY.lastIndex = at;
        if (BLOCK_KEY.test(line)) value = this.mapping(at, at);
        else {
          value = inlineValue(line, at, this.depth);
          this.i++;
        }
      }
      if (start !== undefined) this.record(result, result.length, start);
      result.push(value);
      this.skipBlank(false);
      if (this.i >= this.lines.length) break;
      const next = this.line();
      const nextIndent = indentOf(next);
      if (nextIndent < indent) break;
      if (nextIndent > indent) bail();
      if (!isSequenceItem(next, nextIndent)) break;
    }
    this.depth--;
    return result;
  }

  /**
   * The value of a key or dash with nothing after it on its line: a more indented block below, a
   * sequence at the key's own indentation (mappings only), or null.
   */
  private nestedBlock(parentIndent: number, sequenceMayAlign: boolean): unknown {
    this.i++;
    this.skipBlank(false);
    if (this.i >= this.lines.length) return null;
    const start = this.i + 1;
    const line = this.line();
    const indent = indentOf(line);
    let value: unknown = null;
    if (indent > parentIndent) value = isSequenceItem(line, indent) ? this.sequence(indent) : this.mapping(indent, indent);
    else if (sequenceMayAlign && indent === parentIndent && isSequenceItem(line, indent)) value = this.sequence(indent);
    // Set after the nested parse, which enters blocks of its own.
    this.blockStart = start;
    return value;
  }

}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === SPACE) n++;
  return n;
}

const isSequenceItem = (line: string, at: number): boolean =>
  line.charCodeAt(at) === DASH && (at + 1 === line.length || line.charCodeAt(at + 1) === SPACE);

/** A value that starts at `at` and must end the line (trailing spaces and a comment allowed). */
function inlineValue(line: string, at: number, depth: number): unknown {
  const c = line[at];
  if (c === '"' || c === "'" || c === '[' || c === '{') {
    const [value, end] = c === '"' ? doubleQuoted(line, at) : c === "'" ? singleQuoted(line, at) : flowCollection(line, at, depth + 1);
    expectLineEnd(line, end);
    return value;
  }
  if (c === undefined || '&*!|>%@`?:,]}#'.includes(c) || isSequenceItem(line, at)) return bail();
  const comment = line.indexOf(' #', at);
  const raw = (comment === -1 ? line.slice(at) : line.slice(at, comment)).trimEnd();
  if (raw.endsWith(':') || raw.includes(': ')) bail();
  return plainScalar(raw);
}

function expectLineEnd(line: string, from: number): void {
  let at = from;
  while (line.charCodeAt(at) === SPACE) at++;
  if (at === line.length) return;
  if (line.charCodeAt(at) === HASH && at > from) return;
  bail();
}

function skipSpaces(line: string, from: number): number {
  let at = from;
  while (line.charCodeAt(at) === SPACE) at++;
  return at;
}

/** `[ ... ]` or `{ ... }` closed on the same line. Returns the value and the index after it. */
function flowCollection(line: string, start: number, depth: number): [unknown, number] {
  if (depth > MAX_NESTING_DEPTH) bail();
  if (line[start] === '[') {
    const items: unknown[] = [];
    let at = skipSpaces(line, start + 1);
    if (line[at] === ']') return [items, at + 1];
    for (;;) {
      const [item, end] = flowValue(line, at, depth);
      items.push(item);
      at = skipSpaces(line, end);
      const c = line[at];
      if (c === ']') return [items, at + 1];
      if (c !== ',') return bail();
      at = skipSpaces(line, at + 1);
      if (line[at] === ']') bail();
    }
  }
  const result: Record<string, unknown> = {};
  let at = skipSpaces(line, start + 1);
  if (line[at] === '}') return [result, at + 1];
  for (;;) {
    FLOW_KEY.lastIndex = at;
    const match = FLOW_KEY.exec(line);
    if (match === null) return bail();
    const key = match[1] ?? '';
    if (RESERVED_KEYS.has(key) || Object.hasOwn(result, key)) bail();
    const [value, end] = flowValue(line, at + match[0].length, depth);
    result[key] = value;
    at = skipSpaces(line, end);
    const c = line[at];
    if (c === '}') return [result, at + 1];
    if (c !== ',') return bail();
    at = skipSpaces(line, at + 1);
    if (line[at] === '}') bail();
  }
}

function flowValue(line: string, start: number, depth: number): [unknown, number] {
  const at = skipSpaces(line, start);
  const c = line[at];
  if (c === '"') return doubleQuoted(line, at);
  if (c === "'") return singleQuoted(line, at);
  if (c === '[' || c === '{') return flowCollection(line, at, depth + 1);
  if (c === undefined || '&*!|>%@`?:,[]{}#'.includes(c) || isSequenceItem(line, at)) return bail();
  // Native scans: up to the next , ] or } (the line must continue), then a check for what would
  // make it something other than a plain scalar: a nested collection, a ': ' key, a ' #' comment.
  FLOW_PLAIN.lastIndex = at;
  const end = at + (FLOW_PLAIN.exec(line)?.[0].length ?? 0);
  const raw = line.slice(at, end);
  if (end >= line.length || FLOW_PLAIN_UNSUPPORTED.test(raw)) return bail();
  return [plainScalar(raw.trimEnd()), end];
}

const FLOW_PLAIN = /[^,\]}]*/y;
const FLOW_PLAIN_UNSUPPORTED = /[[{]|:(?: |$)| #/;


function doubleQuoted(line: string, start: number): [string, number] {
  let out = '';
  let at = start + 1;
  for (;;) {
    const quote = line.indexOf('"', at);
    const escape = line.indexOf('\\', at);
    if (quote === -1) return bail();
    if (escape === -1 || quote < escape) return [out + line.slice(at, quote), quote + 1];
    out += line.slice(at, escape);
    const code = line[escape + 1] ?? '';
    const simple = YAML_ESCAPES[code];
    if (simple !== undefined) {
      out += simple;
      at = escape + 2;
    } else if (code === 'u') {
      const hex = line.slice(escape + 2, escape + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) bail();
      out += String.fromCharCode(parseInt(hex, 16));
      at = escape + 6;
    } else return bail();
  }
}

function singleQuoted(line: string, start: number): [string, number] {
  let out = '';
  let at = start + 1;
  for (;;) {
    const quote = line.indexOf("'", at);
    if (quote === -1) return bail();
    out += line.slice(at, quote);
    if (line[quote + 1] !== "'") return [out, quote + 1];
    out += "'";
    at = quote + 2;
  }
}

// The YAML 1.2 core schema, as `yaml` resolves plain scalars (same tests, same order of precedence).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

export function plainScalar(raw: string): unknown {
  const c = raw.charCodeAt(0);
  // Most scalars are names or expressions: decide them by their first character.
  const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
  if (!numeric && c !== 0x74 && c !== 0x54 && c !== 0x66 && c !== 0x46 && c !== 0x6e && c !== 0x4e && c !== 0x7e) {
    return raw;
  }
  if (NULL.test(raw)) return null;
  if (BOOL.test(raw)) return raw[0] === 't' || raw[0] === 'T';
  if (!numeric) return raw;
  if (INT_OCT.test(raw)) return parseInt(raw.substring(2), 8);
  if (INT.test(raw)) return parseInt(raw, 10);
  if (INT_HEX.test(raw)) return parseInt(raw.substring(2), 16);
  if (FLOAT_NAN.test(raw)) {
    return raw.slice(-3).toLowerCase() === 'nan' ? NaN : raw[0] === '-' ? -Infinity : Infinity;
  }
  if (FLOAT_EXP.test(raw) || FLOAT.test(raw)) return parseFloat(raw);
  return raw;
}
