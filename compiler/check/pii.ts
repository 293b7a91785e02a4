import type { Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { AggregateModel, FieldModel, PiiPathModel, SubjectRef } from '../model/model.js';
import { formatTypeRef } from '../model/type-ref.js';
import { toFieldModel, valueTypeOf, type RecordKind, type ResolvedField } from './fields.js';
import { orEmpty } from './context.js';
import { valueSpan, type Loc } from './location.js';
import type { NamedTypes } from './named-types.js';
import type { Reporter } from './reporter.js';
import { MAX_VALUE_DEPTH } from './value-graph.js';

/**
 * Personal data: which subject each pii value belongs to, and where pii sits inside each record.
 *
 * - The aggregate's `subject` is a state field of type uuid or string (not itself pii), or `id`.
 * - A pii field without its own `subject` belongs to the aggregate's subject. In a command or an
 *   event, a subject state field `ownerId` resolves to the record's own `ownerId` field when it has
 *   one (the value travelling with the record), else to the state field.
 * - A field's own `pii.subject` names a field of the same record, else a state field, else `id`.
 * - pii inside value types always belongs to the holding record's default subject.
 */

export type AggregateSubject = AggregateModel['subject'];

const isSubjectType = (field: ResolvedField): boolean =>
  !field.typeResolved ||
  (field.type.kind === 'primitive' && (field.type.name === 'uuid' || field.type.name === 'string'));

/** Reports a subject field of the wrong type, or one that is itself pii; returns whether it is usable. */
export function checkSubjectField(field: ResolvedField, span: Span, reporter: Reporter): boolean {
  if (!isSubjectType(field)) {
    reporter.report('ORX7003', span, { name: field.name, type: formatTypeRef(field.type) }, [
      { message: `'${field.name}' is declared here`, span: field.span },
    ]);
    return false;
  }
  if (field.pii !== undefined) {
    reporter.report('ORX7007', span, { name: field.name }, [
      { message: `'${field.name}' is declared here`, span: field.span },
    ]);
    return false;
  }
  return true;
}

/** Resolves the aggregate's `subject:` (at `loc`) against its state. */
export function resolveAggregateSubject(
  name: string | undefined,
  loc: Loc,
  aggregate: string,
  state: ReadonlyMap<string, ResolvedField>,
  reporter: Reporter,
): AggregateSubject {
  if (name === undefined) return undefined;
  if (name === 'id') return { kind: 'id' };
  const span = valueSpan(loc);
  const field = state.get(name);
  if (field === undefined) {
    reporter.report('ORX7002', span, { name, aggregate, suggestion: didYouMean(name, [...state.keys(), 'id']) });
    return undefined;
  }
  checkSubjectField(field, span, reporter);
  return { kind: 'state', name };
}

/** What subject resolution needs to know about one record. */
export interface RecordScope {
  readonly kind: Exclude<RecordKind, 'value' | 'row'>;
  readonly fields: readonly ResolvedField[];
  readonly state: ReadonlyMap<string, ResolvedField>;
  readonly subject: AggregateSubject;
  readonly types: NamedTypes;
  readonly reporter: Reporter;
}

export interface RecordPii {
  /** The record's fields as models, pii subjects resolved. */
  readonly fields: readonly FieldModel[];
  readonly piiPaths: readonly PiiPathModel[];
}

/** Stands in when the aggregate has no (valid) subject; that is reported, so no model is built. */
const MISSING_SUBJECT: SubjectRef = { kind: 'id' };

/** Resolves the pii subjects of a record's fields and collects its pii paths. */
export function resolveRecordPii(scope: RecordScope): RecordPii {
  // Most records hold no pii: the lookups below are built only when a subject must be resolved.
  let own: ReadonlyMap<string, ResolvedField> | undefined;
  const ownFields = (): ReadonlyMap<string, ResolvedField> => (own ??= new Map(scope.fields.map((f) => [f.name, f])));
  let fallback: SubjectRef | undefined;
  const defaultSubject = (): SubjectRef => (fallback ??= recordDefaultSubject(scope, ownFields()));

  const fields = scope.fields.map((field) => {
    if (field.pii === undefined) return toFieldModel(field, undefined);
    const subject =
      field.pii.subject === undefined ? defaultSubject() : fieldSubject(field.pii.subject, scope, ownFields());
    return toFieldModel(field, { subject, erased: field.pii.erased });
  });

  const piiPaths: PiiPathModel[] = [];
  for (const field of fields) {
    const nested = valueTypeOf(field.type);
    if (field.pii !== undefined || (nested !== undefined && scope.types.containsPii(nested))) {
      collectPaths(field, [], false, scope.types, defaultSubject, new Set(), piiPaths);
    }
  }
  return { fields: orEmpty(fields), piiPaths: orEmpty(piiPaths) };
}

function recordDefaultSubject(scope: RecordScope, own: ReadonlyMap<string, ResolvedField>): SubjectRef {
  const subject = scope.subject;
  if (subject === undefined) return MISSING_SUBJECT;
  if (subject.kind === 'id' || scope.kind === 'state') return subject;
  const carried = own.get(subject.name);
  if (carried === undefined) return subject;
  checkSubjectField(carried, carried.span, scope.reporter);
  return { kind: 'field', name: carried.name };
}

function fieldSubject(
  ref: { readonly name: string; readonly span: Span },
  scope: RecordScope,
  own: ReadonlyMap<string, ResolvedField>,
): SubjectRef {
  const sameRecord = own.get(ref.name);
  if (sameRecord !== undefined) {
    checkSubjectField(sameRecord, ref.span, scope.reporter);
    return scope.kind === 'state' ? { kind: 'state', name: ref.name } : { kind: 'field', name: ref.name };
  }
  const stateField = scope.state.get(ref.name);
  if (stateField !== undefined) {
    checkSubjectField(stateField, ref.span, scope.reporter);
    return { kind: 'state', name: ref.name };
  }
  if (ref.name === 'id') return { kind: 'id' };
  const candidates = new Set([...own.keys(), ...scope.state.keys(), 'id']);
  scope.reporter.report('ORX7004', ref.span, { name: ref.name, suggestion: didYouMean(ref.name, candidates) });
  return MISSING_SUBJECT;
}

/**
 * Adds the pii paths under one field: the field itself when it is pii (encrypted as one unit, so
 * nothing inside it is listed), else the pii inside the value type it holds, recursively.
 */
export function collectPaths(
  field: FieldModel,
  prefix: readonly string[],
  optionalAbove: boolean,
  types: NamedTypes,
  inherited: () => SubjectRef,
  visiting: ReadonlySet<string>,
  out: PiiPathModel[],
): void {
  const path = [...prefix, field.name];
  const optional = optionalAbove || field.optional;
  if (field.pii !== undefined) {
    const subject = field.pii.subject.kind === 'inherited' ? inherited() : field.pii.subject;
    out.push({ path, subject, erased: field.pii.erased, type: field.type, optional });
    return;
  }
  const nested = valueTypeOf(field.type);
  // Cycles and over-deep nesting are reported elsewhere; the walk just stops there.
  if (nested === undefined || visiting.has(nested) || visiting.size > MAX_VALUE_DEPTH || !types.containsPii(nested)) {
    return;
  }
  const model = types.models.get(nested);
  if (model === undefined || model.kind !== 'value') return;
  const inside = field.type.kind === 'array' ? [...path, '[]'] : path;
  const next = new Set(visiting).add(nested);
  for (const inner of model.fields) collectPaths(inner, inside, optional, types, inherited, next, out);
}

/** Where a record's first pii sits, for the "subject required" message; undefined when it has none. */
export const firstPiiPath = (paths: readonly PiiPathModel[]): string | undefined => {
  const first = paths[0];
  return first === undefined ? undefined : first.path.join('.');
};
