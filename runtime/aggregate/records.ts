/**
 * `value` without its properties whose value is `undefined`. Generated `evolve`, `decide` and
 * upcasters build records with it when a value may be absent (an optional field read, an erased
 * personal value, `null` in the spec): an absent optional field is then missing from the object,
 * as `exactOptionalPropertyTypes` and deep equality expect, never present as `undefined`. In an
 * update (`omitUndefined({ ...state, ownerName: event.data.ownerName })`) an `undefined` value
 * therefore removes the field.
 */
export function omitUndefined<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) result[key] = field;
  return result as T;
}
