// Inline projection (processing.inline): a read model's rows change in the transaction of the
// append that stores the events, so a query right after execute sees them without catchUp.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, openMemoryBackend, openSqliteBackend, type Backend, type DomainOptions } from 'orchestrix/runtime';
import { createBanking } from '../../examples/generated/banking/index.js';
import { createEcommerce, type Ecommerce } from '../../examples/generated/ecommerce/index.js';
import { postgresTestTargets } from '../support/postgres.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-inline-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const newFile = (): string => join(root, `app-${(files += 1)}.db`);

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
async function sqlite(path: string): Promise<Backend> {
  const backend = await openSqliteBackend({ path });
  closers.push(() => backend.close());
  return backend;
}
function shop(options: DomainOptions): Ecommerce {
  const domain = createEcommerce(options);
  closers.push(() => domain.close());
  return domain;
}
const inlineStock: DomainOptions['processing'] = { inline: ['StockLevel', 'OrderSummary'] };
const line = (sku: string, quantity: number) => ({ sku, quantity, unitPrice: 100 });

interface Target {
  readonly name: string;
  /** A backend over fresh storage. */
  fresh(): Promise<Backend>;
  /** Another backend (another connection, as another process has) over the storage of the last fresh(). */
  again(): Promise<Backend>;
}
const targets: Target[] = [];
{
  let file = '';
  targets.push({
    name: 'SQLite',
    fresh: () => sqlite((file = newFile())),
    again: () => sqlite(file),
  });
}
for (const target of postgresTestTargets()) {
  afterAll(() => target.cleanup());
  targets.push({ name: target.name, fresh: () => target.fresh(), again: () => target.again() });
}

for (const target of targets) describe(`inline projection on ${target.name}`, () => {
  it('a query right after execute sees the command, without catchUp; what automations do shows after catchUp', async () => {
    const domain = shop({ store: await target.fresh(), processing: inlineStock });
    const sku = `nails-${randomUUID()}`;
    await domain.execute('RegisterItem', { sku, initialStock: 10 });
    expect(await domain.readModels.StockLevel.get(sku)).toEqual({ sku, onHand: 10, reserved: 0, available: 10 });
    await domain.execute('Restock', { sku, quantity: 5 });
    expect(await domain.readModels.StockLevel.get(sku)).toMatchObject({ onHand: 15, available: 15 });

    const orderId = randomUUID();
    await domain.execute('PlaceOrder', { orderId, customerId: randomUUID(), lines: [line(sku, 4)], total: 400 });
    expect(await domain.readModels.OrderSummary.get(orderId)).toMatchObject({ status: 'placed', total: 400 });
    // CustomerOrders is not inline: it waits for catchUp, like the reservation the automation makes.
    expect(await domain.readModels.CustomerOrders.count()).toBe(0);
    expect(await domain.readModels.StockLevel.get(sku)).toMatchObject({ reserved: 0 });
    await domain.catchUp();
    expect(await domain.readModels.StockLevel.get(sku)).toMatchObject({ reserved: 4, available: 11 });
    expect(await domain.readModels.CustomerOrders.count()).toBe(1);
  });

  it('never applies an event twice: the rows equal a rebuild from the log, and the processor finds nothing left to do', async () => {
    const domain = shop({ store: await target.fresh(), processing: inlineStock });
    const skus = [0, 1, 2].map((i) => `sku-${i}-${randomUUID()}`);
    for (const sku of skus) await domain.execute('RegisterItem', { sku, initialStock: 3 });
    for (let round = 0; round < 4; round++) for (const sku of skus) await domain.execute('Restock', { sku, quantity: round + 1 });
    await domain.catchUp();
    const inline = (await domain.readModels.StockLevel.find({ orderBy: 'available', limit: 100 })).rows;
    expect(inline.map((row) => row.onHand)).toEqual([13, 13, 13]);
    const stock = (await domain.status()).processors.find((p) => p.name === 'ecommerce.readModel.StockLevel');
    expect(stock?.counters['rowsChanged']).toBe(0);
    await domain.rebuild('StockLevel');
    expect((await domain.readModels.StockLevel.find({ orderBy: 'available', limit: 100 })).rows).toEqual(inline);
  });

  it('when another process appended first, the append leaves the read model to catchUp, which applies everything once; later appends are inline again', async () => {
    const inlineDomain = shop({ store: await target.fresh(), processing: inlineStock });
    const other = shop({ store: await target.again() });
    const [mine, theirs, later] = ['mine', 'theirs', 'later'].map((name) => `${name}-${randomUUID()}`) as [string, string, string];
    await inlineDomain.execute('RegisterItem', { sku: mine, initialStock: 1 });
    await other.execute('RegisterItem', { sku: theirs, initialStock: 2 });
    await inlineDomain.execute('Restock', { sku: mine, quantity: 1 });
    // The table had not seen the other process's event: this append did not project.
    expect(await inlineDomain.readModels.StockLevel.get(mine)).toMatchObject({ onHand: 1 });
    expect(await inlineDomain.readModels.StockLevel.get(theirs)).toBeUndefined();
    await inlineDomain.catchUp();
    expect(await inlineDomain.readModels.StockLevel.get(mine)).toMatchObject({ onHand: 2 });
    expect(await inlineDomain.readModels.StockLevel.get(theirs)).toMatchObject({ onHand: 2 });
    await inlineDomain.execute('RegisterItem', { sku: later, initialStock: 7 });
    expect(await inlineDomain.readModels.StockLevel.get(later)).toMatchObject({ onHand: 7 });
  });

  it('works under the GDPR layer: a read model without personal data in a domain with encrypted events', async () => {
    const backend = await target.fresh();
    const bank = createBanking({ store: backend, keys: backend, processing: { inline: ['DepositsByChannel'] } });
    closers.push(() => bank.close());
    const accountId = randomUUID();
    await bank.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada', address: { street: '1 Road', city: 'Town', postcode: 'T1' } });
    await bank.execute('Deposit', { accountId, amount: 25, channel: 'counter' });
    expect(await bank.readModels.DepositsByChannel.get('counter')).toEqual({ channel: 'counter', deposits: 1, amount: 25, largest: 25 });
  });

  it('a failure inside the append transaction rolls the append back and surfaces as it was thrown', async () => {
    const events = await (await target.fresh()).component('events');
    const failure = new Error('projection failed');
    await expect(
      events.append('s/A/1', [{ type: 'Happened', data: { n: 1 } }], {
        within: () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
    expect(await events.streamVersion('s/A/1')).toBe(0);
    expect(await events.headPosition()).toBe(0);
    const seen: number[] = [];
    await events.append('s/A/1', [{ type: 'Happened', data: { n: 2 } }, { type: 'Happened', data: { n: 3 } }], { within: (stored) => void seen.push(...stored.map((e) => e.position)) });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe((seen[0] ?? 0) + 1);
  });
});

it('on SQLite, work within an append must be synchronous: a promise is refused and nothing is appended', async () => {
  const events = await (await sqlite(newFile())).component('events');
  await expect(events.append('s/A/1', [{ type: 'Happened', data: {} }], { within: async () => undefined })).rejects.toThrow(ConfigurationError);
  expect(await events.streamVersion('s/A/1')).toBe(0);
});

describe('inline projection is refused where it cannot hold', () => {
  it('refuses a read model with encrypted personal data, an unknown name and a repeated one', () => {
    expect(() => createBanking({ store: 'memory:', keys: 'memory:', processing: { inline: ['AccountSummary'] } })).toThrow(/holds personal data/);
    // Without keys nothing is encrypted: such a read model may be inline.
    expect(() => createBanking({ store: 'memory:', processing: { inline: ['AccountSummary'] } })).not.toThrow();
    expect(() => createBanking({ store: 'memory:', processing: { inline: ['DepositsByChannel'] } })).not.toThrow();
    expect(() => createEcommerce({ store: 'memory:', processing: { inline: ['Stock'] } })).toThrow(ConfigurationError);
    expect(() => createEcommerce({ store: 'memory:', processing: { inline: ['StockLevel', 'StockLevel'] } })).toThrow(ConfigurationError);
  });

  const elsewhere: { name: string; open: () => Promise<DomainOptions> }[] = [
    { name: 'in memory', open: async () => ({ store: await openMemoryBackend() }) },
    { name: 'in another SQLite file than the events', open: async () => ({ store: await sqlite(newFile()), readModels: await sqlite(newFile()) }) },
  ];
  for (const { name, open } of elsewhere) {
    it(`${name}: the command fails with a ConfigurationError and nothing is appended`, async () => {
      const domain = shop({ ...(await open()), processing: inlineStock });
      const sku = `bolts-${randomUUID()}`;
      await expect(domain.execute('RegisterItem', { sku, initialStock: 1 })).rejects.toThrow(ConfigurationError);
      expect((await domain.load('InventoryItem', sku)).exists).toBe(false);
    });
  }
});
