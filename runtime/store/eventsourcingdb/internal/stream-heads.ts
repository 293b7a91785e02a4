/**
 * The last (version, event id) this client knows of each stream. A pairing of a version with an id
 * never changes (events are immutable), so an entry can only be out of date, never wrong: an append
 * pinned to an out-of-date head fails its `isSubjectOnEventId` precondition with a 409 and the
 * adapter reads the stream again. Saves the read before most appends, and bounds the reads of a
 * stream's head from below. Bounded, least recently used first out.
 */
export interface StreamHead {
  readonly version: number;
  /** The EventSourcingDB id of the stream's event at `version`. */
  readonly eventId: string;
}

export class StreamHeads {
  readonly #heads = new Map<string, StreamHead>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  get(streamId: string): StreamHead | undefined {
    const head = this.#heads.get(streamId);
    if (head !== undefined) {
      this.#heads.delete(streamId);
      this.#heads.set(streamId, head);
    }
    return head;
  }

  /** Keeps `head` unless a later one is known. */
  remember(streamId: string, head: StreamHead): void {
    const known = this.#heads.get(streamId);
    if (known !== undefined && known.version > head.version) return;
    this.#heads.delete(streamId);
    this.#heads.set(streamId, head);
    if (this.#heads.size > this.#capacity) {
      const oldest = this.#heads.keys().next();
      if (oldest.done !== true) this.#heads.delete(oldest.value);
    }
  }

  forget(streamId: string): void {
    this.#heads.delete(streamId);
  }
}
