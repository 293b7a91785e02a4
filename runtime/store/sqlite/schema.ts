import type { SqliteMigration } from './database.js';

/**
 * Migrations of the SQLite event and snapshot stores, applied by migrateSqlite on first use and
 * recorded per component in `orchestrix_schema`. Append new steps; never edit a released one.
 */
export const EVENT_STORE_COMPONENT = 'events';

export const EVENT_STORE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    // `position` is the rowid. AUTOINCREMENT keeps it from ever being reused, so a subscriber's
    // checkpoint stays valid even if the newest rows were removed by hand. The unique
    // (stream_id, version) key lets the database itself refuse a second writer of a version, and
    // is the index for stream reads and the stream's current version (max(version)).
    sql: `
      CREATE TABLE orchestrix_events (
        position       INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id      TEXT    NOT NULL,
        version        INTEGER NOT NULL,
        id             TEXT    NOT NULL,
        type           TEXT    NOT NULL,
        source         TEXT    NOT NULL,
        time           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        UNIQUE (stream_id, version)
      );
      -- One row per batch appended with an idempotency key (the first event's).
      CREATE TABLE orchestrix_event_batches (
        stream_id       TEXT    NOT NULL,
        idempotency_key TEXT    NOT NULL,
        first_version   INTEGER NOT NULL,
        last_version    INTEGER NOT NULL,
        PRIMARY KEY (stream_id, idempotency_key)
      ) WITHOUT ROWID;
    `,
  },
];

export const SNAPSHOT_STORE_COMPONENT = 'snapshots';

export const SNAPSHOT_STORE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE orchestrix_snapshots (
        stream_id         TEXT    NOT NULL PRIMARY KEY,
        version           INTEGER NOT NULL,
        state_schema_hash TEXT    NOT NULL,
        state             TEXT    NOT NULL,
        taken_at          TEXT    NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];
