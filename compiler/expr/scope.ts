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
  /** Fields reachable as state.x / command.x / event.x / row.x; absent roots are errors to use. */
  readonly state?: readonly ExprField[];
  readonly command?: readonly ExprField[];
  readonly event?: readonly ExprField[];
  /** The read-model row a projection changes (`row.x`). */
  readonly row?: readonly ExprField[];
  /** Type of `id` (the aggregate id) when available. */
  readonly id?: TypeRef;
  /** Whether `now` (datetime) is available. */
  readonly now?: boolean;
  /** Whether the event's `time` (datetime) and global `position` (integer) are available: read models and automations. */
  readonly time?: boolean;
  readonly position?: boolean;
  /**
   * The type of `item`, the current element of an automation's `forEach` list, when available
   * (`unknown` after a reported mistake in the list: then nothing about `item` is reported).
   */
  readonly item?: TypeRef | { readonly kind: 'unknown' };
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

export type RecordRoot = 'state' | 'command' | 'event' | 'row';
export const RECORD_ROOTS: readonly RecordRoot[] = ['state', 'command', 'event', 'row'];

/** Every name an expression may start from, in the order hints list them. */
export type RootName = RecordRoot | 'id' | 'now' | 'time' | 'position' | 'item';
const ROOT_NAMES: readonly RootName[] = ['state', 'command', 'event', 'row', 'item', 'id', 'now', 'time', 'position'];

/** Names with a meaning of their own in every expression: they shadow same-named bare fields. */
const CLASSIC_ROOTS: ReadonlySet<string> = new Set(['state', 'command', 'event', 'id', 'now']);
/**
 * Names of the read side (read models, automations). Commands may have fields with these names,
 * written bare, so they are roots only where no bare field has the name.
 */
const READ_SIDE_ROOTS: ReadonlySet<string> = new Set(['row', 'item', 'time', 'position']);

/** Whether `name` starts from a root (available or not) rather than naming a bare field or an enum member. */
export const isRootName = (scope: ExprScope, name: string): name is RootName =>
  CLASSIC_ROOTS.has(name) || (READ_SIDE_ROOTS.has(name) && bareField(scope, name) === undefined);

export const isRecordRoot = (name: RootName): name is RecordRoot =>
  name === 'state' || name === 'command' || name === 'event' || name === 'row';

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
export function hasRoot(scope: ExprScope, root: RootName): boolean {
  switch (root) {
    case 'id':
    case 'item':
      return scope[root] !== undefined;
    case 'now':
    case 'time':
    case 'position':
      return scope[root] === true;
    default:
      return scope[root] !== undefined;
  }
}

/** "a, b, c" of at most `max` names, with "…" when there are more. */
export function listNames(names: readonly string[], max = 10): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, …` : names.join(', ');
}

/** For hints: what may be written here, e.g. "state.<field>, command.<field>, id, now, bare command fields (amount)". */
export function describeScope(scope: ExprScope): string {
  const parts: string[] = [];
  for (const root of ROOT_NAMES) {
    if (!hasRoot(scope, root)) continue;
    parts.push(isRecordRoot(root) || (root === 'item' && scope.item?.kind === 'value') ? `${root}.<field>` : root);
  }
  const bare = scope.bare === undefined ? undefined : scope[scope.bare];
  if (scope.bare !== undefined && bare !== undefined && bare.length > 0) {
    parts.push(`${scope.bare} fields by name (${listNames(bare.map((f) => f.name))})`);
  }
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** Every name a bare identifier may be: available roots and bare fields (for "did you mean"). */
export function scopeNames(scope: ExprScope): string[] {
  const names: string[] = [];
  for (const root of ROOT_NAMES) if (hasRoot(scope, root)) names.push(root);
  const bare = scope.bare === undefined ? undefined : scope[scope.bare];
  if (bare !== undefined) for (const f of bare) names.push(f.name);
  return names;
}
