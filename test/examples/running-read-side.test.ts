// The example domains' read models and automations, run through their GENERATED factories on every
// backend that holds them all (memory, a SQLite file, PGlite, and the PostgreSQL server when
// ORCHESTRIX_PG_URL is set): commands executed, catchUp, typed queries, delayed commands on an
// injected clock, forget, and a restart in the middle (a new domain over the same storage).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openMemoryBackend, openSqliteBackend, type Backend, type DomainOptions } from 'orchestrix/runtime';
import { createBanking } from '../../examples/generated/banking/index.js';
import { createEcommerce, type Ecommerce } from '../../examples/generated/ecommerce/index.js';
import { createLakehouse } from '../../examples/generated/lakehouse/index.js';
import { createNotifications } from '../../examples/generated/notifications/index.js';
import { postgresTestTargets } from '../support/postgres.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-running-read-side-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Target {
  readonly name: string;
  /** A backend over fresh storage, or (`restart`) a new one over the storage of the last. */
  open(restart?: boolean): Promise<Backend>;
  cleanup(): Promise<void>;
}

const targets: Target[] = [];
{
  let memory: Backend | undefined;
  targets.push({
    name: 'memory',
    // A restart keeps the process memory: the same backend, a new domain over it.
    open: async (restart) => (restart === true && memory !== undefined ? memory : (memory = await openMemoryBackend())),
    cleanup: async () => undefined,
  });
}
{
  let file = '';
  const opened: Backend[] = [];
  targets.push({
    name: 'SQLite file',
    async open(restart) {
      if (restart !== true || file === '') file = join(mkdtempSync(join(root, 'sqlite-')), 'app.db');
      const backend = await openSqliteBackend({ path: file });
      opened.push(backend);
      return backend;
    },
    async cleanup() {
      for (const backend of opened.splice(0)) await backend.close();
    },
  });
}
for (const target of postgresTestTargets()) {
  targets.push({ name: target.name, open: (restart) => (restart === true ? target.again() : target.fresh()), cleanup: () => target.cleanup() });
}
afterAll(async () => {
  for (const target of targets) await target.cleanup();
});

/** A clock the test moves. */
function manualClock(start = '2031-03-04T09:00:00.000Z'): { now: () => Date; advance: (ms: number) => void } {
  let at = Date.parse(start);
  return { now: () => new Date(at), advance: (ms) => void (at += ms) };
}

const MINUTE = 60_000;
const fastProcessing: DomainOptions['processing'] = { retry: { maxAttempts: 2, baseDelayMs: 1 }, pollIntervalMs: 20 };

for (const target of targets) {
  describe(`example domains' read side on ${target.name}`, () => {
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
    });
    /** Every component in one backend, keys included; the domain closed after the test. */
    const optionsOn = (backend: Backend, clock: () => Date): DomainOptions => ({ store: backend, keys: backend, clock, processing: fastProcessing });
    const track = <D extends { close(): Promise<void> }>(domain: D): D => {
      closers.push(() => domain.close());
      return domain;
    };

    describe('ecommerce', () => {
      const stock = async (shop: Ecommerce, sku: string) => shop.readModels.StockLevel.get(sku);
      const line = (sku: string, quantity: number, unitPrice = 250) => ({ sku, quantity, unitPrice });

      it('reserves stock per line (skipping what is out of stock), releases it when an unpaid order expires, and leaves a paid one alone', async () => {
        const clock = manualClock();
        const shop = track(createEcommerce(optionsOn(await target.open(), clock.now)));
        const [apples, pears] = [`apples-${randomUUID()}`, `pears-${randomUUID()}`];
        await shop.execute('RegisterItem', { sku: apples, initialStock: 5 });
        await shop.execute('RegisterItem', { sku: pears, initialStock: 1 });
        const customerId = randomUUID();
        const unpaid = randomUUID();
        const paid = randomUUID();
        await shop.execute('PlaceOrder', { orderId: unpaid, customerId, lines: [line(apples, 2), line(pears, 3)], total: 1250 });
        await shop.execute('PlaceOrder', { orderId: paid, customerId, lines: [line(apples, 1, 300)], total: 300 });
        await shop.catchUp();

        // Apples reserved for both orders; pears ran out for the first (OutOfStock is ignored).
        expect(await stock(shop, apples)).toEqual({ sku: apples, onHand: 5, reserved: 3, available: 2 });
        expect(await stock(shop, pears)).toEqual({ sku: pears, onHand: 1, reserved: 0, available: 1 });
        expect((await shop.load('InventoryItem', apples)).state.reservedFor).toEqual([unpaid, paid]);
        expect(await shop.readModels.CustomerOrders.get(customerId)).toMatchObject({ orders: 2, spent: 1550, itemsOrdered: 6 });
        expect((await shop.readModels.OrderSummary.find({ where: { customerId }, orderBy: 'placedAt' })).rows.map((o) => o.status)).toEqual(['placed', 'placed']);

        await shop.execute('MarkPaid', { orderId: paid, amount: 300 });
        clock.advance(29 * MINUTE);
        await shop.catchUp();
        expect((await shop.readModels.OrderSummary.get(unpaid))?.status).toBe('placed');
        expect((await shop.status()).scheduled).toBe(2);

        clock.advance(2 * MINUTE);
        await shop.catchUp();
        // The unpaid order expired and gave its apples back (pears were never reserved: NotReserved is ignored);
        // the paid one refused to expire (NoLongerUnpaid is ignored).
        expect(await shop.readModels.OrderSummary.get(unpaid)).toMatchObject({ status: 'cancelled', cancelReason: 'unpaid' });
        expect(await shop.readModels.OrderSummary.get(paid)).toMatchObject({ status: 'paid' });
        expect(await stock(shop, apples)).toEqual({ sku: apples, onHand: 5, reserved: 1, available: 4 });
        expect(await stock(shop, pears)).toEqual({ sku: pears, onHand: 1, reserved: 0, available: 1 });
        expect(await shop.readModels.OrderSummary.count({ status: 'cancelled' })).toBe(1);

        const status = await shop.status();
        const counters = Object.fromEntries(status.processors.map((p) => [p.name, p.counters]));
        expect(counters['ecommerce.automation.ReserveStockForOrder']).toMatchObject({ executed: 2, ignored: 1, failed: 0 });
        expect(counters['ecommerce.automation.CancelUnpaidOrder']).toMatchObject({ scheduled: 2, executed: 1, ignored: 1, failed: 0 });
        expect(counters['ecommerce.automation.ReleaseStockOfCancelledOrder']).toMatchObject({ executed: 1, ignored: 1, failed: 0 });
        expect(status.scheduled).toBe(0);
        expect(status.processors.every((p) => p.state !== 'failed')).toBe(true);
        expect(await (await shop.deadLetters()).list()).toEqual([]);
      });

      it('a restart in the middle (orders placed, nothing processed, delays pending) repeats nothing and loses nothing', async () => {
        const clock = manualClock();
        const first = createEcommerce(optionsOn(await target.open(), clock.now));
        const sku = `bolts-${randomUUID()}`;
        await first.execute('RegisterItem', { sku, initialStock: 10 });
        const orders = [randomUUID(), randomUUID(), randomUUID()];
        const customerId = randomUUID();
        await first.execute('PlaceOrder', { orderId: orders[0]!, customerId, lines: [line(sku, 2)], total: 500 });
        await first.catchUp();
        // The first order is reserved and its expiry scheduled; two more are placed; then the process goes.
        for (const orderId of orders.slice(1)) await first.execute('PlaceOrder', { orderId, customerId, lines: [line(sku, 3)], total: 750 });
        await first.close();

        const second = track(createEcommerce(optionsOn(await target.open(true), clock.now)));
        await second.catchUp();
        expect(await stock(second, sku)).toEqual({ sku, onHand: 10, reserved: 8, available: 2 });
        // A third process start: everything is caught up, nothing runs twice.
        clock.advance(31 * MINUTE);
        await second.catchUp();
        expect(await stock(second, sku)).toEqual({ sku, onHand: 10, reserved: 0, available: 10 });
        const third = track(createEcommerce(optionsOn(await target.open(true), clock.now)));
        await third.catchUp();
        const item = await third.load('InventoryItem', sku);
        expect(item.state).toMatchObject({ reserved: 0, reservedFor: [] });
        // Registered, three reservations, three releases: each exactly once.
        expect(item.version).toBe(7);
        for (const orderId of orders) {
          const order = await third.load('Order', orderId);
          expect(order.state.status).toBe('cancelled');
          expect(order.version).toBe(2);
        }
        expect(await third.readModels.CustomerOrders.get(customerId)).toMatchObject({ orders: 3, itemsOrdered: 8, spent: 2000 });
      });
    });

    it('banking: account summaries by status and balance, deposits by channel, an owner forgotten reads as erased', async () => {
      const clock = manualClock();
      const bank = track(createBanking(optionsOn(await target.open(), clock.now)));
      const address = { street: '1 Main Street', city: 'Springfield', postcode: 'SP1 1AA' };
      const ada = { accountId: randomUUID(), ownerId: randomUUID() };
      const bob = { accountId: randomUUID(), ownerId: randomUUID() };
      await bank.execute('OpenAccount', { ...ada, ownerName: 'Ada Lovelace', address, currency: 'GBP' });
      await bank.execute('OpenAccount', { ...bob, ownerName: 'Bob Hope', address });
      await bank.execute('Deposit', { accountId: ada.accountId, amount: 700, channel: 'counter' });
      await bank.execute('Deposit', { accountId: ada.accountId, amount: 50 });
      await bank.execute('Deposit', { accountId: bob.accountId, amount: 300 });
      await bank.execute('TagAccount', { accountId: bob.accountId, tag: 'student' });
      await bank.execute('Withdraw', { accountId: bob.accountId, amount: 300 });
      await bank.execute('Close', { accountId: bob.accountId });
      await bank.catchUp();

      expect(await bank.readModels.AccountSummary.get(ada.accountId)).toMatchObject({ ownerName: 'Ada Lovelace', currency: 'GBP', balance: 750, deposits: 2, status: 'open' });
      expect(await bank.readModels.AccountSummary.get(bob.accountId)).toMatchObject({ status: 'closed', balance: 0, tags: ['student'] });
      const open = await bank.readModels.AccountSummary.find({ where: { status: 'open' }, orderBy: 'balance', direction: 'desc' });
      expect(open.rows.map((a) => a.accountId)).toEqual([ada.accountId]);
      expect(await bank.readModels.DepositsByChannel.get('counter')).toEqual({ channel: 'counter', deposits: 1, amount: 700, largest: 700 });
      expect(await bank.readModels.DepositsByChannel.get('online')).toEqual({ channel: 'online', deposits: 2, amount: 350, largest: 300 });

      await bank.forget(ada.ownerId);
      const forgotten = await bank.readModels.AccountSummary.get(ada.accountId);
      expect(forgotten).toMatchObject({ accountId: ada.accountId, balance: 750, status: 'open' });
      expect(forgotten?.ownerName).not.toBe('Ada Lovelace');
      expect(await bank.readModels.AccountSummary.get(bob.accountId)).toMatchObject({ ownerName: 'Bob Hope' });
      // A rebuild after the forget reads the erased events: the name stays gone.
      await bank.rebuild('AccountSummary');
      expect((await bank.readModels.AccountSummary.get(ada.accountId))?.ownerName).toBe(forgotten?.ownerName);
    });

    it('notifications: a new subscriber is welcomed once, across a restart; their email is erased from both read models by forget', async () => {
      const clock = manualClock();
      const personId = randomUUID();
      const subscriptionId = randomUUID();
      const first = createNotifications(optionsOn(await target.open(), clock.now));
      await first.execute('Subscribe', { subscriptionId, personId, email: 'grace@example.org', topics: ['releases'] });
      await first.close();

      const app = track(createNotifications(optionsOn(await target.open(true), clock.now)));
      await app.catchUp();
      await app.catchUp();
      expect(await app.readModels.Subscribers.get(subscriptionId)).toMatchObject({ personId, email: 'grace@example.org', active: true, topics: ['releases'] });
      // The welcome notification takes the subscription's id: one per subscription.
      const welcome = await app.load('Notification', subscriptionId);
      expect(welcome.version).toBe(1);
      expect(welcome.state).toMatchObject({ recipientId: personId, channel: 'email', address: 'grace@example.org', status: 'queued' });
      expect(await app.readModels.DeliveryLog.find({ where: { recipientId: personId } })).toMatchObject({ rows: [{ notificationId: subscriptionId, status: 'queued', channel: 'email' }] });

      await app.execute('RecordSent', { notificationId: subscriptionId });
      await app.execute('Unsubscribe', { subscriptionId });
      await app.forget(personId);
      await app.catchUp();
      expect(await app.readModels.DeliveryLog.get(subscriptionId)).toMatchObject({ status: 'sent', attempts: 1 });
      const subscriber = await app.readModels.Subscribers.get(subscriptionId);
      expect(subscriber).toMatchObject({ personId, active: false });
      expect(subscriber?.email).not.toBe('grace@example.org');
      expect((await app.load('Notification', subscriptionId)).state.address).not.toBe('grace@example.org');
    });

    it('lakehouse: the dataset catalogue by personal data and size, its steward erased by forget, erasure requests counted', async () => {
      const clock = manualClock();
      const lake = track(createLakehouse(optionsOn(await target.open(), clock.now)));
      const sales = randomUUID();
      const logs = randomUUID();
      const stewardId = randomUUID();
      await lake.execute('RegisterDataset', { datasetId: sales, name: 'sales', containsPersonalData: true });
      await lake.execute('RegisterDataset', { datasetId: logs, name: 'logs', containsPersonalData: false });
      await lake.execute('RecordIngestion', { datasetId: sales, rows: 1200 });
      await lake.execute('RecordIngestion', { datasetId: logs, rows: 90 });
      await lake.execute('AssignSteward', { datasetId: sales, stewardId, stewardEmail: 'steward@example.org' });
      const jobId = randomUUID();
      await lake.execute('RequestAnonymization', { jobId, datasetId: sales, dataSubjectId: randomUUID(), requesterId: stewardId, requesterEmail: 'steward@example.org' });
      await lake.catchUp();

      const personal = await lake.readModels.DatasetCatalogue.find({ where: { containsPersonalData: true } });
      expect(personal.rows).toMatchObject([{ datasetId: sales, name: 'sales', rowCount: 1200, stewardId, stewardEmail: 'steward@example.org', erasureRequests: 1 }]);
      const bySize = await lake.readModels.DatasetCatalogue.find({ orderBy: 'rowCount', direction: 'desc', limit: 1 });
      expect(bySize.rows.map((d) => d.name)).toEqual(['sales']);
      expect(await lake.readModels.AnonymizationJobs.count({ datasetId: sales, status: 'requested' })).toBe(1);

      await lake.forget(stewardId);
      const erased = await lake.readModels.DatasetCatalogue.get(sales);
      expect(erased).toMatchObject({ datasetId: sales, stewardId, rowCount: 1200 });
      expect(erased?.stewardEmail).toBeUndefined();
    });
  });
}
