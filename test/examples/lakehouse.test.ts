// The lakehouse example (domains/lakehouse.yaml) through its GENERATED code: DataSubject, Dataset
// and AnonymizationJob with given/when/then, command validation, and the domain runtime end to end
// on in-memory and SQLite-file stores, with DataSubject snapshots (every 25).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregateAlreadyExistsError, AggregateNotFoundError, createInMemoryEventStore, DomainError, given, ValidationError, type EventStore } from 'orchestrix/runtime';
import {
  anonymizationJobDefinition,
  createLakehouse,
  DATA_SUBJECT_STATE_SCHEMA_HASH,
  dataSubjectDefinition,
  datasetDefinition,
  evolveAnonymizationJob,
  evolveDataSubject,
  initialAnonymizationJobState,
  initialDatasetState,
  initialDataSubjectState,
  type AnonymizationJobEvent,
  type AnonymizationJobState,
  type ContactDetails,
  type DatasetEvent,
  type DataSubjectEvent,
  type DataSubjectState,
  type Lakehouse,
  type RequestAnonymization,
} from '../../examples/generated/lakehouse/index.js';
import { backends, clock, NOW, readStream, rejectionOf, summarize, type Backend } from './support.js';

const subjectId = '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a';
const datasetId = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const jobId = '7e8f9a0b-1c2d-4e3f-8a5b-6c7d8e9f0a1b';
const requesterId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const contact: ContactDetails = { email: 'grace@example.org', phone: '+44 20 7946 0000' };

describe('lakehouse DataSubject: given/when/then', () => {
  const registered: DataSubjectEvent = { type: 'SubjectRegistered', data: { name: 'Grace Hopper', contact, registeredAt: NOW } };
  const granted = (purpose: string): DataSubjectEvent => ({ type: 'ConsentGranted', data: { purpose } });
  const revoked = (purpose: string): DataSubjectEvent => ({ type: 'ConsentRevoked', data: { purpose } });
  const registeredState: DataSubjectState = { ...initialDataSubjectState, name: 'Grace Hopper', contact, registeredAt: NOW };

  it('RegisterSubject emits SubjectRegistered { name, contact, registeredAt: now } and copies all three into the state', () => {
    expect(initialDataSubjectState).toStrictEqual({ consents: [] });
    given(dataSubjectDefinition, [], { now: NOW })
      .when({ type: 'RegisterSubject', data: { subjectId, name: 'Grace Hopper', contact } })
      .then([registered])
      .thenState(registeredState);
    // The optional phone may be left out.
    given(dataSubjectDefinition, [], { now: NOW })
      .when({ type: 'RegisterSubject', data: { subjectId, name: 'Grace Hopper', contact: { email: 'grace@example.org' } } })
      .then([{ type: 'SubjectRegistered', data: { name: 'Grace Hopper', contact: { email: 'grace@example.org' }, registeredAt: NOW } }]);
  });

  it('RegisterSubject on an existing subject fails with AGGREGATE_ALREADY_EXISTS', () => {
    const error = given(dataSubjectDefinition, [registered]).when({ type: 'RegisterSubject', data: { subjectId, name: 'Grace', contact } }).thenError('AGGREGATE_ALREADY_EXISTS');
    expect(error).toBeInstanceOf(AggregateAlreadyExistsError);
  });

  it('GrantConsent emits ConsentGranted and appends the purpose', () => {
    given(dataSubjectDefinition, [registered, granted('analytics')])
      .when({ type: 'GrantConsent', data: { subjectId, purpose: 'direct-marketing' } })
      .then([granted('direct-marketing')])
      .thenState({ ...registeredState, consents: ['analytics', 'direct-marketing'] });
  });

  it('GrantConsent fails with AlreadyGranted for a granted purpose', () => {
    const error = given(dataSubjectDefinition, [registered, granted('analytics')]).when({ type: 'GrantConsent', data: { subjectId, purpose: 'analytics' } }).thenError('AlreadyGranted');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe('Consent for this purpose was already granted');
  });

  it('RevokeConsent emits ConsentRevoked and removes the purpose, keeping the others in order', () => {
    given(dataSubjectDefinition, [registered, granted('analytics'), granted('research'), granted('profiling')])
      .when({ type: 'RevokeConsent', data: { subjectId, purpose: 'research' } })
      .then([revoked('research')])
      .thenState({ ...registeredState, consents: ['analytics', 'profiling'] });
  });

  it('RevokeConsent fails with NotGranted for a purpose never granted or already revoked; a revoked purpose may be granted again', () => {
    const error = given(dataSubjectDefinition, [registered]).when({ type: 'RevokeConsent', data: { subjectId, purpose: 'analytics' } }).thenError('NotGranted');
    expect(error.message).toBe('No consent for this purpose');
    const history = [registered, granted('analytics'), granted('research'), revoked('analytics')];
    given(dataSubjectDefinition, history).when({ type: 'RevokeConsent', data: { subjectId, purpose: 'analytics' } }).thenError('NotGranted');
    given(dataSubjectDefinition, history)
      .when({ type: 'GrantConsent', data: { subjectId, purpose: 'analytics' } })
      .thenState({ ...registeredState, consents: ['research', 'analytics'] });
  });

  it('GrantConsent and RevokeConsent fail with AGGREGATE_NOT_FOUND on an unregistered subject', () => {
    expect(given(dataSubjectDefinition).when({ type: 'GrantConsent', data: { subjectId, purpose: 'analytics' } }).thenError('AGGREGATE_NOT_FOUND')).toBeInstanceOf(
      AggregateNotFoundError,
    );
    given(dataSubjectDefinition).when({ type: 'RevokeConsent', data: { subjectId, purpose: 'analytics' } }).thenError('AGGREGATE_NOT_FOUND');
  });

  it('remove() drops every occurrence of the purpose', () => {
    const state = { ...registeredState, consents: ['a', 'b', 'a'] };
    expect(evolveDataSubject(state, revoked('a')).consents).toEqual(['b']);
    expect(state.consents).toEqual(['a', 'b', 'a']);
  });
});

describe('lakehouse Dataset: given/when/then', () => {
  const registered: DatasetEvent = { type: 'DatasetRegistered', data: { name: 'orders-2024', containsPersonalData: true } };

  it('RegisterDataset emits DatasetRegistered and copies name and containsPersonalData', () => {
    expect(initialDatasetState).toStrictEqual({ name: '', rowCount: 0, containsPersonalData: false });
    given(datasetDefinition)
      .when({ type: 'RegisterDataset', data: { datasetId, name: 'orders-2024', containsPersonalData: true } })
      .then([registered])
      .thenState({ name: 'orders-2024', rowCount: 0, containsPersonalData: true });
    given(datasetDefinition, [registered]).when({ type: 'RegisterDataset', data: { datasetId, name: 'again', containsPersonalData: false } }).thenError('AGGREGATE_ALREADY_EXISTS');
  });

  it('RecordIngestion emits RowsIngested { rows, rowCountAfter: state.rowCount + rows } and sets rowCount from rowCountAfter', () => {
    given(datasetDefinition, [registered, { type: 'RowsIngested', data: { rows: 1000, rowCountAfter: 1000 } }])
      .when({ type: 'RecordIngestion', data: { datasetId, rows: 250 } })
      .then([{ type: 'RowsIngested', data: { rows: 250, rowCountAfter: 1250 } }])
      .thenState({ name: 'orders-2024', rowCount: 1250, containsPersonalData: true });
    given(datasetDefinition, [registered])
      .when({ type: 'RecordIngestion', data: { datasetId, rows: 0 } })
      .then([{ type: 'RowsIngested', data: { rows: 0, rowCountAfter: 0 } }]);
  });

  it('RecordIngestion fails with AGGREGATE_NOT_FOUND on an unregistered dataset', () => {
    given(datasetDefinition).when({ type: 'RecordIngestion', data: { datasetId, rows: 1 } }).thenError('AGGREGATE_NOT_FOUND');
  });
});

describe('lakehouse AnonymizationJob: given/when/then', () => {
  const requestCommand: RequestAnonymization = { jobId, datasetId, dataSubjectId: subjectId, requesterId, requesterEmail: 'dpo@example.org' };
  const requested: AnonymizationJobEvent = {
    type: 'AnonymizationRequested',
    data: { datasetId, dataSubjectId: subjectId, requesterId, requesterEmail: 'dpo@example.org' },
  };
  const started: AnonymizationJobEvent = { type: 'AnonymizationStarted', data: { startedAt: NOW } };
  const completed: AnonymizationJobEvent = { type: 'AnonymizationCompleted', data: { rowsAnonymized: 42 } };
  const failed: AnonymizationJobEvent = { type: 'AnonymizationFailed', data: { failureReason: 'dataset locked' } };
  const requestedState: AnonymizationJobState = {
    ...initialAnonymizationJobState,
    datasetId,
    dataSubjectId: subjectId,
    requesterId,
    requesterEmail: 'dpo@example.org',
  };

  it('RequestAnonymization emits AnonymizationRequested and copies its four fields; status stays requested', () => {
    expect(initialAnonymizationJobState).toStrictEqual({ status: 'requested', rowsAnonymized: 0 });
    given(anonymizationJobDefinition).when({ type: 'RequestAnonymization', data: requestCommand }).then([requested]).thenState(requestedState);
    given(anonymizationJobDefinition, [requested]).when({ type: 'RequestAnonymization', data: requestCommand }).thenError('AGGREGATE_ALREADY_EXISTS');
  });

  it('StartAnonymization emits AnonymizationStarted { startedAt: now } and sets running', () => {
    given(anonymizationJobDefinition, [requested], { now: NOW })
      .when({ type: 'StartAnonymization', data: { jobId } })
      .then([started])
      .thenState({ ...requestedState, status: 'running' });
  });

  it('StartAnonymization fails with NotRequested unless requested', () => {
    for (const history of [[requested, started], [requested, started, completed], [requested, started, failed]]) {
      const error = given(anonymizationJobDefinition, history).when({ type: 'StartAnonymization', data: { jobId } }).thenError('NotRequested');
      expect(error.message).toBe('Only a requested job can start');
    }
  });

  it('CompleteAnonymization emits AnonymizationCompleted and copies rowsAnonymized; fails with NotRunning unless running', () => {
    given(anonymizationJobDefinition, [requested, started])
      .when({ type: 'CompleteAnonymization', data: { jobId, rowsAnonymized: 42 } })
      .then([completed])
      .thenState({ ...requestedState, status: 'completed', rowsAnonymized: 42 });
    for (const history of [[requested], [requested, started, completed], [requested, started, failed]]) {
      const error = given(anonymizationJobDefinition, history).when({ type: 'CompleteAnonymization', data: { jobId, rowsAnonymized: 1 } }).thenError('NotRunning');
      expect(error.message).toBe('Only a running job can complete');
    }
  });

  it('FailAnonymization emits AnonymizationFailed { failureReason: reason } and records it; fails with NotRunning unless running', () => {
    given(anonymizationJobDefinition, [requested, started])
      .when({ type: 'FailAnonymization', data: { jobId, reason: 'dataset locked' } })
      .then([failed])
      .thenState({ ...requestedState, status: 'failed', failureReason: 'dataset locked' });
    for (const history of [[requested], [requested, started, completed], [requested, started, failed]]) {
      const error = given(anonymizationJobDefinition, history).when({ type: 'FailAnonymization', data: { jobId, reason: 'x' } }).thenError('NotRunning');
      expect(error.message).toBe('Only a running job can fail');
    }
  });

  it('every command but RequestAnonymization fails with AGGREGATE_NOT_FOUND on an unknown job', () => {
    given(anonymizationJobDefinition).when({ type: 'StartAnonymization', data: { jobId } }).thenError('AGGREGATE_NOT_FOUND');
    given(anonymizationJobDefinition).when({ type: 'CompleteAnonymization', data: { jobId, rowsAnonymized: 1 } }).thenError('AGGREGATE_NOT_FOUND');
    given(anonymizationJobDefinition).when({ type: 'FailAnonymization', data: { jobId, reason: 'x' } }).thenError('AGGREGATE_NOT_FOUND');
  });

  it('evolve folds a whole job', () => {
    expect([requested, started, completed].reduce(evolveAnonymizationJob, initialAnonymizationJobState)).toStrictEqual({
      ...requestedState,
      status: 'completed',
      rowsAnonymized: 42,
    });
  });
});

describe('lakehouse command validation through execute', () => {
  let store: EventStore;
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    store = createInMemoryEventStore();
    lakehouse = createLakehouse({ store, clock });
    await lakehouse.execute('RegisterSubject', { subjectId, name: 'Grace Hopper', contact });
  });
  afterEach(() => store.close());

  async function issuesOf(run: () => Promise<unknown>): Promise<{ path: readonly (string | number)[]; code: string }[]> {
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map(({ path, code }) => ({ path, code }));
  }

  it('checks the purpose pattern ^[a-z][a-z-]*$ on GrantConsent (not on RevokeConsent)', async () => {
    for (const purpose of ['Analytics', 'ads_2', 'research 1', '-x', '']) {
      expect(await issuesOf(() => lakehouse.execute('GrantConsent', { subjectId, purpose }))).toEqual([{ path: ['purpose'], code: 'invalid_format' }]);
    }
    // RevokeConsent declares a plain string: the rule decides.
    await expect(lakehouse.execute('RevokeConsent', { subjectId, purpose: 'Analytics' })).rejects.toMatchObject({ code: 'NotGranted' });
  });

  it('checks emails (also nested), required names and non-negative counts', async () => {
    const otherSubject = '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b';
    expect(await issuesOf(() => lakehouse.execute('RegisterSubject', { subjectId: otherSubject, name: '', contact: { email: 'not-an-email' } }))).toEqual([
      { path: ['name'], code: 'too_small' },
      { path: ['contact', 'email'], code: 'invalid_format' },
    ]);
    expect(await issuesOf(() => lakehouse.execute('RegisterDataset', { datasetId, name: '', containsPersonalData: true }))).toEqual([{ path: ['name'], code: 'too_small' }]);
    expect(await issuesOf(() => lakehouse.execute('RecordIngestion', { datasetId, rows: -1 }))).toEqual([{ path: ['rows'], code: 'too_small' }]);
    expect(
      await issuesOf(() => lakehouse.execute('RequestAnonymization', { jobId, datasetId, dataSubjectId: subjectId, requesterId: 'dpo', requesterEmail: 'dpo@' })),
    ).toEqual([
      { path: ['requesterId'], code: 'invalid_format' },
      { path: ['requesterEmail'], code: 'invalid_format' },
    ]);
    expect(await issuesOf(() => lakehouse.execute('FailAnonymization', { jobId, reason: '' }))).toEqual([{ path: ['reason'], code: 'too_small' }]);
    const withExtra = { jobId, force: true };
    expect(await issuesOf(() => lakehouse.execute('StartAnonymization', withExtra))).toEqual([{ path: [], code: 'unrecognized_keys' }]);
    expect(await store.streamVersion(`lakehouse/DataSubject/${otherSubject}`)).toBe(0);
  });

  it('rejects unknown keys inside the contact details (value-object schemas are strict), writing nothing', async () => {
    const otherSubject = '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b';
    const withFax = { subjectId: otherSubject, name: 'Ada Lovelace', contact: { email: 'ada@example.org', fax: '+44 20 7946 0001' } };
    const error = await rejectionOf(lakehouse.execute('RegisterSubject', withFax));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: ['contact'], code: 'unrecognized_keys', message: expect.stringContaining('fax') }]);
    expect((error as ValidationError).message).toMatch(/^Invalid 'RegisterSubject' command: contact /);
    expect(await store.streamVersion(`lakehouse/DataSubject/${otherSubject}`)).toBe(0);
    // Without the extra key the same subject is registered.
    const registered = await lakehouse.execute('RegisterSubject', { ...withFax, contact: { email: 'ada@example.org' } });
    expect(registered.events[0]?.data).toStrictEqual({ name: 'Ada Lovelace', contact: { email: 'ada@example.org' }, registeredAt: NOW });
  });
});

describe.each(backends)('lakehouse end to end on $name stores', (kind) => {
  let backend: Backend;
  beforeEach(async () => {
    backend = await kind.start();
  });
  afterEach(() => backend.dispose());

  it('registers a subject and a dataset, ingests, and erases the subject through an anonymization job', async () => {
    const lakehouse = createLakehouse({ store: backend.store, snapshots: backend.snapshots, clock });
    await lakehouse.execute('RegisterSubject', { subjectId, name: 'Grace Hopper', contact });
    await lakehouse.execute('GrantConsent', { subjectId, purpose: 'analytics' });
    await lakehouse.execute('GrantConsent', { subjectId, purpose: 'research' });
    await lakehouse.execute('RevokeConsent', { subjectId, purpose: 'analytics' });

    await lakehouse.execute('RegisterDataset', { datasetId, name: 'orders-2024', containsPersonalData: true });
    await lakehouse.execute('RecordIngestion', { datasetId, rows: 1000 });
    const ingestion = await lakehouse.execute('RecordIngestion', { datasetId, rows: 500 });
    expect(ingestion.events[0]?.data).toStrictEqual({ rows: 500, rowCountAfter: 1500 });

    await lakehouse.execute('RequestAnonymization', { jobId, datasetId, dataSubjectId: subjectId, requesterId, requesterEmail: 'dpo@example.org' });
    await expect(lakehouse.execute('CompleteAnonymization', { jobId, rowsAnonymized: 1 })).rejects.toMatchObject({ code: 'NotRunning' });
    const start = await lakehouse.execute('StartAnonymization', { jobId });
    expect(start.events[0]?.data).toStrictEqual({ startedAt: NOW });
    await lakehouse.execute('CompleteAnonymization', { jobId, rowsAnonymized: 37 });

    const stores = await backend.reopen();
    const reopened = createLakehouse({ ...stores, clock });
    expect((await reopened.load('DataSubject', subjectId)).state).toStrictEqual({ name: 'Grace Hopper', contact, consents: ['research'], registeredAt: NOW });
    expect((await reopened.load('Dataset', datasetId)).state).toStrictEqual({ name: 'orders-2024', rowCount: 1500, containsPersonalData: true });
    expect(await reopened.load('AnonymizationJob', jobId)).toMatchObject({
      version: 3,
      state: { datasetId, dataSubjectId: subjectId, requesterId, requesterEmail: 'dpo@example.org', status: 'completed', rowsAnonymized: 37 },
    });
    expect(summarize(await readStream(stores.store, `lakehouse/AnonymizationJob/${jobId}`))).toStrictEqual([
      { type: 'AnonymizationRequested', version: 1, schemaVersion: 1 },
      { type: 'AnonymizationStarted', version: 2, schemaVersion: 1 },
      { type: 'AnonymizationCompleted', version: 3, schemaVersion: 1 },
    ]);
    const consentEvents = await readStream(stores.store, `lakehouse/DataSubject/${subjectId}`);
    expect(consentEvents.slice(1).map(({ type, data }) => ({ type, data }))).toStrictEqual([
      { type: 'ConsentGranted', data: { purpose: 'analytics' } },
      { type: 'ConsentGranted', data: { purpose: 'research' } },
      { type: 'ConsentRevoked', data: { purpose: 'analytics' } },
    ]);
  });

  it('snapshots a DataSubject every 25 events; a reload equals the full fold', async () => {
    const lakehouse = createLakehouse({ store: backend.store, snapshots: backend.snapshots, clock });
    const streamId = `lakehouse/DataSubject/${subjectId}`;
    await lakehouse.execute('RegisterSubject', { subjectId, name: 'Grace Hopper', contact });
    // 24 consent changes: grant and revoke 'research' 12 times -> version 25.
    for (let round = 0; round < 12; round++) {
      await lakehouse.execute('GrantConsent', { subjectId, purpose: 'research' });
      if (round === 11) expect(await backend.snapshots.load(streamId)).toBeUndefined(); // version 24
      await lakehouse.execute('RevokeConsent', { subjectId, purpose: 'research' });
    }
    const snapshot = await backend.snapshots.load(streamId);
    expect(snapshot).toMatchObject({ streamId, version: 25, stateSchemaHash: DATA_SUBJECT_STATE_SCHEMA_HASH, takenAt: NOW });
    // Only the fields without personal data: pii may be stored encrypted.
    expect(snapshot?.state).toMatchObject({ consents: [], registeredAt: NOW });

    await lakehouse.execute('GrantConsent', { subjectId, purpose: 'analytics' });
    const stores = await backend.reopen();
    const fromSnapshot = await createLakehouse({ ...stores, clock }).load('DataSubject', subjectId);
    const fullFold = await createLakehouse({ store: stores.store, clock }).load('DataSubject', subjectId);
    expect(fromSnapshot).toMatchObject({ version: 26, snapshotVersion: 25 });
    expect(fullFold).toMatchObject({ version: 26, snapshotVersion: 0 });
    expect(fromSnapshot.state).toStrictEqual(fullFold.state);
    expect(fromSnapshot.state.consents).toEqual(['analytics']);
  });
});
