import type { Span } from '../diagnostics/diagnostic.js';

/** A path into a spec document: mapping keys and sequence indexes, e.g. ['aggregates', 'Account', 'state']. */
export type DocPath = readonly (string | number)[];

/**
 * One loaded YAML file, as the later phases see it: a plain JavaScript value plus a way to find the
 * source span of any part of it. This is the only view of YAML outside compiler/load; the yaml AST
 * itself never leaves that folder.
 */
export interface SourceDocument {
  /** The path as shown to users (relative to the working directory when inside it). */
  readonly file: string;
  /** The file's text (after BOM removal). */
  readonly text: string;
  /** The document as plain data: objects, arrays, strings, numbers, booleans, null. */
  readonly value: unknown;
  /**
   * The span of the node at `path`: its key (`part: 'key'`, for mapping entries) or its value (the
   * default). A path that does not exist resolves to its nearest existing ancestor, so a diagnostic
   * about a missing key points at the mapping that lacks it.
   */
  span(path: DocPath, part?: 'key' | 'value'): Span;
  /**
   * The line `span(path).start` is on, without building positions when the loader already knows it
   * (generated code cites spec lines in every clean run; full spans are for diagnostics).
   */
  valueLine(path: DocPath): number;
  /**
   * The span of characters `[start, end)` of the string scalar at `path`, where the indexes are into
   * the scalar's *value* (as in `value`). Accounts for quoting, escapes and block scalars, so an
   * expression error points at the offending token in the file.
   */
  spanInString(path: DocPath, start: number, end: number): Span;
}
