import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadModelStore } from 'orchestrix/runtime';
import { createBankingWithReadSide, bankingAutomations, type AccountSummaryRow, type BankingWithReadSide } from '../support/fixtures/bank-read-side.js';
import { dropSchemas, postgresServerUrl, uniqueSchemaName } from '../support/postgres.js';
import { connectionStringOf, openTestBackend } from './fixtures/stores.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-read-side-processes-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  if (postgresServerUrl !== undefined) await dropSchemas(postgresServerUrl, schemas);
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function child(target: string, mode: 'catch-up' | 'run', batchSize: number, leaseTtlMs: number, automations = false): { process: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const args = ['--import', './test/support/ts-loader/register.mjs', 'test/readmodel/fixtures/read-side-process.ts', target, mode, String(batchSize), String(leaseTtlMs)];
  if (automations) args.push('--automations');
  const spawned = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  spawned.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  spawned.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => spawned.on('exit', (code) => resolve(code)));
  return { process: spawned, exited, output: () => output };
}

async function allRows(domain: BankingWithReadSide): Promise<AccountSummaryRow[]> {
  const rows: AccountSummaryRow[] = [];
  let after: string | undefined;
  do {
    const page = await domain.readModels.AccountSummary.find({ limit: 1000, ...(after === undefined ? {} : { after }) });
    rows.push(...page.rows);
    after = page.next;
  } while (after !== undefined);
  return rows;
}

async function readModelPosition(store: ReadModelStore): Promise<number> {
  return (await store.versions('banking', 'AccountSummary'))[0]?.position ?? 0;
}

const targets: { readonly name: string; readonly target: () => string }[] = [{ name: 'SQLite', target: () => `sqlite:${join(mkdtempSync(join(root, 'db-')), 'app.db')}` }];
if (postgresServerUrl !== undefined) {
  const url = postgresServerUrl;
  targets.push({
    name: 'PostgreSQL server',
    target: () => {
      const schema = uniqueSchemaName('rmp');
      schemas.push(schema);
      return `postgres:${url}#${schema}`;
    },
  });
}

for (const { name, target: newTarget } of targets) {
  describe(`read models across processes on ${name}`, () => {
    it(
      'a catch-up killed (SIGKILL) again and again never applies an event twice: the rows equal a fresh rebuild',
      async () => {
        const target = newTarget();
        const domain = createBankingWithReadSide({ store: connectionStringOf(target) }, {});
        const backend = await openTestBackend(target);
        const readModels = await backend.component('readModels');
        try {
          const accounts: string[] = [];
          for (let i = 0; i < 12; i++) {
            const accountId = randomUUID();
            accounts.push(accountId);
            await domain.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: `Owner ${i}` });
          }
          for (let round = 0; round < 10; round++) for (const accountId of accounts) await domain.execute('Deposit', { accountId, amount: 1 + (round % 3) });
          const head = accounts.length * 11;

          let kills = 0;
          let killedAt = 0;
          for (let attempt = 0; attempt < 6 && kills < 2; attempt++) {
            const run = child(target, 'catch-up', 2, 10_000);
            let killed = false;
            while (!killed) {
              const settled = await Promise.race([run.exited.then(() => true), sleep(5).then(() => false)]);
              if (settled) break;
              const position = await readModelPosition(readModels).catch(() => 0);
              if (position > killedAt && position < head * 0.9) {
                run.process.kill('SIGKILL');
                killed = true;
                killedAt = position;
                kills += 1;
              }
            }
            await run.exited;
          }
          expect(kills).toBeGreaterThanOrEqual(1);
          const finish = child(target, 'catch-up', 2, 10_000);
          expect(await finish.exited, finish.output()).toBe(0);

          const projected = await allRows(domain);
          expect(projected).toHaveLength(accounts.length);
          for (const row of projected) expect(row.deposits).toBe(10);
          await domain.rebuild('AccountSummary');
          expect(await allRows(domain)).toEqual(projected);
        } finally {
          await domain.close();
          await backend.close();
        }
      },
      180_000,
    );

    it(
      'a process killed between a reaction\'s append and the automation\'s checkpoint repeats nothing when restarted',
      async () => {
        const target = newTarget();
        const domain = createBankingWithReadSide({ store: connectionStringOf(target) }, { WelcomeBonus: bankingAutomations.WelcomeBonus });
        try {
          await domain.catchUp();
          const accounts: string[] = [];
          for (let i = 0; i < 3; i++) {
            const accountId = randomUUID();
            accounts.push(accountId);
            await domain.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: `Owner ${i}` });
          }
          const dying = spawn(process.execPath, ['--import', './test/support/ts-loader/register.mjs', 'test/readmodel/fixtures/react-and-die.ts', target], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          dying.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
          dying.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
          const signal = await new Promise<NodeJS.Signals | null>((resolve) => dying.on('exit', (_code, killedBy) => resolve(killedBy)));
          expect(signal, output).toBe('SIGKILL');
          // The first bonus was appended, its checkpoint was not: the restart delivers that event again.
          const first = accounts[0] ?? '';
          expect((await domain.load('Account', first)).version).toBe(2);
          await domain.catchUp();
          for (const accountId of accounts) {
            const loaded = await domain.load('Account', accountId);
            expect(loaded.version, accountId).toBe(2);
            expect(loaded.state.balance, accountId).toBe(10);
          }
          const status = (await domain.status()).processors.find((p) => p.kind === 'automation');
          expect(status?.counters).toMatchObject({ duplicates: 1, executed: 2 });
        } finally {
          await domain.close();
        }
      },
      120_000,
    );

    it(
      'three processes share the work; one killed mid-run: every event is applied once and every reaction takes effect once',
      async () => {
        const target = newTarget();
        // The parent declares the automation first, so it reacts from the start of the log.
        const domain = createBankingWithReadSide({ store: connectionStringOf(target) }, { WelcomeBonus: bankingAutomations.WelcomeBonus });
        await domain.catchUp();
        const children = [0, 1, 2].map(() => child(target, 'run', 10, 1_000, true));
        try {
          for (const spawned of children) {
            for (let i = 0; i < 2400 && !spawned.output().includes('started'); i++) await sleep(25);
            expect(spawned.output()).toContain('started');
          }
          const accounts: string[] = [];
          for (let i = 0; i < 20; i++) {
            const accountId = randomUUID();
            accounts.push(accountId);
            await domain.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: `Owner ${i}` });
          }
          let victim: (typeof children)[number] | undefined;
          for (let round = 0; round < 6; round++) {
            for (const accountId of accounts) await domain.execute('Deposit', { accountId, amount: 1 });
            if (round === 2) {
              victim = children[0];
              victim?.process.kill('SIGKILL');
            }
          }
          await victim?.exited;
          // The survivors finish the work (the parent catches up too: it follows their leases or takes one over).
          await domain.catchUp({ timeoutMs: 90_000 });
          for (const accountId of accounts) {
            const loaded = await domain.load('Account', accountId);
            expect(loaded.state.balance, accountId).toBe(10 + 6);
            expect(loaded.version, accountId).toBe(1 + 1 + 6);
          }
          const projected = await allRows(domain);
          expect(projected).toHaveLength(accounts.length);
          for (const row of projected) expect(row).toMatchObject({ balance: 16, deposits: 7 });
          await domain.rebuild('AccountSummary');
          expect(await allRows(domain)).toEqual(projected);
        } finally {
          for (const spawned of children) spawned.process.kill('SIGKILL');
          await Promise.all(children.map((spawned) => spawned.exited));
          await domain.close();
        }
      },
      180_000,
    );
  });
}
