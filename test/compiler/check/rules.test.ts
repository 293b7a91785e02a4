import { describe, expect, it } from 'vitest';
import type { AggregateModel, AssignmentModel, DomainModel } from '../../../compiler/model/model.js';
import { checkClean, codesOf, fixture, runPipeline } from './support.js';

const first = (m: DomainModel): AggregateModel => {
  const a = m.aggregates[0];
  if (a === undefined) throw new Error('no aggregate');
  return a;
};
const summary = (a: AssignmentModel): string => {
  const t = a.value.tree;
  return `${a.field} <- ${a.origin}:${t.kind === 'ref' ? [t.root, ...t.path].join('.') : t.kind}`;
};

const hashOf = (yaml: string): string => first(checkClean(yaml)).stateSchemaHash;

describe('state schema hash', () => {
  const base = `domain: shop
types:
  Size:
    enum: [S, M, L]
  Address:
    fields:
      city: string
  Unused:
    enum: [x]
aggregates:
  Cart:
    state:
      size: { type: Size, default: M }
      address: Address?
      count: { type: integer, default: 0 }
    commands:
      Add:
        emits: [Added]
    events:
      Added: {}
`;

  it('is stable across runs and across formatting of the same shape', () => {
    const reformatted = base.replace(
      'count: { type: integer, default: 0 }',
      'count:\n        type: integer\n        default: 0',
    );
    expect(hashOf(base)).toBe(hashOf(base));
    expect(hashOf(reformatted)).toBe(hashOf(base));
  });

  it('ignores what snapshots do not store: defaults, constraints, descriptions, unused types, behaviour', () => {
    expect(hashOf(base.replace('default: M', 'default: L'))).toBe(hashOf(base));
    expect(hashOf(base.replace('default: 0 }', 'default: 0, min: 0, description: items }'))).toBe(hashOf(base));
    expect(hashOf(base.replace('enum: [x]', 'enum: [x, y]'))).toBe(hashOf(base));
    expect(hashOf(base.replace('Added: {}', 'Added: {}\n      Removed: {}'))).toBe(hashOf(base));
  });

  it('changes with the state shape and with the types it uses', () => {
    const original = hashOf(base);
    expect(hashOf(base.replace('enum: [S, M, L]', 'enum: [S, M, L, XL]'))).not.toBe(original);
    expect(hashOf(base.replace('city: string', 'city: string\n      zip: string?'))).not.toBe(original);
    expect(hashOf(base.replace('type: integer, default: 0', 'type: number, default: 0'))).not.toBe(original);
    expect(hashOf(base.replace('address: Address?', 'address: Address[]'))).not.toBe(original);
    expect(hashOf(base.replace('count:', 'total:'))).not.toBe(original);
    expect(
      hashOf(
        base.replace('city: string', 'city: { type: string, pii: true }').replace('Cart:', 'Cart:\n    subject: id'),
      ),
    ).not.toBe(original);
  });
});

describe('merging files of a domain', () => {
  const types = `domain: shop
description: Types.
types:
  Money:
    fields:
      amount: integer
`;
  const carts = `domain: shop
description: Carts.
aggregates:
  Cart:
    state:
      total: Money?
    commands:
      Pay:
        fields:
          total: Money
        emits: [Paid]
    events:
      Paid:
        fields:
          total: Money
`;
  const other = `domain: billing
aggregates:
  Invoice:
    state:
      paid: { type: boolean, default: false }
`;

  it('resolves names across files and builds one model per domain, sorted by name', () => {
    const result = runPipeline({ 'b/carts.yaml': carts, 'a/types.yaml': types, 'other.yaml': other });
    expect(result.all).toEqual([]);
    expect(result.domains.map((d) => d.name)).toEqual(['billing', 'shop']);
    const shop = result.domains[1];
    expect(shop?.sources).toEqual(['a/types.yaml', 'b/carts.yaml']);
    expect(shop?.description).toBe('Types.\n\nCarts.');
    expect(shop?.types.map((t) => t.name)).toEqual(['Money']);
    expect(shop?.aggregates[0]?.state[0]?.type).toEqual({ kind: 'value', name: 'Money' });
  });

  it('reports a domain with errors without blocking the other domains', () => {
    const broken = other.replace('boolean', 'bool');
    const result = runPipeline({ 'types.yaml': types, 'carts.yaml': carts, 'other.yaml': broken });
    expect(result.domains.map((d) => d.name)).toEqual(['shop']);
    expect(result.diagnostics.map((d) => `${d.code} ${d.span.file}`)).toEqual(['ORX4001 other.yaml']);
  });
});

describe('copy rules', () => {
  it('fills an event field named like the id field from the aggregate id', () => {
    const model = checkClean(`domain: shop
aggregates:
  Cart:
    id: { name: cartCode, type: string }
    state:
      open: { type: boolean, default: false }
    commands:
      Open:
        creates: true
        emits: [Opened]
    events:
      Opened:
        fields:
          cartCode: string
`);
    const open = first(model).commands[0];
    expect(open?.emits[0]?.assignments.map(summary)).toEqual(['cartCode <- implicit:id']);
    expect(first(model).id).toEqual({ name: 'cartCode', type: { kind: 'primitive', name: 'string' } });
  });

  it('defaults the id to <aggregate>Id of type uuid', () => {
    const model = checkClean(`domain: shop
aggregates:
  ShoppingCart:
    state:
      open: { type: boolean, default: false }
`);
    expect(first(model).id).toEqual({ name: 'shoppingCartId', type: { kind: 'primitive', name: 'uuid' } });
  });

  it('upcasts through a chain of versions, copying by name and leaving defaults and optionals to the reader', () => {
    const model = checkClean(`domain: shop
aggregates:
  Cart:
    state:
      total: { type: number, default: 0 }
    events:
      Priced:
        version: 3
        fields:
          total: number
          currency: { type: string, default: EUR }
          note: string?
        previous:
          1:
            fields:
              cents: integer
            upcast:
              total: event.cents / 100
          2:
            fields:
              total: number
`);
    const priced = first(model).events[0];
    expect(priced?.previous.map((p) => [p.version, p.upcast.map(summary)])).toEqual([
      [1, ['total <- explicit:binary']],
      [2, ['total <- implicit:event.total']],
    ]);
    expect(priced?.apply.map(summary)).toEqual(['total <- implicit:event.total']);
  });
});

describe('personal data', () => {
  it('resolves the aggregate subject `id`, and state subjects for records without the field', () => {
    const model = checkClean(`domain: crm
aggregates:
  Customer:
    subject: id
    state:
      email: { type: email, optional: true, pii: true }
    commands:
      ChangeEmail:
        fields:
          email: { type: email, pii: true }
        emits: [EmailChanged]
    events:
      EmailChanged:
        fields:
          email: { type: email, pii: true }
  Account:
    subject: ownerId
    state:
      ownerId: string?
      nickname: { type: string, optional: true, pii: { subject: ownerId, erased: anonymous } }
    events:
      Renamed:
        fields:
          nickname: { type: string, pii: true }
`);
    const customer = model.aggregates.find((a) => a.name === 'Customer');
    expect(customer?.subject).toEqual({ kind: 'id' });
    expect(customer?.commands[0]?.piiPaths[0]?.subject).toEqual({ kind: 'id' });
    const account = model.aggregates.find((a) => a.name === 'Account');
    expect(account?.events[0]?.piiPaths[0]?.subject).toEqual({ kind: 'state', name: 'ownerId' });
    const nickname = account?.state[1];
    expect(nickname?.pii).toEqual({ subject: { kind: 'state', name: 'ownerId' }, erased: 'anonymous' });
    // pii without an erased value may be removed by forget: readers see it as optional.
    expect(account?.events[0]?.fields[0]).toMatchObject({ optional: false, readOptional: true });
  });

  it('reads a pii field with an erased value as present, and one without as possibly absent', () => {
    const spec = (erased: string): string => `domain: crm
aggregates:
  Customer:
    subject: id
    state:
      name: { type: string, default: "" }
    events:
      Renamed:
        fields:
          name: { type: string, pii: ${erased} }
`;
    expect(first(checkClean(spec('{ erased: "" }'))).events[0]?.apply.map(summary)).toEqual([
      'name <- implicit:event.name',
    ]);
    expect(codesOf(spec('true'))).toEqual(['ORX6007']);
  });
});

describe('value type nesting', () => {
  const chain = (levels: number): string => {
    let text = 'domain: deep\ntypes:\n';
    for (let i = 0; i < levels; i++) {
      text += `  Level${i}:\n    fields:\n      inner: ${i + 1 < levels ? `Level${i + 1}?` : 'string'}\n`;
    }
    return `${text}aggregates:\n  Holder:\n    state:\n      top: Level0?\n`;
  };

  it('allows 32 levels and reports the 33rd once', () => {
    expect(checkClean(chain(32)).types).toHaveLength(32);
    expect(codesOf(chain(33))).toEqual(['ORX4013']);
  });

  it('reports a chain thousands of types long without exhausting the stack', () => {
    expect(codesOf(chain(5000))).toEqual(['ORX4013']);
  });
});

describe('reporting', () => {
  it('reports every mistake of a spec at once, sorted by position', () => {
    const result = runPipeline({ 'spec.yaml': fixture('many-mistakes.yaml') });
    const lines = result.diagnostics.map((d) => d.span.start.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(result.diagnostics.map((d) => d.code)).size).toBeGreaterThanOrEqual(8);
    expect(result.domains).toEqual([]);
  });

  it('keeps the model when there are only warnings', () => {
    const result = runPipeline({
      'spec.yaml': `domain: shop
aggregates:
  Cart:
    state:
      open: { type: boolean, default: false }
    commands:
      Ping: {}
`,
    });
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['ORX6004', 'warning']]);
    expect(result.domains.map((d) => d.name)).toEqual(['shop']);
  });

  it('points a duplicate at the first declaration', () => {
    const result = runPipeline({
      'a.yaml': 'domain: shop\ntypes:\n  Money:\n    enum: [EUR]\n',
      'b.yaml': 'domain: shop\ntypes:\n  Money:\n    enum: [USD]\n',
    });
    const [duplicate] = result.diagnostics;
    expect(duplicate?.code).toBe('ORX3006');
    expect(duplicate?.span.file).toBe('b.yaml');
    expect(duplicate?.related.map((r) => `${r.span.file}:${r.span.start.line}:${r.span.start.column}`)).toEqual([
      'a.yaml:3:3',
    ]);
  });

  it('does not cascade from a field whose type did not resolve into the expressions that use it', () => {
    expect(
      codesOf(`domain: shop
aggregates:
  Cart:
    state:
      total: { type: Amount, optional: true }
    events:
      Priced:
        fields:
          price: integer
        apply:
          total: state.total + event.price
`),
    ).toEqual(['ORX4001']);
  });

  it('suggests the closest name', () => {
    const [d] = runPipeline({
      'spec.yaml': `domain: shop
aggregates:
  Cart:
    state:
      count: { type: interger, default: 0 }
`,
    }).diagnostics;
    expect(d?.message).toContain("Did you mean 'integer'?");
    expect(d?.hint).toEqual(expect.any(String));
  });
});
