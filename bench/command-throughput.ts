// End-to-end command throughput on one core, in memory: the bank account reference definition
// (test/support/fixtures/bank-account.ts) behind its generated-style factory `createBanking`, with the
// in-memory event and snapshot stores and the real message bus (sequential, one subscriber).
// Each command: zod validation, load (snapshot + tail, upcast check, evolve), decide, event schema
// validation, append with the expected version, publish, snapshot every 50.
//
//   node --import ./test/support/ts-loader/register.mjs bench/command-throughput.ts [--seconds 3] [--rounds 3] [--accounts 1000] [--json]
//
// Commands run one after another (each awaited), round-robin over `accounts` accounts, so without a
// state cache every load folds a tail of 0..49 events (25 on average) after the latest snapshot.
// Target: >= 100,000 commands/s.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createInMemoryEventStore, createInMemorySnapshotStore, type EventPublisher } from '../runtime/index.js';
import { createMessageBus } from '../runtime/bus/message-bus.js';
import { createBanking, DepositSchema } from '../test/support/fixtures/bank-account.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    accounts: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const ACCOUNTS = Number(args.accounts);

interface Scenario {
  readonly name: string;
  readonly cacheSize: number;
  readonly bus: boolean;
}

const scenarios: readonly Scenario[] = [
  { name: 'default: load = snapshot + tail (0..49 events), message bus', cacheSize: 0, bus: true },
  { name: 'cacheSize 10,000: load = cached state + new events (none), message bus', cacheSize: 10_000, bus: true },
  { name: 'default, no bus', cacheSize: 0, bus: false },
];

function messageBus(): EventPublisher {
  const bus = createMessageBus();
  let seen = 0;
  bus.subscribe({ name: 'counter', on: '*', handle: () => void (seen += 1) });
  return bus;
}

/** Commands per second of wall time and per second of this process's CPU time (robust on a busy machine). */
async function measure(scenario: Scenario): Promise<{ readonly wall: number; readonly cpu: number }> {
  const banking = createBanking({
    store: createInMemoryEventStore(),
    snapshots: createInMemorySnapshotStore(),
    bus: scenario.bus ? messageBus() : undefined,
    cacheSize: scenario.cacheSize,
  });
  const ids = Array.from({ length: ACCOUNTS }, () => randomUUID());
  for (const accountId of ids) await banking.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
  let next = 0;
  const step = () => banking.execute('Deposit', { accountId: ids[next++ % ACCOUNTS] ?? '', amount: 10 });
  // Warm up (JIT, snapshot steady state), then measure.
  for (let i = 0; i < 20_000; i++) await step();
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let commands = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) await step();
    commands += 100;
  }
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: commands / ((performance.now() - started) / 1000), cpu: commands / ((cpu.user + cpu.system) / 1e6) };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Calibration: zod parses of the Deposit command per second, in the same run. The reference machine
 * does about 7 million (../shared/reference/performance-limits.md); fewer means a busy machine.
 */
function zodParsesPerSecond(): number {
  const command = { accountId: randomUUID(), amount: 10 };
  for (let i = 0; i < 100_000; i++) DepositSchema.parse(command);
  const started = performance.now();
  for (let i = 0; i < 1_000_000; i++) DepositSchema.parse(command);
  return 1_000_000 / ((performance.now() - started) / 1000);
}

const calibration = Math.round(zodParsesPerSecond());
const results = [];
for (const scenario of scenarios) {
  const rounds: { wall: number; cpu: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await measure(scenario));
  const wall = median(rounds.map((r) => r.wall));
  const cpu = median(rounds.map((r) => r.cpu));
  results.push({
    scenario: scenario.name,
    commandsPerSecond: Math.round(wall),
    commandsPerCpuSecond: Math.round(cpu),
    microsecondsPerCommand: Number((1e6 / wall).toFixed(2)),
    rounds: rounds.map((r) => ({ wall: Math.round(r.wall), cpu: Math.round(r.cpu) })),
  });
}

if (args.json) {
  console.log(JSON.stringify({ node: process.version, accounts: ACCOUNTS, seconds: SECONDS, zodParsesPerSecond: calibration, results }, null, 2));
} else {
  console.log(`node ${process.version}, ${ACCOUNTS} accounts, median of ${ROUNDS} rounds of ${SECONDS}s; commands per second of wall time / of process CPU time`);
  const format = (n: number) => n.toLocaleString('en-US').padStart(9);
  console.log(`calibration: ${calibration.toLocaleString('en-US')} zod parses of the Deposit command per second (about 7,000,000 on an idle machine)`);
  for (const result of results) {
    console.log(`${format(result.commandsPerSecond)} /s wall ${format(result.commandsPerCpuSecond)} /s cpu  ${result.scenario}`);
  }
}
