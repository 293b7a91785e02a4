import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import type { EventStore } from '../store/event-store.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import type { PiiPath } from '../aggregate/definition.js';
import { openKeySession, type KeySession } from './key-session.js';
import { checkSubject, type KeyRecord } from './key-store.js';
import { deadLetterPlace, eventPlace, snapshotPlace, storedEventPii, type LayerCore } from './layer-core.js';
import { piiSlots } from './pii-paths.js';
import { openSlot, type RecordPlace } from './record-crypto.js';

/** Where a personal data value is kept. */
export type PersonalDataLocation =
  | {
      readonly store: 'event';
      readonly streamId: string;
      readonly eventId: string;
      readonly eventType: string;
      readonly version: number;
      readonly position: number;
      readonly schemaVersion: number;
    }
  | { readonly store: 'snapshot'; readonly streamId: string; readonly version: number }
  | {
      readonly store: 'dead-letter';
      readonly letterId: string;
      readonly handler: string;
      readonly streamId: string;
      readonly eventId: string;
      readonly eventType: string;
    };

/** One personal data value, decrypted, and where it lives. `path` has array indexes filled in. */
export interface PersonalDataValue {
  readonly location: PersonalDataLocation;
  readonly path: readonly string[];
  readonly value: unknown;
}

/** A value of the subject still stored, encrypted under a destroyed key: nobody can read it. */
export interface ErasedDataLocation {
  readonly location: PersonalDataLocation;
  readonly path: readonly string[];
}

/** The answer to a right-of-access request: plain JSON (JSON.stringify it as is). */
export interface SubjectExport {
  readonly subject: string;
  /** RFC 3339 UTC. */
  readonly exportedAt: string;
  /** Every key the subject had (no key material); a destroyed key means the subject was forgotten. */
  readonly keys: readonly KeyRecord[];
  readonly values: readonly PersonalDataValue[];
  readonly erased: readonly ErasedDataLocation[];
}

/** The raw (ciphertext-holding) stores an export reads. */
export interface ExportSources {
  readonly events: readonly EventStore[];
  readonly snapshots: readonly SnapshotStore[];
  readonly deadLetters: readonly DeadLetterQueue[];
}

/**
 * Everything held on `subject`. The key store's key id -> subject index gives the subject's key
 * ids first: a subject without keys is answered without reading any store, and otherwise only the
 * subject's own ciphertexts are looked up and decrypted (every other value is skipped on its key
 * id). Events are read in one pass over the global log of each store; snapshots are read for the
 * streams where the subject's events were found (and the subject's own stream for `subject: id`
 * aggregates); dead letters are listed in full.
 */
export async function exportSubject(subject: string, core: Pick<LayerCore, 'keys' | 'registry'>, sources: ExportSources, now: Date = new Date()): Promise<SubjectExport> {
  checkSubject(subject);
  const keys = await core.keys.keysOf(subject);
  const values: PersonalDataValue[] = [];
  const erased: ErasedDataLocation[] = [];
  const result: SubjectExport = { subject, exportedAt: now.toISOString(), keys, values, erased };
  if (keys.length === 0) return result;

  const keyIds = new Set(keys.map((key) => key.keyId));
  const session = openKeySession(core.keys);
  const collect = (data: unknown, paths: readonly PiiPath[], place: RecordPlace, location: PersonalDataLocation): Promise<boolean> =>
    collectRecord({ data, paths, place, location }, session, keyIds, values, erased);

  const streams = new Set<string>();
  for (const store of sources.events) {
    for await (const envelope of store.readAll()) {
      const pii = storedEventPii(core.registry, envelope);
      if (pii === undefined) continue;
      const location: PersonalDataLocation = {
        store: 'event',
        streamId: envelope.streamId,
        eventId: envelope.id,
        eventType: envelope.type,
        version: envelope.version,
        position: envelope.position,
        schemaVersion: envelope.schemaVersion,
      };
      if (await collect(envelope.data, pii.paths, eventPlace(envelope), location)) streams.add(envelope.streamId);
    }
  }

  for (const category of core.registry.categories.values()) {
    if (category.subject?.kind === 'id' && category.statePii.length > 0) streams.add(`${category.category}/${encodeURIComponent(subject)}`);
  }
  for (const store of sources.snapshots) {
    for (const streamId of streams) {
      const paths = core.registry.stream(streamId)?.category.statePii ?? [];
      if (paths.length === 0) continue;
      const snapshot = await store.load(streamId);
      if (snapshot === undefined) continue;
      await collect(snapshot.state, paths, snapshotPlace(snapshot), { store: 'snapshot', streamId, version: snapshot.version });
    }
  }

  for (const queue of sources.deadLetters) {
    for (const letter of await queue.list()) {
      const { event } = letter;
      const pii = storedEventPii(core.registry, event);
      if (pii === undefined) continue;
      const location: PersonalDataLocation = {
        store: 'dead-letter',
        letterId: letter.id,
        handler: letter.handler,
        streamId: event.streamId,
        eventId: event.id,
        eventType: event.type,
      };
      await collect(event.data, pii.paths, deadLetterPlace(letter), location);
    }
  }
  return result;
}

interface ScannedRecord {
  readonly data: unknown;
  readonly paths: readonly PiiPath[];
  readonly place: RecordPlace;
  readonly location: PersonalDataLocation;
}

/** Adds the subject's values in one record; whether it held any. */
async function collectRecord(
  record: ScannedRecord,
  session: KeySession,
  keyIds: ReadonlySet<string>,
  values: PersonalDataValue[],
  erased: ErasedDataLocation[],
): Promise<boolean> {
  let found = false;
  for (const slot of piiSlots(record.data, record.paths)) {
    const opened = await openSlot(slot, record.place, session, keyIds);
    if (opened.kind === 'value') values.push({ location: record.location, path: slot.path, value: opened.value });
    else if (opened.kind === 'erased') erased.push({ location: record.location, path: slot.path });
    else continue;
    found = true;
  }
  return found;
}
