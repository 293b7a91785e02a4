// The lakehouse example (domains/lakehouse.yaml) end to end through its GENERATED code with GDPR on:
// a data subject registered (pii nested in the ContactDetails value object, snapshotted), an
// anonymization job requested by a second person (`requesterEmail: pii: { subject: requesterId }`),
// the right of access (exportSubject), forget, and a reload in a fresh runtime over the same files:
// erased values, commands still working, and the requester's data intact until they are forgotten too.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteBackend, type KeyStore } from 'orchestrix/runtime';
import { createLakehouse, type ContactDetails, type Lakehouse } from '../../examples/generated/lakehouse/index.js';

const subjectId = '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a';
const datasetId = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const jobId = '7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b';
const secondJobId = '8f9a0b1c-2d3e-4f4a-9b6c-7d8e9f0a1b2c';
const requesterId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const NOW = '2024-05-06T07:08:09.000Z';
const clock = (): Date => new Date(NOW);

const NAME = 'Grace Marker-Hopper';
const contact: ContactDetails = { email: 'grace.marker@example.org', phone: '+44 20 7946 0999' };
const REQUESTER_EMAIL = 'dpo.marker@example.org';
const NEW_REQUESTER_EMAIL = 'dpo.new.marker@example.org';
const MARKERS = [NAME, contact.email, contact.phone ?? '', REQUESTER_EMAIL, NEW_REQUESTER_EMAIL];
/** 25 purposes: with registration, 26 events, so DataSubject (snapshot every 25) has a snapshot. */
const PURPOSES = Array.from({ length: 25 }, (_, index) => `purpose-${String.fromCharCode(97 + index)}`);

interface Runtime {
  readonly lakehouse: Lakehouse;
  readonly keys: KeyStore;
  readonly close: () => Promise<void>;
}

let directory: string;
let files: { readonly events: string; readonly keys: string };
let current: Runtime | undefined;

/** A runtime over the files, as a process would start: SQLite events and snapshots in one file, SQLite keys in another. */
async function start(): Promise<Runtime> {
  const events = await openSqliteBackend({ path: files.events });
  const keyBackend = await openSqliteBackend({ path: files.keys, clock });
  const keys = await keyBackend.component('keys');
  // Snapshots come from the events' backend, as the domain's default.
  const lakehouse = createLakehouse({ store: events, keys, clock });
  current = {
    lakehouse,
    keys,
    async close() {
      await lakehouse.close();
      await events.close();
      await keyBackend.close();
    },
  };
  return current;
}

/** A restart: close everything, open it again. */
async function reload(): Promise<Runtime> {
  await current?.close();
  return start();
}

const onDisk = (): string =>
  [files.events, `${files.events}-wal`, files.keys, `${files.keys}-wal`]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'orchestrix-gdpr-lakehouse-'));
  files = { events: join(directory, 'lakehouse.db'), keys: join(directory, 'keys.db') };
});
afterEach(async () => {
  await current?.close();
  current = undefined;
  rmSync(directory, { recursive: true, force: true });
});

describe('lakehouse with GDPR: register, anonymize, export, forget, reload', () => {
  it('runs the whole flow', async () => {
    const { lakehouse } = await start();
    await lakehouse.execute('RegisterSubject', { subjectId, name: NAME, contact });
    for (const purpose of PURPOSES) await lakehouse.execute('GrantConsent', { subjectId, purpose });
    await lakehouse.execute('RegisterDataset', { datasetId, name: 'customers', containsPersonalData: true });
    await lakehouse.execute('RecordIngestion', { datasetId, rows: 1200 });
    await lakehouse.execute('RequestAnonymization', { jobId, datasetId, dataSubjectId: subjectId, requesterId, requesterEmail: REQUESTER_EMAIL });
    await lakehouse.execute('StartAnonymization', { jobId });
    await lakehouse.execute('CompleteAnonymization', { jobId, rowsAnonymized: 3 });

    // Nothing personal on disk; the application reads it all.
    expect(MARKERS.filter((marker) => onDisk().includes(marker))).toEqual([]);
    const subject = await lakehouse.load('DataSubject', subjectId);
    expect(subject.snapshotVersion).toBe(25);
    expect(subject.state).toEqual({ name: NAME, contact, consents: PURPOSES, registeredAt: NOW });
    expect((await lakehouse.load('AnonymizationJob', jobId)).state).toMatchObject({ requesterEmail: REQUESTER_EMAIL, status: 'completed', rowsAnonymized: 3 });

    // Right of access, for each person: what is held and where.
    const exported = await lakehouse.exportSubject(subjectId);
    expect(exported.values.map(({ location, path, value }) => [location.store, location.streamId, 'version' in location ? location.version : 0, path.join('.'), value])).toEqual([
      ['event', `lakehouse/DataSubject/${subjectId}`, 1, 'name', NAME],
      ['event', `lakehouse/DataSubject/${subjectId}`, 1, 'contact.email', contact.email],
      ['event', `lakehouse/DataSubject/${subjectId}`, 1, 'contact.phone', contact.phone],
      ['snapshot', `lakehouse/DataSubject/${subjectId}`, 25, 'name', NAME],
      ['snapshot', `lakehouse/DataSubject/${subjectId}`, 25, 'contact.email', contact.email],
      ['snapshot', `lakehouse/DataSubject/${subjectId}`, 25, 'contact.phone', contact.phone],
    ]);
    const byRequester = await lakehouse.exportSubject(requesterId);
    expect(byRequester.values).toEqual([
      {
        location: expect.objectContaining({ store: 'event', streamId: `lakehouse/AnonymizationJob/${jobId}`, eventType: 'AnonymizationRequested', version: 1 }),
        path: ['requesterEmail'],
        value: REQUESTER_EMAIL,
      },
    ]);

    // The data subject asks to be forgotten; then the process restarts.
    expect((await lakehouse.forget(subjectId)).destroyedKeyIds).toHaveLength(1);
    const restarted = (await reload()).lakehouse;

    // Erased: the pii fields read as absent, in the snapshot and when folding the events.
    const forgotten = await restarted.load('DataSubject', subjectId);
    // Strictly: an erased field is missing from the state, not present as `undefined`.
    expect(forgotten.state).toStrictEqual({ contact: {}, consents: PURPOSES, registeredAt: NOW });
    // Commands still decide and evolve on the erased state.
    await restarted.execute('RevokeConsent', { subjectId, purpose: 'purpose-a' });
    await restarted.execute('GrantConsent', { subjectId, purpose: 'research' });
    expect((await restarted.load('DataSubject', subjectId)).state.consents).toEqual([...PURPOSES.slice(1), 'research']);
    // The requester is another person: their data is intact, and the job still works.
    expect((await restarted.load('AnonymizationJob', jobId)).state).toMatchObject({ dataSubjectId: subjectId, requesterEmail: REQUESTER_EMAIL, status: 'completed' });
    const afterForget = await restarted.exportSubject(subjectId);
    expect(afterForget.values).toEqual([]);
    expect(afterForget.erased.map(({ location, path }) => `${location.store}:${path.join('.')}`)).toEqual([
      'event:name',
      'event:contact.email',
      'event:contact.phone',
      'snapshot:name',
      'snapshot:contact.email',
      'snapshot:contact.phone',
    ]);
    expect(afterForget.keys).toEqual([expect.objectContaining({ subject: subjectId, destroyedAt: NOW })]);
    expect((await restarted.exportSubject(requesterId)).values).toHaveLength(1);

    // The requester is forgotten too; a new request from them later gets a new key.
    await restarted.forget(requesterId);
    expect(Object.keys((await restarted.load('AnonymizationJob', jobId)).state)).not.toContain('requesterEmail');
    await restarted.execute('RequestAnonymization', { jobId: secondJobId, datasetId, dataSubjectId: subjectId, requesterId, requesterEmail: NEW_REQUESTER_EMAIL });
    const { lakehouse: third, keys } = await reload();
    expect((await third.load('AnonymizationJob', secondJobId)).state.requesterEmail).toBe(NEW_REQUESTER_EMAIL);
    expect((await third.load('AnonymizationJob', jobId)).state.requesterEmail).toBeUndefined();
    const requesterKeys = await keys.keysOf(requesterId);
    expect(requesterKeys).toHaveLength(2);
    expect(requesterKeys[1]?.keyId).not.toBe(requesterKeys[0]?.keyId);
    expect((await third.exportSubject(requesterId)).values.map((value) => value.value)).toEqual([NEW_REQUESTER_EMAIL]);

    expect(MARKERS.filter((marker) => onDisk().includes(marker))).toEqual([]);
  });
});
