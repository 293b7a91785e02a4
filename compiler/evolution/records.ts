import type { Span } from '../diagnostics/diagnostic.js';
import type { Constraints, FieldModel } from '../model/model.js';
import {
  describeShape,
  isRequiredInput,
  membersDirection,
  primitiveDirection,
  type Direction,
  type Shape,
  type TypeTable,
} from './shapes.js';

/**
 * What a record is, for deciding what "required" means: stored data (events) must hold every field
 * that is not optional; command input may leave out fields with a default.
 */
export type RecordRole = 'stored' | 'input';

/** One difference between two versions of a record, at a field path (`address.street`, `lines[].sku`). */
export type FieldChange =
  | { readonly kind: 'added'; readonly path: string; readonly after: FieldModel; readonly required: boolean }
  /** `at` is where the field would be in the current spec: its record or value type. */
  | { readonly kind: 'removed'; readonly path: string; readonly before: FieldModel; readonly at: Span }
  | { readonly kind: 'type'; readonly path: string; readonly before: FieldModel; readonly after: FieldModel; readonly direction: Direction; readonly from: string; readonly to: string }
  | { readonly kind: 'required'; readonly path: string; readonly before: FieldModel; readonly after: FieldModel; readonly direction: 'narrowed' | 'widened' }
  | { readonly kind: 'constraint'; readonly path: string; readonly before: FieldModel; readonly after: FieldModel; readonly direction: Direction; readonly detail: string }
  /** The same enum gained or lost members; reported once per enum for stored data, per field for input. */
  | { readonly kind: 'members'; readonly path: string; readonly before: FieldModel; readonly after: FieldModel; readonly enumName: string; readonly removed: readonly string[]; readonly added: readonly string[] }
  | { readonly kind: 'pii'; readonly path: string; readonly before: FieldModel; readonly after: FieldModel; readonly became: boolean };

export interface RecordVersions {
  readonly before: readonly FieldModel[];
  readonly after: readonly FieldModel[];
  readonly beforeTypes: TypeTable;
  readonly afterTypes: TypeTable;
  /** Where a removed top-level field is reported in the current spec. */
  readonly at: Span;
}

/** Every difference between two versions of a record's fields, nested value objects included. */
export function compareRecords(records: RecordVersions, role: RecordRole): FieldChange[] {
  const changes: FieldChange[] = [];
  compareFields(records.before, records.after, '', records.at, { ...records, role, changes });
  return changes;
}

interface Walk {
  readonly beforeTypes: TypeTable;
  readonly afterTypes: TypeTable;
  readonly role: RecordRole;
  readonly changes: FieldChange[];
}

function compareFields(before: readonly FieldModel[], after: readonly FieldModel[], prefix: string, at: Span, walk: Walk): void {
  const afterByName = new Map(after.map((f) => [f.name, f]));
  const beforeNames = new Set(before.map((f) => f.name));
  for (const old of before) {
    const path = `${prefix}${old.name}`;
    const now = afterByName.get(old.name);
    if (now === undefined) walk.changes.push({ kind: 'removed', path, before: old, at });
    else compareField(old, now, path, walk);
  }
  for (const now of after) {
    if (beforeNames.has(now.name)) continue;
    walk.changes.push({ kind: 'added', path: `${prefix}${now.name}`, after: now, required: isRequired(now, walk.role) });
  }
}

const isRequired = (field: FieldModel, role: RecordRole): boolean => (role === 'input' ? isRequiredInput(field) : !field.optional);

function compareField(before: FieldModel, after: FieldModel, path: string, walk: Walk): void {
  const wasRequired = isRequired(before, walk.role);
  const isNowRequired = isRequired(after, walk.role);
  if (wasRequired !== isNowRequired) {
    walk.changes.push({ kind: 'required', path, before, after, direction: isNowRequired ? 'narrowed' : 'widened' });
  }
  if ((before.pii !== undefined) !== (after.pii !== undefined)) {
    walk.changes.push({ kind: 'pii', path, before, after, became: after.pii !== undefined });
  }
  const sameType = compareShapes(walk.beforeTypes.shape(before.type), walk.afterTypes.shape(after.type), path, before, after, walk);
  if (sameType) compareConstraints(before, after, path, walk);
}

/**
 * Relates two shapes of one field. Value objects are compared field by field (their changes are
 * reported at their own fields); returns whether the types match closely enough for constraints
 * to be compared.
 */
function compareShapes(before: Shape, after: Shape, path: string, beforeField: FieldModel, afterField: FieldModel, walk: Walk): boolean {
  const typeChange = (direction: Direction): false => {
    walk.changes.push({ kind: 'type', path, before: beforeField, after: afterField, direction, from: describeShape(before), to: describeShape(after) });
    return false;
  };
  if (before.kind === 'array' || after.kind === 'array') {
    if (before.kind !== 'array' || after.kind !== 'array') return typeChange('changed');
    return compareShapes(before.element, after.element, `${path}[]`, beforeField, afterField, walk);
  }
  if (before.kind === 'value' || after.kind === 'value') {
    if (before.kind !== 'value' || after.kind !== 'value') return typeChange('changed');
    compareFields(before.type.fields, after.type.fields, `${path}.`, after.type.span, walk);
    return true;
  }
  if (before.kind === 'enum' && after.kind === 'enum') {
    const before_ = before.type.members;
    const after_ = after.type.members;
    if (before.type.name === after.type.name) {
      const removed = before_.filter((m) => !after_.includes(m));
      const added = after_.filter((m) => !before_.includes(m));
      if (removed.length > 0 || added.length > 0) {
        walk.changes.push({ kind: 'members', path, before: beforeField, after: afterField, enumName: after.type.name, removed, added });
      }
      return true;
    }
    const direction = membersDirection(before_, after_);
    // Another enum with the same members is the same set of stored values.
    return direction === 'same' ? true : typeChange(direction);
  }
  if (before.kind === 'enum' || after.kind === 'enum') {
    // Enum members are stored as strings: an enum widens to string, a string narrows to an enum.
    const other = before.kind === 'enum' ? after : before;
    if (other.kind !== 'primitive' || other.name !== 'string') return typeChange('changed');
    return typeChange(before.kind === 'enum' ? 'widened' : 'narrowed');
  }
  const direction = primitiveDirection(before.name, after.name);
  if (direction === 'same') return true;
  typeChange(direction);
  // integer <-> number keep their numeric bounds; a format <-> string keep their lengths.
  return direction !== 'changed';
}

type Bound = 'min' | 'minLength' | 'minItems' | 'max' | 'maxLength' | 'maxItems';
const LOWER_BOUNDS: readonly Bound[] = ['min', 'minLength', 'minItems'];
const UPPER_BOUNDS: readonly Bound[] = ['max', 'maxLength', 'maxItems'];

function compareConstraints(before: FieldModel, after: FieldModel, path: string, walk: Walk): void {
  const push = (direction: Direction, detail: string): void => {
    walk.changes.push({ kind: 'constraint', path, before, after, direction, detail });
  };
  const was: Constraints = before.constraints;
  const now: Constraints = after.constraints;
  for (const bound of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const from = was[bound];
    const to = now[bound];
    if (from === to) continue;
    const lower = LOWER_BOUNDS.includes(bound);
    if (from === undefined) push('narrowed', `\`${bound}: ${String(to)}\` was added`);
    else if (to === undefined) push('widened', `\`${bound}: ${from}\` was removed`);
    else push(lower === to > from ? 'narrowed' : 'widened', `\`${bound}\` went from ${from} to ${to}`);
  }
  if (was.pattern !== now.pattern) {
    if (was.pattern === undefined) push('narrowed', `\`pattern: ${now.pattern ?? ''}\` was added`);
    else if (now.pattern === undefined) push('widened', `\`pattern: ${was.pattern}\` was removed`);
    // Two regular expressions cannot be compared in general: a changed pattern may reject old values.
    else push('narrowed', `\`pattern\` went from /${was.pattern}/ to /${now.pattern}/`);
  }
}

/** A change in words, as the second half of a sentence: "field 'amount' was removed". */
export function describeChange(change: FieldChange): string {
  const field = `field '${change.path}'`;
  switch (change.kind) {
    case 'added':
      return `${field} was added${change.required ? ' and is required' : ''}`;
    case 'removed':
      return `${field} was removed`;
    case 'type':
      return `the type of ${field} ${change.direction === 'changed' ? 'changed' : change.direction === 'narrowed' ? 'narrowed' : 'widened'} from ${change.from} to ${change.to}`;
    case 'required':
      return change.direction === 'narrowed' ? `${field} became required` : `${field} is no longer required`;
    case 'constraint':
      return `on ${field} ${change.detail}`;
    case 'members': {
      const parts: string[] = [];
      if (change.removed.length > 0) parts.push(`lost ${quoteList(change.removed)}`);
      if (change.added.length > 0) parts.push(`gained ${quoteList(change.added)}`);
      return `enum '${change.enumName}' of ${field} ${parts.join(' and ')}`;
    }
    case 'pii':
      return change.became ? `${field} became personal data` : `${field} is no longer personal data`;
  }
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
export function quoteList(items: readonly string[]): string {
  const quoted = items.map((i) => `'${i}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1] ?? ''}`;
}

/** Where a change is reported in the current spec, and where it was in the earlier one. */
export function changeSpans(change: FieldChange): { readonly at: Span; readonly was: Span | undefined } {
  switch (change.kind) {
    case 'added':
      return { at: change.after.span, was: undefined };
    case 'removed':
      return { at: change.at, was: change.before.span };
    default:
      return { at: change.after.span, was: change.before.span };
  }
}
