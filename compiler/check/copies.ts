import { isAssignable } from '../expr/types.js';
import { formatTypeRef, type TypeRef } from '../model/type-ref.js';

/**
 * The copy rules (command field -> event field, event field -> state field, version N field ->
 * version N+1 field) move a value without an expression. A copy is allowed when the source type is
 * assignable to the target type under the expression language's rules, and a source that may be
 * absent only goes to a target that may be absent.
 */

export interface CopyEnd {
  readonly type: TypeRef;
  /** May be absent: `optional` for inputs, `readOptional` for stored data. */
  readonly optional: boolean;
}

interface StoredField {
  readonly type: TypeRef;
  readonly optional: boolean;
  readonly readOptional: boolean;
}

/** The copy end of a field as stored data is read (state, events), with why it may be absent. */
export const storedEnd = (field: StoredField): CopyEnd & { readonly why: string } => ({
  type: field.type,
  optional: field.readOptional,
  why: field.optional ? 'it is optional' : 'it is pii without an `erased:` value, so `forget` removes it',
});

/** Why the copy is not allowed, or undefined when it is. */
export function copyProblem(source: CopyEnd & { readonly why?: string }, target: CopyEnd): string | undefined {
  if (!isAssignable(source.type, target.type)) {
    return `${formatTypeRef(source.type)} is not assignable to ${formatTypeRef(target.type)}`;
  }
  if (source.optional && !target.optional) {
    return `the source may be absent (${source.why ?? 'it is optional'}) but the target is required`;
  }
  return undefined;
}
