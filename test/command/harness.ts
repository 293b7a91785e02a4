// Shared setup of the command suites: a bank account executor over real stores, a fixed clock, a
// recording publisher and a collected error report.
import { randomUUID } from 'node:crypto';
import type { ReportedErrorContext } from '../../runtime/aggregate/error-reporter.js';
import type { AggregateDefinition } from '../../runtime/aggregate/definition.js';
import { createCommandExecutor, type CommandExecutor, type CommandExecutorOptions } from '../../runtime/command/executor.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import type { EventStore } from '../../runtime/store/event-store.js';
import { accountDefinition, type AccountCommand, type AccountEvent, type AccountState } from '../support/fixtures/bank-account.js';
import type { Stores } from '../aggregate/adapters.js';
import { recordingPublisher } from '../aggregate/store-wrappers.js';

export const NOW = '2024-05-01T12:00:00.000Z';
export const OWNER = '0f8fad5b-d9cb-469f-a165-70867728950e';

export interface BankHarness {
  readonly executor: CommandExecutor<AccountState, AccountCommand, AccountEvent>;
  readonly bus: ReturnType<typeof recordingPublisher>;
  readonly reported: { readonly error: unknown; readonly context: ReportedErrorContext }[];
  /** Opens a fresh account and returns its id. */
  open(id?: string): Promise<string>;
}

export function bankHarness(
  stores: Stores,
  overrides: Partial<CommandExecutorOptions> = {},
  definition: AggregateDefinition<AccountState, AccountCommand, AccountEvent> = accountDefinition,
): BankHarness {
  const bus = recordingPublisher();
  const reported: { error: unknown; context: ReportedErrorContext }[] = [];
  const executor = createCommandExecutor(definition, {
    store: stores.store,
    snapshots: stores.snapshots,
    bus,
    clock: () => new Date(NOW),
    onError: (error, context) => reported.push({ error, context }),
    ...overrides,
  });
  return {
    executor,
    bus,
    reported,
    async open(id = randomUUID()) {
      await executor.execute('OpenAccount', { accountId: id, ownerId: OWNER, ownerName: 'Ada' });
      return id;
    },
  };
}

export async function readStream(store: EventStore, streamId: string): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

/** Runs `executor.execute` and returns what it rejected with (fails the test if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to fail, but it succeeded');
}
