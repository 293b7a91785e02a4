import type { Scalar } from 'yaml';
import { YAML_ESCAPES } from './yaml-escapes.js';

/**
 * Where each character of a string scalar's value comes from in the file. `starts[i]` and
 * `ends[i]` bound the source text that produced value character `i`: one character for a literal,
 * the whole escape for `\u00e9`, the line break (and the indentation after it) for a folded space.
 *
 * Each style is rebuilt the way `yaml` resolves it (compose/resolve-flow-scalar.js and
 * resolve-block-scalar.js), recording offsets on the way; the rebuilt value must equal the parsed
 * one, or the caller falls back to the whole scalar's span.
 */
export interface ScalarOffsets {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

class OffsetBuilder {
  value = '';
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** `str`, every unit of which comes from source `[start, end)`. */
  add(str: string, start: number, end: number): void {
    for (let k = 0; k < str.length; k++) {
      this.starts.push(start);
      this.ends.push(end);
    }
    this.value += str;
  }

  /** Source characters copied verbatim, starting at `offset`. */
  copy(str: string, offset: number): void {
    for (let k = 0; k < str.length; k++) {
      this.starts.push(offset + k);
      this.ends.push(offset + k + 1);
    }
    this.value += str;
  }
}

export function scalarOffsets(text: string, node: Scalar): ScalarOffsets | undefined {
  const range = node.range;
  if (range === undefined || range === null || typeof node.value !== 'string') return undefined;
  const [start, end] = range;
  const source = text.slice(start, end);
  let built: OffsetBuilder | undefined;
  switch (node.type) {
    case 'PLAIN':
      built = new OffsetBuilder();
      unfoldLines(source, start, built);
      break;
    case 'QUOTE_SINGLE':
      built = singleQuoted(source, start);
      break;
    case 'QUOTE_DOUBLE':
      built = doubleQuoted(source, start);
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return blockScalar(text, start, end, node.value);
    default:
      return undefined;
  }
  return built.value === node.value ? built : undefined;
}

const TRIM_END = /[ \t]+$/;
const LEADING = /^[ \t]*/;

/** Flow-scalar line folding: one line break becomes a space, n breaks become n - 1 newlines. */
function unfoldLines(source: string, base: number, out: OffsetBuilder): void {
  const lineRe = /(.*?)\r?\n/sy;
  let match = lineRe.exec(source);
  if (!match) {
    out.copy(source, base);
    return;
  }
  const first = (match[1] ?? '').replace(TRIM_END, '');
  out.copy(first, base);
  let pendingFrom = base + first.length;
  let sep = ' ';
  let pos = lineRe.lastIndex;
  while ((match = lineRe.exec(source))) {
    const line = match[1] ?? '';
    const leading = (LEADING.exec(line)?.[0] ?? '').length;
    const content = line.slice(leading).replace(TRIM_END, '');
    if (content === '') {
      if (sep === '\n') {
        out.add('\n', base + pos - 1, base + pos);
        pendingFrom = base + pos;
      } else sep = '\n';
    } else {
      out.add(sep, pendingFrom, base + pos + leading);
      out.copy(content, base + pos + leading);
      sep = ' ';
      pendingFrom = base + pos + leading + content.length;
    }
    pos = lineRe.lastIndex;
  }
  const rest = source.slice(pos);
  const leading = (LEADING.exec(rest)?.[0] ?? '').length;
  out.add(sep, pendingFrom, base + pos + leading);
  out.copy(rest.slice(leading), base + pos + leading);
}

function singleQuoted(source: string, base: number): OffsetBuilder {
  const inner = new OffsetBuilder();
  unfoldLines(source.slice(1, -1), base + 1, inner);
  // '' -> ', mapped to both quotes.
  const out = new OffsetBuilder();
  for (let i = 0; i < inner.value.length; i++) {
    const start = inner.starts[i] ?? base;
    if (inner.value[i] === "'" && inner.value[i + 1] === "'") {
      out.add("'", start, inner.ends[i + 1] ?? start + 2);
      i++;
    } else out.add(inner.value.charAt(i), start, inner.ends[i] ?? start + 1);
  }
  return out;
}


function doubleQuoted(source: string, base: number): OffsetBuilder {
  const out = new OffsetBuilder();
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i];
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      const from = i;
      let fold = '';
      let next = source[i + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && source[i + 2] !== '\n') break;
        if (next === '\n') fold += '\n';
        i += 1;
        next = source[i + 1];
      }
      out.add(fold === '' ? ' ' : fold, base + from, base + i + 1);
    } else if (ch === '\\') {
      const escapeStart = i;
      let next = source[++i] ?? '';
      const simple = YAML_ESCAPES[next];
      if (simple !== undefined) out.add(simple, base + escapeStart, base + i + 1);
      else if (next === '\n' || (next === '\r' && source[i + 1] === '\n')) {
        if (next === '\r') i++;
        // An escaped line break: nothing, and the next line's indentation is skipped.
        next = source[i + 1] ?? '';
        while (next === ' ' || next === '\t') next = source[++i + 1] ?? '';
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = source.substr(i + 1, length);
        const code = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        let str: string;
        try {
          str = String.fromCodePoint(code);
        } catch {
          str = source.substr(i - 1, length + 2);
        }
        i += length;
        out.add(str, base + escapeStart, base + i + 1);
      } else out.add(source.substr(i - 1, 2), base + escapeStart, base + i + 1);
    } else if (ch === ' ' || ch === '\t') {
      // Trailing white space before a line break is dropped.
      const wsStart = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) out.copy(source.slice(wsStart, i + 1), base + wsStart);
    } else out.copy(ch ?? '', base + i);
  }
  return out;
}

interface BlockLine {
  readonly indent: number;
  readonly content: string;
  /** Offset of the line's first character (its indentation). */
  readonly offset: number;
}

/**
 * `|` and `>` scalars. With an explicit indentation indicator the content indentation depends on
 * the parent's, which the node does not record: every candidate is tried against the parsed value.
 */
function blockScalar(text: string, start: number, end: number, value: string): ScalarOffsets | undefined {
  const newline = text.indexOf('\n', start);
  if (newline === -1 || newline >= end) return value === '' ? { starts: [], ends: [] } : undefined;
  const header = /^([|>])([-+1-9]*)/.exec(text.slice(start, newline));
  if (header === null) return undefined;
  const folded = header[1] === '>';
  const indicators = header[2] ?? '';
  const chomp = indicators.includes('-') ? '-' : indicators.includes('+') ? '+' : '';
  const explicitIndent = Number(indicators.replace(/[-+]/g, '') || '0');
  const lines: BlockLine[] = [];
  let offset = newline + 1;
  for (const raw of text.slice(newline + 1, end).split('\n')) {
    const indent = (/^ */.exec(raw)?.[0] ?? '').length;
    lines.push({ indent, content: raw.slice(indent), offset });
    offset += raw.length + 1;
  }
  const firstContent = lines.find((l) => l.content !== '' && l.content !== '\r');
  const candidates =
    explicitIndent === 0
      ? [firstContent?.indent ?? 0]
      : Array.from({ length: (firstContent?.indent ?? explicitIndent) + 1 }, (_, k) => k).reverse();
  for (const trimIndent of candidates) {
    const built = foldBlock(lines, trimIndent, folded, chomp, newline);
    if (built.value === value) return built;
  }
  return undefined;
}

function foldBlock(lines: readonly BlockLine[], trimIndent: number, folded: boolean, chomp: string, headerEnd: number): OffsetBuilder {
  const out = new OffsetBuilder();
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i]?.content;
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) out.add('\n'.repeat(Math.max(1, lines.length - 1)), headerEnd, headerEnd + 1);
    return out;
  }
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const line = lines[i];
    if (line !== undefined && line.content !== '' && line.content !== '\r') {
      contentStart = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) if ((lines[i]?.indent ?? 0) > trimIndent) chompStart = i + 1;
  const extra = (line: BlockLine): string => ' '.repeat(Math.max(0, line.indent - trimIndent));
  for (let i = 0; i < contentStart; ++i) {
    const line = lines[i];
    if (line === undefined) continue;
    out.copy(extra(line), line.offset + trimIndent);
    out.add('\n', line.offset + line.indent + line.content.length, line.offset + line.indent + line.content.length + 1);
  }
  let sep = '';
  let sepAt = headerEnd;
  let prevMoreIndented = false;
  for (let i = contentStart; i < chompStart; ++i) {
    const line = lines[i];
    if (line === undefined) continue;
    const content = line.content.endsWith('\r') ? line.content.slice(0, -1) : line.content;
    const contentAt = line.offset + line.indent;
    if (!folded) {
      out.add(sep, sepAt, sepAt + 1);
      out.copy(extra(line), line.offset + trimIndent);
      out.copy(content, contentAt);
      sep = '\n';
    } else if (line.indent > trimIndent || content.startsWith('\t')) {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      out.add(sep, sepAt, sepAt + 1);
      out.copy(extra(line), line.offset + trimIndent);
      out.copy(content, contentAt);
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') {
        out.add('\n', line.offset, line.offset + 1);
        sepAt = line.offset + line.indent + line.content.length;
      } else sep = '\n';
    } else {
      out.add(sep, sepAt, sepAt + 1);
      out.copy(content, contentAt);
      sep = ' ';
      prevMoreIndented = false;
    }
    if (content !== '' || !folded) sepAt = line.offset + line.indent + line.content.length;
  }
  const last = lines[chompStart - 1];
  const lastEnd = last === undefined ? headerEnd : last.offset + last.indent + last.content.length;
  if (chomp === '+') {
    let at = lastEnd;
    for (let i = chompStart; i < lines.length; ++i) {
      const line = lines[i];
      if (line === undefined) continue;
      out.add('\n', at, at + 1);
      out.copy(extra(line), line.offset + trimIndent);
      at = line.offset + line.indent + line.content.length;
    }
    if (!out.value.endsWith('\n')) out.add('\n', at, at + 1);
  } else if (chomp === '') out.add('\n', lastEnd, lastEnd + 1);
  return out;
}
