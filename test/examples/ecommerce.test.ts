// The ecommerce example (domains/ecommerce.yaml) through its GENERATED code: Cart, Order and
// InventoryItem with given/when/then, the v1 -> v2 -> v3 upcasts of OrderCancelled, command validation,
// and the domain runtime end to end on in-memory and SQLite-file stores, with Cart snapshots (every 10).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AggregateAlreadyExistsError,
  AggregateNotFoundError,
  createEventReader,
  createInMemoryEventStore,
  DEFAULT_TEST_NOW,
  DomainError,
  given,
  ValidationError,
  type EventStore,
} from 'orchestrix/runtime';
import {
  CART_STATE_SCHEMA_HASH,
  cartDefinition,
  createEcommerce,
  ecommerceAggregates,
  evolveCart,
  initialCartState,
  initialInventoryItemState,
  initialOrderState,
  inventoryItemDefinition,
  orderDefinition,
  upcastOrderCancelledV1,
  upcastOrderCancelledV2,
  type CartEvent,
  type CartState,
  type Ecommerce,
  type InventoryItemEvent,
  type OrderEvent,
  type OrderLine,
  type OrderState,
  type PlaceOrder,
} from '../../examples/generated/ecommerce/index.js';
import { backends, clock, NOW, readStream, rejectionOf, summarize, type Backend } from './support.js';

const cartId = '3f1c2b7e-4d5a-4e6f-9a8b-7c6d5e4f3a2b';
const orderId = '8a7b6c5d-4e3f-4a1b-8c2d-3e4f5a6b7c8d';
const secondOrderId = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const customerId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const line = (sku: string, quantity: number, unitPrice: number): OrderLine => ({ sku, quantity, unitPrice });
const book = line('BOOK-1', 2, 1500);
const pen = line('PEN/2', 1, 250);

describe('ecommerce Cart: given/when/then', () => {
  const created: CartEvent = { type: 'CartCreated', data: { customerId } };
  const added = (orderLine: OrderLine): CartEvent => ({ type: 'ItemAdded', data: { line: orderLine } });
  const checkedOut: CartEvent = { type: 'CartCheckedOut', data: { checkedOutAt: NOW } };
  const createdState: CartState = { ...initialCartState, customerId };
  const fifty = Array.from({ length: 50 }, (_, index) => added(line(`SKU-${index}`, 1, 1)));

  it('CreateCart emits CartCreated and copies customerId into the state', () => {
    expect(initialCartState).toStrictEqual({ lines: [], checkedOut: false });
    given(cartDefinition).when({ type: 'CreateCart', data: { cartId, customerId } }).then([created]).thenState(createdState);
  });

  it('CreateCart on an existing cart fails with AGGREGATE_ALREADY_EXISTS', () => {
    expect(given(cartDefinition, [created]).when({ type: 'CreateCart', data: { cartId, customerId } }).thenError('AGGREGATE_ALREADY_EXISTS')).toBeInstanceOf(
      AggregateAlreadyExistsError,
    );
  });

  it('AddItem emits ItemAdded and appends the line, keeping the order', () => {
    given(cartDefinition, [created, added(book)])
      .when({ type: 'AddItem', data: { cartId, line: pen } })
      .then([added(pen)])
      .thenState({ ...createdState, lines: [book, pen] });
  });

  it('AddItem accepts the 50th line and fails with CartFull on the 51st', () => {
    given(cartDefinition, [created, ...fifty.slice(0, 49)])
      .when({ type: 'AddItem', data: { cartId, line: book } })
      .then([added(book)]);
    const error = given(cartDefinition, [created, ...fifty]).when({ type: 'AddItem', data: { cartId, line: book } }).thenError('CartFull');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe('A cart holds at most 50 lines');
  });

  it('AddItem fails with CartCheckedOut after checkout, before the CartFull check', () => {
    const error = given(cartDefinition, [created, added(book), checkedOut]).when({ type: 'AddItem', data: { cartId, line: pen } }).thenError('CartCheckedOut');
    expect(error.message).toBe('The cart was already checked out');
    given(cartDefinition, [created, ...fifty, checkedOut]).when({ type: 'AddItem', data: { cartId, line: pen } }).thenError('CartCheckedOut');
  });

  it('CheckOut emits CartCheckedOut at now and marks the cart checked out', () => {
    given(cartDefinition, [created, added(book)])
      .when({ type: 'CheckOut', data: { cartId } })
      .then([{ type: 'CartCheckedOut', data: { checkedOutAt: DEFAULT_TEST_NOW } }])
      .thenState({ ...createdState, lines: [book], checkedOut: true });
    given(cartDefinition, [created, added(book)], { now: NOW }).when({ type: 'CheckOut', data: { cartId } }).then([checkedOut]);
  });

  it('CheckOut fails with CartCheckedOut twice and with CartEmpty on an empty cart', () => {
    given(cartDefinition, [created, added(book), checkedOut]).when({ type: 'CheckOut', data: { cartId } }).thenError('CartCheckedOut');
    const error = given(cartDefinition, [created]).when({ type: 'CheckOut', data: { cartId } }).thenError('CartEmpty');
    expect(error.message).toBe('An empty cart cannot be checked out');
  });

  it('AddItem and CheckOut fail with AGGREGATE_NOT_FOUND on a cart never created', () => {
    expect(given(cartDefinition).when({ type: 'AddItem', data: { cartId, line: book } }).thenError('AGGREGATE_NOT_FOUND')).toBeInstanceOf(AggregateNotFoundError);
    given(cartDefinition).when({ type: 'CheckOut', data: { cartId } }).thenError('AGGREGATE_NOT_FOUND');
  });
});

describe('ecommerce Order: given/when/then', () => {
  const placeCommand: PlaceOrder = { orderId, customerId, lines: [book, pen], total: 3250 };
  const placed: OrderEvent = { type: 'OrderPlaced', data: { customerId, lines: [book, pen], total: 3250 } };
  const paid: OrderEvent = { type: 'OrderPaid', data: { amount: 3250, paidAt: NOW } };
  const shipped: OrderEvent = { type: 'OrderShipped', data: { trackingCode: 'TRACK-0001' } };
  const cancelled = (refund: boolean): OrderEvent => ({ type: 'OrderCancelled', data: { reason: 'changed mind', refund, lines: [book, pen] } });
  const placedState: OrderState = { ...initialOrderState, customerId, lines: [book, pen], total: 3250 };

  it('PlaceOrder emits OrderPlaced and copies customerId, lines and total into the state', () => {
    expect(initialOrderState).toStrictEqual({ lines: [], total: 0, status: 'placed' });
    given(orderDefinition).when({ type: 'PlaceOrder', data: placeCommand }).then([placed]).thenState(placedState);
  });

  it('PlaceOrder on an existing order fails with AGGREGATE_ALREADY_EXISTS', () => {
    given(orderDefinition, [placed]).when({ type: 'PlaceOrder', data: placeCommand }).thenError('AGGREGATE_ALREADY_EXISTS');
  });

  it('MarkPaid emits OrderPaid { amount, paidAt: now } and sets the status to paid', () => {
    given(orderDefinition, [placed], { now: NOW })
      .when({ type: 'MarkPaid', data: { orderId, amount: 3250 } })
      .then([paid])
      .thenState({ ...placedState, status: 'paid' });
  });

  it('MarkPaid fails with AmountMismatch when the amount differs from the total', () => {
    const error = given(orderDefinition, [placed]).when({ type: 'MarkPaid', data: { orderId, amount: 3249 } }).thenError('AmountMismatch');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe('The payment does not match the order total');
  });

  it('MarkPaid fails with PreconditionFailed (state.status == placed) when paid or cancelled, before the amount check', () => {
    const error = given(orderDefinition, [placed, paid]).when({ type: 'MarkPaid', data: { orderId, amount: 3250 } }).thenError('PreconditionFailed');
    expect(error.message).toBe('Status must be placed');
    given(orderDefinition, [placed, cancelled(false)]).when({ type: 'MarkPaid', data: { orderId, amount: 1 } }).thenError('PreconditionFailed');
  });

  it('Ship emits OrderShipped and copies the tracking code into the state', () => {
    given(orderDefinition, [placed, paid])
      .when({ type: 'Ship', data: { orderId, trackingCode: 'TRACK-0001' } })
      .then([shipped])
      .thenState({ ...placedState, status: 'shipped', trackingCode: 'TRACK-0001' });
  });

  it('Ship fails with NotPaid unless the order is paid', () => {
    const error = given(orderDefinition, [placed]).when({ type: 'Ship', data: { orderId, trackingCode: 'TRACK-0001' } }).thenError('NotPaid');
    expect(error.message).toBe('Only paid orders are shipped');
    given(orderDefinition, [placed, paid, shipped]).when({ type: 'Ship', data: { orderId, trackingCode: 'TRACK-0002' } }).thenError('NotPaid');
    given(orderDefinition, [placed, cancelled(false)]).when({ type: 'Ship', data: { orderId, trackingCode: 'TRACK-0002' } }).thenError('NotPaid');
  });

  it('CancelOrder refunds exactly when the order was paid (refund: state.status == paid)', () => {
    given(orderDefinition, [placed])
      .when({ type: 'CancelOrder', data: { orderId, reason: 'changed mind' } })
      .then([cancelled(false)])
      .thenState({ ...placedState, status: 'cancelled' });
    given(orderDefinition, [placed, paid])
      .when({ type: 'CancelOrder', data: { orderId, reason: 'changed mind' } })
      .then([cancelled(true)])
      .thenState({ ...placedState, status: 'cancelled' });
  });

  it('CancelOrder without a reason emits no reason', () => {
    const outcome = given(orderDefinition, [placed]).when({ type: 'CancelOrder', data: { orderId } });
    expect(outcome.events).toHaveLength(1);
    expect(outcome.events?.[0]?.type).toBe('OrderCancelled');
    expect(outcome.events?.[0]?.data).toEqual({ refund: false, lines: [book, pen] });
  });

  it('ExpireOrder cancels an unpaid order (reason unpaid, no refund, its lines) and fails with NoLongerUnpaid once paid', () => {
    given(orderDefinition, [placed])
      .when({ type: 'ExpireOrder', data: { orderId } })
      .then([{ type: 'OrderCancelled', data: { reason: 'unpaid', refund: false, lines: [book, pen] } }])
      .thenState({ ...placedState, status: 'cancelled' });
    const error = given(orderDefinition, [placed, paid]).when({ type: 'ExpireOrder', data: { orderId } }).thenError('NoLongerUnpaid');
    expect(error.message).toBe('Only an unpaid order expires');
    given(orderDefinition, [placed, cancelled(false)]).when({ type: 'ExpireOrder', data: { orderId } }).thenError('NoLongerUnpaid');
  });

  it('CancelOrder fails with TooLateToCancel once shipped or cancelled', () => {
    const error = given(orderDefinition, [placed, paid, shipped]).when({ type: 'CancelOrder', data: { orderId } }).thenError('TooLateToCancel');
    expect(error.message).toBe('Shipped or cancelled orders cannot be cancelled');
    given(orderDefinition, [placed, cancelled(false)]).when({ type: 'CancelOrder', data: { orderId } }).thenError('TooLateToCancel');
  });

  it('every command but PlaceOrder fails with AGGREGATE_NOT_FOUND on an order never placed', () => {
    given(orderDefinition).when({ type: 'MarkPaid', data: { orderId, amount: 0 } }).thenError('AGGREGATE_NOT_FOUND');
    given(orderDefinition).when({ type: 'Ship', data: { orderId, trackingCode: 'TRACK-0001' } }).thenError('AGGREGATE_NOT_FOUND');
    given(orderDefinition).when({ type: 'CancelOrder', data: { orderId } }).thenError('AGGREGATE_NOT_FOUND');
  });
});

describe('ecommerce InventoryItem (string id sku): given/when/then', () => {
  const sku = 'BOOK-1';
  const registered = (onHand: number): InventoryItemEvent => ({ type: 'ItemRegistered', data: { onHand } });
  const reserved = (quantity: number, forOrder = orderId): InventoryItemEvent => ({ type: 'StockReserved', data: { orderId: forOrder, quantity } });

  it('RegisterItem emits ItemRegistered { onHand: initialStock }', () => {
    expect(initialInventoryItemState).toStrictEqual({ onHand: 0, reserved: 0, reservedFor: [] });
    given(inventoryItemDefinition)
      .when({ type: 'RegisterItem', data: { sku, initialStock: 10 } })
      .then([registered(10)])
      .thenState({ onHand: 10, reserved: 0, reservedFor: [] });
    given(inventoryItemDefinition).when({ type: 'RegisterItem', data: { sku, initialStock: 0 } }).then([registered(0)]);
  });

  it('RegisterItem on an existing item fails with AGGREGATE_ALREADY_EXISTS; an empty sku is not an id', () => {
    given(inventoryItemDefinition, [registered(1)]).when({ type: 'RegisterItem', data: { sku, initialStock: 10 } }).thenError('AGGREGATE_ALREADY_EXISTS');
    const invalid = given(inventoryItemDefinition).when({ type: 'RegisterItem', data: { sku: '', initialStock: 1 } }).thenError('VALIDATION_FAILED');
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).issues.map((issue) => issue.path)).toEqual([['sku']]);
  });

  it('Restock emits StockAdded and adds to onHand', () => {
    given(inventoryItemDefinition, [registered(10)])
      .when({ type: 'Restock', data: { sku, quantity: 5 } })
      .then([{ type: 'StockAdded', data: { quantity: 5 } }])
      .thenState({ onHand: 15, reserved: 0, reservedFor: [] });
  });

  it('ReserveStock emits StockReserved, adds to reserved and records the order, up to exactly what is available', () => {
    given(inventoryItemDefinition, [registered(10), reserved(4)])
      .when({ type: 'ReserveStock', data: { sku, orderId: secondOrderId, quantity: 6 } })
      .then([reserved(6, secondOrderId)])
      .thenState({ onHand: 10, reserved: 10, reservedFor: [orderId, secondOrderId] });
  });

  it('ReserveStock fails with OutOfStock beyond onHand - reserved, and with AlreadyReserved for an order it holds stock for', () => {
    const error = given(inventoryItemDefinition, [registered(10), reserved(4)])
      .when({ type: 'ReserveStock', data: { sku, orderId: secondOrderId, quantity: 7 } })
      .thenError('OutOfStock');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe('Not enough stock to reserve');
    const again = given(inventoryItemDefinition, [registered(10), reserved(4)]).when({ type: 'ReserveStock', data: { sku, orderId, quantity: 1 } }).thenError('AlreadyReserved');
    expect(again.message).toBe('Stock is already reserved for this order');
  });

  it('ReleaseStock emits StockReleased, lowers reserved and forgets the order; only for an order it holds stock for, at most what is reserved', () => {
    given(inventoryItemDefinition, [registered(10), reserved(4)])
      .when({ type: 'ReleaseStock', data: { sku, orderId, quantity: 4 } })
      .then([{ type: 'StockReleased', data: { orderId, quantity: 4 } }])
      .thenState({ onHand: 10, reserved: 0, reservedFor: [] });
    const error = given(inventoryItemDefinition, [registered(10), reserved(4)]).when({ type: 'ReleaseStock', data: { sku, orderId, quantity: 5 } }).thenError('NothingReserved');
    expect(error.message).toBe('Cannot release more than is reserved');
    const other = given(inventoryItemDefinition, [registered(10), reserved(4)])
      .when({ type: 'ReleaseStock', data: { sku, orderId: secondOrderId, quantity: 1 } })
      .thenError('NotReserved');
    expect(other.message).toBe('No stock is reserved for this order');
  });

  it('Restock, ReserveStock and ReleaseStock fail with AGGREGATE_NOT_FOUND on an unregistered item', () => {
    given(inventoryItemDefinition).when({ type: 'Restock', data: { sku, quantity: 1 } }).thenError('AGGREGATE_NOT_FOUND');
    given(inventoryItemDefinition).when({ type: 'ReserveStock', data: { sku, orderId, quantity: 1 } }).thenError('AGGREGATE_NOT_FOUND');
    given(inventoryItemDefinition).when({ type: 'ReleaseStock', data: { sku, orderId, quantity: 1 } }).thenError('AGGREGATE_NOT_FOUND');
  });
});

describe('ecommerce OrderCancelled upcasting (v1 { reason? } -> v2 { reason?, refund: false } -> v3 { ..., lines: [] })', () => {
  const orderStream = `ecommerce/Order/${orderId}`;

  it('the generated upcasters add refund: false, then no lines, and keep the reason', () => {
    expect(upcastOrderCancelledV1({ reason: 'duplicate' })).toStrictEqual({ reason: 'duplicate', refund: false });
    expect(upcastOrderCancelledV1({})).toEqual({ refund: false });
    expect(upcastOrderCancelledV2({ reason: 'duplicate', refund: true })).toStrictEqual({ reason: 'duplicate', refund: true, lines: [] });
    expect(orderDefinition.events.OrderCancelled).toMatchObject({ schemaVersion: 3, upcasters: { 1: upcastOrderCancelledV1, 2: upcastOrderCancelledV2 } });
  });

  describe.each(backends)('on $name stores', (kind) => {
    let backend: Backend;
    beforeEach(async () => {
      backend = await kind.start();
    });
    afterEach(() => backend.dispose());

    it('loads an order cancelled by a stored v1 event, and leaves that event as stored', async () => {
      // A paid order cancelled before refunds were recorded: v1 has no refund flag.
      await backend.store.append(
        orderStream,
        [
          { type: 'OrderPlaced', data: { customerId, lines: [book], total: 3000 } },
          { type: 'OrderPaid', data: { amount: 3000, paidAt: '2019-03-04T05:06:07.000Z' } },
          { type: 'OrderCancelled', data: { reason: 'customer request' }, schemaVersion: 1 },
        ],
        { expectedVersion: 'no_stream' },
      );
      const ecommerce = createEcommerce({ store: backend.store, snapshots: backend.snapshots, clock });

      const loaded = await ecommerce.load('Order', orderId);
      expect(loaded).toMatchObject({ version: 3, exists: true });
      expect(loaded.state).toStrictEqual({ customerId, lines: [book], total: 3000, status: 'cancelled' });
      await expect(ecommerce.execute('CancelOrder', { orderId })).rejects.toMatchObject({ code: 'TooLateToCancel' });
      await expect(ecommerce.execute('Ship', { orderId, trackingCode: 'TRACK-0001' })).rejects.toMatchObject({ code: 'NotPaid' });

      const stores = await backend.reopen();
      const stored = await readStream(stores.store, orderStream);
      expect(stored.map(({ type, version, schemaVersion, data }) => ({ type, version, schemaVersion, data }))).toStrictEqual([
        { type: 'OrderPlaced', version: 1, schemaVersion: 1, data: { customerId, lines: [book], total: 3000 } },
        { type: 'OrderPaid', version: 2, schemaVersion: 1, data: { amount: 3000, paidAt: '2019-03-04T05:06:07.000Z' } },
        { type: 'OrderCancelled', version: 3, schemaVersion: 1, data: { reason: 'customer request' } },
      ]);
      // Read through the aggregate's event reader, the stored v1 event is a v3 event with refund: false and no lines.
      const read = createEventReader(orderDefinition);
      expect(stored.map(read)[2]).toStrictEqual({ type: 'OrderCancelled', data: { reason: 'customer request', refund: false, lines: [] } });
    });

    it('a v1 cancellation without a reason lifts too; new cancellations are written at v3', async () => {
      await backend.store.append(orderStream, [
        { type: 'OrderPlaced', data: { customerId, lines: [book], total: 3000 } },
        { type: 'OrderCancelled', data: {}, schemaVersion: 1 },
      ]);
      const ecommerce = createEcommerce({ store: backend.store, snapshots: backend.snapshots, clock });
      expect((await ecommerce.load('Order', orderId)).state.status).toBe('cancelled');
      const [, storedV1] = await readStream(backend.store, orderStream);
      expect(storedV1 && createEventReader(orderDefinition)(storedV1).data).toEqual({ refund: false, lines: [] });

      await ecommerce.execute('PlaceOrder', { orderId: secondOrderId, customerId, lines: [pen], total: 250 });
      await ecommerce.execute('MarkPaid', { orderId: secondOrderId, amount: 250 });
      const cancel = await ecommerce.execute('CancelOrder', { orderId: secondOrderId, reason: 'out of stock' });
      expect(cancel.events.map(({ type, schemaVersion, data }) => ({ type, schemaVersion, data }))).toStrictEqual([
        { type: 'OrderCancelled', schemaVersion: 3, data: { reason: 'out of stock', refund: true, lines: [pen] } },
      ]);
    });
  });
});

describe('ecommerce command validation through execute', () => {
  let store: EventStore;
  let ecommerce: Ecommerce;
  beforeEach(async () => {
    store = createInMemoryEventStore();
    ecommerce = createEcommerce({ store, clock });
    await ecommerce.execute('CreateCart', { cartId, customerId });
    await ecommerce.execute('PlaceOrder', { orderId, customerId, lines: [book], total: 3000 });
  });
  afterEach(() => store.close());

  async function issuesOf(run: () => Promise<unknown>): Promise<{ path: readonly (string | number)[]; code: string }[]> {
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map(({ path, code }) => ({ path, code }));
  }

  it('checks order lines element by element (minLength, min, max) with the index in the path', async () => {
    const place = (lines: OrderLine[]) => () => ecommerce.execute('PlaceOrder', { orderId: secondOrderId, customerId, lines, total: 1 });
    expect(await issuesOf(place([book, line('', 1, 1)]))).toEqual([{ path: ['lines', 1, 'sku'], code: 'too_small' }]);
    expect(await issuesOf(place([line('A', 0, 1)]))).toEqual([{ path: ['lines', 0, 'quantity'], code: 'too_small' }]);
    expect(await issuesOf(place([line('A', 100, 1)]))).toEqual([{ path: ['lines', 0, 'quantity'], code: 'too_big' }]);
    expect(await issuesOf(place([line('A', 1, -1)]))).toEqual([{ path: ['lines', 0, 'unitPrice'], code: 'too_small' }]);
    expect(await issuesOf(place([line('x'.repeat(65), 1, 1)]))).toEqual([{ path: ['lines', 0, 'sku'], code: 'too_big' }]);
    expect(await store.streamVersion(`ecommerce/Order/${secondOrderId}`)).toBe(0);
  });

  it('requires 1 to 50 lines on PlaceOrder and a non-negative total', async () => {
    const place = (lines: OrderLine[], total: number) => () => ecommerce.execute('PlaceOrder', { orderId: secondOrderId, customerId, lines, total });
    expect(await issuesOf(place([], 0))).toEqual([{ path: ['lines'], code: 'too_small' }]);
    expect(await issuesOf(place(Array.from({ length: 51 }, () => book), 0))).toEqual([{ path: ['lines'], code: 'too_big' }]);
    expect(await issuesOf(place([book], -1))).toEqual([{ path: ['total'], code: 'too_small' }]);
    const fifty = await ecommerce.execute('PlaceOrder', { orderId: secondOrderId, customerId, lines: Array.from({ length: 50 }, () => book), total: 0 });
    expect(fifty.version).toBe(1);
  });

  it('checks the other commands: AddItem line, tracking code length, amounts, ids, unknown keys', async () => {
    expect(await issuesOf(() => ecommerce.execute('AddItem', { cartId, line: line('A', 1.5, 1) }))).toEqual([{ path: ['line', 'quantity'], code: 'invalid_type' }]);
    expect(await issuesOf(() => ecommerce.execute('Ship', { orderId, trackingCode: 'ABC' }))).toEqual([{ path: ['trackingCode'], code: 'too_small' }]);
    expect(await issuesOf(() => ecommerce.execute('Ship', { orderId, trackingCode: 'A'.repeat(41) }))).toEqual([{ path: ['trackingCode'], code: 'too_big' }]);
    expect(await issuesOf(() => ecommerce.execute('MarkPaid', { orderId, amount: -1 }))).toEqual([{ path: ['amount'], code: 'too_small' }]);
    expect(await issuesOf(() => ecommerce.execute('ReserveStock', { sku: 'BOOK-1', orderId: 'order-1', quantity: 0 }))).toEqual([
      { path: ['orderId'], code: 'invalid_format' },
      { path: ['quantity'], code: 'too_small' },
    ]);
    const withCoupon = { cartId, coupon: 'FREE' };
    expect(await issuesOf(() => ecommerce.execute('CheckOut', withCoupon))).toEqual([{ path: [], code: 'unrecognized_keys' }]);
    expect(await issuesOf(() => ecommerce.execute('RegisterItem', { sku: '', initialStock: 1 }))).toEqual([{ path: ['sku'], code: 'invalid_type' }]);
  });

  it('rejects unknown keys inside an AddItem line (value-object schemas are strict), writing nothing', async () => {
    const colouredLine = { sku: 'BOOK-1', quantity: 1, unitPrice: 1500, colour: 'red' };
    const error = await rejectionOf(ecommerce.execute('AddItem', { cartId, line: colouredLine }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: ['line'], code: 'unrecognized_keys', message: expect.stringContaining('colour') }]);
    expect((error as ValidationError).message).toMatch(/^Invalid 'AddItem' command: line /);
    // Also inside array elements: PlaceOrder's lines use the same OrderLine schema.
    expect(await issuesOf(() => ecommerce.execute('PlaceOrder', { orderId: secondOrderId, customerId, lines: [book, colouredLine], total: 1 }))).toEqual([
      { path: ['lines', 1], code: 'unrecognized_keys' },
    ]);
    expect(await store.streamVersion(`ecommerce/Cart/${cartId}`)).toBe(1);
    expect(await store.streamVersion(`ecommerce/Order/${secondOrderId}`)).toBe(0);
    // Without the extra key the same line is added.
    expect((await ecommerce.execute('AddItem', { cartId, line: book })).events[0]?.data).toStrictEqual({ line: book });
  });

  it('failed rules write nothing', async () => {
    await expect(ecommerce.execute('CheckOut', { cartId })).rejects.toMatchObject({ code: 'CartEmpty' });
    await expect(ecommerce.execute('MarkPaid', { orderId, amount: 1 })).rejects.toMatchObject({ code: 'AmountMismatch' });
    await expect(ecommerce.execute('Restock', { sku: 'NOPE', quantity: 1 })).rejects.toBeInstanceOf(AggregateNotFoundError);
    expect(await store.streamVersion(`ecommerce/Cart/${cartId}`)).toBe(1);
    expect(await store.streamVersion(`ecommerce/Order/${orderId}`)).toBe(1);
    expect(await store.streamVersion('ecommerce/InventoryItem/NOPE')).toBe(0);
  });
});

describe.each(backends)('ecommerce end to end on $name stores', (kind) => {
  let backend: Backend;
  beforeEach(async () => {
    backend = await kind.start();
  });
  afterEach(() => backend.dispose());

  it('checks out a cart into an order, reserves stock, pays and ships; cancels a second order and releases its stock', async () => {
    const shop = createEcommerce({ store: backend.store, snapshots: backend.snapshots, clock });
    expect(shop.aggregates).toBe(ecommerceAggregates);
    await shop.execute('RegisterItem', { sku: 'BOOK-1', initialStock: 10 });
    const penItem = await shop.execute('RegisterItem', { sku: 'PEN/2', initialStock: 3 });
    // The string id is URI-encoded in the stream id: `/` cannot forge a category.
    expect(penItem.streamId).toBe('ecommerce/InventoryItem/PEN%2F2');

    await shop.execute('CreateCart', { cartId, customerId });
    await shop.execute('AddItem', { cartId, line: book });
    await shop.execute('AddItem', { cartId, line: pen });
    const checkout = await shop.execute('CheckOut', { cartId });
    expect(checkout.events[0]?.data).toStrictEqual({ checkedOutAt: NOW });
    await expect(shop.execute('AddItem', { cartId, line: book })).rejects.toMatchObject({ code: 'CartCheckedOut' });

    const cart = await shop.load('Cart', cartId);
    expect(cart).toMatchObject({ version: 4, exists: true });
    expect(cart.state).toStrictEqual({ customerId, lines: [book, pen], checkedOut: true });

    const total = cart.state.lines.reduce((sum, orderLine) => sum + orderLine.quantity * orderLine.unitPrice, 0);
    await shop.execute('PlaceOrder', { orderId, customerId, lines: cart.state.lines, total });
    for (const orderLine of cart.state.lines) await shop.execute('ReserveStock', { sku: orderLine.sku, orderId, quantity: orderLine.quantity });
    await expect(shop.execute('ReserveStock', { sku: 'PEN/2', orderId: secondOrderId, quantity: 3 })).rejects.toMatchObject({ code: 'OutOfStock' });
    await expect(shop.execute('MarkPaid', { orderId, amount: total - 1 })).rejects.toMatchObject({ code: 'AmountMismatch' });
    const payment = await shop.execute('MarkPaid', { orderId, amount: total });
    expect(payment.events[0]?.data).toStrictEqual({ amount: 3250, paidAt: NOW });
    await shop.execute('Ship', { orderId, trackingCode: 'TRACK-0001' });
    await expect(shop.execute('CancelOrder', { orderId })).rejects.toMatchObject({ code: 'TooLateToCancel' });

    await shop.execute('PlaceOrder', { orderId: secondOrderId, customerId, lines: [line('PEN/2', 2, 250)], total: 500 });
    await shop.execute('ReserveStock', { sku: 'PEN/2', orderId: secondOrderId, quantity: 2 });
    const cancel = await shop.execute('CancelOrder', { orderId: secondOrderId, reason: 'found it cheaper' });
    expect(cancel.events[0]?.data).toStrictEqual({ reason: 'found it cheaper', refund: false, lines: [line('PEN/2', 2, 250)] });
    await shop.execute('ReleaseStock', { sku: 'PEN/2', orderId: secondOrderId, quantity: 2 });
    // The pens of the second order are released once: a second release is refused.
    await expect(shop.execute('ReleaseStock', { sku: 'PEN/2', orderId: secondOrderId, quantity: 2 })).rejects.toMatchObject({ code: 'NotReserved' });

    const stores = await backend.reopen();
    const reopened = createEcommerce({ ...stores, clock });
    expect((await reopened.load('Order', orderId)).state).toStrictEqual({ customerId, lines: [book, pen], total: 3250, status: 'shipped', trackingCode: 'TRACK-0001' });
    expect((await reopened.load('Order', secondOrderId)).state).toStrictEqual({ customerId, lines: [line('PEN/2', 2, 250)], total: 500, status: 'cancelled' });
    expect((await reopened.load('InventoryItem', 'BOOK-1')).state).toStrictEqual({ onHand: 10, reserved: 2, reservedFor: [orderId] });
    expect(await reopened.load('InventoryItem', 'PEN/2')).toMatchObject({ version: 4, state: { onHand: 3, reserved: 1, reservedFor: [orderId] } });

    const orderEvents = await readStream(stores.store, `ecommerce/Order/${orderId}`);
    expect(summarize(orderEvents)).toStrictEqual([
      { type: 'OrderPlaced', version: 1, schemaVersion: 1 },
      { type: 'OrderPaid', version: 2, schemaVersion: 1 },
      { type: 'OrderShipped', version: 3, schemaVersion: 1 },
    ]);
    const secondEvents = await readStream(stores.store, `ecommerce/Order/${secondOrderId}`);
    expect(secondEvents.map(({ type, version, schemaVersion, data }) => ({ type, version, schemaVersion, data }))).toStrictEqual([
      { type: 'OrderPlaced', version: 1, schemaVersion: 1, data: { customerId, lines: [line('PEN/2', 2, 250)], total: 500 } },
      { type: 'OrderCancelled', version: 2, schemaVersion: 3, data: { reason: 'found it cheaper', refund: false, lines: [line('PEN/2', 2, 250)] } },
    ]);
    const penEvents = await readStream(stores.store, 'ecommerce/InventoryItem/PEN%2F2');
    expect(penEvents.map(({ type, data }) => ({ type, data }))).toStrictEqual([
      { type: 'ItemRegistered', data: { onHand: 3 } },
      { type: 'StockReserved', data: { orderId, quantity: 1 } },
      { type: 'StockReserved', data: { orderId: secondOrderId, quantity: 2 } },
      { type: 'StockReleased', data: { orderId: secondOrderId, quantity: 2 } },
    ]);
    // Order lines are read back exactly; the global log holds every command's events in order.
    const log: string[] = [];
    for await (const event of stores.store.readAll()) log.push(event.type);
    expect(log).toHaveLength(15);
    expect(log.slice(0, 6)).toEqual(['ItemRegistered', 'ItemRegistered', 'CartCreated', 'ItemAdded', 'ItemAdded', 'CartCheckedOut']);
  });

  it('snapshots a Cart every 10 events: exactly after its 10th and 20th; a reload from the snapshot equals the full fold', async () => {
    expect(cartDefinition.snapshot).toStrictEqual({ every: 10 });
    const cartStream = `ecommerce/Cart/${cartId}`;
    const lineAt = (index: number): OrderLine => line(`SKU-${index}`, (index % 5) + 1, 100 + index);
    const lines = Array.from({ length: 20 }, (_, index) => lineAt(index));
    const shop = createEcommerce({ store: backend.store, snapshots: backend.snapshots, clock });
    await shop.execute('CreateCart', { cartId, customerId }); // version 1
    for (const orderLine of lines.slice(0, 8)) await shop.execute('AddItem', { cartId, line: orderLine }); // versions 2..9
    expect(await shop.load('Cart', cartId)).toMatchObject({ version: 9, snapshotVersion: 0 });
    expect(await backend.snapshots.load(cartStream)).toBeUndefined();

    await shop.execute('AddItem', { cartId, line: lineAt(8) }); // version 10
    const stateAt10: CartState = { customerId, lines: lines.slice(0, 9), checkedOut: false };
    expect(await backend.snapshots.load(cartStream)).toStrictEqual({ streamId: cartStream, version: 10, stateSchemaHash: CART_STATE_SCHEMA_HASH, state: stateAt10, takenAt: NOW });
    const at10 = await createEcommerce({ store: backend.store, snapshots: backend.snapshots, clock }).load('Cart', cartId);
    const at10FullFold = await createEcommerce({ store: backend.store, clock }).load('Cart', cartId);
    expect(at10).toMatchObject({ version: 10, snapshotVersion: 10 });
    expect(at10FullFold).toMatchObject({ version: 10, snapshotVersion: 0 });
    expect(at10.state).toStrictEqual(at10FullFold.state);
    expect(at10.state).toStrictEqual(stateAt10);

    for (const orderLine of lines.slice(9, 18)) await shop.execute('AddItem', { cartId, line: orderLine }); // versions 11..19
    // The snapshot stays at 10 until the stream reaches 20.
    expect((await backend.snapshots.load(cartStream))?.version).toBe(10);
    await shop.execute('AddItem', { cartId, line: lineAt(18) }); // version 20
    const stateAt20: CartState = { customerId, lines: lines.slice(0, 19), checkedOut: false };
    expect(await backend.snapshots.load(cartStream)).toStrictEqual({ streamId: cartStream, version: 20, stateSchemaHash: CART_STATE_SCHEMA_HASH, state: stateAt20, takenAt: NOW });

    await shop.execute('AddItem', { cartId, line: lineAt(19) }); // version 21
    await shop.execute('CheckOut', { cartId }); // version 22
    const stores = await backend.reopen();
    const fromSnapshot = await createEcommerce({ ...stores, clock }).load('Cart', cartId);
    const fullFold = await createEcommerce({ store: stores.store, clock }).load('Cart', cartId);
    expect(fromSnapshot).toMatchObject({ version: 22, snapshotVersion: 20 });
    expect(fullFold).toMatchObject({ version: 22, snapshotVersion: 0 });
    expect(fromSnapshot.state).toStrictEqual(fullFold.state);
    expect(fromSnapshot.state).toStrictEqual({ customerId, lines: lines.slice(0, 20), checkedOut: true });
    const folded = evolveCart(evolveCart(stateAt20, { type: 'ItemAdded', data: { line: lineAt(19) } }), { type: 'CartCheckedOut', data: { checkedOutAt: NOW } });
    expect(folded).toStrictEqual(fromSnapshot.state);
    expect((await stores.snapshots.load(cartStream))?.version).toBe(20);
  });

  it('takes no snapshots of Order and InventoryItem (no policy), however long their streams', async () => {
    expect(orderDefinition.snapshot).toBeUndefined();
    expect(inventoryItemDefinition.snapshot).toBeUndefined();
    // The Order lifecycle emits at most three events, so only a stream with earlier history (here
    // 24 OrderPlaced amendments imported from a legacy system) grows past 10 and 20 events.
    const orderStream = `ecommerce/Order/${orderId}`;
    const amendments = Array.from({ length: 24 }, (_, index) => ({
      type: 'OrderPlaced',
      data: { customerId, lines: [line('BOOK-1', index + 1, 100)], total: (index + 1) * 100 },
    }));
    await backend.store.append(orderStream, amendments, { expectedVersion: 'no_stream' });
    const shop = createEcommerce({ store: backend.store, snapshots: backend.snapshots, clock });
    await shop.execute('MarkPaid', { orderId, amount: 2400 }); // version 25
    await shop.execute('Ship', { orderId, trackingCode: 'TRACK-0026' }); // version 26
    expect(await shop.load('Order', orderId)).toMatchObject({
      version: 26,
      snapshotVersion: 0,
      state: { customerId, lines: [line('BOOK-1', 24, 100)], total: 2400, status: 'shipped', trackingCode: 'TRACK-0026' },
    });

    await shop.execute('RegisterItem', { sku: 'BOOK-1', initialStock: 0 });
    for (let index = 0; index < 24; index++) await shop.execute('Restock', { sku: 'BOOK-1', quantity: 1 });
    expect(await shop.load('InventoryItem', 'BOOK-1')).toMatchObject({ version: 25, snapshotVersion: 0, state: { onHand: 24, reserved: 0 } });

    const stores = await backend.reopen();
    expect(await stores.snapshots.load(orderStream)).toBeUndefined();
    expect(await stores.snapshots.load('ecommerce/InventoryItem/BOOK-1')).toBeUndefined();
    const reopened = createEcommerce({ ...stores, clock });
    expect(await reopened.load('Order', orderId)).toMatchObject({ version: 26, snapshotVersion: 0 });
    expect(await reopened.load('InventoryItem', 'BOOK-1')).toMatchObject({ version: 25, snapshotVersion: 0 });
  });
});
