import { valueTypeOf, type ResolvedField } from './fields.js';
import type { Reporter } from './reporter.js';

/**
 * How deeply value types may nest (a value type holding a value type holding ...). Generated Zod
 * schemas, TypeScript types and pii walks follow the nesting, so it is bounded; 32 levels is far
 * beyond any real domain.
 */
export const MAX_VALUE_DEPTH = 32;

export interface ValueGraph {
  /** Whether the value type holds pii, directly or through other value types. */
  readonly containsPii: ReadonlyMap<string, boolean>;
}

interface Frame {
  readonly name: string;
  readonly fields: readonly ResolvedField[];
  next: number;
  /** The field being followed to a child type, for cycle paths. */
  via: ResolvedField | undefined;
}

/**
 * Walks the graph of value types (an edge per field holding another value type, directly, in an
 * array or optional) with an explicit stack, so no spec can overflow the call stack. Reports each
 * cycle once, at the field that closes it, with its path (ORX4003); reports nesting deeper than
 * MAX_VALUE_DEPTH (ORX4013); and computes which types hold pii.
 */
export function analyzeValueGraph(
  order: readonly string[],
  valueFields: ReadonlyMap<string, readonly ResolvedField[]>,
  reporter: Reporter,
): ValueGraph {
  const state = new Map<string, 'visiting' | 'done'>();
  const depth = new Map<string, number>();
  const containsPii = new Map<string, boolean>();
  const targetOf = (field: ResolvedField): string | undefined => {
    const target = valueTypeOf(field.type);
    return target !== undefined && valueFields.has(target) ? target : undefined;
  };

  for (const root of order) {
    if (state.has(root)) continue;
    const stack: Frame[] = [{ name: root, fields: valueFields.get(root) ?? [], next: 0, via: undefined }];
    state.set(root, 'visiting');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) break;
      const field = frame.fields[frame.next++];
      if (field !== undefined) {
        const target = targetOf(field);
        if (target === undefined) continue;
        const targetState = state.get(target);
        if (targetState === 'visiting') {
          frame.via = field;
          const start = stack.findIndex((f) => f.name === target);
          const path = stack.slice(start).map((f) => `${f.name}.${f.via?.name ?? ''}`);
          reporter.report('ORX4003', field.span, { typeName: target, path: [...path, target].join(' -> ') });
        } else if (targetState === undefined) {
          frame.via = field;
          state.set(target, 'visiting');
          stack.push({ name: target, fields: valueFields.get(target) ?? [], next: 0, via: undefined });
        }
        continue;
      }
      // All fields followed: the type's depth and pii are known from its children.
      let own = 1;
      let pii = false;
      for (const f of frame.fields) {
        pii ||= f.pii !== undefined;
        const target = targetOf(f);
        if (target === undefined || state.get(target) !== 'done') continue; // cycles are reported
        own = Math.max(own, 1 + (depth.get(target) ?? 0));
        pii ||= containsPii.get(target) ?? false;
      }
      depth.set(frame.name, own);
      containsPii.set(frame.name, pii);
      state.set(frame.name, 'done');
      stack.pop();
    }
  }

  // Report where the limit is crossed, once per crossing: at the field leading to a type that is
  // exactly at the limit.
  for (const name of order) {
    if (depth.get(name) !== MAX_VALUE_DEPTH + 1) continue;
    for (const field of valueFields.get(name) ?? []) {
      const target = targetOf(field);
      if (target !== undefined && depth.get(target) === MAX_VALUE_DEPTH) {
        reporter.report('ORX4013', field.span, { typeName: name, field: field.name, max: MAX_VALUE_DEPTH });
      }
    }
  }
  return { containsPii };
}
