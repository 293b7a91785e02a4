import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openMemoryBackend, ProcessorFailedError, StoreError, type ReadModelStore, type ReadModelTable } from 'orchestrix/runtime';
import { createBankingWithReadSide } from '../support/fixtures/bank-read-side.js';

/** A real read-model store whose tables fail like a database that stopped answering, while `down`. */
function flakyReadModels(inner: ReadModelStore, outage: { down: boolean }): ReadModelStore {
  const check = (): void => {
    if (outage.down) throw new StoreError('Cannot write rows of a read model: connection refused');
  };
  const table = (real: ReadModelTable): ReadModelTable => ({
    ...real,
    spec: real.spec,
    position: async () => (check(), real.position()),
    getMany: async (keys) => (check(), real.getMany(keys)),
    commit: async (changes) => (check(), real.commit(changes)),
  });
  return { ...inner, table: async (spec) => table(await inner.table(spec)) };
}

describe('a store that stops answering', () => {
  it('fails catchUp with the storage error but never stops the read model; it goes on once the store answers', async () => {
    const backend = await openMemoryBackend();
    const outage = { down: false };
    const readModels = flakyReadModels(await backend.component('readModels'), outage);
    const domain = createBankingWithReadSide({ store: backend, readModels, processing: { retry: { maxAttempts: 2, baseDelayMs: 1 } } }, {});
    try {
      const accountId = randomUUID();
      await domain.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
      outage.down = true;
      const failed = domain.catchUp();
      await expect(failed).rejects.toBeInstanceOf(StoreError);
      await expect(failed).rejects.not.toBeInstanceOf(ProcessorFailedError);
      const status = (await domain.status()).processors[0];
      expect(status?.state).toBe('idle');
      expect(status?.error).toBeUndefined();
      expect(status?.lastError?.message).toMatch(/connection refused/);
      outage.down = false;
      await domain.catchUp();
      expect(await domain.readModels.AccountSummary.get(accountId)).toMatchObject({ status: 'open' });
      expect((await domain.status()).processors[0]?.lastError).toBeUndefined();
    } finally {
      await domain.close();
      await backend.close();
    }
  });

  it('keeps a started read model running through an outage, backing off, and catches up after it', async () => {
    const backend = await openMemoryBackend();
    const outage = { down: true };
    const readModels = flakyReadModels(await backend.component('readModels'), outage);
    const domain = createBankingWithReadSide({ store: backend, readModels, processing: { pollIntervalMs: 5, retry: { maxAttempts: 1 } } }, {});
    try {
      await domain.start();
      const accountId = randomUUID();
      await domain.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const during = (await domain.status()).processors[0];
      expect(during?.state).not.toBe('failed');
      expect(during?.lastError?.message).toMatch(/connection refused/);
      outage.down = false;
      for (let i = 0; i < 200 && (await domain.readModels.AccountSummary.get(accountId)) === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await domain.readModels.AccountSummary.get(accountId)).toMatchObject({ status: 'open' });
      expect((await domain.status()).processors[0]?.state).toBe('running');
    } finally {
      await domain.close();
      await backend.close();
    }
  });
});
