import type { Span } from '../diagnostic.js';
import type { Style } from './style.js';

const CONTEXT_LINES = 1;
const MAX_LINE_WIDTH = 160;

/**
 * A few lines of source around `span` with a gutter and carets under the span. Tabs become spaces
 * so the carets line up; very long lines are cut to a window around the span.
 */
export function codeFrame(text: string, span: Span, style: Style): string {
  const lines = text.split(/\r?\n/);
  const startLine = clamp(span.start.line, 1, lines.length);
  const endLine = clamp(Math.max(span.end.line, startLine), startLine, lines.length);
  const first = Math.max(1, startLine - CONTEXT_LINES);
  const last = Math.min(lines.length, startLine + CONTEXT_LINES);
  const gutterWidth = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = lines[n - 1] ?? '';
    const isTarget = n === startLine;
    const startCol = isTarget ? span.start.column : 1;
    const endCol = isTarget
      ? endLine === startLine
        ? Math.max(span.end.column, span.start.column + 1)
        : raw.length + 1
      : 1;
    const { shown, from, to } = window(raw, startCol, endCol);
    const marker = isTarget ? '>' : ' ';
    out.push(`${style.dim(`${marker} ${String(n).padStart(gutterWidth)} |`)}${shown === '' ? '' : ` ${shown}`}`);
    if (isTarget) {
      const caretCount = Math.max(1, to - from);
      out.push(`${style.dim(`  ${' '.repeat(gutterWidth)} |`)} ${' '.repeat(from)}${style.caret('^'.repeat(caretCount))}`);
    }
  }
  return out.join('\n');
}

/** Expands tabs and cuts the line to a window; returns the visible text and caret columns in it. */
function window(raw: string, startCol: number, endCol: number): { shown: string; from: number; to: number } {
  let visual = '';
  let from = -1;
  let to = -1;
  for (let i = 0; i <= raw.length; i++) {
    if (i === startCol - 1) from = visual.length;
    if (i === endCol - 1) to = visual.length;
    if (i === raw.length) break;
    const ch = raw[i] ?? '';
    visual += ch === '\t' ? '  ' : ch;
  }
  if (from < 0) from = visual.length;
  if (to < from) to = Math.max(from + 1, visual.length);
  if (visual.length <= MAX_LINE_WIDTH) return { shown: visual.trimEnd(), from, to };
  const start = Math.max(0, Math.min(from - 40, visual.length - MAX_LINE_WIDTH));
  const cut = visual.slice(start, start + MAX_LINE_WIDTH);
  const prefix = start > 0 ? '…' : '';
  const suffix = start + MAX_LINE_WIDTH < visual.length ? '…' : '';
  const shift = prefix.length - start;
  return { shown: `${prefix}${cut}${suffix}`, from: from + shift, to: Math.min(to + shift, prefix.length + cut.length) };
}

const clamp = (n: number, lo: number, hi: number): number => Math.min(Math.max(n, lo), Math.max(lo, hi));
