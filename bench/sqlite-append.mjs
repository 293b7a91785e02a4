#!/usr/bin/env node
// SQLite append throughput: SqliteEventStore against a raw better-sqlite3 insert loop in the same
// run, for 1-event and 100-event batches, in both durability modes. The ratio is the figure that
// matters (../shared/reference/performance-limits.md: stay within ~70% of raw in the same mode).
//
//   npm run build && node bench/sqlite-append.mjs [--seconds 2] [--rounds 3] [--json]
//
// Both sides write the same table shape (our migration's schema) into a fresh temp file per
// measurement, with the same pragmas (the backend's connection: WAL, busy_timeout, the given synchronous mode).
// Ours: `store.append(streamId, events, { expectedVersion })` over 1,000 streams, each event with
// small data and a correlation id; it builds envelopes (uuid, time, JSON), checks the expected
// version and inserts inside one IMMEDIATE transaction. Raw: one prepared INSERT per row of
// pre-serialized constant values, one transaction per batch, no version check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openSqliteBackend } from '../dist/runtime/store/sqlite/backend.js';
import { EVENT_MIGRATIONS } from '../dist/runtime/store/sqlite/events.js';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const STREAMS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'orchestrix-bench-sqlite-'));
let files = 0;
const freshFile = () => join(dir, `bench-${(files += 1)}.db`);

/**
 * Calls `step()` (which writes `batch` events) until `SECONDS` pass. Returns events per second of
 * wall-clock time (what a user sees) and per second of this process's CPU time (steadier when
 * other work shares the machine; it leaves out time spent waiting on fsync).
 */
async function measure(step, batch) {
  const deadline = performance.now() + SECONDS * 1000;
  let events = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() < deadline) {
    for (let i = 0; i < 20; i += 1) await step();
    events += 20 * batch;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: events / ((performance.now() - started) / 1000), cpu: events / ((cpu.user + cpu.system) / 1e6) };
}

async function ours(synchronous, batch) {
  const backend = await openSqliteBackend({ path: freshFile(), synchronous });
  const store = await backend.component('events');
  const versions = new Array(STREAMS).fill(0);
  let n = 0;
  const events = (stream) =>
    Array.from({ length: batch }, (_, i) => ({
      type: 'MoneyDeposited',
      data: { accountId: `account-${stream}`, amount: 100 + i, balanceAfter: 1000 + n },
      metadata: { correlationId: `cmd-${n}` },
    }));
  const rate = await measure(async () => {
    const stream = n++ % STREAMS;
    const result = await store.append(`account-${stream}`, events(stream), { expectedVersion: versions[stream] });
    versions[stream] = result.nextExpectedVersion;
  }, batch);
  await backend.close();
  return rate;
}

async function raw(synchronous, batch) {
  const db = new Database(freshFile());
  for (const pragma of ['journal_mode = WAL', `synchronous = ${synchronous}`, 'busy_timeout = 5000', 'foreign_keys = ON']) db.pragma(pragma);
  for (const migration of EVENT_MIGRATIONS) db.exec(migration.sql);
  const insert = db.prepare(
    'INSERT INTO orchestrix_events (stream_id, version, id, type, source, time, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const versions = new Array(STREAMS).fill(0);
  const data = JSON.stringify({ accountId: 'account-1', amount: 100, balanceAfter: 1000 });
  const metadata = JSON.stringify({ correlationId: 'cmd-1' });
  const time = new Date().toISOString();
  const id = '00000000-0000-4000-8000-000000000000';
  const writeBatch = db.transaction((stream) => {
    for (let i = 0; i < batch; i += 1) {
      versions[stream] += 1;
      insert.run(`account-${stream}`, versions[stream], id, 'MoneyDeposited', 'orchestrix', time, 1, data, metadata);
    }
  });
  let n = 0;
  const rate = await measure(async () => writeBatch.immediate(n++ % STREAMS), batch);
  db.close();
  return rate;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
try {
  for (const synchronous of ['NORMAL', 'FULL']) {
    for (const batch of [1, 100]) {
      const oursRuns = [];
      const rawRuns = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        rawRuns.push(await raw(synchronous, batch));
        oursRuns.push(await ours(synchronous, batch));
      }
      const row = {
        synchronous,
        batch,
        oursEventsPerSec: median(oursRuns.map((r) => r.wall)),
        rawEventsPerSec: median(rawRuns.map((r) => r.wall)),
        cpuRatio: median(oursRuns.map((r) => r.cpu)) / median(rawRuns.map((r) => r.cpu)),
      };
      row.ratio = row.oursEventsPerSec / row.rawEventsPerSec;
      results.push(row);
      if (!args.json) {
        const fmt = (x) => Math.round(x).toLocaleString('en-US');
        const pct = (x) => `${(x * 100).toFixed(0)}%`;
        console.error(
          `${synchronous.padEnd(6)} batch ${String(batch).padStart(3)}: ours ${fmt(row.oursEventsPerSec).padStart(9)} events/s (${fmt(row.oursEventsPerSec / batch)} appends/s), raw ${fmt(row.rawEventsPerSec).padStart(9)} events/s, ratio ${pct(row.ratio)} (CPU-time ratio ${pct(row.cpuRatio)})`,
        );
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (args.json) console.log(JSON.stringify({ node: process.version, seconds: SECONDS, rounds: ROUNDS, results }, null, 2));
