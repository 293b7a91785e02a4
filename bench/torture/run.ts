/**
 * The torture harness: racing processes, SIGKILLs in the middle of appends, snapshot writes and
 * subscription checkpoints, a forget racing writers, and two processes on one PGlite directory,
 * all on real stores (a SQLite file, the PostgreSQL server on loopback, PGlite directories) through
 * the runtime's public API. Each scenario prints runs, lost, duplicated, corrupted and unclear
 * errors; every figure must be zero except the at-least-once redeliveries a checkpointed
 * subscription documents (at most one batch per kill). Not part of `npm test`: it takes minutes.
 *
 *   npm run torture -- [--only race,kill-append,kill-snapshot,kill-subscription,forget,pglite]
 *                      [--targets sqlite,postgres] [--processes 16] [--commands 300] [--kills 20] [--json]
 *
 * PostgreSQL: ORCHESTRIX_PG_URL (default postgres://postgres@127.0.0.1:5432/test); each scenario
 * uses a schema of its own and drops it afterwards. Only loopback servers are accepted.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openBackend, type EventEnvelope } from 'orchestrix/runtime';
import { createBanking } from '../../examples/generated/banking/index.js';
import { dropSchemas, uniqueSchemaName, withServerClient } from '../../test/support/postgres.js';
import { settle, startWorker, type Child, type Line } from './children.js';

const LIMITS = { processes: [1, 64], commands: [1, 10_000], kills: [1, 200] } as const;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    targets: { type: 'string', default: 'sqlite,postgres' },
    processes: { type: 'string', default: '16' },
    commands: { type: 'string', default: '300' },
    kills: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});

function bounded(name: keyof typeof LIMITS, text: string): number {
  const value = Number(text);
  const [min, max] = LIMITS[name];
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max} (got ${text})`);
  return value;
}

const settings = {
  processes: bounded('processes', values.processes),
  commands: bounded('commands', values.commands),
  kills: bounded('kills', values.kills),
};
const SCENARIOS = ['race', 'kill-append', 'kill-snapshot', 'kill-subscription', 'forget', 'pglite'] as const;
type Scenario = (typeof SCENARIOS)[number];
const only = values.only === undefined ? SCENARIOS : values.only.split(',').map((name) => {
  if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`--only: unknown scenario '${name}' (one of ${SCENARIOS.join(', ')})`);
  return name as Scenario;
});
const targets = values.targets.split(',').map((name) => {
  if (name !== 'sqlite' && name !== 'postgres') throw new Error(`--targets: unknown target '${name}' (sqlite, postgres)`);
  return name;
});

const serverUrl = process.env['ORCHESTRIX_PG_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
if (targets.includes('postgres') && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname)) {
  throw new Error(`the torture harness runs against a loopback server only (ORCHESTRIX_PG_URL names ${new URL(serverUrl).hostname})`);
}
const root = mkdtempSync(join(tmpdir(), 'orchestrix-torture-'));

/** One row of the report. */
interface Result {
  readonly scenario: Scenario;
  readonly target: string;
  runs: number;
  lost: number;
  duplicated: number;
  corrupted: number;
  unclear: number;
  /** Other figures of the scenario (conflicts surfaced, redeliveries...). */
  readonly notes: Record<string, number | string>;
  readonly unclearSamples: string[];
}

function result(scenario: Scenario, target: string): Result {
  return { scenario, target, runs: 0, lost: 0, duplicated: 0, corrupted: 0, unclear: 0, notes: {}, unclearSamples: [] };
}

function unclear(into: Result, what: string): void {
  into.unclear += 1;
  if (into.unclearSamples.length < 5) into.unclearSamples.push(what.slice(0, 300));
}

/** A worker's line for an operation that failed (`ok: false`), as an unclear error. */
function reportFailure(into: Result, line: Line): void {
  unclear(into, `${String(line['name'])}: ${String(line['message'])}`);
}

/** A store of its own for one scenario: a SQLite file, or a new schema on the server. */
interface Target {
  readonly name: string;
  readonly store: string;
  /** Every row of every table as text, for the scan for plaintext. */
  rawText(): Promise<string>;
  drop(): Promise<void>;
}

let targetCount = 0;
function newTarget(kind: 'sqlite' | 'postgres', label: string): Target {
  targetCount += 1;
  if (kind === 'sqlite') {
    const dir = join(root, `${label}-${targetCount}`);
    const file = join(dir, 'store.db');
    return {
      name: 'SQLite file',
      store: `sqlite:${file}`,
      rawText: async () => {
        // The database file with its WAL and shared memory: what an attacker with the disk reads.
        const files = existsSync(dir) ? readdirSync(dir) : [];
        return files.map((name) => readFileSync(join(dir, name)).toString('latin1')).join('\n');
      },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = uniqueSchemaName(`torture_${label}`);
  const url = new URL(serverUrl);
  url.searchParams.set('schema', schema);
  return {
    name: 'PostgreSQL server',
    store: url.toString(),
    rawText: () =>
      withServerClient(serverUrl, async (client) => {
        const tables = await client.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1', [schema]);
        const texts: string[] = [];
        for (const { table_name: table } of tables.rows) {
          const rows = await client.query<{ row: string }>(`select t::text as row from "${schema}"."${table}" t`);
          for (const row of rows.rows) texts.push(row.row);
        }
        return texts.join('\n');
      }),
    drop: () => dropSchemas(serverUrl, [schema]),
  };
}

async function readAllEvents(store: string): Promise<EventEnvelope[]> {
  const backend = await openBackend(store);
  try {
    const events = await backend.component('events');
    const all: EventEnvelope[] = [];
    for await (const event of events.readAll()) all.push(event);
    return all;
  } finally {
    await backend.close();
  }
}

/** Positions unique and increasing, versions contiguous from 1 in every stream. */
function checkLog(events: readonly EventEnvelope[], into: Result): void {
  const versions = new Map<string, number>();
  let last = 0;
  for (const event of events) {
    if (event.position <= last) {
      into.corrupted += 1;
      unclear(into, `position ${event.position} after ${last}`);
    }
    last = event.position;
    const expected = (versions.get(event.streamId) ?? 0) + 1;
    if (event.version !== expected) {
      into.corrupted += 1;
      unclear(into, `stream ${event.streamId}: version ${event.version} where ${expected} was next`);
    }
    versions.set(event.streamId, event.version);
  }
}

const randomBetween = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ok = (line: Line): boolean => line['ok'] === true;

// ---------------------------------------------------------------- race

/** P processes x C deposits on four hot accounts: every acknowledged deposit exactly once, balances add up. */
async function raceScenario(kind: 'sqlite' | 'postgres'): Promise<Result> {
  const target = newTarget(kind, 'race');
  const report = result('race', target.name);
  try {
    const accounts = Array.from({ length: 4 }, () => randomUUID());
    const opener = createBanking({ store: target.store });
    for (const accountId of accounts) {
      await opener.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Racer', address: { street: 'Main 1', city: 'Ghent', postcode: '9000' } });
    }
    await opener.close();
    const started = Date.now();
    const children = Array.from({ length: settings.processes }, () => startWorker('race', [target.store, accounts.join(','), String(settings.commands)]));
    await Promise.all(children.map((child) => settle(child, 600_000)));
    report.notes['seconds'] = Math.round((Date.now() - started) / 100) / 10;
    report.runs = 1;

    const acknowledged = new Set<string>();
    let conflicts = 0;
    let answered = 0;
    for (const child of children) {
      for (const line of child.lines) {
        if (line['done'] === true) continue;
        answered += 1;
        if (ok(line)) acknowledged.add(String(line['commandId']));
        else if (line['code'] === 'CONCURRENCY_CONFLICT' || line['name'] === 'ConcurrencyError') conflicts += 1;
        else reportFailure(report, line);
      }
      if (!child.lines.some((line) => line['done'] === true)) unclear(report, `process ${child.pid} did not finish: ${(await child.exited).stderr.slice(-500)}`);
    }
    const events = await readAllEvents(target.store);
    checkLog(events, report);
    const seen = new Map<string, number>();
    const balances = new Map<string, number>();
    for (const event of events) {
      if (event.type !== 'MoneyDeposited') continue;
      const commandId = event.metadata.commandId ?? '';
      seen.set(commandId, (seen.get(commandId) ?? 0) + 1);
      const data = event.data as { amount: number; balanceAfter: number };
      const before = balances.get(event.streamId) ?? 0;
      if (data.balanceAfter !== before + data.amount) report.corrupted += 1;
      balances.set(event.streamId, data.balanceAfter);
      if (!acknowledged.has(commandId)) {
        // Written although its caller was told it failed.
        report.corrupted += 1;
        unclear(report, `deposit ${commandId} is stored but its command failed`);
      }
    }
    for (const commandId of acknowledged) if (!seen.has(commandId)) report.lost += 1;
    for (const count of seen.values()) if (count > 1) report.duplicated += count - 1;
    report.notes['commands'] = answered;
    report.notes['conflicts surfaced'] = conflicts;
    report.notes['conflicts surfaced %'] = answered === 0 ? 0 : Math.round((conflicts / answered) * 10_000) / 100;
  } finally {
    await target.drop();
  }
  return report;
}

// ---------------------------------------------------------------- kill loops

/**
 * Starts a worker `--kills` times on one store, SIGKILLs it a random while (in `delayMs`) after it
 * is ready, and returns every line it acknowledged (`ok: true`) before it died; each failure it
 * reported, and each run that never got ready, is an unclear error.
 */
async function killRepeatedly(report: Result, start: (run: number) => Child, ready: (line: Line) => boolean, delayMs: readonly [number, number]): Promise<Line[]> {
  const acknowledged: Line[] = [];
  for (let run = 0; run < settings.kills; run += 1) {
    const child = start(run);
    try {
      await child.waitFor(ready, 120_000);
      await sleep(randomBetween(...delayMs));
    } catch (error) {
      unclear(report, `run ${run}: ${(error as Error).message}`);
    }
    child.kill('SIGKILL');
    await child.exited;
    report.runs += 1;
    for (const line of child.lines) {
      if (ok(line)) acknowledged.push(line);
      else if (line['ok'] === false) reportFailure(report, line);
    }
  }
  return acknowledged;
}

// ---------------------------------------------------------------- kill during appends

/** A process appending batches of 1-50 events, SIGKILLed at random K times: acknowledged batches whole, no partial batch. */
async function killAppendScenario(kind: 'sqlite' | 'postgres'): Promise<Result> {
  const target = newTarget(kind, 'append');
  const report = result('kill-append', target.name);
  try {
    const lines = await killRepeatedly(report, () => startWorker('append', [target.store, '8']), (line) => line['open'] === true, [20, 400]);
    const acknowledged = new Map(lines.map((line) => [String(line['batch']), Number(line['size'])]));
    const events = await readAllEvents(target.store);
    checkLog(events, report);
    const batches = new Map<string, { items: Set<number>; count: number; size: number }>();
    for (const event of events) {
      const data = event.data as { batch: string; item: number; size: number };
      const batch = batches.get(data.batch) ?? { items: new Set<number>(), count: 0, size: data.size };
      batch.items.add(data.item);
      batch.count += 1;
      batches.set(data.batch, batch);
    }
    for (const [id, size] of acknowledged) {
      const batch = batches.get(id);
      if (batch === undefined) report.lost += size;
      else if (batch.items.size < size) report.lost += size - batch.items.size;
    }
    for (const batch of batches.values()) {
      if (batch.count > batch.items.size) report.duplicated += batch.count - batch.items.size;
      if (batch.items.size !== batch.size) report.corrupted += 1; // a partial batch: appends are atomic
    }
    report.notes['batches acknowledged'] = acknowledged.size;
    report.notes['events stored'] = events.length;
  } finally {
    await target.drop();
  }
  return report;
}

// ---------------------------------------------------------------- kill during snapshot writes

/** Deposits on one account (a snapshot every 50 events), SIGKILLed at random: the loaded state equals the fold of its events. */
async function killSnapshotScenario(kind: 'sqlite' | 'postgres'): Promise<Result> {
  const target = newTarget(kind, 'snapshot');
  const report = result('kill-snapshot', target.name);
  try {
    const accountId = randomUUID();
    const opener = createBanking({ store: target.store });
    await opener.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Snap', address: { street: 'Main 1', city: 'Ghent', postcode: '9000' } });
    await opener.close();
    const lines = await killRepeatedly(report, (run) => startWorker('commands', [target.store, accountId, String(run * 100_000)]), ok, [50, 600]);
    const acknowledged = new Set(lines.map((line) => String(line['commandId'])));
    const events = await readAllEvents(target.store);
    checkLog(events, report);
    const deposits = events.filter((event) => event.type === 'MoneyDeposited');
    const stored = new Set(deposits.map((event) => event.metadata.commandId ?? ''));
    for (const commandId of acknowledged) if (!stored.has(commandId)) report.lost += 1;
    report.duplicated += deposits.length - stored.size;
    const sum = deposits.reduce((total, event) => total + (event.data as { amount: number }).amount, 0);
    const banking = createBanking({ store: target.store });
    try {
      const loaded = await banking.load('Account', accountId);
      if (loaded.state.balance !== sum || loaded.version !== deposits.length + 1) {
        report.corrupted += 1;
        unclear(report, `loaded balance ${loaded.state.balance} at version ${loaded.version}; the events say ${sum} at ${deposits.length + 1}`);
      }
      report.notes['events'] = deposits.length + 1;
      report.notes['snapshot at'] = loaded.snapshotVersion;
    } finally {
      await banking.close();
    }
  } finally {
    await target.drop();
  }
  return report;
}

// ---------------------------------------------------------------- kill during subscription checkpoints

/** A checkpointed subscription SIGKILLed and restarted until it reaches the head: every event handled, redeliveries within one batch per kill. */
async function killSubscriptionScenario(kind: 'sqlite' | 'postgres'): Promise<Result> {
  const target = newTarget(kind, 'subscription');
  const report = result('kill-subscription', target.name);
  const batchSize = 50;
  try {
    const backend = await openBackend(target.store);
    const events = await backend.component('events');
    // Enough events that a kill lands in the middle of the catch-up, not after it.
    for (let batch = 0; batch < 300; batch += 1) {
      await events.append(`torture-${batch % 8}`, Array.from({ length: 100 }, (_, item) => ({ type: 'TortureAppended', data: { batch, item } })));
    }
    const head = await events.headPosition();
    await backend.close();
    const file = join(root, `positions-${targetCount}.txt`);
    let kills = 0;
    for (let run = 0; run < settings.kills * 3; run += 1) {
      const child = startWorker('subscribe', [target.store, file, String(batchSize), String(head)]);
      report.runs += 1;
      let finished = false;
      try {
        await child.waitFor((line) => line['started'] === true, 120_000);
        if (kills < settings.kills) {
          await sleep(randomBetween(5, 250));
          child.kill('SIGKILL');
        }
        const exit = await settle(child, 300_000);
        finished = child.lines.some((line) => line['done'] === true);
        if (!finished && exit.signal === 'SIGKILL') kills += 1;
        else if (!finished) unclear(report, `subscription exited ${String(exit.code)}: ${exit.stderr.slice(-500)}`);
      } catch (error) {
        child.kill('SIGKILL');
        unclear(report, `run ${run}: ${(error as Error).message}`);
      }
      if (finished) break;
    }
    const handled = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map(Number) : [];
    const counts = new Map<number, number>();
    for (const position of handled) counts.set(position, (counts.get(position) ?? 0) + 1);
    const all = await readAllEvents(target.store);
    for (const event of all) if (!counts.has(event.position)) report.lost += 1;
    const redeliveries = handled.length - counts.size;
    // At least once: a kill between handling and the checkpoint write repeats at most that batch.
    const allowed = kills * batchSize;
    if (redeliveries > allowed) report.duplicated += redeliveries - allowed;
    report.notes['kills'] = kills;
    report.notes['events'] = all.length;
    report.notes['redeliveries (at least once)'] = redeliveries;
    report.notes['allowed (one batch per kill)'] = allowed;
  } finally {
    await target.drop();
  }
  return report;
}

// ---------------------------------------------------------------- forget racing writers

/** Four processes open accounts of one data subject while this one forgets the subject: no plaintext at rest, nothing written before the forget readable after it. */
async function forgetScenario(kind: 'sqlite' | 'postgres'): Promise<Result> {
  const target = newTarget(kind, 'forget');
  const report = result('forget', target.name);
  const keys = newTarget(kind, 'keys');
  try {
    const subject = randomUUID();
    const writers = Array.from({ length: 4 }, () => startWorker('open-accounts', [target.store, keys.store, subject, String(Math.min(settings.commands, 200))]));
    // Forget once every writer has written something, while they go on writing.
    await Promise.all(writers.map((writer) => writer.waitFor(ok, 120_000)));
    const banking = createBanking({ store: target.store, keys: keys.store });
    const forgetStarted = Date.now();
    await banking.forget(subject);
    const forgetEnded = Date.now();
    await Promise.all(writers.map((writer) => settle(writer, 600_000)));
    report.runs = 1;
    let before = 0;
    let survived = 0;
    for (const writer of writers) {
      for (const line of writer.lines) {
        if (line['done'] === true) continue;
        if (!ok(line)) {
          reportFailure(report, line);
          continue;
        }
        if (Number(line['at']) >= forgetStarted) continue;
        before += 1;
        const loaded = await banking.load('Account', String(line['accountId']));
        if (!loaded.exists) report.lost += 1;
        if (loaded.state.ownerName === line['marker']) survived += 1;
      }
    }
    await banking.close();
    // The stores from the side: no marker may be there in the clear, before or after the forget.
    const raw = (await target.rawText()) + (await keys.rawText());
    const leaked = raw.match(/PLAINTEXT\d+X\d+Y/gu)?.length ?? 0;
    report.corrupted += leaked + survived;
    report.notes['accounts written before the forget'] = before;
    report.notes['readable after the forget'] = survived;
    report.notes['plaintext found at rest'] = leaked;
    report.notes['forget ms'] = forgetEnded - forgetStarted;
  } finally {
    await target.drop();
    await keys.drop();
  }
  return report;
}

// ---------------------------------------------------------------- two processes on one PGlite directory

/** A holder appends to a PGlite directory; a second process must be refused with STORE_IN_USE; after the holder's SIGKILL the next one opens and sees every acknowledged event. */
async function pgliteScenario(): Promise<Result> {
  const report = result('pglite', 'PGlite directory');
  const dir = join(root, 'pglite');
  const acknowledged: string[] = [];
  for (let run = 0; run < Math.min(settings.kills, 10); run += 1) {
    report.runs += 1;
    const holder: Child = startWorker('pglite-hold', [dir, '20']);
    try {
      await holder.waitFor((line) => line['holding'] === true, 180_000);
      if (holder.lines.some((line) => line['ok'] === false)) unclear(report, `holder: ${JSON.stringify(holder.lines.find((line) => line['ok'] === false))}`);
      const second = startWorker('pglite-open', [dir]);
      let holderGone = false;
      void holder.exited.then(() => (holderGone = true));
      const answer = await second.waitFor((line) => typeof line['open'] === 'boolean', 180_000);
      if (holderGone) {
        unclear(report, 'the holder exited before the second process tried: the run checks nothing');
      } else if (answer['open'] === true) {
        report.corrupted += 1;
        unclear(report, 'a second process opened a directory in use');
      } else if (answer['code'] !== 'STORE_IN_USE') {
        unclear(report, `second process: ${String(answer['name'])}: ${String(answer['message'])}`);
      }
      await settle(second, 60_000);
    } catch (error) {
      unclear(report, `run ${run}: ${(error as Error).message}`);
    }
    holder.kill('SIGKILL');
    await holder.exited;
    for (const line of holder.lines) if (ok(line)) acknowledged.push(String(line['id']));
    const after = startWorker('pglite-open', [dir]);
    try {
      const answer = await after.waitFor((line) => typeof line['open'] === 'boolean', 180_000);
      if (answer['open'] !== true) unclear(report, `after the holder died: ${String(answer['name'])}: ${String(answer['message'])}`);
      else {
        const ids = new Set(answer['ids'] as string[]);
        const positions = answer['positions'] as number[];
        report.lost = acknowledged.filter((id) => !ids.has(id)).length;
        report.duplicated = (answer['ids'] as string[]).length - ids.size;
        report.corrupted += positions.length - new Set(positions).size;
      }
    } catch (error) {
      unclear(report, `run ${run}: ${(error as Error).message}`);
    }
    await settle(after, 60_000);
  }
  report.notes['events acknowledged'] = acknowledged.length;
  return report;
}

// ---------------------------------------------------------------- main

const runners: Record<Scenario, (kind: 'sqlite' | 'postgres') => Promise<Result>> = {
  race: raceScenario,
  'kill-append': killAppendScenario,
  'kill-snapshot': killSnapshotScenario,
  'kill-subscription': killSubscriptionScenario,
  forget: forgetScenario,
  pglite: () => pgliteScenario(),
};

const results: Result[] = [];
const started = Date.now();
console.error(`torture: ${settings.processes} processes x ${settings.commands} commands, ${settings.kills} kills; load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
try {
  for (const scenario of only) {
    for (const kind of scenario === 'pglite' ? (['sqlite'] as const) : targets) {
      const began = Date.now();
      let report: Result;
      try {
        report = await runners[scenario](kind);
      } catch (error) {
        report = result(scenario, kind);
        unclear(report, `the scenario failed: ${(error as Error).stack ?? String(error)}`);
      }
      results.push(report);
      console.error(`${scenario} on ${report.target}: ${((Date.now() - began) / 1000).toFixed(1)} s, load ${loadavg()[0]?.toFixed(1)}`);
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

if (values.json) {
  console.log(JSON.stringify({ settings, seconds: (Date.now() - started) / 1000, results }, null, 2));
} else {
  console.log('| scenario | target | runs | lost | duplicated | corrupted | unclear errors | notes |');
  console.log('|---|---|---:|---:|---:|---:|---:|---|');
  for (const row of results) {
    const notes = Object.entries(row.notes).map(([name, value]) => `${name}: ${value}`).join('; ');
    console.log(`| ${row.scenario} | ${row.target} | ${row.runs} | ${row.lost} | ${row.duplicated} | ${row.corrupted} | ${row.unclear} | ${notes} |`);
  }
  for (const row of results) for (const sample of row.unclearSamples) console.log(`  ${row.scenario}/${row.target}: ${sample}`);
}
const failed = results.some((row) => row.lost + row.duplicated + row.corrupted + row.unclear > 0);
process.exitCode = failed ? 1 : 0;
