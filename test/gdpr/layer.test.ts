// The encryption layer around a plain adapter, used directly (not through the command executor):
// subject resolution at append, what reaches the adapter, erased values, idempotent replays,
// subscriptions, wrapping rules and the domain runtime's GDPR options.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope, NewEvent } from '../../runtime/events/envelope.js';
import { ConfigurationError, ValidationError } from '../../runtime/errors/errors.js';
import { TOKEN_PREFIX } from '../../runtime/gdpr/cipher.js';
import { PiiSchemaUnknownError, PiiSubjectUnresolvedError } from '../../runtime/gdpr/errors.js';
import { createGdpr, type Gdpr } from '../../runtime/gdpr/gdpr.js';
import type { KeyStore } from '../../runtime/gdpr/key-store.js';
import type { EventStore } from '../../runtime/store/event-store.js';
import { createInMemoryDeadLetterQueue } from '../../runtime/store/memory/dead-letters.js';
import { createInMemoryEventStore } from '../../runtime/store/memory/events.js';
import { createInMemoryKeyStore } from '../../runtime/store/memory/keys.js';
import { createInMemorySnapshotStore } from '../../runtime/store/memory/snapshots.js';
import { caseDefinition, createCrm, crmAggregates, FORGOTTEN_NAME, REMOVED_NOTE, tagSetDefinition } from './support/crm.js';

const customer = 'c1c1c1c1-0000-4000-8000-000000000001';
const agent = 'a1a1a1a1-0000-4000-8000-000000000002';
const stream = 'crm/Case/0e0e0e0e-0000-4000-8000-000000000003';
const TOKEN = /^orx-pii:1:[0-9a-f-]{36}:[A-Za-z0-9_-]+$/u;

/** A real in-memory store that also records every batch it was asked to append. */
function recordingStore(): EventStore & { readonly batches: (readonly NewEvent[])[]; readonly inner: EventStore } {
  const inner = createInMemoryEventStore();
  const batches: (readonly NewEvent[])[] = [];
  return {
    inner,
    batches,
    append: (streamId, events, options) => {
      batches.push(events);
      return inner.append(streamId, events, options);
    },
    readStream: (streamId, options) => inner.readStream(streamId, options),
    readStreamPages: (streamId, options) => inner.readStreamPages(streamId, options),
    streamVersion: (streamId) => inner.streamVersion(streamId),
    headPosition: () => inner.headPosition(),
    readAll: (options) => inner.readAll(options),
    subscribe: (options) => inner.subscribe(options),
    close: () => inner.close(),
  };
}

async function all(events: AsyncIterable<EventEnvelope>): Promise<EventEnvelope[]> {
  const out: EventEnvelope[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const opened = (name: string, email: string): NewEvent => ({
  type: 'CaseOpened',
  data: { customerId: customer, customerName: name, contacts: [{ label: 'work', email }] },
});

let keys: KeyStore;
let gdpr: Gdpr;
let plain: ReturnType<typeof recordingStore>;
let store: EventStore;

beforeEach(() => {
  keys = createInMemoryKeyStore();
  gdpr = createGdpr({ keys, aggregates: crmAggregates });
  plain = recordingStore();
  store = gdpr.eventStore(plain);
});
afterEach(() => store.close());

describe('appending directly to the encrypted store', () => {
  it('encrypts values whose subject is a field of the event, binds them to an id it assigns, and reads them back', async () => {
    const result = await store.append(stream, [opened('Ada', 'ada@example.test')]);
    expect(result.events[0]?.data).toEqual({ customerId: customer, customerName: 'Ada', contacts: [{ label: 'work', email: 'ada@example.test' }] });

    const sent = plain.batches[0]?.[0];
    expect(sent?.id).toMatch(/^[0-9a-f-]{36}$/u);
    expect(sent?.id).toBe(result.events[0]?.id);
    const [stored] = await all(plain.inner.readStream(stream));
    const data = stored?.data as { customerName: string; contacts: { label: string; email: string }[]; customerId: string };
    expect(data.customerId).toBe(customer);
    expect(data.customerName).toMatch(TOKEN);
    expect(data.contacts[0]?.label).toBe('work');
    expect(data.contacts[0]?.email).toMatch(TOKEN);
    expect(JSON.stringify(stored)).not.toContain('Ada');
    expect((await all(store.readStream(stream)))[0]?.data).toEqual(result.events[0]?.data);
  });

  it('uses a fresh random IV for every value: the same plaintext never gives the same ciphertext', async () => {
    await store.append(stream, [opened('Ada', 'ada@example.test'), opened('Ada', 'ada@example.test')]);
    const names = (await all(plain.inner.readStream(stream))).map((event) => (event.data as { customerName: string }).customerName);
    expect(names).toHaveLength(2);
    expect(names[0]).not.toBe(names[1]);
    expect(names.every((name) => name.startsWith(TOKEN_PREFIX))).toBe(true);
  });

  it('rejects a value whose subject is a state field unless the writer names it, and writes nothing', async () => {
    await store.append(stream, [opened('Ada', 'ada@example.test')]);
    const error = await store.append(stream, [{ type: 'NoteAdded', data: { note: 'called back' } }]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PiiSubjectUnresolvedError);
    expect(error).toMatchObject({ code: 'PII_SUBJECT_UNRESOLVED', path: ['note'] });
    expect((error as Error).message).toContain("state field 'customerId'");
    expect((error as Error).message).not.toContain('called back');
    expect(await store.streamVersion(stream)).toBe(1);

    // With the subject named in the metadata (what the command executor does), it is encrypted, and the subject id is stored with it.
    await store.append(stream, [{ type: 'NoteAdded', data: { note: 'called back' }, metadata: { piiSubjects: { customerId: customer } } }]);
    const [, stored] = await all(plain.inner.readStream(stream));
    expect((stored?.data as { note: string }).note).toMatch(TOKEN);
    expect(stored?.metadata).toEqual({ piiSubjects: { customerId: customer } });
    expect((await all(store.readStream(stream)))[1]?.data).toEqual({ note: 'called back' });
    expect((await gdpr.exportSubject(customer)).values.map((value) => value.path.join('.'))).toEqual(['customerName', 'contacts.0.email', 'note']);
  });

  it('rejects a value whose subject field is missing or empty', async () => {
    for (const customerId of [undefined, '', 42]) {
      const data = { customerId, customerName: 'Ada', contacts: [] };
      await expect(store.append(stream, [{ type: 'CaseOpened', data }])).rejects.toMatchObject({ code: 'PII_SUBJECT_UNRESOLVED', path: ['customerName'] });
    }
    expect(await store.streamVersion(stream)).toBe(0);
  });

  it('rejects a known event type at a schema version without pii metadata', async () => {
    const error = await store.append(stream, [{ ...opened('Ada', 'a@example.test'), schemaVersion: 2 }]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PiiSchemaUnknownError);
    expect(error).toMatchObject({ code: 'PII_SCHEMA_UNKNOWN', eventType: 'CaseOpened', schemaVersion: 2 });
  });

  it('passes events without pii through untouched (other streams, other types)', async () => {
    const event: NewEvent = { type: 'TagAdded', data: { tag: 'vip' }, metadata: { piiSubjects: { any: 'thing' } } };
    await store.append('crm/TagSet/t-1', [event]);
    await store.append('elsewhere/Thing/1', [{ type: 'Happened', data: { name: 'in the clear' } }]);
    await store.append(stream, [{ type: 'CaseClosed', data: {} }]);
    expect(plain.batches).toEqual([[event], [{ type: 'Happened', data: { name: 'in the clear' } }], [{ type: 'CaseClosed', data: {} }]]);
    expect(await keys.keysOf(customer)).toEqual([]);
  });

  it("stores a value equal to its path's erased value as is, without creating a key", async () => {
    await store.append(stream, [{ ...opened(FORGOTTEN_NAME, 'a@example.test') }]);
    const [stored] = await all(plain.inner.readStream(stream));
    expect((stored?.data as { customerName: string }).customerName).toBe(FORGOTTEN_NAME);
    expect((await all(store.readStream(stream)))[0]?.data).toMatchObject({ customerName: FORGOTTEN_NAME });
  });

  it('answers an idempotent retry with the first batch, decrypted', async () => {
    const first = await store.append(stream, [opened('Ada', 'a@example.test')], { idempotencyKey: 'command-1' });
    const retry = await store.append(stream, [opened('Ada', 'a@example.test')], { idempotencyKey: 'command-1' });
    expect(retry.events).toEqual(first.events);
    expect([first.replayed, retry.replayed]).toEqual([false, true]);
    // An empty batch under the key asks for it.
    expect(await store.append(stream, [], { idempotencyKey: 'command-1' })).toEqual(retry);
    expect(await store.streamVersion(stream)).toBe(1);
  });

  it('decrypts readAll and subscriptions; after forget they yield the erased values and a new key serves new values', async () => {
    await store.append(stream, [opened('Ada', 'a@example.test')]);
    expect((await all(store.readAll()))[0]?.data).toMatchObject({ customerName: 'Ada' });
    const [before] = await keys.keysOf(customer);
    await gdpr.forget(customer);
    await store.append(stream, [opened('Ada again', 'b@example.test')]);

    const stop = new AbortController();
    const received: unknown[] = [];
    for await (const event of store.subscribe({ signal: stop.signal })) {
      received.push(event.data);
      if (received.length === 2) stop.abort();
    }
    expect(received).toEqual([
      { customerId: customer, customerName: FORGOTTEN_NAME, contacts: [{ label: 'work' }] },
      { customerId: customer, customerName: 'Ada again', contacts: [{ label: 'work', email: 'b@example.test' }] },
    ]);
    const after = await keys.keysOf(customer);
    expect(after).toHaveLength(2);
    expect(after[0]?.keyId).toBe(before?.keyId);
    expect(after[1]?.keyId).not.toBe(before?.keyId);
  });
});

describe('dead letters and snapshots around plain adapters', () => {
  it('a dead letter of an event, or of any copy of it, is encrypted under its state-field subjects from its metadata; one without them cannot be', async () => {
    const inner = createInMemoryDeadLetterQueue();
    const queue = gdpr.deadLetterQueue(inner);
    await store.append(stream, [opened('Ada', 'a@example.test')]);
    const [noted] = (await store.append(stream, [{ type: 'NoteAdded', data: { note: 'secret note' }, metadata: { piiSubjects: { customerId: customer } } }])).events;
    if (noted === undefined) throw new Error('no event');
    const failure = { error: { name: 'Error', message: 'failed' }, attempts: 1, failedAt: '2025-01-01T00:00:00.000Z' };
    // A copy (structuredClone, a spread, JSON) says whose its values are as well as the original.
    const copy = JSON.parse(JSON.stringify(noted)) as EventEnvelope;
    const letter = await queue.add({ handler: 'h', event: copy, ...failure });
    expect(letter.event.data).toEqual({ note: 'secret note' });
    expect(JSON.stringify(await inner.get(letter.id))).not.toContain('secret note');

    const anonymous = { ...noted, metadata: {} };
    await expect(queue.add({ handler: 'h', event: anonymous, ...failure })).rejects.toBeInstanceOf(PiiSubjectUnresolvedError);

    await gdpr.forget(customer);
    expect((await queue.get(letter.id))?.event.data).toEqual({ note: REMOVED_NOTE });
    const updated = await queue.update(letter.id, { error: { name: 'Error', message: 'again' }, attempts: 2, failedAt: '2025-01-02T00:00:00.000Z' });
    expect(updated?.event.data).toEqual({ note: REMOVED_NOTE });
  });

  it('an event stored without piiSubjects (written before they were recorded) is read with them, from its ciphertexts\' keys', async () => {
    await store.append(stream, [{ type: 'NoteAdded', data: { note: 'old note' }, metadata: { piiSubjects: { customerId: customer }, correlationId: 'c-1' } }]);
    const [stored] = await all(plain.inner.readStream(stream));
    if (stored === undefined) throw new Error('no event');
    // The same ciphertext in a store whose events carry no piiSubjects, as older events do.
    const older = createInMemoryEventStore();
    await older.append(stream, [{ id: stored.id, type: stored.type, data: stored.data, schemaVersion: stored.schemaVersion, metadata: { correlationId: 'c-1' } }]);
    const [read] = await all(gdpr.eventStore(older).readStream(stream));
    expect(read?.metadata).toEqual({ correlationId: 'c-1', piiSubjects: { customerId: customer } });
    const letter = await gdpr.deadLetterQueue(createInMemoryDeadLetterQueue()).add({ handler: 'h', event: read as EventEnvelope, error: { name: 'Error', message: 'x' }, attempts: 1, failedAt: '2025-01-01T00:00:00.000Z' });
    expect(letter.event.data).toEqual({ note: 'old note' });
    await older.close();
  });

  it('a snapshot is encrypted with subjects from its own state, and reads erased after forget', async () => {
    const inner = createInMemorySnapshotStore();
    const snapshots = gdpr.snapshotStore(inner);
    const state = { customerId: customer, customerName: 'Ada', contacts: [{ label: 'w', email: 'a@example.test' }], notes: ['n'], agentId: agent, agentEmail: 'ag@example.test', status: 'open' };
    await snapshots.save({ streamId: stream, version: 3, stateSchemaHash: 'h', state, takenAt: '2025-01-01T00:00:00.000Z' });
    expect(JSON.stringify(await inner.load(stream))).not.toMatch(/Ada|a@example|ag@example|"n"/u);
    expect((await snapshots.load(stream))?.state).toEqual(state);
    await gdpr.forget(customer);
    expect((await snapshots.load(stream))?.state).toEqual({ ...state, customerName: FORGOTTEN_NAME, contacts: [{ label: 'w' }], notes: [] });
    await expect(snapshots.save({ streamId: stream, version: 4, stateSchemaHash: 'h', state: { ...state, customerId: undefined }, takenAt: '2025-01-01T00:00:00.000Z' })).rejects.toBeInstanceOf(
      PiiSubjectUnresolvedError,
    );
  });
});

describe('wrapping rules and the domain options', () => {
  it('wraps each store once, accepts its own wrappers, and refuses another layer’s', () => {
    expect(gdpr.eventStore(plain)).toBe(store);
    expect(gdpr.eventStore(store)).toBe(store);
    const other = createGdpr({ keys, aggregates: [caseDefinition] });
    expect(() => other.eventStore(store)).toThrow(ConfigurationError);
  });

  it('with `keys`, the domain encrypts its stores; `gdpr` must know its aggregates; not both', async () => {
    const inner = createInMemoryEventStore();
    const crm = createCrm({ store: inner, keys });
    expect((await crm.stores()).gdpr).toBeDefined();
    await crm.execute('OpenCase', { caseId: '0e0e0e0e-0000-4000-8000-000000000003', customerId: customer, customerName: 'Ada', contacts: [] });
    expect(JSON.stringify(await all(inner.readAll()))).not.toContain('Ada');

    expect(() => createCrm({ store: inner, keys, gdpr })).toThrow(ConfigurationError);
    const partial = createGdpr({ keys, aggregates: [tagSetDefinition] });
    expect(() => createCrm({ store: inner, gdpr: partial })).toThrow(/does not know 'crm\/Case'/u);
  });

  it('without keys, forget and exportSubject are configuration errors; empty subjects are validation errors', async () => {
    const crm = createCrm({ store: createInMemoryEventStore() });
    expect((await crm.stores()).gdpr).toBeUndefined();
    await expect(crm.forget(customer)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(crm.exportSubject(customer)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(gdpr.forget('')).rejects.toBeInstanceOf(ValidationError);
    await expect(gdpr.exportSubject('')).rejects.toBeInstanceOf(ValidationError);
  });

  it('exports a subject it never saw without reading any store', async () => {
    let reads = 0;
    const counting: EventStore = { ...plain, readAll: (options) => (reads++, plain.readAll(options)) };
    const layer = createGdpr({ keys, aggregates: crmAggregates, clock: () => new Date('2025-01-01T00:00:00.000Z') });
    layer.eventStore(counting);
    expect(await layer.exportSubject('nobody')).toEqual({ subject: 'nobody', exportedAt: '2025-01-01T00:00:00.000Z', keys: [], values: [], erased: [] });
    expect(reads).toBe(0);
  });
});
