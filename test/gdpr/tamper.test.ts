// Tampering with stored ciphertext — a flipped bit, a value moved to another field, event, stream or
// store, a relabelled key id, plaintext smuggled in — is detected and reported with a typed error,
// never decrypted and never silently read as erased (also after the subject was forgotten). The
// stored rows are edited in place in the SQLite file, as an attacker with database access would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportedErrorContext } from '../../runtime/aggregate/error-reporter.js';
import { createMessageBus } from '../../runtime/bus/message-bus.js';
import type { DeadLetterQueue } from '../../runtime/bus/dead-letter-queue.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import type { SnapshotStore } from '../../runtime/snapshot/snapshot-store.js';
import type { EventStore } from '../../runtime/store/event-store.js';
import { PiiIntegrityError, PiiKeyUnknownError, PiiMalformedError, PiiTamperedError } from '../../runtime/gdpr/errors.js';
import { createGdpr, type Gdpr } from '../../runtime/gdpr/gdpr.js';
import { createInMemoryKeyStore } from '../../runtime/store/memory/keys.js';
import Database from 'better-sqlite3';
import { openSqliteBackend } from '../../runtime/store/sqlite/backend.js';
import { createCrm, crmAggregates, FORGOTTEN_NAME, type Crm } from './support/crm.js';

const caseA = '11111111-1111-4111-8111-111111111111';
const caseB = '22222222-2222-4222-8222-222222222222';
const customerA = 'aaaaaaaa-0000-4000-8000-00000000000a';
const customerB = 'bbbbbbbb-0000-4000-8000-00000000000b';
const agentId = 'cccccccc-0000-4000-8000-00000000000c';
const streamA = `crm/Case/${caseA}`;
const streamB = `crm/Case/${caseB}`;
const SECRETS = ['Alice Secret-Name', 'alice.secret@example.test', 'Bob Secret-Name', 'bob.secret@example.test', 'note-one-secret', 'note-two-secret'];
const [NAME_A = '', EMAIL_A = '', NAME_B = '', EMAIL_B = '', NOTE_1 = '', NOTE_2 = ''] = SECRETS;

type Json = Record<string, unknown>;

let directory: string;
let raw: Database.Database;
let gdpr: Gdpr;
let crm: Crm;
/** The plain adapters (the layer wraps each once: `gdpr.eventStore(plain.store)` is the domain's). */
let plain: { readonly store: EventStore; readonly snapshots: SnapshotStore; readonly deadLetters: DeadLetterQueue };
let reported: { error: unknown; context: ReportedErrorContext }[];
let close: () => Promise<void>;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'orchestrix-gdpr-tamper-'));
  const file = join(directory, 'app.db');
  const backend = await openSqliteBackend({ path: file });
  const store = await backend.component('events');
  const snapshots = await backend.component('snapshots');
  const deadLetters = await backend.component('deadLetters');
  const keys = createInMemoryKeyStore();
  plain = { store, snapshots, deadLetters };
  gdpr = createGdpr({ keys, aggregates: crmAggregates });
  const bus = createMessageBus({ deadLetters: gdpr.deadLetterQueue(deadLetters), retry: { maxAttempts: 1 } });
  bus.subscribe({
    name: 'mailer',
    on: 'NoteAdded',
    handle: () => {
      throw new Error('no mail today');
    },
  });
  reported = [];
  crm = createCrm({ store, snapshots, bus, gdpr, onError: (error, context) => reported.push({ error, context }) });
  await crm.execute('OpenCase', { caseId: caseA, customerId: customerA, customerName: NAME_A, contacts: [{ label: 'work', email: EMAIL_A }, { label: 'home', email: EMAIL_A }] });
  await crm.execute('AssignAgent', { caseId: caseA, agentId, agentEmail: 'agent@example.test' });
  await crm.execute('AddNote', { caseId: caseA, note: NOTE_1 });
  await crm.execute('AddNote', { caseId: caseA, note: NOTE_2 });
  await crm.execute('OpenCase', { caseId: caseB, customerId: customerB, customerName: NAME_B, contacts: [{ label: 'work', email: EMAIL_B }] });
  await bus.drain();
  raw = new Database(file);
  close = async () => {
    raw.close();
    await Promise.all([backend.close(), keys.close()]);
  };
});

afterEach(async () => {
  await close();
  rmSync(directory, { recursive: true, force: true });
});

// ---- the raw rows ----

const eventData = (streamId: string, version: number): Json => {
  const row = raw.prepare<[string, number], { data: string }>('SELECT data FROM orchestrix_events WHERE stream_id = ? AND version = ?').get(streamId, version);
  return JSON.parse(row?.data ?? 'null') as Json;
};
const setEventData = (streamId: string, version: number, data: Json): void => {
  raw.prepare('UPDATE orchestrix_events SET data = ? WHERE stream_id = ? AND version = ?').run(JSON.stringify(data), streamId, version);
};
const token = (value: unknown): string => {
  if (typeof value !== 'string') throw new Error('expected a ciphertext token');
  return value;
};
/** The token with one bit flipped at `index` of its binary payload (negative: from the end). */
const flipBit = (value: unknown, index: number): string => {
  const text = token(value);
  const colon = text.lastIndexOf(':');
  const bytes = Buffer.from(text.slice(colon + 1), 'base64url');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return `${text.slice(0, colon + 1)}${bytes.toString('base64url')}`;
};
const withKeyId = (value: unknown, keyId: string): string => token(value).replace(/^(orx-pii:1:)[^:]+:/u, `$1${keyId}:`);

// ---- reading through the layer ----

async function readStream(streamId: string): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for await (const event of gdpr.eventStore(plain.store).readStream(streamId)) events.push(event);
  return events;
}

async function failure(promise: Promise<unknown>): Promise<PiiIntegrityError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PiiIntegrityError) {
      for (const secret of SECRETS) expect(error.message).not.toContain(secret);
      return error;
    }
    throw error;
  }
  throw new Error('expected an integrity error');
}

describe('tampered ciphertext', () => {
  it('a flipped bit anywhere (iv, ciphertext, tag, seal) is reported with PiiTamperedError', async () => {
    const original = eventData(streamB, 1);
    const keyId = token(original['customerName']).split(':')[2];
    for (const index of [0, 12, -20, -1]) {
      setEventData(streamB, 1, { ...original, customerName: flipBit(original['customerName'], index) });
      const error = await failure(crm.load('Case', caseB));
      expect(error).toBeInstanceOf(PiiTamperedError);
      expect(error).toMatchObject({ code: 'PII_TAMPERED', path: ['customerName'], keyId });
      expect(error.where).toContain(streamB);
    }
    setEventData(streamB, 1, original);
    expect((await crm.load('Case', caseB)).state.customerName).toBe(NAME_B);
  });
});

describe('ciphertext moved to another place', () => {
  it('to another field of the same event, or to another array element, is reported', async () => {
    const original = eventData(streamA, 1);
    const contacts = original['contacts'] as Json[];
    const [work = {}, home = {}] = contacts;
    setEventData(streamA, 1, { ...original, contacts: [{ ...work, email: original['customerName'] }, home] });
    expect(await failure(readStream(streamA))).toMatchObject({ code: 'PII_TAMPERED', path: ['contacts', '0', 'email'] });
    setEventData(streamA, 1, { ...original, contacts: [{ ...work, email: home['email'] }, { ...home, email: work['email'] }] });
    expect(await failure(readStream(streamA))).toMatchObject({ code: 'PII_TAMPERED', path: ['contacts', '0', 'email'] });
  });

  it('to another stream is reported, on reads and on load', async () => {
    const fromA = eventData(streamA, 1);
    setEventData(streamB, 1, { ...eventData(streamB, 1), customerName: fromA['customerName'] });
    expect(await failure(readStream(streamB))).toMatchObject({ code: 'PII_TAMPERED', path: ['customerName'] });
    expect(await failure(crm.load('Case', caseB))).toBeInstanceOf(PiiTamperedError);
  });

  it('to another event of the same stream and type is reported', async () => {
    setEventData(streamA, 4, { note: eventData(streamA, 3)['note'] });
    const error = await failure(readStream(streamA));
    expect(error).toMatchObject({ code: 'PII_TAMPERED', path: ['note'] });
    expect(error.where).toContain('NoteAdded');
  });

  it('into a dead letter is reported when the dead letters are read', async () => {
    const letter = raw.prepare<[], { id: string; event: string }>('SELECT id, event FROM orchestrix_dead_letters ORDER BY seq LIMIT 1').get();
    const event = JSON.parse(letter?.event ?? '{}') as Json;
    // The event's own ciphertext, copied into the letter: bound to the event store, not the queue.
    raw.prepare('UPDATE orchestrix_dead_letters SET event = ? WHERE id = ?').run(JSON.stringify({ ...event, data: { note: eventData(streamA, 3)['note'] } }), letter?.id);
    expect(await failure(gdpr.deadLetterQueue(plain.deadLetters).list())).toMatchObject({ code: 'PII_TAMPERED', path: ['note'] });
  });

  it('into a snapshot is reported; the aggregate is then folded from its events, and the failure reported', async () => {
    const row = raw.prepare<[string], { state: string }>('SELECT state FROM orchestrix_snapshots WHERE stream_id = ?').get(streamA);
    const state = JSON.parse(row?.state ?? '{}') as Json;
    raw.prepare('UPDATE orchestrix_snapshots SET state = ? WHERE stream_id = ?').run(JSON.stringify({ ...state, customerName: eventData(streamA, 1)['customerName'] }), streamA);
    expect(await failure(gdpr.snapshotStore(plain.snapshots).load(streamA))).toMatchObject({ code: 'PII_TAMPERED', path: ['customerName'] });

    const loaded = await crm.load('Case', caseA);
    expect(loaded.snapshotVersion).toBe(0);
    expect(loaded.state).toMatchObject({ customerName: NAME_A, notes: [NOTE_1, NOTE_2] });
    expect(reported).toHaveLength(1);
    expect(reported[0]?.error).toBeInstanceOf(PiiTamperedError);
    expect(reported[0]?.context).toMatchObject({ phase: 'snapshot-load', streamId: streamA });
  });

  it('after the subject was forgotten, a moved ciphertext is still reported — not silently read as erased', async () => {
    await crm.forget(customerA);
    expect((await readStream(streamA))[0]?.data).toMatchObject({ customerName: FORGOTTEN_NAME });
    setEventData(streamB, 1, { ...eventData(streamB, 1), customerName: eventData(streamA, 1)['customerName'] });
    expect(await failure(readStream(streamB))).toMatchObject({ code: 'PII_TAMPERED', path: ['customerName'] });
    setEventData(streamA, 3, { note: flipBit(eventData(streamA, 3)['note'], 12) });
    expect(await failure(readStream(streamA))).toMatchObject({ code: 'PII_TAMPERED', path: ['note'] });
  });
});

describe('relabelled or foreign values', () => {
  it('a ciphertext relabelled with another subject’s key id is reported', async () => {
    const original = eventData(streamB, 1);
    const keyOfA = token(eventData(streamA, 1)['customerName']).split(':')[2] ?? '';
    setEventData(streamB, 1, { ...original, customerName: withKeyId(original['customerName'], keyOfA) });
    expect(await failure(readStream(streamB))).toMatchObject({ code: 'PII_TAMPERED', keyId: keyOfA });
  });

  it('a key id the key store never issued is reported with PiiKeyUnknownError', async () => {
    const original = eventData(streamB, 1);
    const unknown = '00000000-0000-4000-8000-000000000000';
    setEventData(streamB, 1, { ...original, customerName: withKeyId(original['customerName'], unknown) });
    const error = await failure(readStream(streamB));
    expect(error).toBeInstanceOf(PiiKeyUnknownError);
    expect(error).toMatchObject({ code: 'PII_KEY_UNKNOWN', keyId: unknown });
  });

  it('plaintext or a broken token at a pii path is reported with PiiMalformedError; the declared erased value is accepted as is', async () => {
    const original = eventData(streamB, 1);
    const cases: unknown[] = ['Mallory Plain', 42, null, 'orx-pii:1:', `${token(original['customerName']).slice(0, 30)}`, 'orx-pii:1:key:***'];
    for (const value of cases) {
      setEventData(streamB, 1, { ...original, customerName: value });
      const error = await failure(readStream(streamB));
      expect(error).toBeInstanceOf(PiiMalformedError);
      expect(error).toMatchObject({ code: 'PII_MALFORMED', path: ['customerName'] });
      expect(error.message).not.toContain('Mallory');
    }
    setEventData(streamB, 1, { ...original, customerName: FORGOTTEN_NAME });
    expect((await readStream(streamB))[0]?.data).toMatchObject({ customerName: FORGOTTEN_NAME, contacts: [{ label: 'work', email: EMAIL_B }] });
  });
});
