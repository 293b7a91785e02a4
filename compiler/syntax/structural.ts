import type { z } from 'zod';
import { compareDiagnostics, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source.js';
import { compileValidator } from './fast-validate.js';
import { type Finding, findingsOf } from './findings.js';
import type { Schema } from './zod-walk.js';

/** Finding -> diagnostic, for one kind of file (the DSL, the config). */
export type RenderFinding = (finding: Finding) => Diagnostic;

export interface StructuralResult<T> {
  /**
   * The document's own value once it is valid (the schemas do not transform, so it has the output
   * type); with `allowUnknownKeys`, also when unknown keys were the only problem (then dropped).
   */
  readonly data: T | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Validates a document's value against a schema and reports every problem at its node. A valid
 * document is recognised by the compiled validator alone; Zod runs only to explain an invalid one.
 */
export function validateStructure<S extends z.ZodType>(
  schema: S,
  doc: SourceDocument,
  render: RenderFinding,
  allowUnknownKeys: boolean,
): StructuralResult<z.output<S>> {
  // Valid values are returned as they are: the schemas do not transform, so the value has the output type.
  const accepted = (value: unknown): value is z.output<S> => compileValidator(schema as Schema)(value);
  if (accepted(doc.value)) return { data: doc.value, diagnostics: [] };
  const parsed = schema.safeParse(doc.value);
  // Zod has the last word (the compiled validator delegates what it does not model, so this is a guard).
  if (parsed.success) return { data: parsed.data, diagnostics: [] };
  const report = findingsOf(schema as Schema, doc.value, parsed.error.issues);
  const diagnostics = report.findings.map(render).sort(compareDiagnostics);
  let data: z.output<S> | undefined;
  if (allowUnknownKeys && report.onlyUnknownKeys) {
    const pruned = withoutKeys(doc.value, report.findings.map((f) => f.path));
    if (accepted(pruned)) data = pruned;
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
