import type { LeaseStore } from '../../processor/lease-store.js';
import type { ComponentOpener } from '../backend.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import type { MemoryConnection } from './connection.js';

/** Leases in process memory: every processor of one process shares them (one process, one holder). */
export function createInMemoryLeaseStore(lifecycle: Lifecycle = createLifecycle('in-memory lease store'), now: () => number = Date.now): LeaseStore {
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const assertOpen = (): void => lifecycle.assertOpen();
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
    close: lifecycle.close,
  };
}

export const openMemoryLeases: ComponentOpener<MemoryConnection, 'leases'> = async (_connection, lifecycle) => createInMemoryLeaseStore(lifecycle);
