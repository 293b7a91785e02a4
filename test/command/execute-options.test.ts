/**
 * `execute` options and aggregate ids are checked once, in the executor, so every store behaves the
 * same: the same ValidationError for the same bad option or id, nothing written, and the same
 * accepted values stored and recognised again. Runs on every backend the event store runs on.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDecider } from '../../runtime/command/decision.js';
import { createCommandExecutor } from '../../runtime/command/executor.js';
import { EXECUTE_OPTION_LIMITS } from '../../runtime/command/execute-options.js';
import { ValidationError } from '../../runtime/errors/errors.js';
import type { EventStore } from '../../runtime/store/event-store.js';
import { everyTestBackend } from '../support/backends.js';
import { accountDefinition } from '../support/fixtures/bank-account.js';
import { OWNER, readStream, rejectionOf } from './harness.js';

const { idLength, headerCount, headerNameLength, headerValueLength } = EXECUTE_OPTION_LIMITS;

/** Bad options, each with the option its ValidationError must name. */
const BAD_OPTIONS: readonly { readonly options: unknown; readonly path: readonly (string | number)[] }[] = [
  { options: 'x', path: [] },
  { options: null, path: [] },
  { options: [], path: [] },
  { options: 42, path: [] },
  { options: new Date(0), path: [] },
  { options: { commandId: '' }, path: ['commandId'] },
  { options: { commandId: 42 }, path: ['commandId'] },
  { options: { commandId: {} }, path: ['commandId'] },
  { options: { commandId: true }, path: ['commandId'] },
  { options: { commandId: null }, path: ['commandId'] },
  { options: { commandId: 'a'.repeat(idLength + 1) }, path: ['commandId'] },
  { options: { commandId: 'x'.repeat(10 * 1024 * 1024) }, path: ['commandId'] },
  { options: { commandId: 'nul\u0000byte' }, path: ['commandId'] },
  { options: { commandId: 'lone \ud800 surrogate' }, path: ['commandId'] },
  { options: { correlationId: {} }, path: ['correlationId'] },
  { options: { correlationId: '' }, path: ['correlationId'] },
  { options: { causationId: 7 }, path: ['causationId'] },
  { options: { causationId: 'c'.repeat(idLength + 1) }, path: ['causationId'] },
  { options: { headers: 'str' }, path: ['headers'] },
  { options: { headers: ['a'] }, path: ['headers'] },
  { options: { headers: { tenant: 1 } }, path: ['headers', 'tenant'] },
  { options: { headers: { tenant: 'v'.repeat(headerValueLength + 1) } }, path: ['headers', 'tenant'] },
  { options: { headers: { ['n'.repeat(headerNameLength + 1)]: 'v' } }, path: ['headers', 'n'.repeat(headerNameLength + 1)] },
  { options: { headers: Object.fromEntries(Array.from({ length: headerCount + 1 }, (_, n) => [`h${n}`, 'v'])) }, path: ['headers'] },
  { options: { commandID: 'typo' }, path: ['commandID'] },
];

const BAD_IDS: readonly unknown[] = ['not-a-uuid', '', 42, null, undefined, {}, 'a'.repeat(10_000)];

for (const backend of everyTestBackend()) {
  describe(`execute options and ids on ${backend.name}`, () => {
    afterEach(() => backend.cleanup());

    const open = async () => {
      const store = await (await backend.fresh()).component('events');
      const executor = createCommandExecutor(accountDefinition, { store, onError: () => undefined });
      const accountId = randomUUID();
      await executor.execute('OpenAccount', { accountId, ownerId: OWNER, ownerName: 'Ada' });
      return { store, executor, accountId, streamId: `banking/Account/${accountId}` };
    };

    it('refuses each bad option with a ValidationError naming it, and writes nothing', async () => {
      const { store, executor, accountId } = await open();
      const head = await store.headPosition();
      for (const { options, path } of BAD_OPTIONS) {
        // Untyped callers (JavaScript, JSON from a request) can pass anything.
        const error = await rejectionOf(executor.execute('Deposit', { accountId, amount: 1 }, options as never));
        expect(error, JSON.stringify(path)).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues[0]?.path, String(options)).toEqual(path);
        expect((error as ValidationError).message).toMatch(/^Invalid execute options/);
        expect((error as ValidationError).message.length).toBeLessThan(500);
      }
      expect(await store.headPosition()).toBe(head);
      expect((await executor.load(accountId)).state.balance).toBe(0);
    });

    it('keeps two commands with different ids apart, and recognises each id again, at the bounds', async () => {
      const { store, executor, accountId, streamId } = await open();
      const longest = 'k'.repeat(idLength);
      const unicode = 'zahlung-ü-€-😀';
      const headers = Object.fromEntries(Array.from({ length: headerCount }, (_, n) => [`h${n}`, n === 0 ? 'v'.repeat(headerValueLength) : 'v']));
      const first = await executor.execute('Deposit', { accountId, amount: 1 }, { commandId: longest, correlationId: 'c'.repeat(idLength), headers });
      const second = await executor.execute('Deposit', { accountId, amount: 2 }, { commandId: unicode, causationId: unicode });
      expect([first.duplicate, second.duplicate]).toEqual([false, false]);
      const again = [
        await executor.execute('Deposit', { accountId, amount: 1 }, { commandId: longest }),
        await executor.execute('Deposit', { accountId, amount: 2 }, { commandId: unicode }),
      ];
      expect(again.map((result) => result.duplicate)).toEqual([true, true]);
      expect(again.map((result) => result.events[0]?.id)).toEqual([first.events[0]?.id, second.events[0]?.id]);
      const stored = await readStream(store, streamId);
      expect(stored.slice(1).map((event) => event.metadata)).toEqual([
        { correlationId: 'c'.repeat(idLength), causationId: longest, commandId: longest, headers },
        { correlationId: unicode, causationId: unicode, commandId: unicode },
      ]);
      expect((await executor.load(accountId)).state.balance).toBe(3);
    });

    it('checks ids on load as commands check them, and gives each UUID one stream', async () => {
      const { store, executor, accountId } = await open();
      for (const id of BAD_IDS) {
        const error = await rejectionOf(executor.load(id as string));
        expect(error, String(id)).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).message).toMatch(/^Invalid Account id: accountId /);
      }
      const upper = accountId.toUpperCase();
      const head = await store.headPosition();
      for (const attempt of [
        () => executor.load(upper),
        () => executor.execute('OpenAccount', { accountId: upper, ownerId: OWNER, ownerName: 'Ada' }),
        () => executor.execute('Deposit', { accountId: upper, amount: 1 }),
      ]) {
        const error = await rejectionOf(attempt());
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues[0]).toMatchObject({ path: ['accountId'], code: 'invalid_format' });
        expect((error as ValidationError).message).toContain(`lower case ('${accountId}')`);
      }
      expect(await store.headPosition()).toBe(head);
      expect((await executor.load(accountId)).exists).toBe(true);
    });
  });
}

describe('ids of another type', () => {
  it('takes a string id as given: an upper-case UUID is just another string', () => {
    const stringIds = createDecider({
      ...accountDefinition,
      commands: { ...accountDefinition.commands, OpenAccount: { ...accountDefinition.commands.OpenAccount, schema: z.object({ accountId: z.string().min(1), ownerId: z.uuid(), ownerName: z.string() }) } },
    } as typeof accountDefinition);
    const id = 'ABCDEF01-0000-4000-8000-000000000000';
    expect(stringIds.validateId(id)).toBe(id);
    expect(() => stringIds.validateId('')).toThrow(ValidationError);
    expect(() => createDecider(accountDefinition).validateId(id)).toThrow(/lower case/);
  });
});
