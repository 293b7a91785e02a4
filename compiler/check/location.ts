import type { Position, Span } from '../diagnostics/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source.js';

/**
 * A place in one spec document: a node reached from its parent by a key or index. Locations are
 * linked rather than holding whole paths, so making one per field and expression costs nothing;
 * the path is assembled only when a span is actually looked up.
 */
export interface Loc {
  readonly doc: SourceDocument;
  readonly parent: Loc | undefined;
  readonly segment: string | number;
}

/** The location of `path` in `doc` (the document root for an empty path). */
export const locOf = (doc: SourceDocument, path: DocPath = []): Loc => {
  let loc: Loc = { doc, parent: undefined, segment: '' };
  for (const segment of path) loc = { doc, parent: loc, segment };
  return loc;
};

/** The location of a child node (mapping key or sequence index), or of a descendant. */
export function child(loc: Loc, segment: string | number, next?: string | number): Loc {
  // Two fixed parameters, no rest array: this runs for every field, expression and entry checked.
  const at: Loc = { doc: loc.doc, parent: loc, segment };
  return next === undefined ? at : { doc: loc.doc, parent: at, segment: next };
}

/** The document path of a location. */
export function pathOf(loc: Loc): DocPath {
  const path: (string | number)[] = [];
  for (let at: Loc | undefined = loc; at?.parent !== undefined; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/**
 * A span looked up on first use. Positions come from the YAML position tree, which the loader
 * builds only when something asks for one; a clean spec's model carries spans for messages that
 * are never shown, so they must not cost anything until read. Diagnostics get plain spans
 * (`plainSpan`), so only the model holds deferred ones.
 */
class DeferredSpan implements Span {
  readonly file: string;
  readonly #loc: Loc;
  readonly #part: 'key' | 'value';
  #span: Span | undefined;

  constructor(loc: Loc, part: 'key' | 'value') {
    this.file = loc.doc.file;
    this.#loc = loc;
    this.#part = part;
  }

  get start(): Position {
    return this.#resolve().start;
  }

  get end(): Position {
    return this.#resolve().end;
  }

  toJSON(): Span {
    return this.#resolve();
  }

  /** `start.line`, cheaply where the loader knows it (see SourceDocument.valueLine). */
  get line(): number {
    if (this.#span !== undefined || this.#part === 'key') return this.start.line;
    return this.#loc.doc.valueLine(pathOf(this.#loc));
  }

  #resolve(): Span {
    this.#span ??= plainSpan(this.#loc.doc.span(pathOf(this.#loc), this.#part));
    return this.#span;
  }
}

/** The line a span starts on; for a model's deferred span, without building positions when it can. */
export const startLine = (span: Span): number => (span instanceof DeferredSpan ? span.line : span.start.line);

/** A frozen plain copy of a span (resolving a deferred one). */
export const plainSpan = (span: Span): Span =>
  Object.freeze({ file: span.file, start: Object.freeze({ ...span.start }), end: Object.freeze({ ...span.end }) });

/** The span of a mapping entry's key (where a declaration's name is written). */
export const keySpan = (loc: Loc): Span => new DeferredSpan(loc, 'key');

/** The span of a node's value. */
export const valueSpan = (loc: Loc): Span => new DeferredSpan(loc, 'value');
