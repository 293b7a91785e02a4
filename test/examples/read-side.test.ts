// The read models and automations of the example domains, through their GENERATED definitions:
// events folded into rows with the pure key/apply functions (a Map stands in for the table, as the
// runtime's projector would use it), and automations' plans for sample events. The runtime's
// storage, catch-up and delivery are tested with the runtime.
import { describe, expect, it } from 'vitest';
import type { DomainEnvelope, ProjectionHandler, ReadModelDefinition } from 'orchestrix/runtime';
import { bankingReadModels, type AccountSummaryRow } from '../../examples/generated/banking/index.js';
import { ecommerceAutomations, ecommerceReadModels } from '../../examples/generated/ecommerce/index.js';
import { lakehouseReadModels } from '../../examples/generated/lakehouse/index.js';
import { notificationsAutomations, notificationsReadModels } from '../../examples/generated/notifications/index.js';
import { NOW } from './support.js';

const accountId = '5c1e3b7a-2d4f-4a6b-8c9d-0e1f2a3b4c5d';
const ownerId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const orderId = '8a7b6c5d-4e3f-4a1b-8c2d-3e4f5a6b7c8d';
const cartId = '3f1c2b7e-4d5a-4e6f-9a8b-7c6d5e4f3a2b';

let position = 0;
function envelope<T extends string, D extends object>(domain: string, aggregate: string, aggregateId: string, type: T, data: D): DomainEnvelope<T, D> {
  position += 1;
  const streamId = `${domain}/${aggregate}/${aggregateId}`;
  return { id: `e${position}`, type, source: `orchestrix:${domain}`, subject: streamId, time: NOW, data, streamId, version: 1, position, schemaVersion: 1, metadata: {}, aggregate, aggregateId };
}

/** Applies events to rows by key, the way a projector does: unknown event types are not read. */
function fold(definition: ReadModelDefinition<object, DomainEnvelope, string>, events: readonly DomainEnvelope[]): Map<string, object> {
  const rows = new Map<string, object>();
  const handlers = definition.on as Readonly<Record<string, ProjectionHandler<object> | undefined>>;
  for (const event of events) {
    const handler = handlers[event.type];
    if (handler === undefined) continue;
    const key = handler.key(event);
    const change = handler.apply(rows.get(key), event, key);
    if (change === 'delete') rows.delete(key);
    else if (change !== undefined) rows.set(key, change);
  }
  return rows;
}

describe('banking read models', () => {
  const account = (type: string, data: object) => envelope('banking', 'Account', accountId, type, data);

  it('AccountSummary follows an account from opening to closing; its rows validate against the row schema', () => {
    const definition = bankingReadModels.AccountSummary;
    const rows = fold(definition, [
      account('AccountOpened', { ownerId, ownerName: 'Ada', address: { street: 'x', city: 'y', postcode: 'z' }, currency: 'EUR' }),
      account('MoneyDeposited', { amount: 100, balanceAfter: 100, channel: 'online' }),
      account('AccountTagged', { tag: 'vip' }),
      account('MoneyWithdrawn', { amount: 30, balanceAfter: 70 }),
      account('AccountClosed', { closedAt: NOW }),
    ]);
    const expected: AccountSummaryRow = {
      accountId,
      ownerId,
      ownerName: 'Ada',
      currency: 'EUR',
      balance: 70,
      status: 'closed',
      tags: ['vip'],
      deposits: 1,
      openedAt: NOW,
      lastMovementAt: NOW,
      closedAt: NOW,
    };
    expect(rows.get(accountId)).toStrictEqual(expected);
    expect(definition.schema.safeParse(rows.get(accountId)).success).toBe(true);
    expect(definition.pii).toEqual([{ path: ['ownerName'], subject: { kind: 'field', name: 'ownerId' } }]);
  });

  it('AccountSummary leaves an account it never saw opened alone; a forgotten owner name is left out of the row', () => {
    expect(fold(bankingReadModels.AccountSummary, [account('MoneyDeposited', { amount: 5, balanceAfter: 5, channel: 'counter' })]).size).toBe(0);
    const forgotten = fold(bankingReadModels.AccountSummary, [account('AccountOpened', { ownerId, address: { city: 'y' }, currency: 'GBP' })]);
    expect(forgotten.get(accountId)).not.toHaveProperty('ownerName');
  });

  it('DepositsByChannel keys rows by the enum channel, across accounts', () => {
    const other = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
    const rows = fold(bankingReadModels.DepositsByChannel, [
      account('MoneyDeposited', { amount: 100, balanceAfter: 100, channel: 'online' }),
      envelope('banking', 'Account', other, 'MoneyDeposited', { amount: 250, balanceAfter: 250, channel: 'online' }),
      account('MoneyDeposited', { amount: 40, balanceAfter: 140, channel: 'legacy' }),
    ]);
    expect(Object.fromEntries(rows)).toStrictEqual({
      online: { channel: 'online', deposits: 2, amount: 350, largest: 250 },
      legacy: { channel: 'legacy', deposits: 1, amount: 40, largest: 40 },
    });
  });
});

describe('ecommerce read models and automations', () => {
  const book = { sku: 'BOOK-1', quantity: 2, unitPrice: 1500 };
  const pen = { sku: 'PEN/2', quantity: 1, unitPrice: 250 };
  const placed = envelope('ecommerce', 'Order', orderId, 'OrderPlaced', { customerId: ownerId, lines: [book, pen], total: 3250 });

  it('OpenCarts drops a cart once it is checked out', () => {
    const cart = (type: string, data: object) => envelope('ecommerce', 'Cart', cartId, type, data);
    const open = [cart('CartCreated', { customerId: ownerId }), cart('ItemAdded', { line: book }), cart('ItemAdded', { line: pen })];
    expect(fold(ecommerceReadModels.OpenCarts, open).get(cartId)).toStrictEqual({ cartId, customerId: ownerId, lineCount: 2, value: 3250, lastChangeAt: NOW });
    expect(fold(ecommerceReadModels.OpenCarts, [...open, cart('CartCheckedOut', { checkedOutAt: NOW })]).size).toBe(0);
  });

  it('OrderSummary and CustomerOrders (hand-written) follow an order; StockLevel tracks reservations per sku', () => {
    const cancelled = envelope('ecommerce', 'Order', orderId, 'OrderCancelled', { reason: 'changed mind', refund: false, lines: [book, pen] });
    expect(fold(ecommerceReadModels.OrderSummary, [placed, cancelled]).get(orderId)).toStrictEqual({
      orderId,
      customerId: ownerId,
      status: 'cancelled',
      total: 3250,
      lineCount: 2,
      placedAt: NOW,
      cancelReason: 'changed mind',
    });
    expect(fold(ecommerceReadModels.CustomerOrders, [placed, placed]).get(ownerId)).toStrictEqual({ customerId: ownerId, orders: 2, spent: 6500, itemsOrdered: 6, lastOrderAt: NOW });
    const item = (type: string, data: object) => envelope('ecommerce', 'InventoryItem', 'BOOK-1', type, data);
    const stock = fold(ecommerceReadModels.StockLevel, [
      item('ItemRegistered', { onHand: 10 }),
      item('StockReserved', { orderId, quantity: 2 }),
      item('StockAdded', { quantity: 5 }),
      item('StockReleased', { orderId, quantity: 2 }),
      item('StockReserved', { orderId, quantity: 3 }),
    ]);
    expect(stock.get('BOOK-1')).toStrictEqual({ sku: 'BOOK-1', onHand: 15, reserved: 3, available: 12 });
  });

  it('plans a reservation per order line, a release per cancelled line, and a delayed expiry', () => {
    const { ReserveStockForOrder, ReleaseStockOfCancelledOrder, CancelUnpaidOrder } = ecommerceAutomations;
    expect(ReserveStockForOrder.plan(placed)).toStrictEqual([
      { sku: 'BOOK-1', orderId, quantity: 2 },
      { sku: 'PEN/2', orderId, quantity: 1 },
    ]);
    const upcastCancellation = envelope('ecommerce', 'Order', orderId, 'OrderCancelled', { refund: false, lines: [] });
    expect(ReleaseStockOfCancelledOrder.plan(upcastCancellation)).toEqual([]);
    expect(CancelUnpaidOrder).toMatchObject({ command: 'ExpireOrder', delayMs: 30 * 60 * 1000, ignore: ['NoLongerUnpaid'] });
    expect(CancelUnpaidOrder.plan(placed)).toStrictEqual([{ orderId }]);
  });
});

describe('lakehouse and notifications read models and automations', () => {
  const datasetId = '7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c2b';
  const jobId = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';

  it('DatasetCatalogue holds the steward e-mail as pii of the steward, and counts erasure requests by dataset', () => {
    const definition = lakehouseReadModels.DatasetCatalogue;
    expect(definition.pii).toEqual([{ path: ['stewardEmail'], subject: { kind: 'field', name: 'stewardId' } }]);
    expect(definition.index.map((i) => i.name)).toEqual(['containsPersonalData', 'stewardId', 'rowCount']);
    const dataset = (type: string, data: object) => envelope('lakehouse', 'Dataset', datasetId, type, data);
    const rows = fold(definition, [
      dataset('DatasetRegistered', { name: 'clicks', containsPersonalData: true }),
      dataset('StewardAssigned', { stewardId: ownerId, stewardEmail: 'steward@example.org' }),
      dataset('RowsIngested', { rows: 5, rowCountAfter: 5 }),
      envelope('lakehouse', 'AnonymizationJob', jobId, 'AnonymizationRequested', { datasetId, dataSubjectId: ownerId, requesterId: ownerId, requesterEmail: 'r@example.org' }),
    ]);
    expect(rows.get(datasetId)).toStrictEqual({
      datasetId,
      name: 'clicks',
      rowCount: 5,
      containsPersonalData: true,
      registeredAt: NOW,
      stewardId: ownerId,
      stewardEmail: 'steward@example.org',
      erasureRequests: 1,
    });
  });

  it('WelcomeNewSubscriber queues one welcome per subscription, none once the e-mail is forgotten', () => {
    const subscriptionId = '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a';
    const subscribed = <D extends { personId: string; topics: string[]; email?: string }>(data: D) =>
      envelope('notifications', 'Subscription', subscriptionId, 'Subscribed', data);
    const { WelcomeNewSubscriber } = notificationsAutomations;
    expect(WelcomeNewSubscriber.plan(subscribed({ personId: ownerId, email: 'ada@example.org', topics: ['news'] }))).toStrictEqual([
      {
        notificationId: subscriptionId,
        recipientId: ownerId,
        channel: 'email',
        address: 'ada@example.org',
        body: 'Welcome! You will now receive news on the topics you chose.',
      },
    ]);
    expect(WelcomeNewSubscriber.plan(subscribed({ personId: ownerId, topics: ['news'] }))).toEqual([]);
    expect(WelcomeNewSubscriber.ignore).toEqual(['AGGREGATE_ALREADY_EXISTS']);
    const subscribers = fold(notificationsReadModels.Subscribers, [
      subscribed({ personId: ownerId, email: 'ada@example.org', topics: ['news'] }),
      envelope('notifications', 'Subscription', subscriptionId, 'Unsubscribed', {}),
    ]);
    expect(subscribers.get(subscriptionId)).toStrictEqual({ subscriptionId, personId: ownerId, email: 'ada@example.org', topics: ['news'], active: false, since: NOW });
  });
});
