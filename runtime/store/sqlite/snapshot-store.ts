import { openSqliteComponent, type SqliteComponent } from './component.js';
import type { Snapshot, SnapshotStore } from '../../snapshot/snapshot-store.js';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot } from '../snapshot-codec.js';
import type { SqliteDatabase, SqliteOpenOptions } from './database.js';
import { SNAPSHOT_STORE_COMPONENT, SNAPSHOT_STORE_MIGRATIONS } from './schema.js';

/**
 * Latest snapshot per stream in a SQLite file. It may share the event store's file: pass the same
 * path (a second WAL connection) or the same database object (one connection, closed by its owner).
 */
export class SqliteSnapshotStore implements SnapshotStore {
  readonly #store: SqliteComponent;
  readonly #sql;

  constructor(pathOrDb: string | SqliteDatabase, options: SqliteOpenOptions = {}) {
    this.#store = openSqliteComponent(pathOrDb, options, {
      component: SNAPSHOT_STORE_COMPONENT,
      migrations: SNAPSHOT_STORE_MIGRATIONS,
      label: 'snapshot store',
      failure: (action) => `${action} a SQLite snapshot`,
    });
    const { db } = this.#store;
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
    const stored = this.#store.run('load', () => this.#sql.load.get(streamId));
    return stored === undefined ? undefined : decodeSnapshot(stored);
  }

  async save(snapshot: Snapshot): Promise<void> {
    this.#store.assertOpen();
    const encoded = encodeSnapshot(snapshot);
    this.#store.run('save', () => this.#sql.save.run(encoded));
  }

  async delete(streamId: string): Promise<void> {
    this.#store.run('delete', () => this.#sql.delete.run(streamId));
  }

  async close(): Promise<void> {
    this.#store.close();
  }
}

/** Opens (creating if needed) a snapshot store in the SQLite file at `path` (or `:memory:`), or on a caller's database. */
export function createSqliteSnapshotStore(pathOrDb: string | SqliteDatabase, options?: SqliteOpenOptions): SqliteSnapshotStore {
  return new SqliteSnapshotStore(pathOrDb, options);
}
