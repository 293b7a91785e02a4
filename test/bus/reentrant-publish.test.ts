import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createInMemoryEventStore, createMessageBus, type Dispatch, type EventEnvelope } from 'orchestrix/runtime';
import { createBanking } from '../support/fixtures/bank-account.js';

/** Rejects if `work` does not settle within `ms`: a deadlock fails the test instead of hanging it. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`deadlock: nothing settled within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

for (const dispatch of ['sequential', 'concurrent'] as const satisfies readonly Dispatch[]) {
  describe(`a bus handler that executes a command (${dispatch} dispatch)`, () => {
    it('never deadlocks, and every handler still sees every event in order', async () => {
      const bus = createMessageBus<EventEnvelope>({ dispatch });
      const banking = createBanking({ store: createInMemoryEventStore(), bus });
      const seen: string[] = [];
      // Reacts to an opening with a deposit, from inside the handler, and awaits it.
      bus.subscribe({
        name: 'welcome-bonus',
        on: ['AccountOpened', 'MoneyDeposited'],
        async handle(event) {
          seen.push(`bonus:${event.type}`);
          if (event.type === 'AccountOpened') {
            const accountId = event.streamId.split('/').pop() ?? '';
            const result = await banking.execute('Deposit', { accountId, amount: 10 });
            seen.push(`bonus:deposited v${result.version}`);
          }
        },
      });
      bus.subscribe({ name: 'audit', on: '*', handle: (event) => void seen.push(`audit:${event.type}`) });
      const accountId = randomUUID();
      await within(5_000, banking.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' }));
      await within(5_000, bus.drain());
      expect((await banking.load('Account', accountId)).state.balance).toBe(10);
      expect(seen.filter((entry) => entry.startsWith('audit:'))).toEqual(['audit:AccountOpened', 'audit:MoneyDeposited']);
      expect(seen.filter((entry) => entry.startsWith('bonus:'))).toEqual(['bonus:AccountOpened', 'bonus:deposited v2', 'bonus:MoneyDeposited']);
    });

    it('resolves a publish made from outside a handler only after delivery, as before', async () => {
      const bus = createMessageBus<EventEnvelope>({ dispatch });
      let delivered = 0;
      bus.subscribe({ name: 'slow', on: '*', handle: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        delivered += 1;
      } });
      const banking = createBanking({ store: createInMemoryEventStore(), bus });
      await banking.execute('OpenAccount', { accountId: randomUUID(), ownerId: randomUUID(), ownerName: 'Ada' });
      expect(delivered).toBe(1);
    });
  });
}
