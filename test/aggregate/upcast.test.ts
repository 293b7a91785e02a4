import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventDefinition } from '../../runtime/aggregate/definition.js';
import { UnknownEventError, UpcastError } from '../../runtime/aggregate/errors.js';
import { createEventReader, upcastData } from '../../runtime/aggregate/upcast.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import { accountDefinition } from '../support/fixtures/bank-account.js';

/** `Renamed`: v1 { name } -> v2 { fullName } -> v3 { fullName, country }. */
const renamed: EventDefinition = {
  type: 'Renamed',
  schemaVersion: 3,
  schema: z.object({ fullName: z.string(), country: z.string() }),
  upcasters: {
    1: ({ name, ...rest }) => ({ ...rest, fullName: name }),
    2: (data) => ({ ...data, country: 'NL' }),
  },
  pii: { 1: [], 2: [], 3: [] },
};

const envelope = (type: string, schemaVersion: number, data: unknown): EventEnvelope => ({
  id: 'e1',
  type,
  source: 'test',
  subject: 'banking/Account/a',
  time: '2024-01-01T00:00:00.000Z',
  data,
  streamId: 'banking/Account/a',
  version: 7,
  position: 7,
  schemaVersion,
  metadata: {},
});

describe('upcastData', () => {
  it('lifts through every step of the chain, in order', () => {
    expect(upcastData(renamed, 1, { name: 'Ada' })).toEqual({ fullName: 'Ada', country: 'NL' });
    expect(upcastData(renamed, 2, { fullName: 'Ada' })).toEqual({ fullName: 'Ada', country: 'NL' });
  });

  it('returns current-version data as it is, and never modifies stored data', () => {
    const current = { fullName: 'Ada', country: 'BE' };
    expect(upcastData(renamed, 3, current)).toBe(current);
    const stored = Object.freeze({ name: 'Ada' });
    upcastData(renamed, 1, stored);
    expect(stored).toEqual({ name: 'Ada' });
  });

  it('rejects a stored version newer than the definition', () => {
    const error = (() => {
      try {
        return upcastData(renamed, 4, {});
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UpcastError);
    expect(error).toMatchObject({ code: 'UPCAST_FAILED', eventType: 'Renamed', fromVersion: 4, toVersion: 3 });
  });

  it('names the missing link of a broken chain', () => {
    const broken: EventDefinition = { ...renamed, upcasters: { 1: renamed.upcasters[1] ?? ((data) => ({ ...data })) } };
    expect(() => upcastData(broken, 1, { name: 'Ada' })).toThrow(/no upcaster from version 2/);
  });

  it('rejects a non-positive or fractional stored version', () => {
    expect(() => upcastData(renamed, 0, {})).toThrow(UpcastError);
    expect(() => upcastData(renamed, 1.5, {})).toThrow(UpcastError);
  });

  it('wraps an upcaster failure with its cause', () => {
    const failing: EventDefinition = {
      ...renamed,
      upcasters: {
        ...renamed.upcasters,
        1: () => {
          throw new RangeError('bad data');
        },
      },
    };
    expect(() => upcastData(failing, 1, { name: 'Ada' })).toThrow(expect.objectContaining({ code: 'UPCAST_FAILED', cause: expect.any(RangeError) }));
  });

  it('refuses to hand a non-object to an upcaster', () => {
    expect(() => upcastData(renamed, 1, 'Ada')).toThrow(/not an object/);
  });
});

describe('createEventReader', () => {
  const read = createEventReader(accountDefinition);

  it('upcasts a stored v1 MoneyDeposited to v2 with the fixture upcaster', () => {
    expect(read(envelope('MoneyDeposited', 1, { amount: 30 }))).toEqual({ type: 'MoneyDeposited', data: { amount: 30, balanceAfter: 0 } });
  });

  it('passes current-version events through unchanged, without copying', () => {
    const stored = envelope('MoneyDeposited', 2, { amount: 30, balanceAfter: 130 });
    const event = read(stored);
    expect(event).toMatchObject({ type: 'MoneyDeposited', data: { amount: 30, balanceAfter: 130 } });
    expect(event.data).toBe(stored.data);
  });

  it('rejects an event type the aggregate does not declare, including Object.prototype names', () => {
    for (const type of ['MoneyLaundered', 'constructor', '__proto__']) {
      let caught: unknown;
      try {
        read(envelope(type, 1, {}));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnknownEventError);
      expect(caught).toMatchObject({ code: 'EVENT_TYPE_UNKNOWN', aggregate: 'Account', eventType: type, streamId: 'banking/Account/a', version: 7 });
    }
  });

  it('reads each event by its own type when types alternate (one reader folds many streams)', () => {
    const fresh = createEventReader(accountDefinition);
    const sequence = [
      envelope('MoneyDeposited', 1, { amount: 1 }),
      envelope('MoneyDeposited', 1, { amount: 2 }),
      envelope('AccountOpened', 1, { ownerId: 'o', ownerName: 'Ada' }),
      envelope('MoneyDeposited', 1, { amount: 3 }),
      envelope('MoneyWithdrawn', 1, { amount: 4, balanceAfter: 0 }),
    ];
    expect(sequence.map((stored) => fresh(stored).data)).toEqual([
      { amount: 1, balanceAfter: 0 },
      { amount: 2, balanceAfter: 0 },
      { ownerId: 'o', ownerName: 'Ada' },
      { amount: 3, balanceAfter: 0 },
      { amount: 4, balanceAfter: 0 },
    ]);
    expect(() => fresh(envelope('MoneyLaundered', 1, {}))).toThrow(UnknownEventError);
    expect(fresh(envelope('MoneyDeposited', 1, { amount: 5 })).data).toEqual({ amount: 5, balanceAfter: 0 });
  });
});
