import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../runtime/errors/errors.js';
import { openSqlite } from '../../runtime/store/sqlite/database.js';
import { createSqliteDeadLetterQueue } from '../../runtime/store/sqlite/dead-letter-queue.js';
import { createSqliteEventStore } from '../../runtime/store/sqlite/event-store.js';
import { describeDeadLetterQueueContract, sampleLetter } from './dead-letter-queue.contract.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-sqlite-dlq-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => join(root, `dead-letters-${(files += 1)}.db`);

describeDeadLetterQueueContract('SQLite file', { open: async () => createSqliteDeadLetterQueue(freshFile()) });
describeDeadLetterQueueContract('SQLite :memory:', { open: async () => createSqliteDeadLetterQueue(':memory:') });

describe('SqliteDeadLetterQueue', () => {
  it('keeps letters, their order and their updates across a reopen', async () => {
    const file = freshFile();
    const first = createSqliteDeadLetterQueue(file);
    const a = await first.add(sampleLetter(1, 'a'));
    const b = await first.add(sampleLetter(2, 'b'));
    const updated = await first.update(a.id, { error: { name: 'Error', message: 'again' }, attempts: 4, failedAt: '2025-06-03T00:00:00.000Z' });
    await first.close();

    const reopened = createSqliteDeadLetterQueue(file);
    expect(await reopened.list()).toEqual([updated, b]);
    const c = await reopened.add(sampleLetter(3, 'a'));
    expect((await reopened.list({ handler: 'a' })).map((letter) => letter.id)).toEqual([a.id, c.id]);
    await reopened.close();
  });

  it('shares a file, or one database object, with the event store', async () => {
    const file = freshFile();
    const events = createSqliteEventStore(file);
    const queue = createSqliteDeadLetterQueue(file);
    const appended = await events.append('thing-1', [{ type: 'Happened', data: { n: 1 } }]);
    const [event] = appended.events;
    if (event === undefined) throw new Error('append returned no event');
    const letter = await queue.add({ ...sampleLetter(1), event });
    await queue.close();
    await events.close();

    const db = openSqlite(file);
    const shared = createSqliteDeadLetterQueue(db);
    expect(await shared.get(letter.id)).toEqual(letter);
    const components = db.prepare<[], { component: string }>('SELECT component FROM orchestrix_schema ORDER BY component').all();
    expect(components.map((row) => row.component)).toEqual(expect.arrayContaining(['dead_letters', 'events']));
    // The caller owns the shared connection: closing the queue leaves it open.
    await shared.close();
    expect(db.open).toBe(true);
    db.close();
  });

  it('refuses a file whose dead-letter schema is newer than this release', async () => {
    const file = freshFile();
    await createSqliteDeadLetterQueue(file).close();
    const db = openSqlite(file);
    db.prepare("UPDATE orchestrix_schema SET version = 99 WHERE component = 'dead_letters'").run();
    db.close();
    expect(() => createSqliteDeadLetterQueue(file)).toThrow(StoreError);
  });
});
