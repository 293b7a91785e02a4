import type { Span } from '../diagnostics/diagnostic.js';
import type { Constraints, FieldModel, PiiModel } from '../model/model.js';
import { formatTypeRef, type LiteralValue, type TypeRef } from '../model/type-ref.js';
import type { FieldObjectSpec, FieldSpec } from '../syntax/schema.js';
import { checkConstraints } from './constraints.js';
import { checkLiteral, toLiteral, type LiteralField, type LiteralTypes } from './literals.js';
import { child, keySpan, valueSpan, type Loc } from './location.js';
import { checkFieldName } from './names.js';
import type { Reporter } from './reporter.js';
import { EXPRESSION_ROOTS } from '../model/reserved.js';
import type { TypeResolver } from './types.js';

/**
 * One routine resolves the fields of every kind of record: state, commands, events, previous event
 * versions and value types. Record-specific rules are switched on by `FieldsContext.record`.
 */

export type RecordKind = 'state' | 'command' | 'event' | 'previous' | 'value' | 'row';

/** A field's `pii:` as written; the subject is resolved per record later (see pii.ts). */
export interface FieldPii {
  readonly subject: { readonly name: string; readonly span: Span } | undefined;
  /** The `erased:` value; undefined means the value is removed. */
  readonly erased: LiteralValue | undefined;
}

export interface ResolvedField extends LiteralField {
  readonly name: string;
  readonly description: string | undefined;
  /** A placeholder when `typeResolved` is false (an error was reported). */
  readonly type: TypeRef;
  readonly typeResolved: boolean;
  readonly optional: boolean;
  /** Optional, or pii without an `erased:` value: readers of stored data may find it absent. */
  readonly readOptional: boolean;
  readonly default: { readonly value: LiteralValue } | undefined;
  readonly constraints: Constraints;
  readonly pii: FieldPii | undefined;
  /** The field's mapping entry. */
  readonly loc: Loc;
  /** Where its name is written. */
  readonly span: Span;
}

export interface FieldsContext {
  readonly record: RecordKind;
  readonly reporter: Reporter;
  readonly types: TypeResolver;
  /** The aggregate's id field, which state and command fields may not repeat. */
  readonly id?: { readonly name: string; readonly aggregate: string };
}

const longForm = (spec: FieldSpec): FieldObjectSpec => (typeof spec === 'string' ? { type: spec } : spec);

/** Resolves the fields declared in the mapping at `loc`, in declaration order. */
export function resolveFields(
  spec: Readonly<Record<string, FieldSpec>> | undefined,
  loc: Loc,
  ctx: FieldsContext,
): ResolvedField[] {
  if (spec === undefined) return [];
  return Object.entries(spec).map(([name, fieldSpec]) => resolveField(name, fieldSpec, child(loc, name), ctx));
}

function resolveField(name: string, spec: FieldSpec, loc: Loc, ctx: FieldsContext): ResolvedField {
  const { reporter, record } = ctx;
  const span = keySpan(loc);
  checkFieldName(name, span, reporter);
  if (ctx.id !== undefined && name === ctx.id.name && (record === 'state' || record === 'command')) {
    reporter.report('ORX3009', span, { field: name, record, aggregate: ctx.id.aggregate });
  } else if (record === 'command' && EXPRESSION_ROOTS.has(name)) {
    reporter.report('ORX3010', span, { field: name });
  }

  const long = longForm(spec);
  const typeLoc = typeof spec === 'string' ? loc : child(loc, 'type');
  const resolved = ctx.types.resolve(long.type, typeLoc, reporter);
  if (resolved.optional && long.optional === false) {
    reporter.report('ORX4005', valueSpan(child(loc, 'optional')), { field: name, type: long.type });
  }
  const optional = resolved.optional || long.optional === true;
  const constraints = checkConstraints(long, resolved.type, resolved.resolved, loc, reporter);
  const pii = resolvePii(long, name, loc, ctx);
  const defaultValue = long.default === undefined ? undefined : toLiteral(long.default);

  if (
    record === 'state' &&
    resolved.resolved &&
    !optional &&
    resolved.type.kind !== 'array' &&
    long.default === undefined
  ) {
    reporter.report('ORX4011', span, { field: name, type: formatTypeRef(resolved.type) });
  }

  return {
    name,
    description: long.description,
    type: resolved.type,
    typeResolved: resolved.resolved,
    optional,
    readOptional: optional || (pii !== undefined && pii.erased === undefined),
    default: defaultValue === undefined ? undefined : { value: defaultValue },
    constraints,
    pii,
    loc,
    span,
  };
}

function resolvePii(spec: FieldObjectSpec, name: string, loc: Loc, ctx: FieldsContext): FieldPii | undefined {
  const pii = spec.pii;
  if (pii === undefined || pii === false) return undefined;
  if (pii === true) return { subject: undefined, erased: undefined };
  let subject: FieldPii['subject'];
  if (pii.subject !== undefined) {
    const subjectSpan = valueSpan(child(loc, 'pii', 'subject'));
    if (ctx.record === 'value') {
      ctx.reporter.report('ORX7005', subjectSpan, { field: name });
    } else {
      subject = { name: pii.subject, span: subjectSpan };
    }
  }
  return { subject, erased: pii.erased === undefined ? undefined : toLiteral(pii.erased) };
}

/**
 * Checks defaults and erased values against their field's type and constraints. Runs once every
 * named type is resolved, because a default may be a value object or an enum member.
 */
export function checkFieldValues(fields: readonly ResolvedField[], types: LiteralTypes, reporter: Reporter): void {
  for (const field of fields) {
    if (!field.typeResolved) continue;
    const type = formatTypeRef(field.type);
    if (field.default !== undefined) {
      const problem = checkLiteral(field.default.value, field.type, field.constraints, types);
      if (problem !== undefined) {
        const span = valueSpan(child(field.loc, 'default'));
        const reason = problem.where === '' ? problem.reason : `at ${problem.where}: ${problem.reason}`;
        if (problem.kind === 'type') reporter.report('ORX4009', span, { field: field.name, type, reason });
        else reporter.report('ORX4010', span, { field: field.name, reason });
      }
    }
    if (field.pii?.erased !== undefined) {
      const problem = checkLiteral(field.pii.erased, field.type, field.constraints, types);
      if (problem !== undefined) {
        const reason = problem.where === '' ? problem.reason : `at ${problem.where}: ${problem.reason}`;
        reporter.report('ORX7006', valueSpan(child(field.loc, 'pii', 'erased')), { field: field.name, type, reason });
      }
    }
  }
}

/** The model of a resolved field, once its pii subject is known. */
export function toFieldModel(field: ResolvedField, pii: PiiModel | undefined): FieldModel {
  return {
    name: field.name,
    description: field.description,
    type: field.type,
    optional: field.optional,
    readOptional: field.readOptional,
    default: field.default,
    constraints: field.constraints,
    pii,
    span: field.span,
  };
}

/** The value type a field refers to, directly or as its array element. */
export function valueTypeOf(type: TypeRef): string | undefined {
  const base = type.kind === 'array' ? type.element : type;
  return base.kind === 'value' ? base.name : undefined;
}
