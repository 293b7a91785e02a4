import { decodeDeadLetter, encodeDeadLetter, encodeDeadLetterUpdate, type DeadLetterRecord } from '../../bus/dead-letter-codec.js';
import type { ComponentOpener } from '../backend.js';
import { runSqlite, type SqliteConnection, type SqliteMigration } from './connection.js';

/** Append new steps; never edit a released one. */
export const DEAD_LETTER_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    // `seq` orders the queue oldest first (ids are random UUIDs); an update keeps a letter's place.
    sql: `
      CREATE TABLE orchestrix_dead_letters (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        id        TEXT    NOT NULL UNIQUE,
        handler   TEXT    NOT NULL,
        event     TEXT    NOT NULL,
        error     TEXT    NOT NULL,
        attempts  INTEGER NOT NULL,
        failed_at TEXT    NOT NULL
      );
      CREATE INDEX orchestrix_dead_letters_by_handler ON orchestrix_dead_letters (handler, seq);
    `,
  },
];

const SELECT_LETTER = 'SELECT id, handler, event, error, attempts, failed_at AS failedAt FROM orchestrix_dead_letters';

/** Dead letters in the backend's SQLite file, kept across restarts. */
export const openSqliteDeadLetters: ComponentOpener<SqliteConnection, 'deadLetters'> = async (connection, lifecycle) => {
  connection.migrate('dead_letters', DEAD_LETTER_MIGRATIONS);
  const { db } = connection;
  const sql = {
    insert: db.prepare<[DeadLetterRecord]>(
      'INSERT INTO orchestrix_dead_letters (id, handler, event, error, attempts, failed_at) VALUES (@id, @handler, @event, @error, @attempts, @failedAt)',
    ),
    list: db.prepare<[number], DeadLetterRecord>(`${SELECT_LETTER} ORDER BY seq LIMIT ?`),
    listByHandler: db.prepare<[string, number], DeadLetterRecord>(`${SELECT_LETTER} WHERE handler = ? ORDER BY seq LIMIT ?`),
    get: db.prepare<[string], DeadLetterRecord>(`${SELECT_LETTER} WHERE id = ?`),
    update: db.prepare<[DeadLetterRecord]>('UPDATE orchestrix_dead_letters SET error = @error, attempts = @attempts, failed_at = @failedAt WHERE id = @id'),
    remove: db.prepare<[string]>('DELETE FROM orchestrix_dead_letters WHERE id = ?'),
  };
  return {
    async add(letter) {
      lifecycle.assertOpen();
      const record = encodeDeadLetter(letter);
      runSqlite(lifecycle, 'add a SQLite dead letter', () => sql.insert.run(record));
      return decodeDeadLetter(record);
    },
    async list(options = {}) {
      // SQLite reads LIMIT -1 as "no limit".
      const limit = options.limit === undefined ? -1 : Math.max(0, Math.floor(options.limit));
      const { handler } = options;
      const records = runSqlite(lifecycle, 'list SQLite dead letters', () => (handler === undefined ? sql.list.all(limit) : sql.listByHandler.all(handler, limit)));
      return records.map(decodeDeadLetter);
    },
    async get(id) {
      const record = runSqlite(lifecycle, 'read a SQLite dead letter', () => sql.get.get(id));
      return record === undefined ? undefined : decodeDeadLetter(record);
    },
    async update(id, changes) {
      const updated = runSqlite(lifecycle, 'update a SQLite dead letter', () => {
        const record = sql.get.get(id);
        if (record === undefined) return undefined;
        const next = encodeDeadLetterUpdate(record, changes);
        return sql.update.run(next).changes === 1 ? next : undefined;
      });
      return updated === undefined ? undefined : decodeDeadLetter(updated);
    },
    async remove(id) {
      runSqlite(lifecycle, 'remove a SQLite dead letter', () => sql.remove.run(id));
    },
    close: lifecycle.close,
  };
};
