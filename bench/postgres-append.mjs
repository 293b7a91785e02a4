#!/usr/bin/env node
// PostgreSQL event store throughput: appends per second on the real server for 1-event and 100-event
// batches with 1 and 16 concurrent writers, the same on embedded PGlite, and global-log read
// throughput. Published reference (../shared/reference/performance-limits.md): Marten appends a
// 100-event batch in ~3.6 ms on local PostgreSQL (~28,000 events/s).
//
//   npm run build && node bench/postgres-append.mjs [--seconds 3] [--rounds 1] [--json]
//   server: ORCHESTRIX_PG_URL (default postgres://postgres@127.0.0.1:5432/test); --no-server skips it
//
// Ours: `store.append(streamId, events, { expectedVersion })`, each writer on its own 100 streams
// (no conflicts), each event with small data and a correlation id: one statement per batch (the
// append_batches function: advisory-lock position allocator, version check, insert, NOTIFY); appends
// that arrive while statements are in flight go out together (group commit in the process).
// Raw (server only): the physical limit for the same rows: one multi-row INSERT ... SELECT unnest(...)
// per batch into an equivalent table with a bigserial position and the unique (stream_id, version)
// key, no version check, no allocator lock. What a gap-prone store would do; the difference under 16
// writers is the price of the serialized allocator.
// Each measurement writes into a fresh schema, dropped afterwards; ours and raw alternate round by round.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPg } from '../dist/runtime/store/postgres/connect.js';
import { PGlite } from '@electric-sql/pglite';
import { openPostgresBackend } from '../dist/runtime/store/postgres/index.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    'no-server': { type: 'boolean', default: false },
    'read-events': { type: 'string', default: '100000' },
  },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const READ_EVENTS = Number(args['read-events']);
const STREAMS_PER_WRITER = 100;
const url = process.env.ORCHESTRIX_PG_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const pg = loadPg();
let schemas = 0;
const freshSchema = () => `bench_${process.pid}_${(schemas += 1)}`;

function batchOf(size, writer, n) {
  return Array.from({ length: size }, (_, i) => ({
    type: 'MoneyDeposited',
    data: { accountId: `account-${writer}-${n % STREAMS_PER_WRITER}`, amount: 100 + i, balanceAfter: 1000 + n },
    metadata: { correlationId: `cmd-${writer}-${n}` },
  }));
}

/** Runs `writers` loops of `step(writer, n)` (each writing `batch` events) for SECONDS. */
async function measure(writers, batch, step) {
  const deadline = performance.now() + SECONDS * 1000;
  const latencies = [];
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        const t = performance.now();
        await step(writer, n);
        latencies.push(performance.now() - t);
        events += batch;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: events / seconds,
    appendsPerSecond: latencies.length / seconds,
    medianMs: latencies[Math.floor(latencies.length / 2)] ?? 0,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

async function ours(target, writers, batch) {
  const backend = await openPostgresBackend({ ...target, schema: target.schema ?? freshSchema() });
  const store = await backend.component('events');
  const versions = new Map();
  try {
    return await measure(writers, batch, async (writer, n) => {
      const streamId = `account-${writer}-${n % STREAMS_PER_WRITER}`;
      const result = await store.append(streamId, batchOf(batch, writer, n), { expectedVersion: versions.get(streamId) ?? 'no_stream' });
      versions.set(streamId, result.nextExpectedVersion);
    });
  } finally {
    await backend.close();
  }
}

async function raw(writers, batch) {
  const schema = freshSchema();
  const pool = new pg.Pool({ connectionString: url, max: writers });
  try {
    await pool.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.events (
      position bigserial PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL, id text NOT NULL, type text NOT NULL,
      source text NOT NULL, "time" text NOT NULL, schema_version integer NOT NULL, data json NOT NULL, metadata json NOT NULL,
      idempotency_key text, UNIQUE (stream_id, version))`);
    const versions = new Map();
    const text = `INSERT INTO ${schema}.events (stream_id, version, id, type, source, "time", schema_version, data, metadata)
      SELECT $1, $2 + b.ord, b.id, 'MoneyDeposited', 'orchestrix', $3, 1, b.data::json, b.metadata::json
      FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS b(id, data, metadata, ord)`;
    return await measure(writers, batch, async (writer, n) => {
      const streamId = `account-${writer}-${n % STREAMS_PER_WRITER}`;
      const version = versions.get(streamId) ?? 0;
      const events = batchOf(batch, writer, n);
      await pool.query(text, [
        streamId,
        version,
        new Date().toISOString(),
        events.map(() => crypto.randomUUID()),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => JSON.stringify(event.metadata)),
      ]);
      versions.set(streamId, version + batch);
    });
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  }
}

/** Writes READ_EVENTS events in 100-event batches, then reads the whole global log once. */
async function readThroughput(target) {
  const backend = await openPostgresBackend({ ...target, schema: target.schema ?? freshSchema() });
  const store = await backend.component('events');
  try {
    for (let n = 0; n * 100 < READ_EVENTS; n += 1) await store.append(`account-${n % 1000}`, batchOf(100, 0, n));
    const started = performance.now();
    let events = 0;
    for await (const event of store.readAll()) events += event.position > 0 ? 1 : 0;
    return { events, eventsPerSecond: events / ((performance.now() - started) / 1000) };
  } finally {
    await backend.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medianOf = (results) => ({
  eventsPerSecond: median(results.map((r) => r.eventsPerSecond)),
  appendsPerSecond: median(results.map((r) => r.appendsPerSecond)),
  medianMs: median(results.map((r) => r.medianMs)),
  p99Ms: median(results.map((r) => r.p99Ms)),
});
/** ROUNDS rounds of every runner, alternating (so drift in the machine's load hits all alike); the median per runner. */
async function rounds(...runners) {
  const results = runners.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, run] of runners.entries()) results[index].push(await run());
  }
  return results.map(medianOf);
}

const rows = [];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => n.toFixed(2);
function report(row) {
  rows.push(row);
  if (!args.json) {
    const r = row.result;
    console.log(`${row.backend.padEnd(18)} ${row.kind.padEnd(5)} writers ${String(row.writers).padStart(2)} batch ${String(row.batch).padStart(3)}: ` +
      `${fmt(r.eventsPerSecond).padStart(8)} events/s ${fmt(r.appendsPerSecond).padStart(7)} appends/s  median ${ms(r.medianMs)} ms  p99 ${ms(r.p99Ms)} ms`);
  }
}

async function withSchemaDropped(run) {
  const schema = freshSchema();
  try {
    return await run(schema);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

if (!args['no-server']) {
  const server = (schema) => ({ connectionString: url, poolSize: 16, schema });
  const version = await (async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const settings = await client.query("SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc, current_setting('fsync') AS f");
    await client.end();
    return settings.rows[0];
  })();
  if (!args.json) console.log(`PostgreSQL ${version.v} (synchronous_commit=${version.sc}, fsync=${version.f})`);
  for (const writers of [1, 16]) {
    for (const batch of [1, 100]) {
      const [mine, baseline] = await rounds(
        () => withSchemaDropped((schema) => ours(server(schema), writers, batch)),
        () => raw(writers, batch),
      );
      report({ backend: 'PostgreSQL server', kind: 'ours', writers, batch, result: mine });
      report({ backend: 'PostgreSQL server', kind: 'raw', writers, batch, result: baseline });
    }
  }
  const read = await withSchemaDropped((schema) => readThroughput(server(schema)));
  rows.push({ backend: 'PostgreSQL server', kind: 'readAll', result: read });
  if (!args.json) console.log(`PostgreSQL server  readAll of ${fmt(read.events)} events: ${fmt(read.eventsPerSecond)} events/s`);
}

for (const [backend, dataDir] of [['PGlite memory', 'memory://'], ['PGlite directory', join(mkdtempSync(join(tmpdir(), 'orchestrix-bench-pglite-')), 'db')]]) {
  const pglite = await PGlite.create(dataDir);
  try {
    for (const writers of [1, 16]) {
      for (const batch of [1, 100]) {
        const [mine] = await rounds(() => ours({ pglite, schema: freshSchema() }, writers, batch));
        report({ backend, kind: 'ours', writers, batch, result: mine });
      }
    }
    const read = await readThroughput({ pglite });
    rows.push({ backend, kind: 'readAll', result: read });
    if (!args.json) console.log(`${backend.padEnd(18)} readAll of ${fmt(read.events)} events: ${fmt(read.eventsPerSecond)} events/s`);
  } finally {
    await pglite.close();
    if (dataDir !== 'memory://') rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }
}

if (args.json) console.log(JSON.stringify(rows, null, 2));
