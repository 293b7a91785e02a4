/**
 * Freezes a model and everything it reaches, so emitters cannot change what they share. An object
 * that is already frozen is taken as frozen all the way down (everything this module freezes is,
 * and the checker freezes nothing shallowly), which makes the frozen flag the visited mark: shared
 * nodes are walked once, and the walk needs no side table. Models have ~10^5 objects, so this
 * matters.
 */
export function deepFreeze<T>(value: T): T {
  if (FREEZE) freeze(value);
  return value;
}

/**
 * The model's types are readonly throughout, so code cannot change it without a cast; freezing
 * backs that up at run time where a mistake should fail loudly — the test suite (NODE_ENV=test) or
 * on request (ORCHESTRIX_FREEZE_MODEL=1). The CLI skips it: on a 200-aggregate domain the walk over
 * ~10^5 objects costs about 100 ms of a one-second budget.
 */
const FREEZE = process.env['NODE_ENV'] === 'test' || process.env['ORCHESTRIX_FREEZE_MODEL'] === '1';

function freeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) freeze(item);
    return;
  }
  for (const key in value) freeze((value as Record<string, unknown>)[key]);
}
