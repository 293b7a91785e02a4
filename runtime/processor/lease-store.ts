/**
 * Leases: which process runs a given processor (a read model's projector, an automation's
 * reactor, a domain's scheduler) at a time. A lease is held until `ttlMs` after its last renewal;
 * a holder that dies stops renewing, and another process takes the lease over once it has expired.
 * Leases only avoid doing the work twice: correctness never rests on them (a read model's commit is
 * a compare-and-set on its position; an automation's commands are idempotent by command id), so a
 * holder that stalls past its lease and wakes up late does no harm.
 * Every backend passes test/processor/lease-store.contract.ts.
 */
export interface LeaseStore {
  /**
   * Takes `name` for `owner` until `ttlMs` from now if it is free, expired or already `owner`'s
   * (a renewal). True when `owner` holds it afterwards.
   */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it (others may take it at once); otherwise does nothing. */
  release(name: string, owner: string): Promise<void>;
  /** The current holder of an unexpired lease, if any. */
  holder(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Longest lease a processor may ask for: one day. */
export const MAX_LEASE_TTL_MS = 86_400_000;
