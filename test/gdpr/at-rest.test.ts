// THE proof of crypto-shredding: pii written through every available store (events, a snapshot, a
// dead letter) never reaches storage in plaintext while the application reads it back; after
// `forget` the application reads only the erased values, and commands keep working.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMessageBus } from '../../runtime/bus/message-bus.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import { TOKEN_PREFIX } from '../../runtime/gdpr/cipher.js';
import { createGdpr, type Gdpr } from '../../runtime/gdpr/gdpr.js';
import { createCrm, crmAggregates, FORGOTTEN_NAME, REMOVED_NOTE, type Crm } from './support/crm.js';
import { storageTargets, type OpenedTarget } from './support/targets.js';

const caseId = '6f1c1b0e-2d7e-4f59-9a4b-0c7f1e2d3a41';
const customerId = 'c0ffee00-1111-4222-8333-444455556666';
const agentId = 'a9e17000-aaaa-4bbb-8ccc-dddd0000eeee';
const streamId = `crm/Case/${caseId}`;

// Distinctive plaintext markers: none may appear in any raw storage, ever.
const NAME = 'Marker Name Qx7Zv';
const EMAIL_WORK = 'marker.work.k3p9@example.test';
const EMAIL_HOME = 'marker.home.r8t2@example.test';
const NOTE_1 = 'MarkerNote-one-W4n8';
const NOTE_2 = 'MarkerNote-two-J6d1';
const NOTE_3 = 'MarkerNote-three-after-forget-B2m5';
const AGENT_EMAIL = 'marker.agent.h5s7@example.test';
const MARKERS = [NAME, EMAIL_WORK, EMAIL_HOME, NOTE_1, NOTE_2, NOTE_3, AGENT_EMAIL];
/** Not personal data: stored in the clear, so the scan must find it (the scan sees the data at all). */
const CONTROL = 'ControlTag-not-pii-V9c4';

const clock = (): Date => new Date('2025-03-04T05:06:07.000Z');

interface Running {
  readonly target: OpenedTarget;
  readonly gdpr: Gdpr;
  readonly crm: Crm;
  readonly drain: () => Promise<void>;
}

function start(target: OpenedTarget): Running {
  const gdpr = createGdpr({ keys: target.keys, aggregates: crmAggregates, clock });
  const bus = createMessageBus({ deadLetters: gdpr.deadLetterQueue(target.deadLetters), retry: { maxAttempts: 1 } });
  bus.subscribe({
    name: 'notifier',
    on: 'NoteAdded',
    handle: () => {
      throw new Error('the mail server is down');
    },
  });
  // A state cache too: forget must drop its decrypted states.
  const crm = createCrm({ store: target.store, snapshots: target.snapshots, bus, gdpr, clock, cacheSize: 10 });
  return { target, gdpr, crm, drain: () => bus.drain() };
}

/** What the plain adapters give back when read directly (the only view of in-memory state). */
async function adapterView(target: OpenedTarget): Promise<string> {
  const events: EventEnvelope[] = [];
  for await (const event of target.store.readAll()) events.push(event);
  return JSON.stringify({ events, snapshot: await target.snapshots.load(streamId), deadLetters: await target.deadLetters.list() });
}

/** The markers found in raw storage or in the adapters' own reads. */
async function plaintextAtRest(target: OpenedTarget): Promise<string[]> {
  const text = `${await target.rawText()}\n${await adapterView(target)}`;
  return [...MARKERS, CONTROL].filter((marker) => text.includes(marker));
}

/** The case's events as the application reads them, through the layer. */
async function readEvents({ gdpr, target }: Running): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for await (const event of gdpr.eventStore(target.store).readStream(streamId)) events.push(event);
  return events;
}

describe.each(storageTargets())('pii at rest: $name', (storage) => {
  let running: Running;
  beforeEach(async () => {
    running = start(await storage.open());
  });
  afterEach(() => running.target.close());

  it('stores only ciphertext, reads plaintext back, and reads only erased values after forget', async () => {
    const { crm, gdpr, target } = running;
    const contacts = [
      { label: 'work', email: EMAIL_WORK },
      { label: 'home', email: EMAIL_HOME },
    ];
    await crm.execute('OpenCase', { caseId, customerId, customerName: NAME, contacts });
    await crm.execute('AssignAgent', { caseId, agentId, agentEmail: AGENT_EMAIL });
    await crm.execute('AddNote', { caseId, note: NOTE_1 });
    await crm.execute('AddNote', { caseId, note: NOTE_2 });
    await crm.execute('AddTag', { tagSetId: 'tags-1', tag: CONTROL });
    await running.drain();

    // At rest: ciphertext only — including the snapshot at version 4 and the two dead letters.
    expect(await plaintextAtRest(target)).toEqual([CONTROL]);
    expect(await target.snapshots.load(streamId)).toMatchObject({ version: 4 });
    expect(await target.deadLetters.list()).toHaveLength(2);
    const raw = await adapterView(target);
    expect(raw).toContain(TOKEN_PREFIX);

    // The application reads everything back in the clear.
    const before = await crm.load('Case', caseId);
    expect(before.state).toEqual({ customerId, customerName: NAME, contacts, notes: [NOTE_1, NOTE_2], agentId, agentEmail: AGENT_EMAIL, status: 'open' });
    expect(before.snapshotVersion).toBe(4);
    expect((await readEvents(running)).map((event) => event.data)).toEqual([
      { customerId, customerName: NAME, contacts },
      { agentId, agentEmail: AGENT_EMAIL },
      { note: NOTE_1 },
      { note: NOTE_2 },
    ]);
    expect((await gdpr.snapshotStore(target.snapshots).load(streamId))?.state).toEqual(before.state);
    const letters = await gdpr.deadLetterQueue(target.deadLetters).list();
    expect(letters.map((letter) => letter.event.data)).toEqual([{ note: NOTE_1 }, { note: NOTE_2 }]);
    expect(letters[0]?.error.message).toBe('the mail server is down');

    // Right of access: every value of the customer, where it lives; none of the agent's.
    const exported = await crm.exportSubject(customerId);
    const where = exported.values.map(({ location, path, value }) => [location.store, 'version' in location ? location.version : location.handler, path.join('.'), value]);
    expect(where).toEqual([
      ['event', 1, 'customerName', NAME],
      ['event', 1, 'contacts.0.email', EMAIL_WORK],
      ['event', 1, 'contacts.1.email', EMAIL_HOME],
      ['event', 3, 'note', NOTE_1],
      ['event', 4, 'note', NOTE_2],
      ['snapshot', 4, 'customerName', NAME],
      ['snapshot', 4, 'contacts.0.email', EMAIL_WORK],
      ['snapshot', 4, 'contacts.1.email', EMAIL_HOME],
      ['snapshot', 4, 'notes', [NOTE_1, NOTE_2]],
      ['dead-letter', 'notifier', 'note', NOTE_1],
      ['dead-letter', 'notifier', 'note', NOTE_2],
    ]);
    expect(exported.erased).toEqual([]);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect((await crm.exportSubject(agentId)).values.map(({ path, value }) => [path.join('.'), value])).toEqual([
      ['agentEmail', AGENT_EMAIL],
      ['agentEmail', AGENT_EMAIL],
    ]);

    // Forget the customer (twice: harmless).
    const forgotten = await crm.forget(customerId);
    expect(forgotten.destroyedKeyIds).toHaveLength(1);
    expect(await crm.forget(customerId)).toEqual({ subject: customerId, destroyedKeyIds: [] });

    // Every read now yields the erased values; the agent's data is intact.
    const erasedState = { customerId, customerName: FORGOTTEN_NAME, contacts: [{ label: 'work' }, { label: 'home' }], notes: [], agentId, agentEmail: AGENT_EMAIL, status: 'open' };
    expect((await crm.load('Case', caseId)).state).toEqual(erasedState);
    expect((await readEvents(running)).map((event) => event.data)).toEqual([
      { customerId, customerName: FORGOTTEN_NAME, contacts: [{ label: 'work' }, { label: 'home' }] },
      { agentId, agentEmail: AGENT_EMAIL },
      { note: REMOVED_NOTE },
      { note: REMOVED_NOTE },
    ]);
    expect((await gdpr.snapshotStore(target.snapshots).load(streamId))?.state).toEqual(erasedState);
    expect((await gdpr.deadLetterQueue(target.deadLetters).list()).map((letter) => letter.event.data)).toEqual([{ note: REMOVED_NOTE }, { note: REMOVED_NOTE }]);
    // A fresh runtime (another process) folds the whole stream without the snapshot: erased too.
    const folded = createCrm({ store: gdpr.eventStore(target.store) });
    expect((await folded.load('Case', caseId)).state).toEqual({ ...erasedState, notes: [REMOVED_NOTE, REMOVED_NOTE] });

    // Commands still work; the customer's new pii gets a new key, never the old one.
    await crm.execute('AddNote', { caseId, note: NOTE_3 });
    await running.drain();
    expect((await crm.load('Case', caseId)).state.notes).toEqual([NOTE_3]);
    const keys = await target.keys.keysOf(customerId);
    expect(keys.map((key) => key.destroyedAt !== undefined)).toEqual([true, false]);
    expect(keys[1]?.keyId).not.toBe(forgotten.destroyedKeyIds[0]);
    const afterwards = await crm.exportSubject(customerId);
    expect(afterwards.values.map(({ location, path, value }) => [location.store, path.join('.'), value])).toEqual([
      ['event', 'note', NOTE_3],
      ['dead-letter', 'note', NOTE_3],
    ]);
    expect(afterwards.erased).toHaveLength(exported.values.length);

    // Still nothing in plaintext at rest.
    expect(await plaintextAtRest(target)).toEqual([CONTROL]);
  });
});
