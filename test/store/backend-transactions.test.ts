/**
 * Components of one backend share its connection, so their statements can commit together: the
 * internal API components build on (docs/runtime.md, "Writing an adapter").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLifecycle } from '../../runtime/store/lifecycle.js';
import { checkpointStatements as postgresCheckpoints, openPostgresCheckpoints } from '../../runtime/store/postgres/checkpoints.js';
import { connectPostgres } from '../../runtime/store/postgres/connection.js';
import { openPostgresSnapshots } from '../../runtime/store/postgres/snapshots.js';
import { schemaName } from '../../runtime/store/postgres/internal/schema.js';
import { checkpointStatements as sqliteCheckpoints, openSqliteCheckpoints } from '../../runtime/store/sqlite/checkpoints.js';
import { connectSqlite } from '../../runtime/store/sqlite/connection.js';
import { openSqliteSnapshots } from '../../runtime/store/sqlite/snapshots.js';
import { postgresTestBackends } from '../support/postgres.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
const snapshot = { streamId: 'row-1', version: 1, stateSchemaHash: 'h', state: { n: 1 }, takenAt: '2025-01-01T00:00:00.000Z' };

describe('SQLite connection transactions', () => {
  it("commit one component's rows and another's checkpoint together, or neither", async () => {
    const opened = await connectSqlite(':memory:', {});
    closers.push(opened.close);
    const { connection } = opened;
    const checkpoints = await openSqliteCheckpoints(connection, createLifecycle('checkpoints'));
    await openSqliteSnapshots(connection, createLifecycle('snapshots'));
    const sql = sqliteCheckpoints(connection.db);
    const saveRow = connection.db.prepare('INSERT INTO orchestrix_snapshots (stream_id, version, state_schema_hash, state, taken_at) VALUES (?, ?, ?, ?, ?)');
    const row = (): void => void saveRow.run(snapshot.streamId, snapshot.version, snapshot.stateSchemaHash, JSON.stringify(snapshot.state), snapshot.takenAt);

    expect(() =>
      connection.transaction(() => {
        row();
        sql.save('projection', 7);
        throw new Error('the projection failed half-way');
      }),
    ).toThrow(/half-way/);
    expect(await checkpoints.load('projection')).toBeUndefined();
    expect(connection.db.prepare('SELECT count(*) AS n FROM orchestrix_snapshots').get()).toEqual({ n: 0 });

    connection.transaction(() => {
      row();
      // A transaction inside is a savepoint of the outer one.
      connection.transaction(() => sql.save('projection', 7));
    });
    expect(await checkpoints.load('projection')).toBe(7);
    expect(connection.db.prepare('SELECT count(*) AS n FROM orchestrix_snapshots').get()).toEqual({ n: 1 });
  });
});

for (const backend of postgresTestBackends()) {
  describe(`PostgreSQL connection transactions on ${backend.name}`, () => {
    afterEach(() => backend.cleanup());

    it("commit one component's rows and another's checkpoint together, or neither", async () => {
      const config = await backend.fresh();
      const schema = schemaName(config.schema);
      const opened = await connectPostgres(config, schema, config);
      closers.push(opened.close);
      const { connection } = opened;
      const checkpoints = await openPostgresCheckpoints(connection, createLifecycle('checkpoints'));
      const snapshots = await openPostgresSnapshots(connection, createLifecycle('snapshots'));
      const sql = postgresCheckpoints(schema);
      const row = (session: { query(text: string, params?: readonly unknown[]): Promise<unknown> }) =>
        session.query(`INSERT INTO ${schema.table('snapshots')} (stream_id, version, state_schema_hash, state, taken_at) VALUES ($1, $2, $3, $4::text::json, $5)`, [
          snapshot.streamId,
          snapshot.version,
          snapshot.stateSchemaHash,
          JSON.stringify(snapshot.state),
          snapshot.takenAt,
        ]);

      await expect(
        connection.transaction(async (session) => {
          await row(session);
          await sql.save(session, 'projection', 7);
          throw new Error('the projection failed half-way');
        }),
      ).rejects.toThrow(/half-way/);
      expect(await checkpoints.load('projection')).toBeUndefined();
      expect(await snapshots.load(snapshot.streamId)).toBeUndefined();

      await connection.transaction(async (session) => {
        await row(session);
        await sql.save(session, 'projection', 7);
      });
      expect(await checkpoints.load('projection')).toBe(7);
      expect(await snapshots.load(snapshot.streamId)).toEqual(snapshot);
    });
  });
}
