// Rehydration of one 10,000-event bank account stream (test/support/fixtures/bank-account.ts), with and
// without a snapshot, on the in-memory and SQLite (file, WAL) stores: `repository.load(id)` as command
// execution does it (snapshot lookup, readStream from the snapshot's version, upcast check, evolve).
//
//   node --import ./test/support/ts-loader/register.mjs bench/rehydrate.ts [--loads 20] [--rounds 3] [--json]
//
// "Snapshot at 10,000" is what the fixture's `every: 50` policy leaves on a 10,000-event stream (no
// tail); "snapshot at 9,950" is the policy's worst case (a 50-event tail). Target: >= 20x faster with one.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createAggregateRepository,
  createInMemoryEventStore,
  createInMemorySnapshotStore,
  openSqliteBackend,
  streamIdOf,
  type EventStore,
  type NewEvent,
  type SnapshotStore,
} from '../runtime/index.js';
import { accountDefinition } from '../test/support/fixtures/bank-account.js';

const { values: args } = parseArgs({
  options: { loads: { type: 'string', default: '20' }, rounds: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } },
});
const LOADS = Number(args.loads);
const ROUNDS = Number(args.rounds);
const EVENTS = 10_000;

interface Adapter {
  readonly name: string;
  open(): Promise<{ readonly store: EventStore; readonly snapshots: SnapshotStore; close(): Promise<void> }>;
}

const dir = mkdtempSync(join(tmpdir(), 'orchestrix-bench-rehydrate-'));
const adapters: readonly Adapter[] = [
  {
    name: 'in-memory',
    open: async () => {
      const store = createInMemoryEventStore();
      const snapshots = createInMemorySnapshotStore();
      return { store, snapshots, close: async () => void (await Promise.all([store.close(), snapshots.close()])) };
    },
  },
  {
    name: 'SQLite file',
    open: async () => {
      const backend = await openSqliteBackend({ path: join(dir, `${randomUUID()}.db`) });
      return { store: await backend.component('events'), snapshots: await backend.component('snapshots'), close: () => backend.close() };
    },
  },
];

/** AccountOpened, then MoneyDeposited (v2) events: versions `from`..`to` of the stream, appended in batches of 1,000. */
async function writeEvents(store: EventStore, streamId: string, from: number, to: number): Promise<void> {
  const events: NewEvent[] = [];
  for (let version = from; version <= to; version++) {
    events.push(
      version === 1
        ? { type: 'AccountOpened', data: { ownerId: randomUUID(), ownerName: 'Ada' }, schemaVersion: 1 }
        : { type: 'MoneyDeposited', data: { amount: 1, balanceAfter: version - 1 }, schemaVersion: 2, metadata: { correlationId: randomUUID(), causationId: randomUUID() } },
    );
  }
  for (let start = 0; start < events.length; start += 1000) await store.append(streamId, events.slice(start, start + 1000));
}

/** Median milliseconds of one load. */
async function timeLoads(load: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await load();
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const started = performance.now();
    await load();
    times.push(performance.now() - started);
  }
  return median(times);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function measure(adapter: Adapter): Promise<{ readonly none: number; readonly at10000: number; readonly at9950: number }> {
  const { store, snapshots, close } = await adapter.open();
  const id = randomUUID();
  const streamId = streamIdOf(accountDefinition, id);
  const withoutSnapshots = createAggregateRepository(accountDefinition, { store });
  const withSnapshots = createAggregateRepository(accountDefinition, { store, snapshots });
  await writeEvents(store, streamId, 1, 9_950);
  const at9950 = await withoutSnapshots.load(id);
  await writeEvents(store, streamId, 9_951, EVENTS);
  const full = await withoutSnapshots.load(id);
  if (full.version !== EVENTS || full.state.balance !== EVENTS - 1) throw new Error(`unexpected fold: ${JSON.stringify(full)}`);

  const none = await timeLoads(() => withoutSnapshots.load(id));

  await snapshots.save({ streamId, version: at9950.version, stateSchemaHash: accountDefinition.stateSchemaHash, state: at9950.state, takenAt: new Date().toISOString() });
  const tail50 = await timeLoads(() => withSnapshots.load(id));

  await snapshots.save({ streamId, version: EVENTS, stateSchemaHash: accountDefinition.stateSchemaHash, state: full.state, takenAt: new Date().toISOString() });
  const tail0 = await timeLoads(() => withSnapshots.load(id));
  const check = await withSnapshots.load(id);
  if (check.snapshotVersion !== EVENTS || check.state.balance !== full.state.balance) throw new Error('snapshot not used');
  await close();
  return { none, at10000: tail0, at9950: tail50 };
}

const results = [];
for (const adapter of adapters) {
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await measure(adapter));
  const none = median(rounds.map((r) => r.none));
  const at10000 = median(rounds.map((r) => r.at10000));
  const at9950 = median(rounds.map((r) => r.at9950));
  results.push({
    adapter: adapter.name,
    withoutSnapshotMs: Number(none.toFixed(3)),
    snapshotAt10000Ms: Number(at10000.toFixed(3)),
    snapshotAt9950Ms: Number(at9950.toFixed(3)),
    speedupTail0: Number((none / at10000).toFixed(1)),
    speedupTail50: Number((none / at9950).toFixed(1)),
  });
}
rmSync(dir, { recursive: true, force: true });

if (args.json) {
  console.log(JSON.stringify({ node: process.version, events: EVENTS, loads: LOADS, rounds: ROUNDS, results }, null, 2));
} else {
  console.log(`node ${process.version}, ${EVENTS.toLocaleString('en-US')}-event stream, median load time of ${LOADS} loads, median of ${ROUNDS} rounds`);
  for (const r of results) {
    console.log(
      `${r.adapter.padEnd(12)} no snapshot ${r.withoutSnapshotMs.toFixed(2).padStart(8)} ms | snapshot at 10,000: ${r.snapshotAt10000Ms.toFixed(3)} ms (${r.speedupTail0}x) | snapshot at 9,950 (50-event tail): ${r.snapshotAt9950Ms.toFixed(3)} ms (${r.speedupTail50}x)`,
    );
  }
}
