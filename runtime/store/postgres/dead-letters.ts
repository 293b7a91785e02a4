import { decodeDeadLetter, encodeDeadLetter, type DeadLetterRecord } from '../../bus/dead-letter-codec.js';
import type { DeadLetter, DeadLetterUpdate, NewDeadLetter } from '../../bus/dead-letter-queue.js';
import type { ComponentOpener } from '../backend.js';
import { toJsonTextOrThrow } from '../json-text.js';
import type { PostgresConnection } from './connection.js';
import type { PostgresMigration } from './internal/schema.js';

/** Append new steps; never edit a released one. */
export const deadLetterMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    // `seq` orders the queue oldest first (ids are random UUIDs); an update keeps a letter's place.
    sql: (schema) => `
CREATE TABLE ${schema.table('dead_letters')} (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  handler text NOT NULL,
  event json NOT NULL,
  error json NOT NULL,
  attempts integer NOT NULL,
  failed_at text NOT NULL
);
CREATE INDEX dead_letters_by_handler_idx ON ${schema.table('dead_letters')} (handler, seq);`,
  },
];

const LETTER_COLUMNS = 'id, handler, event::text AS event, error::text AS error, attempts, failed_at AS "failedAt"';

/** Dead letters, kept across restarts and shared by every process on the database. */
export const openPostgresDeadLetters: ComponentOpener<PostgresConnection, 'deadLetters'> = async (connection, lifecycle) => {
  await connection.migrate('dead_letters', deadLetterMigrations);
  const { driver, schema } = connection;
  const table = schema.table('dead_letters');
  return {
    async add(letter: NewDeadLetter): Promise<DeadLetter> {
      lifecycle.assertOpen();
      const record = encodeDeadLetter(letter);
      await driver.query(`INSERT INTO ${table} (id, handler, event, error, attempts, failed_at) VALUES ($1, $2, $3::text::json, $4::text::json, $5, $6)`, [
        record.id,
        record.handler,
        record.event,
        record.error,
        record.attempts,
        record.failedAt,
      ]);
      return decodeDeadLetter(record);
    },
    async list(options: { readonly handler?: string; readonly limit?: number } = {}): Promise<readonly DeadLetter[]> {
      lifecycle.assertOpen();
      // LIMIT NULL means no limit.
      const limit = options.limit === undefined ? null : Math.max(0, Math.floor(options.limit));
      const rows = await driver.query<DeadLetterRecord>(
        `SELECT ${LETTER_COLUMNS} FROM ${table} WHERE ($1::text IS NULL OR handler = $1::text) ORDER BY seq LIMIT $2`,
        [options.handler ?? null, limit],
      );
      return rows.map(decodeDeadLetter);
    },
    async get(id: string): Promise<DeadLetter | undefined> {
      lifecycle.assertOpen();
      const [row] = await driver.query<DeadLetterRecord>(`SELECT ${LETTER_COLUMNS} FROM ${table} WHERE id = $1`, [id]);
      return row === undefined ? undefined : decodeDeadLetter(row);
    },
    async update(id: string, changes: DeadLetterUpdate): Promise<DeadLetter | undefined> {
      lifecycle.assertOpen();
      const error = toJsonTextOrThrow('dead letter', changes.error, ['error']);
      const [row] = await driver.query<DeadLetterRecord>(
        `UPDATE ${table} SET error = $2::text::json, attempts = $3, failed_at = $4 WHERE id = $1 RETURNING ${LETTER_COLUMNS}`,
        [id, error, changes.attempts, changes.failedAt],
      );
      return row === undefined ? undefined : decodeDeadLetter(row);
    },
    async remove(id: string): Promise<void> {
      lifecycle.assertOpen();
      await driver.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
    },
    close: lifecycle.close,
  };
};
