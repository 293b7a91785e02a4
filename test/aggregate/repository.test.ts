import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../runtime/aggregate/definition.js';
import { streamIdOf } from '../../runtime/aggregate/definition.js';
import type { ReportedErrorContext } from '../../runtime/aggregate/error-reporter.js';
import { UnknownEventError } from '../../runtime/aggregate/errors.js';
import { StoreClosedError } from '../../runtime/errors/errors.js';
import { createAggregateRepository } from '../../runtime/aggregate/repository.js';
import type { NewEvent } from '../../runtime/events/envelope.js';
import { accountDefinition, type AccountEvent, type AccountState } from '../support/fixtures/bank-account.js';
import { adapters, type Stores } from './adapters.js';
import { brokenSnapshotStore, countingStore } from './store-wrappers.js';

const owner = '0f8fad5b-d9cb-469f-a165-70867728950e';
const opened = (): NewEvent => ({ type: 'AccountOpened', data: { ownerId: owner, ownerName: 'Ada' }, schemaVersion: 1 });
const deposited = (amount: number, balanceAfter: number): NewEvent => ({ type: 'MoneyDeposited', data: { amount, balanceAfter }, schemaVersion: 2 });

describe.each(adapters)('aggregate repository on $name stores', (adapter) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await adapter.open();
  });
  afterEach(() => stores.close());

  it('loads a missing stream as the initial state at version 0', async () => {
    const repository = createAggregateRepository(accountDefinition, stores);
    const id = randomUUID();
    expect(await repository.load(id)).toEqual({
      id,
      streamId: `banking/Account/${id}`,
      state: accountDefinition.initialState,
      version: 0,
      exists: false,
      snapshotVersion: 0,
    });
  });

  it('folds every stored event through evolve', async () => {
    const id = randomUUID();
    await stores.store.append(streamIdOf(accountDefinition, id), [opened(), deposited(100, 100), deposited(25, 125)]);
    const loaded = await createAggregateRepository(accountDefinition, stores).load(id);
    expect(loaded).toMatchObject({ version: 3, exists: true, state: { status: 'open', balance: 125, ownerId: owner, ownerName: 'Ada' } });
  });

  it('upcasts a stored v1 event before evolve and leaves the stored event as it was', async () => {
    const id = randomUUID();
    const streamId = streamIdOf(accountDefinition, id);
    await stores.store.append(streamId, [opened(), { type: 'MoneyDeposited', data: { amount: 30 }, schemaVersion: 1 }, deposited(5, 35)]);
    const seen: DomainEvent[] = [];
    const observed = { ...accountDefinition, evolve: (state: AccountState, event: AccountEvent) => (seen.push(event), accountDefinition.evolve(state, event)) };

    const loaded = await createAggregateRepository(observed, stores).load(id);

    expect(seen[1]).toEqual({ type: 'MoneyDeposited', data: { amount: 30, balanceAfter: 0 } });
    expect(loaded.state.balance).toBe(35);
    const stored = [];
    for await (const event of stores.store.readStream(streamId)) stored.push(event);
    expect(stored[1]).toMatchObject({ schemaVersion: 1, data: { amount: 30 } });
    expect(stored[1]?.data).not.toHaveProperty('balanceAfter');
  });

  it('raises UnknownEventError for a stored event type the definition does not declare', async () => {
    const id = randomUUID();
    await stores.store.append(streamIdOf(accountDefinition, id), [opened(), { type: 'InterestAccrued', data: {} }]);
    const failure = createAggregateRepository(accountDefinition, stores).load(id);
    await expect(failure).rejects.toBeInstanceOf(UnknownEventError);
    await expect(failure).rejects.toMatchObject({ code: 'EVENT_TYPE_UNKNOWN', eventType: 'InterestAccrued', version: 2 });
  });

  it('starts from a snapshot with the same state schema hash and reads only the later events', async () => {
    const id = randomUUID();
    const streamId = streamIdOf(accountDefinition, id);
    await stores.store.append(streamId, [opened(), ...Array.from({ length: 59 }, (_, index) => deposited(1, index + 1))]);
    // A snapshot at 50 whose balance (1000) differs from what folding would give (49): proves it was used.
    const state: AccountState = { ...accountDefinition.initialState, status: 'open', balance: 1000 };
    await stores.snapshots.save({ streamId, version: 50, stateSchemaHash: accountDefinition.stateSchemaHash, state, takenAt: '2024-01-01T00:00:00.000Z' });
    const store = countingStore(stores.store);

    const loaded = await createAggregateRepository(accountDefinition, { store, snapshots: stores.snapshots }).load(id);

    expect(loaded).toMatchObject({ version: 60, snapshotVersion: 50, state: { balance: 1010 } });
    expect(store.reads).toEqual([{ streamId, options: { fromVersion: 51 }, events: 10 }]);
  });

  it('starts from a snapshot on the store itself too (the in-memory store folds its events where they lie)', async () => {
    const id = randomUUID();
    const streamId = streamIdOf(accountDefinition, id);
    await stores.store.append(streamId, [opened(), ...Array.from({ length: 59 }, (_, index) => deposited(1, index + 1))]);
    const state: AccountState = { ...accountDefinition.initialState, status: 'open', balance: 1000 };
    await stores.snapshots.save({ streamId, version: 50, stateSchemaHash: accountDefinition.stateSchemaHash, state, takenAt: '2024-01-01T00:00:00.000Z' });

    const loaded = await createAggregateRepository(accountDefinition, stores).load(id);

    // 1000 + the 10 deposits after version 50: the snapshot was used and no earlier event folded again.
    expect(loaded).toMatchObject({ version: 60, snapshotVersion: 50, exists: true, state: { balance: 1010 } });
  });

  it('loads at once (loadNow) only where nothing is awaited: the in-memory store itself, and no snapshot store to ask', async () => {
    const id = randomUUID();
    await stores.store.append(streamIdOf(accountDefinition, id), [opened(), deposited(100, 100)]);
    const plain = createAggregateRepository(accountDefinition, { store: stores.store });
    const now = plain.loadNow(id);
    if (adapter.name === 'in-memory') expect(now).toEqual(await plain.load(id));
    else expect(now).toBeUndefined();
    expect(now === undefined || now.state.balance === 100).toBe(true);
    expect(createAggregateRepository(accountDefinition, stores).loadNow(id)).toBeUndefined();
    expect(createAggregateRepository(accountDefinition, { store: countingStore(stores.store) }).loadNow(id)).toBeUndefined();
  });

  it('raises StoreClosedError once the store is closed', async () => {
    const id = randomUUID();
    await stores.store.append(streamIdOf(accountDefinition, id), [opened()]);
    const repository = createAggregateRepository(accountDefinition, { store: stores.store });
    await stores.store.close();
    await expect(repository.load(id)).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('ignores a snapshot taken under another state schema hash and folds the whole stream', async () => {
    const id = randomUUID();
    const streamId = streamIdOf(accountDefinition, id);
    await stores.store.append(streamId, [opened(), deposited(7, 7)]);
    await stores.snapshots.save({ streamId, version: 1, stateSchemaHash: 'old-shape', state: { balance: 999 }, takenAt: '2024-01-01T00:00:00.000Z' });
    const store = countingStore(stores.store);

    const loaded = await createAggregateRepository(accountDefinition, { store, snapshots: stores.snapshots }).load(id);

    expect(loaded).toMatchObject({ version: 2, snapshotVersion: 0, state: { balance: 7, status: 'open' } });
    expect(store.eventsRead()).toBe(2);
  });

  it('does not consult snapshots for an aggregate without a snapshot policy', async () => {
    const id = randomUUID();
    const streamId = streamIdOf(accountDefinition, id);
    await stores.store.append(streamId, [opened()]);
    const snapshots = brokenSnapshotStore(stores.snapshots, { load: true });
    const reported: unknown[] = [];
    const repository = createAggregateRepository({ ...accountDefinition, snapshot: undefined }, { store: stores.store, snapshots, onError: (error) => reported.push(error) });
    expect((await repository.load(id)).version).toBe(1);
    expect(reported).toEqual([]);
  });

  it('folds the whole stream when the snapshot store cannot be read, and reports it', async () => {
    const id = randomUUID();
    const streamId = streamIdOf(accountDefinition, id);
    await stores.store.append(streamId, [opened(), deposited(3, 3)]);
    const reported: ReportedErrorContext[] = [];
    const snapshots = brokenSnapshotStore(stores.snapshots, { load: true });

    const loaded = await createAggregateRepository(accountDefinition, { store: stores.store, snapshots, onError: (_, context) => reported.push(context) }).load(id);

    expect(loaded).toMatchObject({ version: 2, state: { balance: 3 } });
    expect(reported).toEqual([{ phase: 'snapshot-load', aggregate: 'Account', streamId }]);
  });
});
