import type { z } from 'zod';
import { compareDiagnostics, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source.js';
import { compileValidator, type ShapeTable } from './shape.js';
import { type Finding, findingsOf } from './findings.js';
import { zod } from './zod-module.js';
import { type Schema, schemaAt, unwrap, valueAt } from './zod-walk.js';

/** Finding -> diagnostic, for one kind of file (the DSL, the config). */
export type RenderFinding = (finding: Finding) => Diagnostic;

/**
 * What an invalid document still yields: nothing; its value without unknown keys when those are its
 * only problem; or its value without every part that holds a problem (`prune`).
 */
export type Recovery = 'none' | 'unknown-keys' | 'prune';

export interface StructuralResult<T> {
  /**
   * The document's own value once it is valid (the schemas do not transform, so it has the output
   * type); with `recover`, also when it could be made valid by leaving out what is wrong (see
   * `removed`), so that one mistake does not hide the semantic errors of the rest.
   */
  readonly data: T | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** With `prune`: the entries of mappings of names (a declaration, a field) left out of `data` or holding what was. */
  readonly removed: readonly DocPath[];
}

/**
 * Validates a document's value against a schema and reports every problem at its node. A valid
 * document is recognised by the plain-data validator of `shape` (the schema's copy, shape.ts)
 * alone; the Zod schema (`schemaOf`, which builds it and loads Zod) runs only to explain an invalid one.
 */
export function validateStructure<S extends z.ZodType>(
  shape: ShapeTable,
  schemaOf: () => S,
  doc: SourceDocument,
  render: RenderFinding,
  recover: Recovery,
): StructuralResult<z.output<S>> {
  // Valid values are returned as they are: the schemas do not transform, so the value has the output type.
  const accepted = (value: unknown): value is z.output<S> => compileValidator(shape)(value);
  if (accepted(doc.value)) return { data: doc.value, diagnostics: [], removed: [] };
  const schema = schemaOf();
  const parsed = schema.safeParse(doc.value);
  // Zod has the last word (the compiled validator delegates what it does not model, so this is a guard).
  if (parsed.success) return { data: parsed.data, diagnostics: [], removed: [] };
  const report = findingsOf(schema as Schema, doc.value, parsed.error.issues);
  const diagnostics = report.findings.map(render).sort(compareDiagnostics);
  if (recover === 'none') return { data: undefined, diagnostics, removed: [] };
  if (report.onlyUnknownKeys) {
    const pruned = withoutKeys(doc.value, report.findings.map((f) => f.path));
    return { data: accepted(pruned) ? pruned : undefined, diagnostics, removed: [] };
  }
  if (recover === 'unknown-keys') return { data: undefined, diagnostics, removed: [] };
  // Leave out the smallest part that holds each problem: an optional key, or an entry of a mapping of
  // names (a declaration, a field); repeat while the rest still has problems (a few rounds at most).
  const removed: DocPath[] = [];
  let value: unknown = doc.value;
  for (let round = 0; round < 8; round++) {
    const result = schema.safeParse(value);
    if (result.success || accepted(value)) return { data: value as z.output<S>, diagnostics, removed };
    const cuts: DocPath[] = [];
    for (const finding of findingsOf(schema as Schema, value, result.error.issues).findings) {
      const cut = removablePart(schema as Schema, value, finding.path);
      if (cut === undefined) return { data: undefined, diagnostics, removed: [] };
      // What the cut belongs to (itself, or the declaration or field holding it): semantic
      // diagnostics about that would only echo this one (`emits: 5` -> "emits no event").
      const owner = entryAt(schema as Schema, value, cut.path);
      if (owner !== undefined && !removed.some((r) => r.join('\0') === owner.join('\0'))) removed.push(owner);
      cuts.push(cut.path);
    }
    value = withoutKeys(value, cuts);
  }
  return { data: undefined, diagnostics, removed: [] };
}

/**
 * The nearest part at or above `path` that can be left out while the rest stays well-formed: a key
 * its mapping does not require, an entry of a mapping of names, a list element. Undefined at the top.
 */
function removablePart(root: Schema, value: unknown, path: DocPath): { readonly path: DocPath } | undefined {
  for (let end = path.length; end > 0; end--) {
    const segment = path[end - 1];
    if (segment === undefined) return undefined;
    const parent = parentSchema(root, value, path.slice(0, end - 1));
    if (parent instanceof zod().ZodRecord || parent instanceof zod().ZodArray) return { path: path.slice(0, end) };
    if (parent instanceof zod().ZodObject) {
      const field = (parent.shape as Record<string, Schema | undefined>)[String(segment)];
      if (field === undefined || field instanceof zod().ZodOptional) return { path: path.slice(0, end) };
    }
  }
  return undefined;
}

/** The nearest entry of a mapping of names (a declaration, a field) at or above `path`. */
function entryAt(root: Schema, value: unknown, path: DocPath): DocPath | undefined {
  for (let end = path.length; end > 0; end--) {
    if (parentSchema(root, value, path.slice(0, end - 1)) instanceof zod().ZodRecord) return path.slice(0, end);
  }
  return undefined;
}

const parentSchema = (root: Schema, value: unknown, parentPath: DocPath): Schema | undefined => {
  const schema = schemaAt(root, value, parentPath);
  return schema === undefined ? undefined : resolvedBranch(schema, valueAt(value, parentPath));
};

/** The schema a value meets at a union: the object branch knowing most of its keys (as diagnostics choose it). */
function resolvedBranch(schema: Schema, value: unknown): Schema {
  let s = unwrap(schema);
  while (s instanceof zod().ZodUnion) {
    const options = s.options as readonly Schema[];
    const objects = options.map(unwrap).filter((o) => o instanceof zod().ZodObject || o instanceof zod().ZodRecord);
    const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
    const scored = objects.map((o) => ({ o, score: o instanceof zod().ZodObject ? keys.filter((k) => k in (o.shape as object)).length : 0 }));
    scored.sort((a, b) => b.score - a.score);
    const best = scored[0];
    if (best === undefined) return s;
    s = best.o;
  }
  return s;
}

/** A copy of `value` without the keys (and list elements) at `paths`. */
function withoutKeys(value: unknown, paths: readonly DocPath[]): unknown {
  const copy: unknown = structuredClone(value);
  // List elements last to first, so earlier indexes stay valid.
  const ordered = [...paths].sort((a, b) => (typeof b.at(-1) === 'number' ? Number(b.at(-1)) : -1) - (typeof a.at(-1) === 'number' ? Number(a.at(-1)) : -1));
  for (const path of ordered) {
    let parent: unknown = copy;
    for (const segment of path.slice(0, -1)) {
      parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[segment] : undefined;
    }
    const last = path.at(-1);
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else if (parent !== null && typeof parent === 'object' && last !== undefined) {
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
