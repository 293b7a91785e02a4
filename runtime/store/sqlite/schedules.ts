import type { ScheduledCommand, ScheduleStore } from '../../automation/schedule-store.js';
import type { ComponentOpener } from '../backend.js';
import { runSqlite, type SqliteConnection, type SqliteMigration } from './connection.js';

/** Append new steps; never edit a released one. */
export const SCHEDULE_STORE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE orchestrix_scheduled_commands (
        id         TEXT    NOT NULL PRIMARY KEY,
        domain     TEXT    NOT NULL,
        automation TEXT    NOT NULL,
        stream_id  TEXT    NOT NULL,
        version    INTEGER NOT NULL,
        idx        INTEGER NOT NULL,
        due_at     TEXT    NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX orchestrix_scheduled_commands_due ON orchestrix_scheduled_commands (domain, due_at, id);
    `,
  },
];

interface Row {
  readonly id: string;
  readonly domain: string;
  readonly automation: string;
  readonly stream_id: string;
  readonly version: number;
  readonly idx: number;
  readonly due_at: string;
}

const entryOf = (row: Row): ScheduledCommand => ({ id: row.id, domain: row.domain, automation: row.automation, streamId: row.stream_id, version: row.version, index: row.idx, dueAt: row.due_at });

/** Delayed commands in a SQLite file (it may be the event store's): they survive restarts. */
export const openSqliteSchedules: ComponentOpener<SqliteConnection, 'schedules'> = async (connection, lifecycle): Promise<ScheduleStore> => {
  connection.migrate('schedules', SCHEDULE_STORE_MIGRATIONS);
  const { db } = connection;
  const store = { run: <T>(action: string, work: () => T): T => runSqlite(lifecycle, `${action} a SQLite scheduled command`, work) };
  const columns = 'id, domain, automation, stream_id, version, idx, due_at';
  const sql = {
    insert: db.prepare<[string, string, string, string, number, number, string]>(
      `INSERT INTO orchestrix_scheduled_commands (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    due: db.prepare<[string, string, number], Row>(`SELECT ${columns} FROM orchestrix_scheduled_commands WHERE domain = ? AND due_at <= ? ORDER BY due_at, id LIMIT ?`),
    pending: db.prepare<[string, number], Row>(`SELECT ${columns} FROM orchestrix_scheduled_commands WHERE domain = ? ORDER BY due_at, id LIMIT ?`),
    next: db.prepare<[string], { due_at: string }>('SELECT min(due_at) AS due_at FROM orchestrix_scheduled_commands WHERE domain = ?'),
    remove: db.prepare<[string]>('DELETE FROM orchestrix_scheduled_commands WHERE id = ?'),
  };
  return {
    async schedule(entry) {
      store.run('store', () => sql.insert.run(entry.id, entry.domain, entry.automation, entry.streamId, entry.version, entry.index, entry.dueAt));
    },
    async due(domain, now, limit) {
      return store.run('read', () => sql.due.all(domain, now.toISOString(), limit).map(entryOf));
    },
    async nextDue(domain) {
      return store.run('read', () => sql.next.get(domain)?.due_at ?? undefined);
    },
    async pending(domain, limit) {
      return store.run('read', () => sql.pending.all(domain, limit).map(entryOf));
    },
    async complete(id) {
      store.run('remove', () => sql.remove.run(id));
    },
    close: lifecycle.close,
  };
};
