import type { ExprField } from '../expr/index.js';
import type { TypeRef } from '../model/type-ref.js';
import type { FieldSpec } from '../syntax/schema.js';
import type { Expressions } from './expressions.js';
import type { StateHasher } from './hash.js';
import { checkFieldValues, resolveFields, type RecordKind, type ResolvedField } from './fields.js';
import type { Loc } from './location.js';
import type { NamedTypes } from './named-types.js';
import type { AggregateSubject, RecordScope } from './pii.js';
import type { Reporter } from './reporter.js';
import type { AggregateDeclaration, DomainSymbols } from './symbols.js';

/** What every check in a domain shares. */
export interface DomainContext {
  /** The domain's name as written (`domain:`). */
  readonly name: string;
  readonly reporter: Reporter;
  readonly symbols: DomainSymbols;
  readonly types: NamedTypes;
  readonly expressions: Expressions;
  readonly hasher: StateHasher;
}

/** What the checks of an aggregate's commands and events share. */
export interface AggregateContext {
  readonly domain: DomainContext;
  readonly decl: AggregateDeclaration;
  readonly id: { readonly name: string; readonly type: TypeRef };
  /** The id field as field checks see it (state and command fields may not repeat it). */
  readonly idField: { readonly name: string; readonly aggregate: string };
  readonly state: readonly ResolvedField[];
  readonly stateByName: ReadonlyMap<string, ResolvedField>;
  /** The state as expressions read it. */
  readonly stateScope: readonly ExprField[];
  readonly subject: AggregateSubject;
}

/** Resolves a record's fields and checks their defaults and erased values. */
export function resolveRecordFields(
  spec: Readonly<Record<string, FieldSpec>> | undefined,
  loc: Loc,
  record: RecordKind,
  domain: DomainContext,
  id?: AggregateContext['idField'],
): ResolvedField[] {
  const { reporter, types, expressions } = domain;
  const ctx =
    id === undefined ? { record, reporter, types: types.resolver } : { record, reporter, types: types.resolver, id };
  const fields = resolveFields(spec, loc, ctx);
  checkFieldValues(fields, types, reporter);
  expressions.noteUnresolved(fields);
  return fields;
}

/** The subject-resolution view of one record of an aggregate. */
export const recordScope = (
  aggregate: AggregateContext,
  kind: RecordScope['kind'],
  fields: readonly ResolvedField[],
): RecordScope => ({
  kind,
  fields,
  state: aggregate.stateByName,
  subject: aggregate.subject,
  types: aggregate.domain.types,
  reporter: aggregate.domain.reporter,
});

const EMPTY: readonly never[] = Object.freeze([]);

/** The list, or one shared empty list: most records have no pii, requires or previous versions. */
export const orEmpty = <T>(items: readonly T[]): readonly T[] => (items.length === 0 ? EMPTY : items);

/** Sorts by name, by code unit (deterministic, locale-independent). */
export const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
