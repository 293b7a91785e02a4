import type { ScheduledCommand, ScheduleStore } from '../../automation/schedule-store.js';
import type { ComponentOpener } from '../backend.js';
import type { PostgresConnection } from './connection.js';
import { toSafeInteger, type PostgresMigration } from './internal/schema.js';

/** Append new steps; never edit a released one. */
export const scheduleMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (schema) => `
CREATE TABLE ${schema.table('scheduled_commands')} (
  id text PRIMARY KEY,
  domain text NOT NULL,
  automation text NOT NULL,
  stream_id text NOT NULL,
  version bigint NOT NULL,
  idx integer NOT NULL,
  due_at text NOT NULL
);
CREATE INDEX scheduled_commands_due_idx ON ${schema.table('scheduled_commands')} (domain, due_at COLLATE "C", id COLLATE "C");`,
  },
];

interface Row {
  readonly id: string;
  readonly domain: string;
  readonly automation: string;
  readonly stream_id: string;
  readonly version: unknown;
  readonly idx: number;
  readonly due_at: string;
}

const entryOf = (row: Row): ScheduledCommand => ({
  id: row.id,
  domain: row.domain,
  automation: row.automation,
  streamId: row.stream_id,
  version: toSafeInteger(row.version, 'a scheduled command version'),
  index: row.idx,
  dueAt: row.due_at,
});

/** Delayed commands in PostgreSQL or PGlite: they survive restarts and are shared by every process. */
export const openPostgresSchedules: ComponentOpener<PostgresConnection, 'schedules'> = async (connection, lifecycle): Promise<ScheduleStore> => {
  await connection.migrate('schedules', scheduleMigrations);
  const { driver, schema } = connection;
  const component = { assertOpen: () => lifecycle.assertOpen() };
  const table = schema.table('scheduled_commands');
  const columns = 'id, domain, automation, stream_id, version, idx, due_at';
  // due_at is RFC 3339 UTC text of fixed width, so "C" order is time order.
  const order = 'ORDER BY due_at COLLATE "C", id COLLATE "C"';
  return {
    async schedule(entry) {
      component.assertOpen();
      await driver.query(`INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`, [
        entry.id,
        entry.domain,
        entry.automation,
        entry.streamId,
        entry.version,
        entry.index,
        entry.dueAt,
      ]);
    },
    async due(domain, now, limit) {
      component.assertOpen();
      return (await driver.query<Row>(`SELECT ${columns} FROM ${table} WHERE domain = $1 AND due_at COLLATE "C" <= $2 ${order} LIMIT $3`, [domain, now.toISOString(), limit])).map(entryOf);
    },
    async nextDue(domain) {
      component.assertOpen();
      const [row] = await driver.query<{ due_at: string | null }>(`SELECT min(due_at COLLATE "C") AS due_at FROM ${table} WHERE domain = $1`, [domain]);
      return row?.due_at ?? undefined;
    },
    async pending(domain, limit) {
      component.assertOpen();
      return (await driver.query<Row>(`SELECT ${columns} FROM ${table} WHERE domain = $1 ${order} LIMIT $2`, [domain, limit])).map(entryOf);
    },
    async complete(id) {
      component.assertOpen();
      await driver.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
    },
    close: lifecycle.close,
  };
};
