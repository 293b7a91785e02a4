/** How often an aggregate is snapshotted (`snapshot: { every: N }` in the spec). */
export interface SnapshotPolicy {
  readonly every: number;
}

/**
 * Whether to snapshot after a stream moved from `fromVersion` to `toVersion`, given that the state
 * was loaded from a snapshot at `snapshotVersion` (0 when none was usable):
 * - the append crossed a multiple of `every` (so snapshots land at 50, 100, 150... even with
 *   multi-event batches), or
 * - `every` or more events now lie past the last usable snapshot — a stream written before snapshots
 *   were enabled, or whose snapshot was taken under another state schema, gets one at its next command
 *   instead of folding its whole history until the next multiple.
 */
export function isSnapshotDue(policy: SnapshotPolicy, snapshotVersion: number, fromVersion: number, toVersion: number): boolean {
  const { every } = policy;
  if (!(every >= 1) || toVersion <= fromVersion) return false;
  return Math.floor(toVersion / every) > Math.floor(fromVersion / every) || toVersion - snapshotVersion >= every;
}
