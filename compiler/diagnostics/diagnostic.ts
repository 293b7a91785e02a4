/**
 * Diagnostics are data: a stable code, a severity, a message, an optional fix hint and the exact
 * source span. Every phase reports through `createDiagnostic`, so the catalog is the single source
 * of codes, wording and hints.
 */

/** A point in a source file. `line` and `column` are 1-based; `offset` is a 0-based UTF-16 index. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A half-open range `[start, end)` in one file. `file` is the path as the user gave it. */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

/** `info` reports a fact that needs no action (a compatible change between two versions of a spec). */
export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  readonly message: string;
  readonly span: Span;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string | undefined;
  readonly span: Span;
  /** Other places that explain this one, e.g. the first declaration of a duplicate name. */
  readonly related: readonly RelatedLocation[];
}

/** A copy of a span as plain data (model spans may compute their positions lazily). */
export const plainSpan = (span: Span): Span => ({
  file: span.file,
  start: { line: span.start.line, column: span.start.column, offset: span.start.offset },
  end: { line: span.end.line, column: span.end.column, offset: span.end.offset },
});

export const startOfFile = (file: string): Span => ({
  file,
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
});

/** Sort by file, then position, then code: the order in which users read them. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.span.file !== b.span.file) return a.span.file < b.span.file ? -1 : 1;
  if (a.span.start.offset !== b.span.start.offset) return a.span.start.offset - b.span.start.offset;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');
