import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { Span } from '../diagnostics/diagnostic.js';
import type { LineIndex } from './line-index.js';
import { scalarOffsets, type ScalarOffsets } from './scalar-offsets.js';
import type { DocPath, SourceDocument } from './source.js';
import { isAlias, isMap, isPair, isScalar, isSeq } from './yaml-module.js';
import { parseTree, type YamlTree } from './yaml-parse.js';

/** What a path resolves to in the yaml tree: the node, the pair holding it, and whether it is exact. */
interface Resolved {
  readonly node: Node | null;
  readonly pair: Pair | undefined;
  readonly exact: boolean;
}

/**
 * A loaded file. Positions come from the `yaml` tree, which is built on the first span lookup when
 * the fast path produced the value: a file without diagnostics never pays for it.
 */
export class LoadedSourceDocument implements SourceDocument {
  #tree: YamlTree | undefined;
  readonly #pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();
  readonly #offsets = new WeakMap<Scalar, ScalarOffsets | null>();

  constructor(
    readonly file: string,
    readonly text: string,
    readonly value: unknown,
    private readonly lines: LineIndex,
    tree?: YamlTree,
    private readonly knownValueLine?: (path: DocPath) => number | undefined,
  ) {
    this.#tree = tree;
  }

  valueLine(path: DocPath): number {
    return this.knownValueLine?.(path) ?? this.span(path).start.line;
  }

  span(path: DocPath, part: 'key' | 'value' = 'value'): Span {
    const { node, pair, exact } = this.resolve(path);
    const key = pair !== undefined && isNodeLike(pair.key) ? pair.key : undefined;
    if (exact) {
      if (key !== undefined && (part === 'key' || isEmptyValue(node))) return this.rangeSpan(key);
      if (node !== null) return this.rangeSpan(node);
    } else {
      // The nearest existing ancestor: a scalar itself, else the key naming the collection.
      if (node !== null && !isMap(node) && !isSeq(node) && !isEmptyValue(node)) return this.rangeSpan(node);
      if (key !== undefined) return this.rangeSpan(key);
      if (node !== null) return this.headSpan(node);
    }
    return this.lines.span(this.file, 0, 0);
  }

  spanInString(path: DocPath, start: number, end: number): Span {
    const { node, exact } = this.resolve(path);
    if (!exact || node === null || !isScalar(node) || node.range === undefined || node.range === null) return this.span(path);
    const [from, to] = node.range;
    if (typeof node.value !== 'string') {
      // Numbers, booleans, null: the indexes are into their source text.
      const clamp = (i: number): number => from + Math.max(0, Math.min(i, to - from));
      return this.lines.span(this.file, clamp(start), clamp(Math.max(start, end)));
    }
    const offsets = this.offsetsOf(node);
    if (offsets === undefined) return this.span(path);
    const length = offsets.starts.length;
    const lo = Math.max(0, Math.min(start, length));
    const hi = Math.max(lo, Math.min(end, length));
    const startOffset =
      lo < length ? (offsets.starts[lo] ?? from) : length > 0 ? (offsets.ends[length - 1] ?? to) : contentStart(this.text, from);
    const endOffset = hi > lo ? (offsets.ends[hi - 1] ?? startOffset) : startOffset;
    return this.lines.span(this.file, startOffset, endOffset);
  }

  private tree(): YamlTree {
    this.#tree ??= parseTree(this.text);
    return this.#tree;
  }

  private resolve(path: DocPath): Resolved {
    const document = this.tree().document;
    let node: Node | null = document.contents;
    let pair: Pair | undefined;
    for (const segment of path) {
      if (node !== null && isAlias(node)) node = this.aliasTarget(node.source, node) ?? node;
      let next: { node: Node | null; pair: Pair | undefined } | undefined;
      if (node !== null && isMap(node)) {
        const found = this.pairOf(node, String(segment));
        if (found !== undefined) next = { node: asNode(found.value), pair: found };
      } else if (node !== null && isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (item !== undefined) next = { node: asNode(item), pair: undefined };
      }
      if (next === undefined) return { node, pair, exact: false };
      ({ node, pair } = next);
    }
    if (node !== null && isAlias(node)) node = this.aliasTarget(node.source, node) ?? node;
    return { node, pair, exact: true };
  }

  /** The last node anchored `name` before `alias`, in document order (YAML's rule). */
  private aliasTarget(name: string, alias: Node): Node | undefined {
    const stop = alias.range?.[0] ?? Infinity;
    let found: Node | undefined;
    const visit = (node: unknown): void => {
      if (!isNodeLike(node) || (node.range?.[0] ?? 0) >= stop) return;
      if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor === name) found = node;
      if (isMap(node)) {
        for (const p of node.items) {
          visit(p.key);
          visit(p.value);
        }
      } else if (isSeq(node)) for (const item of node.items) visit(item);
    };
    visit(this.tree().document.contents);
    return found;
  }

  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = this.#pairsByKey.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const k = item.key.value;
        if (k === null || k === undefined || typeof k === 'object') continue;
        if (!index.has(String(k))) index.set(String(k), item);
      }
      this.#pairsByKey.set(map, index);
    }
    return index.get(key);
  }

  private offsetsOf(node: Scalar): ScalarOffsets | undefined {
    let offsets = this.#offsets.get(node);
    if (offsets === undefined) {
      offsets = scalarOffsets(this.text, node) ?? null;
      this.#offsets.set(node, offsets);
    }
    return offsets ?? undefined;
  }

  private rangeSpan(node: Node): Span {
    const [start, end] = node.range ?? [0, 0];
    return this.lines.span(this.file, start, trimEnd(this.text, start, end));
  }

  /** A collection's first line: what a caret should underline for "this mapping lacks a key". */
  private headSpan(node: Node): Span {
    const [start, end] = node.range ?? [0, 0];
    const lineEnd = this.text.indexOf('\n', start);
    const stop = lineEnd === -1 ? end : Math.min(end, lineEnd);
    return this.lines.span(this.file, start, trimEnd(this.text, start, stop));
  }
}

const isNodeLike = (value: unknown): value is Node => isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
const asNode = (value: unknown): Node | null => (isNodeLike(value) ? value : null);

/** `key:` with nothing after it parses as an empty scalar; point at the key instead. */
const isEmptyValue = (node: Node | null): boolean =>
  node === null || (isScalar(node) && node.value === null && (node.range?.[0] ?? 0) === (node.range?.[1] ?? 0));

/** Ranges of block nodes include trailing line breaks and spaces; spans end at the last character. */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text.charAt(e - 1))) e--;
  return e;
}

/** For an empty scalar: inside its quotes, if any. */
const contentStart = (text: string, from: number): number => (text[from] === '"' || text[from] === "'" ? from + 1 : from);
