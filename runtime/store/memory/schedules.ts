import type { ScheduledCommand, ScheduleStore } from '../../automation/schedule-store.js';
import type { ComponentOpener } from '../backend.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import type { MemoryConnection } from './connection.js';

const byDue = (a: ScheduledCommand, b: ScheduledCommand): number => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Delayed commands in process memory: lost with the process (use SQLite or PostgreSQL to keep them). */
export function createInMemoryScheduleStore(lifecycle: Lifecycle = createLifecycle('in-memory schedule store')): ScheduleStore {
  const entries = new Map<string, ScheduledCommand>();
  const of = (domain: string): ScheduledCommand[] => {
    lifecycle.assertOpen();
    return [...entries.values()].filter((entry) => entry.domain === domain).sort(byDue);
  };
  return {
    async schedule(entry) {
      lifecycle.assertOpen();
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
      lifecycle.assertOpen();
      entries.delete(id);
    },
    close: lifecycle.close,
  };
}

export const openMemorySchedules: ComponentOpener<MemoryConnection, 'schedules'> = async (_connection, lifecycle) => createInMemoryScheduleStore(lifecycle);
