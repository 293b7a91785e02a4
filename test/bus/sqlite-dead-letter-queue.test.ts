import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../runtime/errors/errors.js';
import type { Backend } from '../../runtime/store/backend.js';
import { openSqliteBackend } from '../../runtime/store/sqlite/backend.js';
import { componentHarness, sqliteTestBackends, tempFolder } from '../support/backends.js';
import { describeDeadLetterQueueContract, sampleLetter } from './dead-letter-queue.contract.js';

const folder = tempFolder('sqlite-dlq');
const freshFile = (): string => join(folder(), 'dead-letters.db');

for (const backend of sqliteTestBackends()) describeDeadLetterQueueContract(backend.name, componentHarness(backend, 'deadLetters'));

describe('SQLite dead-letter queue', () => {
  const backends: Backend[] = [];
  const open = async (file: string): Promise<Backend> => {
    const backend = await openSqliteBackend({ path: file });
    backends.push(backend);
    return backend;
  };
  afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.close();
  });

  it('keeps letters, their order and their updates across a reopen', async () => {
    const file = freshFile();
    const first = await open(file);
    const queue = await first.component('deadLetters');
    const a = await queue.add(sampleLetter(1, 'a'));
    const b = await queue.add(sampleLetter(2, 'b'));
    const updated = await queue.update(a.id, { error: { name: 'Error', message: 'again' }, attempts: 4, failedAt: '2025-06-03T00:00:00.000Z' });
    await first.close();

    const reopened = await (await open(file)).component('deadLetters');
    expect(await reopened.list()).toEqual([updated, b]);
    const c = await reopened.add(sampleLetter(3, 'a'));
    expect((await reopened.list({ handler: 'a' })).map((letter) => letter.id)).toEqual([a.id, c.id]);
  });

  it('shares the file and the connection with the event store', async () => {
    const file = freshFile();
    const backend = await open(file);
    const appended = await (await backend.component('events')).append('thing-1', [{ type: 'Happened', data: { n: 1 } }]);
    const [event] = appended.events;
    if (event === undefined) throw new Error('append returned no event');
    const letter = await (await backend.component('deadLetters')).add({ ...sampleLetter(1), event });
    await backend.close();

    const db = new Database(file, { readonly: true });
    const components = db.prepare<[], { component: string }>('SELECT component FROM orchestrix_schema ORDER BY component').all();
    expect(components.map((row) => row.component)).toEqual(['dead_letters', 'events']);
    db.close();
    expect(await (await (await open(file)).component('deadLetters')).get(letter.id)).toEqual(letter);
  });

  it('refuses a file whose dead-letter schema is newer than this release', async () => {
    const file = freshFile();
    await (await open(file)).component('deadLetters');
    const db = new Database(file);
    db.prepare("UPDATE orchestrix_schema SET version = 99 WHERE component = 'dead_letters'").run();
    db.close();
    await expect((await open(file)).component('deadLetters')).rejects.toThrow(StoreError);
  });
});
