import { OrchestrixError, StoreError } from '../../errors/errors.js';
import type { Snapshot, SnapshotStore } from '../../snapshot/snapshot-store.js';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot } from '../snapshot-codec.js';
import { connectSqlite, migrateSqlite, sqliteFailure, type SqliteDatabase, type SqliteOpenOptions } from './database.js';
import { SNAPSHOT_STORE_COMPONENT, SNAPSHOT_STORE_MIGRATIONS } from './schema.js';

/**
 * Latest snapshot per stream in a SQLite file. It may share the event store's file: pass the same
 * path (a second WAL connection) or the same database object (one connection, closed by its owner).
 */
export class SqliteSnapshotStore implements SnapshotStore {
  readonly #db: SqliteDatabase;
  readonly #ownsDb: boolean;
  readonly #sql;
  #closed = false;

  constructor(pathOrDb: string | SqliteDatabase, options: SqliteOpenOptions = {}) {
    const { db, owned } = connectSqlite(pathOrDb, options);
    this.#db = db;
    this.#ownsDb = owned;
    try {
      migrateSqlite(db, SNAPSHOT_STORE_COMPONENT, SNAPSHOT_STORE_MIGRATIONS);
    } catch (error) {
      if (owned) db.close();
      throw error instanceof OrchestrixError ? error : sqliteFailure('create the SQLite snapshot store schema', error);
    }
    this.#sql = {
      load: db.prepare<[string], EncodedSnapshot>(
        'SELECT stream_id AS streamId, version, state_schema_hash AS stateSchemaHash, state, taken_at AS takenAt FROM orchestrix_snapshots WHERE stream_id = ?',
      ),
      // One statement, so the "never go back to a lower version" rule holds across connections too.
      save: db.prepare<[EncodedSnapshot]>(
        `INSERT INTO orchestrix_snapshots (stream_id, version, state_schema_hash, state, taken_at)
         VALUES (@streamId, @version, @stateSchemaHash, @state, @takenAt)
         ON CONFLICT (stream_id) DO UPDATE SET
           version = excluded.version, state_schema_hash = excluded.state_schema_hash,
           state = excluded.state, taken_at = excluded.taken_at
         WHERE excluded.version >= orchestrix_snapshots.version`,
      ),
      delete: db.prepare<[string]>('DELETE FROM orchestrix_snapshots WHERE stream_id = ?'),
    };
  }

  async load(streamId: string): Promise<Snapshot | undefined> {
    const stored = this.#run('load', () => this.#sql.load.get(streamId));
    return stored === undefined ? undefined : decodeSnapshot(stored);
  }

  async save(snapshot: Snapshot): Promise<void> {
    this.#assertOpen();
    const encoded = encodeSnapshot(snapshot);
    this.#run('save', () => this.#sql.save.run(encoded));
  }

  async delete(streamId: string): Promise<void> {
    this.#run('delete', () => this.#sql.delete.run(streamId));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDb) this.#db.close();
  }

  #run<T>(action: string, work: () => T): T {
    this.#assertOpen();
    try {
      return work();
    } catch (error) {
      throw sqliteFailure(`${action} a SQLite snapshot`, error);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('The SQLite snapshot store is closed');
  }
}

/** Opens (creating if needed) a snapshot store in the SQLite file at `path` (or `:memory:`), or on a caller's database. */
export function createSqliteSnapshotStore(pathOrDb: string | SqliteDatabase, options?: SqliteOpenOptions): SqliteSnapshotStore {
  return new SqliteSnapshotStore(pathOrDb, options);
}
