import { StoreError } from '../../errors/errors.js';
import type { ScheduledCommand, ScheduleStore } from '../../automation/schedule-store.js';

const byDue = (a: ScheduledCommand, b: ScheduledCommand): number => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Delayed commands in process memory: lost with the process (use SQLite or PostgreSQL to keep them). */
export function createInMemoryScheduleStore(): ScheduleStore {
  const entries = new Map<string, ScheduledCommand>();
  let closed = false;
  const of = (domain: string): ScheduledCommand[] => {
    if (closed) throw new StoreError('The in-memory schedule store is closed');
    return [...entries.values()].filter((entry) => entry.domain === domain).sort(byDue);
  };
  return {
    async schedule(entry) {
      if (closed) throw new StoreError('The in-memory schedule store is closed');
      if (!entries.has(entry.id)) entries.set(entry.id, { ...entry });
    },
    async due(domain, now, limit) {
      const at = now.toISOString();
      return of(domain)
        .filter((entry) => entry.dueAt <= at)
        .slice(0, limit)
        .map((entry) => ({ ...entry }));
    },
    async nextDue(domain) {
      return of(domain)[0]?.dueAt;
    },
    async pending(domain, limit) {
      return of(domain)
        .slice(0, limit)
        .map((entry) => ({ ...entry }));
    },
    async complete(id) {
      if (closed) throw new StoreError('The in-memory schedule store is closed');
      entries.delete(id);
    },
    async close() {
      closed = true;
    },
  };
}
