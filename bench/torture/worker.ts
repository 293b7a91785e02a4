/**
 * One process of the torture harness (bench/torture/run.ts starts it). Each mode works on a real
 * store through the runtime's public API and prints what it has acknowledged as JSON lines, so the
 * parent can check, after SIGKILLs and races, that nothing acknowledged was lost or doubled.
 *
 *   race <store> <accountIds,...> <commands>        deposits of 1 on hot accounts, one line per answer
 *   append <store> <streams>                        batches of 1-50 events until killed, a line per acknowledged batch
 *   commands <store> <accountId> <from>             deposits (snapshots every 50) until killed, a line per acknowledged one
 *   subscribe <store> <file> <batchSize> <head>     a checkpointed subscription writing each position to <file> until <head>
 *   open-accounts <store> <keys> <subject> <count>  opens accounts whose owner is <subject>, a line per acknowledged one
 *   pglite-hold <dir> <events>                      opens a PGlite directory, appends, then waits to be killed
 *   pglite-open <dir>                               tries to open a PGlite directory and says what happened
 */
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { openBackend, startSubscription, type NewEvent } from 'orchestrix/runtime';
import { createBanking } from '../../examples/generated/banking/index.js';

const [mode, ...args] = process.argv.slice(2);

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, code: typeof code === 'string' ? code : undefined, message: error.message.slice(0, 300) };
}

function arg(index: number): string {
  const value = args[index];
  if (value === undefined) throw new Error(`torture worker ${String(mode)}: argument ${index + 1} missing`);
  return value;
}

async function race(): Promise<void> {
  const banking = createBanking({ store: arg(0) });
  const accounts = arg(1).split(',');
  const commands = Number(arg(2));
  for (let index = 0; index < commands; index += 1) {
    const accountId = accounts[index % accounts.length] ?? '';
    const commandId = `${process.pid}-${index}`;
    try {
      await banking.execute('Deposit', { accountId, amount: 1 }, { commandId });
      say({ ok: true, commandId, accountId });
    } catch (error) {
      say({ ok: false, commandId, accountId, ...describeError(error) });
    }
  }
  await banking.close();
  say({ done: true });
}

async function appendBatches(): Promise<void> {
  const backend = await openBackend(arg(0));
  const events = await backend.component('events');
  const streams = Number(arg(1));
  say({ open: true });
  for (let index = 0; ; index += 1) {
    const batch = `${process.pid}-${index}`;
    const size = 1 + Math.floor(Math.random() * 50);
    const stream = `torture-${Math.floor(Math.random() * streams)}`;
    const batchEvents: NewEvent[] = Array.from({ length: size }, (_, item) => ({ type: 'TortureAppended', data: { batch, item, size } }));
    try {
      await events.append(stream, batchEvents, { expectedVersion: 'any' });
      say({ ok: true, batch, size, stream });
    } catch (error) {
      say({ ok: false, batch, ...describeError(error) });
    }
  }
}

async function commandLoop(): Promise<void> {
  const banking = createBanking({ store: arg(0) });
  const accountId = arg(1);
  for (let index = Number(arg(2)); ; index += 1) {
    const commandId = `${process.pid}-${index}`;
    try {
      await banking.execute('Deposit', { accountId, amount: 1 + (index % 97) }, { commandId });
      say({ ok: true, commandId });
    } catch (error) {
      say({ ok: false, commandId, ...describeError(error) });
    }
  }
}

async function subscribe(): Promise<void> {
  const backend = await openBackend(arg(0));
  const file = arg(1);
  const head = Number(arg(3));
  const subscription = startSubscription({
    name: 'torture',
    store: await backend.component('events'),
    checkpoints: await backend.component('checkpoints'),
    batchSize: Number(arg(2)),
    handle: (event) => appendFileSync(file, `${event.position}\n`),
  });
  say({ started: true });
  await subscription.waitFor(head);
  await subscription.stop();
  await backend.close();
  say({ done: true });
}

async function openAccounts(): Promise<void> {
  const banking = createBanking({ store: arg(0), keys: arg(1) });
  const subject = arg(2);
  const count = Number(arg(3));
  for (let index = 0; index < count; index += 1) {
    const accountId = randomUUID();
    const marker = `PLAINTEXT${process.pid}X${index}Y`;
    try {
      await banking.execute('OpenAccount', { accountId, ownerId: subject, ownerName: marker, address: { street: `${marker}street`, city: 'Ghent', postcode: `${marker}pc` } });
      say({ ok: true, accountId, marker, at: Date.now() });
    } catch (error) {
      say({ ok: false, accountId, ...describeError(error) });
    }
  }
  await banking.close();
  say({ done: true });
}

async function pgliteHold(): Promise<void> {
  const backend = await openBackend(`pglite:${arg(0)}`);
  const events = await backend.component('events');
  say({ open: true });
  for (let index = 0; index < Number(arg(1)); index += 1) {
    const id = randomUUID();
    await events.append('torture-pglite', [{ id, type: 'TortureAppended', data: { index } }], { expectedVersion: 'any' });
    say({ ok: true, id });
  }
  say({ holding: true });
  // Hold the directory until killed: a pending promise alone would let the process exit.
  setInterval(() => undefined, 60_000);
}

async function pgliteOpen(): Promise<void> {
  try {
    const backend = await openBackend(`pglite:${arg(0)}`);
    const events = await backend.component('events');
    const ids: string[] = [];
    for await (const event of events.readStream('torture-pglite')) ids.push(event.id);
    const positions: number[] = [];
    for await (const event of events.readAll()) positions.push(event.position);
    await backend.close();
    say({ open: true, ids, positions });
  } catch (error) {
    say({ open: false, ...describeError(error) });
  }
}

const modes: Record<string, () => Promise<void>> = {
  race,
  append: appendBatches,
  commands: commandLoop,
  subscribe,
  'open-accounts': openAccounts,
  'pglite-hold': pgliteHold,
  'pglite-open': pgliteOpen,
};
const run = mode === undefined ? undefined : modes[mode];
if (run === undefined) throw new Error(`torture worker: unknown mode ${String(mode)} (one of ${Object.keys(modes).join(', ')})`);
await run();
