import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AutomationModel, DomainModel, ReadModelModel } from '../../../compiler/model/model.js';
import { checkClean, describeDiagnostic, runPipeline } from './support.js';

/** The read side of the model: read models and automations, checked against the example domains and small specs. */

const example = (name: string): string => readFileSync(new URL(`../../../domains/${name}.yaml`, import.meta.url), 'utf8');
const readModel = (model: DomainModel, name: string): ReadModelModel => {
  const found = model.readModels.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no read model ${name}`);
  return found;
};
const automation = (model: DomainModel, name: string): AutomationModel => {
  const found = model.automations.find((a) => a.name === name);
  if (found === undefined) throw new Error(`no automation ${name}`);
  return found;
};
const found = (spec: string): string[] => runPipeline({ 'spec.yaml': spec }).all.map(describeDiagnostic);

const SHOP = `domain: shop
types:
  Line:
    fields: { sku: string, quantity: integer }
aggregates:
  Order:
    state:
      placed: { type: boolean, default: false }
    commands:
      PlaceOrder:
        creates: true
        fields: { customerId: uuid, lines: "Line[]", email: { type: email, pii: true } }
        emits: [OrderPlaced]
      Cancel:
        requires:
          - { check: "state.placed", error: NotPlaced }
        emits: [OrderCancelled]
    subject: id
    events:
      OrderPlaced:
        fields: { customerId: uuid, lines: "Line[]", email: { type: email, pii: true } }
        apply: { placed: true }
      OrderCancelled: {}
  Stock:
    id: { name: sku, type: string }
    state:
      reserved: { type: integer, default: 0 }
    commands:
      Reserve:
        fields: { orderId: uuid, quantity: { type: integer, default: 1 }, note: string? }
        emits: [Reserved]
    events:
      Reserved:
        fields: { orderId: uuid, quantity: integer }
`;

describe('the read-model model', () => {
  it('keeps declaration order, resolves keys, index columns and row subjects (banking)', () => {
    const model = checkClean(example('banking'));
    expect(model.readModels.map((r) => r.name)).toEqual(['AccountSummary', 'DepositsByChannel']);
    const summary = readModel(model, 'AccountSummary');
    expect(summary).toMatchObject({ key: 'accountId', version: 1, subject: { kind: 'field', name: 'ownerId' } });
    expect(summary.index).toEqual([
      { name: 'status', column: 'text', optional: false },
      { name: 'ownerId', column: 'text', optional: false },
      { name: 'balance', column: 'integer', optional: false },
    ]);
    expect(summary.piiPaths.map((p) => [p.path, p.subject])).toEqual([[['ownerName'], { kind: 'field', name: 'ownerId' }]]);
    expect(summary.fields.find((f) => f.name === 'ownerName')?.pii?.subject).toEqual({ kind: 'field', name: 'ownerId' });
    expect(summary.on.map((p) => [p.event.name, p.event.aggregate, p.action.kind, p.key.origin])).toEqual([
      ['AccountOpened', 'Account', 'set', 'implicit'],
      ['MoneyDeposited', 'Account', 'update', 'implicit'],
      ['MoneyWithdrawn', 'Account', 'update', 'implicit'],
      ['AccountTagged', 'Account', 'update', 'implicit'],
      ['AccountClosed', 'Account', 'update', 'implicit'],
    ]);
    const byChannel = readModel(model, 'DepositsByChannel');
    expect(byChannel.on[0]?.key).toMatchObject({ field: 'channel', origin: 'explicit', value: { tree: { kind: 'ref', root: 'event', path: ['channel'] } } });
    // Handlers see an event at its current version: MoneyDeposited is at version 2.
    expect(byChannel.on[0]?.event.version).toBe(2);
  });

  it('types the implicit key as the aggregate id, and set assignments in row field order', () => {
    const model = checkClean(`${SHOP}readModels:
  Reservations:
    key: orderId
    fields: { orderId: uuid, count: { type: integer, default: 0 }, lastSku: string }
    on:
      Reserved: { key: event.orderId, set: { lastSku: id, count: row.count + 1 } }
  Stocks:
    key: sku
    fields: { sku: string, reservations: { type: integer, default: 0 } }
    on:
      Reserved: { update: { reservations: row.reservations + 1 } }
`);
    const reservations = readModel(model, 'Reservations').on[0];
    expect(reservations?.action.kind === 'set' && reservations.action.assignments.map((a) => a.field)).toEqual(['count', 'lastSku']);
    expect(readModel(model, 'Stocks').on[0]?.key.value.tree).toMatchObject({ kind: 'ref', root: 'id', type: { kind: 'primitive', name: 'string' } });
  });

  it('hashes everything that decides the rows, and nothing else', () => {
    const spec = (fields: string, set: string, extra = '') => `${SHOP}readModels:
  Customers:
    key: customerId
    ${extra}fields: { customerId: uuid, orders: { type: integer, default: ${fields} } }
    on:
      OrderPlaced: { key: event.customerId, set: { orders: "${set}" } }
`;
    const hash = (text: string): string => readModel(checkClean(text), 'Customers').shapeHash;
    const base = hash(spec('0', 'row.orders + 1'));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(hash(spec('0', 'row.orders + 1'))).toBe(base);
    // The same expression written differently, and a description, change nothing.
    expect(hash(spec('0', 'row.orders  +  1', 'description: Per customer.\n    '))).toBe(base);
    // A default, an expression and a version do.
    expect(hash(spec('1', 'row.orders + 1'))).not.toBe(base);
    expect(hash(spec('0', 'row.orders + 2'))).not.toBe(base);
    expect(hash(spec('0', 'row.orders + 1', 'version: 2\n    '))).not.toBe(base);
  });

  it('reports the read side of a domain spread over several files, with names shared across kinds', () => {
    const result = runPipeline({
      'a.yaml': SHOP,
      'b.yaml': `domain: shop
readModels:
  Orders:
    key: orderId
    fields: { orderId: uuid, cancelled: { type: boolean, default: false } }
    on:
      OrderCancelled: { update: { cancelled: true } }
  Reserved:
    key: orderId
    fields: { orderId: uuid }
    on:
      Reserved: { key: event.orderId, set: {} }
`,
    });
    expect(result.all.map(describeDiagnostic)).toEqual([
      "ORX3006 b.yaml:8:3 read model 'Reserved' has the same name as an event; aggregates, commands, events, types, read models and automations share one namespace per domain",
    ]);
  });
});

describe('the automation model', () => {
  it('describes the ecommerce reactions: lists, delays, ignored codes as the runtime raises them', () => {
    const model = checkClean(example('ecommerce'));
    expect(model.automations.map((a) => a.name)).toEqual(['ReserveStockForOrder', 'ReleaseStockOfCancelledOrder', 'CancelUnpaidOrder']);
    const reserve = automation(model, 'ReserveStockForOrder');
    expect(reserve).toMatchObject({ on: { name: 'OrderPlaced', aggregate: 'Order' }, command: { name: 'ReserveStock', aggregate: 'InventoryItem' }, delayMs: 0 });
    expect(reserve.mapping.map((m) => m.field)).toEqual(['sku', 'orderId', 'quantity']);
    expect(reserve.ignore).toEqual([
      { code: 'OutOfStock', runtimeCode: 'OutOfStock' },
      { code: 'AlreadyReserved', runtimeCode: 'AlreadyReserved' },
      { code: 'AggregateNotFound', runtimeCode: 'AGGREGATE_NOT_FOUND' },
    ]);
    expect(reserve.forEach?.tree.type).toEqual({ kind: 'array', element: { kind: 'value', name: 'OrderLine' } });
    expect(automation(model, 'CancelUnpaidOrder')).toMatchObject({ delayMs: 30 * 60_000, forEach: undefined, when: undefined });
  });

  it('narrows through `when`, tells per-element from per-event conditions, and fills the id field first', () => {
    const model = checkClean(`${SHOP}automations:
  ReserveLines:
    on: OrderPlaced
    forEach: event.lines
    when: "item.quantity > 0"
    after: 2h
    execute:
      Reserve: { quantity: item.quantity, orderId: id, sku: item.sku }
  ReserveForEmail:
    on: OrderPlaced
    when: "event.email != null"
    execute:
      Reserve: { sku: event.email, orderId: id }
    ignore: [AggregateNotFound]
`);
    const lines = automation(model, 'ReserveLines');
    expect(lines).toMatchObject({ whenPerItem: true, delayMs: 7_200_000 });
    expect(lines.mapping.map((m) => m.field)).toEqual(['sku', 'orderId', 'quantity']);
    const byEmail = automation(model, 'ReserveForEmail');
    expect(byEmail.whenPerItem).toBe(false);
    expect(byEmail.ignore).toEqual([{ code: 'AggregateNotFound', runtimeCode: 'AGGREGATE_NOT_FOUND' }]);
    // Without the condition, the forgettable email may be absent: it cannot fill a required field.
    expect(found(`${SHOP}automations:
  ReserveForEmail:
    on: OrderPlaced
    execute:
      Reserve: { sku: event.email, orderId: id }
`)).toEqual([expect.stringMatching(/^ORX5021 spec\.yaml:39:23 /)]);
    // A creating command can be ignored as existing, and an automation may feed itself (a warning).
    const again = runPipeline({
      'spec.yaml': `${SHOP}automations:
  PlaceAgain:
    on: OrderPlaced
    execute:
      PlaceOrder: { orderId: id, customerId: event.customerId, lines: event.lines, email: "'a@example.org'" }
    ignore: [AggregateAlreadyExists]
`,
    });
    expect(again.domains[0]?.automations[0]?.ignore).toEqual([{ code: 'AggregateAlreadyExists', runtimeCode: 'AGGREGATE_ALREADY_EXISTS' }]);
    expect(again.all.map((d) => d.code)).toEqual(['ORX6158']);
  });

  it('accepts any PascalCase code for a custom command and leaves defaulted and optional fields out', () => {
    const spec = SHOP.replace(`      Cancel:
        requires:`, `      Cancel:
        handler: custom
        requires:`);
    const model = checkClean(`${spec}automations:
  CancelOnReservation:
    on: Reserved
    execute:
      Cancel: { orderId: event.orderId }
    ignore: [AlreadyCancelled, NotPlaced, AggregateNotFound]
  ReserveOne:
    on: OrderPlaced
    execute:
      Reserve: { sku: "'A-1'", orderId: id }
`);
    expect(automation(model, 'CancelOnReservation').ignore.map((i) => i.runtimeCode)).toEqual(['AlreadyCancelled', 'NotPlaced', 'AGGREGATE_NOT_FOUND']);
    expect(automation(model, 'ReserveOne').mapping.map((m) => m.field)).toEqual(['sku', 'orderId']);
  });

  it('warns about chains of automations that trigger each other, naming the chain once', () => {
    const spec = `${SHOP}automations:
  ReserveOnCancel:
    on: OrderCancelled
    execute:
      Reserve: { sku: "'A-1'", orderId: id }
  CancelOnReserve:
    on: Reserved
    execute:
      Cancel: { orderId: event.orderId }
`;
    expect(found(spec)).toEqual([
      'ORX6158 spec.yaml:40:3 these automations may trigger each other without end: CancelOnReserve (Reserved -> Cancel) -> ReserveOnCancel (OrderCancelled -> Reserve) -> CancelOnReserve',
    ]);
    // A warning only: the model is still built.
    expect(runPipeline({ 'spec.yaml': spec }).domains).toHaveLength(1);
  });

  it('reports item outside forEach and a bad forEach once, without follow-on errors', () => {
    expect(found(`${SHOP}automations:
  NoList:
    on: OrderPlaced
    execute:
      Reserve: { sku: item.sku, orderId: id }
  BadList:
    on: OrderPlaced
    forEach: event.customerId
    when: "item.quantity > 1"
    execute:
      Reserve: { sku: item.sku, orderId: id }
`)).toEqual([
      expect.stringMatching(/^ORX5012 spec\.yaml:39:23 'item' is not available in this expression\.$/),
      expect.stringMatching(/^ORX6153 spec\.yaml:42:14 /),
    ]);
  });
});
