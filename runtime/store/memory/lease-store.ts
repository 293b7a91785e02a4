import { StoreError } from '../../errors/errors.js';
import type { LeaseStore } from '../../processor/lease-store.js';

/** Leases in process memory: every processor of one process shares them (one process, one holder). */
export function createInMemoryLeaseStore(now: () => number = Date.now): LeaseStore {
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new StoreError('The in-memory lease store is closed');
  };
  return {
    async acquire(name, owner, ttlMs) {
      assertOpen();
      const lease = leases.get(name);
      const at = now();
      if (lease !== undefined && lease.owner !== owner && lease.expiresAt > at) return false;
      leases.set(name, { owner, expiresAt: at + ttlMs });
      return true;
    },
    async release(name, owner) {
      assertOpen();
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
    async holder(name) {
      assertOpen();
      const lease = leases.get(name);
      return lease !== undefined && lease.expiresAt > now() ? lease.owner : undefined;
    },
    async close() {
      closed = true;
    },
  };
}
