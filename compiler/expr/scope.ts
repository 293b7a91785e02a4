import type { NamedTypeModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';
import type { Facts } from './narrowing.js';

/** A field reachable from an expression root (`state.balance`, `command.amount`, `event.amount`). */
export interface ExprField {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional: boolean;
}

/** What an expression may refer to. */
export interface ExprScope {
  /** Fields reachable as state.x / command.x / event.x; absent roots are errors to use. */
  readonly state?: readonly ExprField[];
  readonly command?: readonly ExprField[];
  readonly event?: readonly ExprField[];
  /** Type of `id` (the aggregate id) when available. */
  readonly id?: TypeRef;
  /** Whether `now` (datetime) is available. */
  readonly now?: boolean;
  /** Bare identifiers resolve to this root's fields (commands: 'command'). */
  readonly bare?: 'command' | 'event';
  /** Named types of the domain, for enums (members) and value objects (fields). */
  readonly types: ReadonlyMap<string, NamedTypeModel>;
  /**
   * What holds before the expression is evaluated (earlier checks, e.g. a command's `requires`):
   * the references it names are narrowed (see narrowing.ts and `factsAfter`).
   */
  readonly facts?: Facts;
}

/** What the context expects: a boolean (requires), or a value assignable to a field. */
export type ExpectedType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'field'; readonly type: TypeRef; readonly optional: boolean };

export type RecordRoot = 'state' | 'command' | 'event';
export const RECORD_ROOTS: readonly RecordRoot[] = ['state', 'command', 'event'];

export const isRecordRoot = (name: string): name is RecordRoot =>
  name === 'state' || name === 'command' || name === 'event';

/** Names with a meaning of their own in every expression: they shadow same-named bare fields. */
export const isRootName = (name: string): name is RecordRoot | 'id' | 'now' =>
  isRecordRoot(name) || name === 'id' || name === 'now';

export const fieldsOf = (scope: ExprScope, root: RecordRoot): readonly ExprField[] | undefined => scope[root];

export function findField(fields: readonly ExprField[], name: string): ExprField | undefined {
  for (const f of fields) if (f.name === name) return f;
  return undefined;
}

/** The bare field called `name`, if bare names are enabled and it exists. */
export function bareField(scope: ExprScope, name: string): ExprField | undefined {
  if (scope.bare === undefined) return undefined;
  const fields = scope[scope.bare];
  return fields === undefined ? undefined : findField(fields, name);
}

/** Whether `root` may be used in this scope. */
export function hasRoot(scope: ExprScope, root: RecordRoot | 'id' | 'now'): boolean {
  if (root === 'id') return scope.id !== undefined;
  if (root === 'now') return scope.now === true;
  return scope[root] !== undefined;
}

/** "a, b, c" of at most `max` names, with "…" when there are more. */
export function listNames(names: readonly string[], max = 10): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, …` : names.join(', ');
}

/** For hints: what may be written here, e.g. "state.<field>, command.<field>, id, now, bare command fields (amount)". */
export function describeScope(scope: ExprScope): string {
  const parts: string[] = [];
  for (const root of RECORD_ROOTS) if (scope[root] !== undefined) parts.push(`${root}.<field>`);
  if (scope.id !== undefined) parts.push('id');
  if (scope.now === true) parts.push('now');
  const bare = scope.bare === undefined ? undefined : scope[scope.bare];
  if (scope.bare !== undefined && bare !== undefined && bare.length > 0) {
    parts.push(`${scope.bare} fields by name (${listNames(bare.map((f) => f.name))})`);
  }
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** Every name a bare identifier may be: available roots and bare fields (for "did you mean"). */
export function scopeNames(scope: ExprScope): string[] {
  const names: string[] = [];
  for (const root of ['state', 'command', 'event', 'id', 'now'] as const) if (hasRoot(scope, root)) names.push(root);
  const bare = scope.bare === undefined ? undefined : scope[scope.bare];
  if (bare !== undefined) for (const f of bare) names.push(f.name);
  return names;
}
