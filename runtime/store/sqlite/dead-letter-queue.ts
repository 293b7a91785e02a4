import { openSqliteComponent, type SqliteComponent } from './component.js';
import { decodeDeadLetter, encodeDeadLetter, encodeDeadLetterUpdate, type DeadLetterRecord } from '../../bus/dead-letter-codec.js';
import type { DeadLetter, DeadLetterQueue, DeadLetterUpdate, NewDeadLetter } from '../../bus/dead-letter-queue.js';
import type { SqliteDatabase, SqliteMigration, SqliteOpenOptions } from './database.js';

export const DEAD_LETTER_QUEUE_COMPONENT = 'dead_letters';

/** Append new steps; never edit a released one. */
export const DEAD_LETTER_QUEUE_MIGRATIONS: readonly SqliteMigration[] = [
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

/**
 * Dead letters in a SQLite file, kept across restarts. It may share the event store's file: pass
 * the same path (a second WAL connection) or the same database object (closed by its owner).
 */
export class SqliteDeadLetterQueue implements DeadLetterQueue {
  readonly #store: SqliteComponent;
  readonly #sql;

  constructor(pathOrDb: string | SqliteDatabase, options: SqliteOpenOptions = {}) {
    this.#store = openSqliteComponent(pathOrDb, options, {
      component: DEAD_LETTER_QUEUE_COMPONENT,
      migrations: DEAD_LETTER_QUEUE_MIGRATIONS,
      label: 'dead-letter queue',
      failure: (action) => `${action} a SQLite dead letter`,
    });
    const { db } = this.#store;
    this.#sql = {
      insert: db.prepare<[DeadLetterRecord]>(
        'INSERT INTO orchestrix_dead_letters (id, handler, event, error, attempts, failed_at) VALUES (@id, @handler, @event, @error, @attempts, @failedAt)',
      ),
      list: db.prepare<[number], DeadLetterRecord>(`${SELECT_LETTER} ORDER BY seq LIMIT ?`),
      listByHandler: db.prepare<[string, number], DeadLetterRecord>(`${SELECT_LETTER} WHERE handler = ? ORDER BY seq LIMIT ?`),
      get: db.prepare<[string], DeadLetterRecord>(`${SELECT_LETTER} WHERE id = ?`),
      update: db.prepare<[DeadLetterRecord]>('UPDATE orchestrix_dead_letters SET error = @error, attempts = @attempts, failed_at = @failedAt WHERE id = @id'),
      remove: db.prepare<[string]>('DELETE FROM orchestrix_dead_letters WHERE id = ?'),
    };
  }

  async add(letter: NewDeadLetter): Promise<DeadLetter> {
    this.#store.assertOpen();
    const record = encodeDeadLetter(letter);
    this.#store.run('add', () => this.#sql.insert.run(record));
    return decodeDeadLetter(record);
  }

  async list(options: { readonly handler?: string; readonly limit?: number } = {}): Promise<readonly DeadLetter[]> {
    // SQLite reads LIMIT -1 as "no limit".
    const limit = options.limit === undefined ? -1 : Math.max(0, Math.floor(options.limit));
    const { handler } = options;
    const records = this.#store.run('list', () => (handler === undefined ? this.#sql.list.all(limit) : this.#sql.listByHandler.all(handler, limit)));
    return records.map(decodeDeadLetter);
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const record = this.#store.run('read', () => this.#sql.get.get(id));
    return record === undefined ? undefined : decodeDeadLetter(record);
  }

  async update(id: string, changes: DeadLetterUpdate): Promise<DeadLetter | undefined> {
    const updated = this.#store.run('update', () => {
      const record = this.#sql.get.get(id);
      if (record === undefined) return undefined;
      const next = encodeDeadLetterUpdate(record, changes);
      return this.#sql.update.run(next).changes === 1 ? next : undefined;
    });
    return updated === undefined ? undefined : decodeDeadLetter(updated);
  }

  async remove(id: string): Promise<void> {
    this.#store.run('remove', () => this.#sql.remove.run(id));
  }

  async close(): Promise<void> {
    this.#store.close();
  }
}

/** Opens (creating if needed) a dead-letter queue in the SQLite file at `path` (or `:memory:`), or on a caller's database. */
export function createSqliteDeadLetterQueue(pathOrDb: string | SqliteDatabase, options?: SqliteOpenOptions): SqliteDeadLetterQueue {
  return new SqliteDeadLetterQueue(pathOrDb, options);
}
