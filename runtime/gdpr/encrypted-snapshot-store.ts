import type { Snapshot, SnapshotStore } from '../snapshot/snapshot-store.js';
import { openKeySession } from './key-session.js';
import { snapshotPlace, type LayerCore } from './layer-core.js';
import { openRecord, sealRecord } from './record-crypto.js';
import { resolveSubject } from './subjects.js';

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A SnapshotStore around any adapter that keeps the state's pii encrypted at rest. A state value's
 * subject is the aggregate id or a field of the state itself. A snapshot that fails its integrity
 * check raises on load; the aggregate repository reports it (`onError`) and folds the events instead.
 */
export class EncryptedSnapshotStore implements SnapshotStore {
  readonly #inner: SnapshotStore;
  readonly #core: LayerCore;

  constructor(inner: SnapshotStore, core: LayerCore) {
    this.#inner = inner;
    this.#core = core;
  }

  /** The adapter underneath, holding ciphertext. */
  get inner(): SnapshotStore {
    return this.#inner;
  }

  belongsTo(core: LayerCore): boolean {
    return this.#core === core;
  }

  async load(streamId: string): Promise<Snapshot | undefined> {
    const snapshot = await this.#inner.load(streamId);
    const paths = this.#core.registry.stream(streamId)?.category.statePii ?? [];
    if (snapshot === undefined || paths.length === 0) return snapshot;
    const opened = await openRecord(snapshot.state, paths, snapshotPlace(snapshot), openKeySession(this.#core.keys));
    return opened.data === snapshot.state ? snapshot : { ...snapshot, state: opened.data };
  }

  async save(snapshot: Snapshot): Promise<void> {
    const stream = this.#core.registry.stream(snapshot.streamId);
    const paths = stream?.category.statePii ?? [];
    if (stream === undefined || paths.length === 0) return this.#inner.save(snapshot);
    const state = await sealRecord(snapshot.state, paths, snapshotPlace(snapshot), openKeySession(this.#core.keys), (slot) =>
      resolveSubject(slot.pii.subject, { aggregateId: stream.aggregateId, record: snapshot.state, state: isRecord(snapshot.state) ? snapshot.state : {} }),
    );
    return this.#inner.save({ ...snapshot, state });
  }

  delete(streamId: string): Promise<void> {
    return this.#inner.delete(streamId);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
