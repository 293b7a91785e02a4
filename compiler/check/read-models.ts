import type { Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { Facts, factsAfter, type ExprField, type ExprScope } from '../expr/index.js';
import type {
  AssignmentModel,
  ExpressionModel,
  FieldModel,
  IndexColumnType,
  IndexedFieldModel,
  PiiPathModel,
  ProjectionActionModel,
  ProjectionModel,
  ReadModelModel,
  SubjectRef,
} from '../model/model.js';
import { formatTypeRef, type TypeRef } from '../model/type-ref.js';
import type { ExpressionSpec, ProjectionSpec } from '../syntax/schema.js';
import { orEmpty, resolveRecordFields } from './context.js';
import { copyProblem } from './copies.js';
import { implicitReference, spanIn, storedFields } from './expressions.js';
import { toFieldModel, valueTypeOf, type ResolvedField } from './fields.js';
import { sha256Of, type Canonical } from './hash.js';
import { child, keySpan, valueSpan, type Loc } from './location.js';
import { checkSubjectField, collectPaths } from './pii.js';
import { eventRef, eventScope, refsOf, resolveEvent, type FoundEvent, type ReadSideContext } from './read-side.js';
import type { ReadModelDeclaration } from './symbols.js';

/**
 * Read models (`readModels:`): typed rows built from the domain's events. Checks the fields, the
 * key, the index, personal data and every `on:` handler, and builds the model with its shape hash.
 * docs/dsl.md ("Read models") states the rules.
 */

const SHAPE_FORMAT = 'orchestrix.read-model-shape/1';

/** Types a key may have: text, compared and ordered as text. */
const KEY_PRIMITIVES: ReadonlySet<string> = new Set(['uuid', 'string', 'email', 'url', 'date']);
const isKeyType = (type: TypeRef): boolean => type.kind === 'enum' || (type.kind === 'primitive' && KEY_PRIMITIVES.has(type.name));

/** The column an indexed field becomes, or undefined for lists and value objects. */
function columnOf(type: TypeRef): IndexColumnType | undefined {
  if (type.kind === 'enum') return 'text';
  if (type.kind !== 'primitive') return undefined;
  if (type.name === 'integer') return 'integer';
  if (type.name === 'number') return 'real';
  if (type.name === 'boolean') return 'boolean';
  return 'text';
}

/** What the checks of one read model's handlers share. */
interface RowContext {
  readonly decl: ReadModelDeclaration;
  readonly ctx: ReadSideContext;
  readonly fields: readonly ResolvedField[];
  readonly byName: ReadonlyMap<string, ResolvedField>;
  /** The key field when it is usable (reported otherwise). */
  readonly key: ResolvedField | undefined;
  /** The row as expressions read it. */
  readonly rowScope: readonly ExprField[];
  /** Fields a row created by `set` does not have yet: required, no default, not a list, not the key. */
  readonly absentFromNewRow: ReadonlySet<string>;
}

export function checkReadModel(decl: ReadModelDeclaration, ctx: ReadSideContext): ReadModelModel {
  const { domain } = ctx;
  const { reporter } = domain;
  const { spec, loc } = decl;
  const fields = resolveRecordFields(spec.fields, child(loc, 'fields'), 'row', domain);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const key = checkKey(decl, byName, ctx);
  const index = checkIndex(decl, byName, ctx);
  const pii = resolveRowPii(decl, fields, byName, ctx);
  const row: RowContext = {
    decl,
    ctx,
    fields,
    byName,
    key,
    rowScope: storedFields(fields),
    absentFromNewRow: new Set(
      fields
        .filter((f) => !f.readOptional && f.default === undefined && f.type.kind !== 'array' && f.name !== spec.key)
        .map((f) => f.name),
    ),
  };

  const on: ProjectionModel[] = [];
  const entries = Object.entries(spec.on);
  for (const [event, handler] of entries) {
    const projection = checkProjection(event, handler, child(loc, 'on', event), row);
    if (projection !== undefined) on.push(projection);
  }
  if (entries.length === 0) reporter.report('ORX6118', decl.span, { readModel: decl.name });

  const version = spec.version ?? 1;
  const model: Omit<ReadModelModel, 'shapeHash'> = {
    name: decl.name,
    description: spec.description,
    domain: domain.name,
    key: spec.key,
    fields: pii.fields,
    index: orEmpty(index),
    subject: pii.subject,
    piiPaths: pii.piiPaths,
    version,
    on: orEmpty(on),
    span: decl.span,
  };
  return { ...model, shapeHash: shapeHash(model, ctx) };
}

function checkKey(decl: ReadModelDeclaration, byName: ReadonlyMap<string, ResolvedField>, ctx: ReadSideContext): ResolvedField | undefined {
  const { reporter } = ctx.domain;
  const name = decl.spec.key;
  const span = valueSpan(child(decl.loc, 'key'));
  const field = byName.get(name);
  if (field === undefined) {
    reporter.report('ORX6102', span, { readModel: decl.name, key: name, suggestion: didYouMean(name, byName.keys()) });
    return undefined;
  }
  if (!field.typeResolved) return undefined;
  const related = [{ message: `'${field.name}' is declared here`, span: field.span }];
  let usable = true;
  if (field.optional) {
    reporter.report('ORX6103', span, { readModel: decl.name, key: name }, related);
    usable = false;
  }
  if (field.pii !== undefined) {
    reporter.report('ORX6105', span, { readModel: decl.name, key: name }, related);
    usable = false;
  }
  if (!isKeyType(field.type)) {
    reporter.report('ORX6104', span, { readModel: decl.name, key: name, type: formatTypeRef(field.type) }, related);
    usable = false;
  }
  return usable ? field : undefined;
}

function checkIndex(decl: ReadModelDeclaration, byName: ReadonlyMap<string, ResolvedField>, ctx: ReadSideContext): IndexedFieldModel[] {
  const { reporter } = ctx.domain;
  const index: IndexedFieldModel[] = [];
  const seen = new Set<string>();
  (decl.spec.index ?? []).forEach((name, i) => {
    const span = valueSpan(child(decl.loc, 'index', i));
    if (seen.has(name)) {
      reporter.report('ORX6109', span, { readModel: decl.name, field: name });
      return;
    }
    seen.add(name);
    const field = byName.get(name);
    if (field === undefined) {
      reporter.report('ORX6106', span, { readModel: decl.name, field: name, suggestion: didYouMean(name, byName.keys()) });
      return;
    }
    if (!field.typeResolved) return;
    const related = [{ message: `'${field.name}' is declared here`, span: field.span }];
    const column = columnOf(field.type);
    if (column === undefined) {
      reporter.report('ORX6107', span, { readModel: decl.name, field: name, type: formatTypeRef(field.type) }, related);
      return;
    }
    if (field.pii !== undefined) {
      reporter.report('ORX6108', span, { readModel: decl.name, field: name }, related);
      return;
    }
    index.push({ name, column, optional: field.readOptional });
  });
  return index;
}

/** Stands in for "the read model's subject" while paths are collected; replaced afterwards. */
const DEFAULT_SUBJECT: SubjectRef = Object.freeze({ kind: 'field', name: '' });

/**
 * The subjects of a row's personal data are row fields: the read model's `subject:`, or a field's
 * own `pii.subject`. pii inside value types belongs to the read model's subject.
 */
function resolveRowPii(
  decl: ReadModelDeclaration,
  fields: readonly ResolvedField[],
  byName: ReadonlyMap<string, ResolvedField>,
  ctx: ReadSideContext,
): { readonly fields: readonly FieldModel[]; readonly piiPaths: readonly PiiPathModel[]; readonly subject: ReadModelModel['subject'] } {
  const { reporter, types } = ctx.domain;
  const subjectField = (name: string, span: Span): SubjectRef | undefined => {
    const field = byName.get(name);
    if (field === undefined) {
      reporter.report('ORX6117', span, { readModel: decl.name, name, suggestion: didYouMean(name, byName.keys()) });
      return undefined;
    }
    checkSubjectField(field, span, reporter);
    return { kind: 'field', name };
  };
  const declared = decl.spec.subject;
  const subject = declared === undefined ? undefined : subjectField(declared, valueSpan(child(decl.loc, 'subject')));

  const models = fields.map((field) => {
    if (field.pii === undefined) return toFieldModel(field, undefined);
    const own = field.pii.subject === undefined ? DEFAULT_SUBJECT : (subjectField(field.pii.subject.name, field.pii.subject.span) ?? DEFAULT_SUBJECT);
    return toFieldModel(field, { subject: own, erased: field.pii.erased });
  });
  const collected: PiiPathModel[] = [];
  for (const field of models) {
    const nested = valueTypeOf(field.type);
    if (field.pii !== undefined || (nested !== undefined && types.containsPii(nested))) {
      collectPaths(field, [], false, types, () => DEFAULT_SUBJECT, new Set(), collected);
    }
  }

  const needsSubject = collected.find((p) => p.subject === DEFAULT_SUBJECT);
  if (needsSubject !== undefined && declared === undefined) {
    reporter.report('ORX6116', decl.span, { readModel: decl.name, where: needsSubject.path.join('.').replaceAll('.[]', '[]') });
  }
  const resolved = subject ?? DEFAULT_SUBJECT;
  const piiPaths = collected.map((p) => (p.subject === DEFAULT_SUBJECT ? { ...p, subject: resolved } : p));
  const fieldModels = models.map((f) =>
    f.pii !== undefined && f.pii.subject === DEFAULT_SUBJECT ? { ...f, pii: { ...f.pii, subject: resolved } } : f,
  );
  return {
    fields: orEmpty(fieldModels),
    piiPaths: orEmpty(piiPaths),
    subject: subject?.kind === 'field' ? { kind: 'field', name: subject.name } : undefined,
  };
}

const ACTIONS = ['set', 'update', 'delete', 'handler'] as const;

function checkProjection(name: string, spec: ProjectionSpec, at: Loc, row: RowContext): ProjectionModel | undefined {
  const { decl, ctx } = row;
  const { reporter, expressions } = ctx.domain;
  const nameSpan = keySpan(at);
  const found = resolveEvent(name, nameSpan, `read model '${decl.name}'`, ctx);
  const actions = ACTIONS.filter((a) => spec[a] !== undefined);
  if (actions.length !== 1) {
    const found = actions.map((a) => `\`${a}\``).join(' and ');
    reporter.report('ORX6110', nameSpan, { readModel: decl.name, event: name, found });
  }
  if (found === undefined) return undefined;
  const kind = actions.length === 1 ? actions[0] : undefined;

  const base: ExprScope = { ...eventScope(found, ctx.domain), position: true };
  const key = projectionKey(spec.key, at, nameSpan, found, row);
  // A hand-written handler gets the row itself; its `when` runs before and cannot see it.
  const withRow: ExprScope = kind === 'handler' ? base : { ...base, row: row.rowScope };
  const when = spec.when === undefined ? undefined : expressions.compile(child(at, 'when'), spec.when, withRow, { kind: 'boolean' });
  // What `when` establishes holds in the assignments.
  const scope: ExprScope = when === undefined ? withRow : { ...withRow, facts: factsAfter(when.tree, Facts.NONE, expressions.types) };

  let action: ProjectionActionModel | undefined;
  if (kind === 'delete') action = { kind: 'delete' };
  else if (kind === 'handler') action = { kind: 'custom' };
  else if (kind === 'set' || kind === 'update') {
    const assignments = rowAssignments(spec[kind] ?? {}, child(at, kind), scope, row);
    if (kind === 'set') {
      // With a misspelt key, the key field would be reported missing too: one mistake, one message.
      if (row.byName.has(decl.spec.key)) requireNewRowFields(spec.set ?? {}, name, nameSpan, row);
      forbidNewRowReads([[child(at, 'when'), spec.when, when], ...assignments.map((a) => [a.loc, a.spec, a.model.value] as const)], row);
    }
    action = { kind, assignments: orEmpty(assignments.map((a) => a.model)) };
  }
  if (action === undefined || key === undefined) return undefined;
  return { event: eventRef(found), description: spec.description, key, when, action, span: nameSpan };
}

/** The key expression (`key:`, else an implicit `id`), typed as the key field. */
function projectionKey(
  spec: ExpressionSpec | undefined,
  at: Loc,
  nameSpan: Span,
  found: FoundEvent,
  row: RowContext,
): AssignmentModel | undefined {
  const { decl, ctx, key } = row;
  const scope: ExprScope = { ...eventScope(found, ctx.domain), position: true };
  if (spec !== undefined) {
    const expected = key === undefined ? undefined : { kind: 'field' as const, type: key.type, optional: false };
    const value = ctx.domain.expressions.compile(child(at, 'key'), spec, scope, expected);
    return value === undefined || key === undefined ? undefined : { field: key.name, value, origin: 'explicit' };
  }
  if (key === undefined) return undefined;
  const id = found.aggregate.id;
  if (copyProblem({ type: id.type, optional: false }, { type: key.type, optional: false }) !== undefined) {
    ctx.domain.reporter.report(
      'ORX6115',
      nameSpan,
      {
        readModel: decl.name,
        event: found.event.name,
        key: key.name,
        keyType: formatTypeRef(key.type),
        idType: formatTypeRef(id.type),
        aggregate: found.aggregate.name,
      },
      [{ message: `'${key.name}' is declared here`, span: key.span }],
    );
    return undefined;
  }
  return { field: key.name, value: implicitReference('id', [], id.type, false, nameSpan), origin: 'implicit' };
}

interface CheckedAssignment {
  readonly loc: Loc;
  readonly spec: ExpressionSpec;
  readonly model: AssignmentModel;
}

/** `set`/`update` assignments, in the row's field order. */
function rowAssignments(
  mapping: Readonly<Record<string, ExpressionSpec>>,
  at: Loc,
  scope: ExprScope,
  row: RowContext,
): CheckedAssignment[] {
  const { decl, ctx, byName } = row;
  const { reporter, expressions } = ctx.domain;
  const byField = new Map<string, CheckedAssignment>();
  for (const [name, value] of Object.entries(mapping)) {
    const loc = child(at, name);
    const target = byName.get(name);
    if (target === undefined) {
      reporter.report('ORX6111', keySpan(loc), { readModel: decl.name, field: name, suggestion: didYouMean(name, byName.keys()) });
      continue;
    }
    if (name === decl.spec.key) {
      reporter.report('ORX6112', keySpan(loc), { readModel: decl.name, key: name });
      continue;
    }
    if (!target.typeResolved) continue;
    const expr = expressions.compile(loc, value, scope, { kind: 'field', type: target.type, optional: target.readOptional });
    if (expr !== undefined) byField.set(name, { loc, spec: value, model: { field: name, value: expr, origin: 'explicit' } });
  }
  const ordered: CheckedAssignment[] = [];
  for (const f of row.fields) {
    const assignment = byField.get(f.name);
    if (assignment !== undefined) ordered.push(assignment);
  }
  return ordered;
}

/** A `set` may create the row: every required field without a default must get a value. */
function requireNewRowFields(mapping: Readonly<Record<string, ExpressionSpec>>, event: string, nameSpan: Span, row: RowContext): void {
  for (const field of row.fields) {
    if (field.optional || field.default !== undefined || field.type.kind === 'array' || !field.typeResolved) continue;
    if (field.name === row.decl.spec.key || Object.hasOwn(mapping, field.name)) continue;
    row.ctx.domain.reporter.report('ORX6113', nameSpan, { readModel: row.decl.name, event, field: field.name }, [
      { message: `'${field.name}' is declared here`, span: field.span },
    ]);
  }
}

/** In a `set`, `row.<f>` is refused where a new row has no `f` yet. */
function forbidNewRowReads(
  expressions: readonly (readonly [Loc, ExpressionSpec | undefined, ExpressionModel | undefined])[],
  row: RowContext,
): void {
  for (const [loc, spec, model] of expressions) {
    if (spec === undefined || model === undefined) continue;
    for (const ref of refsOf(model.tree)) {
      const field = ref.path[0];
      if (ref.root !== 'row' || field === undefined || !row.absentFromNewRow.has(field)) continue;
      // Inside expression text, at the reference; inside a YAML mapping or list, at the value.
      row.ctx.domain.reporter.report('ORX6114', typeof spec === 'string' ? spanIn(loc, ref.range) : valueSpan(loc), { field });
    }
  }
}

/** Expression trees without their source offsets: the same logic written differently hashes the same. */
function canonicalTree(model: ExpressionModel | undefined): Canonical {
  if (model === undefined) return null;
  return JSON.parse(JSON.stringify(model.tree, (key: string, value: unknown) => (key === 'range' ? undefined : value))) as Canonical;
}

/** sha256 of everything that decides the rows (see ReadModelModel.shapeHash). */
function shapeHash(model: Omit<ReadModelModel, 'shapeHash'>, ctx: ReadSideContext): string {
  const described = ctx.domain.hasher.describe(model.fields);
  const canonical: Canonical = {
    format: SHAPE_FORMAT,
    version: model.version,
    key: model.key,
    fields: model.fields.map((f, i) => ({ shape: described[i] ?? null, default: f.default === undefined ? null : (f.default.value as Canonical) })),
    index: model.index.map((i) => ({ name: i.name, column: i.column, optional: i.optional })),
    pii: model.piiPaths.map((p) => ({ path: [...p.path], subject: { ...p.subject } as Canonical })),
    on: model.on.map((p) => ({
      event: p.event.name,
      aggregate: p.event.aggregate,
      eventVersion: p.event.version,
      key: canonicalTree(p.key.value),
      when: canonicalTree(p.when),
      action: p.action.kind,
      assignments:
        p.action.kind === 'set' || p.action.kind === 'update' ? p.action.assignments.map((a) => [a.field, canonicalTree(a.value)]) : [],
    })),
  };
  return sha256Of(canonical);
}
