import type { Span } from '../diagnostics/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source.js';

/** A place in one spec document: the document and a path into it. Spans are looked up on demand. */
export interface Loc {
  readonly doc: SourceDocument;
  readonly path: DocPath;
}

export const locOf = (doc: SourceDocument, path: DocPath = []): Loc => ({ doc, path });

/** The location of a child node (mapping key or sequence index). */
export const child = (loc: Loc, ...segments: readonly (string | number)[]): Loc => ({
  doc: loc.doc,
  path: [...loc.path, ...segments],
});

/** The span of a mapping entry's key (where a declaration's name is written). */
export const keySpan = (loc: Loc): Span => loc.doc.span(loc.path, 'key');

/** The span of a node's value. */
export const valueSpan = (loc: Loc): Span => loc.doc.span(loc.path);
