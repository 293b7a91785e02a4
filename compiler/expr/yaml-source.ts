import type { Span } from '../diagnostics/diagnostic.js';
import type { TextRange } from './ast.js';
import { tokenize } from './lexer.js';
import { MAX_DEPTH, parse } from './parser.js';
import { Reporter } from './report.js';
import type { SyntaxNode } from './syntax.js';

/**
 * Expressions written as YAML structure rather than text: `total: { amount: nights * rate,
 * currency: EUR }` is a YAML mapping whose values are expression text; `lines: [a, b]` a YAML
 * sequence. Both are value-object and array literals of the expression language, exactly like
 * `"{ amount: nights * rate, currency: EUR }"` written as one quoted string.
 *
 * The structure is rendered into one virtual text (`{ amount: nights * rate, currency: EUR }`), so
 * messages can quote any part of it; each string scalar is lexed and parsed on its own (a mistake
 * in one cannot swallow its neighbours), and every range maps back to the YAML: inside a scalar to
 * the exact characters, elsewhere to the node or key it belongs to.
 */

/** Where parts of a YAML value are, relative to the value itself (`path` [] is the value). */
export interface YamlLocator {
  /** The span of the node at `path` (`value`) or of its key (`key`). */
  node(path: readonly (string | number)[], part: 'key' | 'value'): Span;
  /** The span of `[start, end)` inside the text of the string scalar at `path`. */
  text(path: readonly (string | number)[], start: number, end: number): Span;
}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly kind: 'text' | 'key' | 'node';
  readonly path: readonly (string | number)[];
}

/** Builds the syntax tree of a YAML value; `reporter` is created once the virtual text is known. */
export function yamlSyntax(value: unknown, locator: YamlLocator): { tree: SyntaxNode | undefined; reporter: Reporter } {
  const regions: Region[] = [];
  let text = '';
  const render = (v: unknown, path: (string | number)[]): void => {
    const start = text.length;
    if (typeof v === 'string') {
      text += v;
      regions.push({ start, end: text.length, kind: 'text', path });
      return;
    }
    if (Array.isArray(v)) {
      text += '[';
      v.forEach((element, i) => {
        if (i > 0) text += ', ';
        render(element, [...path, i]);
      });
      text += ']';
    } else if (typeof v === 'object' && v !== null) {
      text += '{ ';
      Object.entries(v).forEach(([key, field], i) => {
        if (i > 0) text += ', ';
        const keyStart = text.length;
        text += key;
        regions.push({ start: keyStart, end: text.length, kind: 'key', path: [...path, key] });
        text += ': ';
        render(field, [...path, key]);
      });
      text += ' }';
    } else {
      text += String(v);
    }
    regions.push({ start, end: text.length, kind: 'node', path });
  };
  render(value, []);

  const span = (range: TextRange): Span => {
    let best: Region | undefined;
    for (const r of regions) {
      if (r.start <= range.start && range.end <= r.end && (best === undefined || r.end - r.start < best.end - best.start)) best = r;
    }
    if (best === undefined) return locator.node([], 'value');
    if (best.kind === 'text') return locator.text(best.path, range.start - best.start, range.end - best.start);
    return locator.node(best.path, best.kind === 'key' ? 'key' : 'value');
  };
  const reporter = new Reporter(span, text);
  let offset = 0;
  let failed = false;

  const tallest = (nodes: readonly SyntaxNode[]): number => nodes.reduce((h, n) => Math.max(h, n.height), 0);
  const sized = (node: SyntaxNode): SyntaxNode => {
    if (node.height > MAX_DEPTH && !failed) {
      failed = true;
      reporter.report('ORX5010', node.range, { limit: MAX_DEPTH });
    }
    return node;
  };

  /** Walks the value again in render order, so offsets line up with `text`. */
  const build = (v: unknown): SyntaxNode => {
    const start = offset;
    const range = (): TextRange => ({ start, end: offset });
    if (typeof v === 'string') {
      offset += v.length;
      const tree = parse(tokenize(text, reporter, start, offset), reporter, range());
      if (tree === undefined) failed = true;
      return tree ?? { kind: 'null', range: range(), height: 1 };
    }
    if (Array.isArray(v)) {
      offset += 1;
      const elements = v.map((element, i) => {
        if (i > 0) offset += 2;
        return build(element);
      });
      offset += 1;
      return sized({ kind: 'array', elements, range: range(), height: 1 + tallest(elements), yaml: true });
    }
    if (typeof v === 'object' && v !== null) {
      offset += 2;
      const fields = Object.entries(v).map(([key, field], i) => {
        if (i > 0) offset += 2;
        const nameRange = { start: offset, end: offset + key.length };
        offset += key.length + 2;
        return { name: key, nameRange, value: build(field) };
      });
      offset += 2;
      return sized({ kind: 'object', fields, range: range(), height: 1 + tallest(fields.map((f) => f.value)), yaml: true });
    }
    offset += String(v).length;
    if (v === null) return { kind: 'null', range: range(), height: 1 };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, range: range(), height: 1 };
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v))) {
        reporter.report('ORX5005', range(), { text: String(v) });
        failed = true;
      }
      return { kind: 'number', value: Number.isFinite(v) ? v : 0, integer: Number.isInteger(v), range: range(), height: 1 };
    }
    throw new TypeError(`internal error: a YAML expression holds ${typeof v}`);
  };
  const tree = build(value);
  return { tree: failed ? undefined : tree, reporter };
}
