import type { z } from 'zod';
import { compareDiagnostics, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source.js';
import { type Finding, findingsOf } from './findings.js';
import type { Schema } from './zod-walk.js';

/** Finding -> diagnostic, for one kind of file (the DSL, the config). */
export type RenderFinding = (finding: Finding) => Diagnostic;

export interface StructuralResult<T> {
  /** The parsed value; with `allowUnknownKeys`, also when unknown keys were the only problem (then dropped). */
  readonly data: T | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Validates a document's value against a schema and reports every problem at its node. */
export function validateStructure<S extends z.ZodType>(
  schema: S,
  doc: SourceDocument,
  render: RenderFinding,
  allowUnknownKeys: boolean,
): StructuralResult<z.output<S>> {
  const parsed = schema.safeParse(doc.value);
  if (parsed.success) return { data: parsed.data, diagnostics: [] };
  const report = findingsOf(schema as Schema, doc.value, parsed.error.issues);
  const diagnostics = report.findings.map(render).sort(compareDiagnostics);
  let data: z.output<S> | undefined;
  if (allowUnknownKeys && report.onlyUnknownKeys) {
    const pruned = schema.safeParse(withoutKeys(doc.value, report.findings.map((f) => f.path)));
    if (pruned.success) data = pruned.data;
  }
  return { data, diagnostics };
}

/** A copy of `value` without the keys at `paths`. */
function withoutKeys(value: unknown, paths: readonly DocPath[]): unknown {
  const copy: unknown = structuredClone(value);
  for (const path of paths) {
    let parent: unknown = copy;
    for (const segment of path.slice(0, -1)) {
      parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[segment] : undefined;
    }
    const last = path.at(-1);
    if (parent !== null && typeof parent === 'object' && last !== undefined) {
      delete (parent as Record<string | number, unknown>)[last];
    }
  }
  return copy;
}

/** Where a "this mapping lacks a key" diagnostic points: the key naming the mapping, or the file's start. */
export function missingKeySpan(doc: SourceDocument, path: DocPath): Span {
  if (path.length > 0) return doc.span(path, 'key');
  const root = doc.span([]);
  return { file: root.file, start: root.start, end: root.start };
}
