import type { EventEnvelope } from '../events/envelope.js';

/**
 * Stream reads come as pages (EventStore.readStreamPages): each adapter fetches a batch of events
 * anyway (a query's rows, a slice of memory), and a consumer that folds them (aggregate loads) loops
 * over an array instead of paying an async step per event. These helpers turn one shape into the
 * other, so every adapter and wrapper implements `readStream` the same way.
 */

/** The events of `pages` one by one, in order: `readStream` on top of `readStreamPages`. */
export async function* eventsOfPages(pages: AsyncIterable<readonly EventEnvelope[]>): AsyncGenerator<EventEnvelope, void, undefined> {
  for await (const page of pages) yield* page;
}

/**
 * `events` gathered into pages of at most `size` events, for an adapter whose source delivers one
 * event at a time (an NDJSON response). A page is handed out when full or when the source ends, so
 * this suits finite reads (a stream up to its end), not live subscriptions. Never yields an empty page.
 */
export async function* pagesOfEvents(events: AsyncIterable<EventEnvelope>, size: number): AsyncGenerator<readonly EventEnvelope[], void, undefined> {
  let page: EventEnvelope[] = [];
  for await (const event of events) {
    page.push(event);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/**
 * A stream's stored events, all at once: `events[v - 1]` is version v. The in-memory store's own
 * array, handed out without a copy: read it at once (before any await) and never keep or change it.
 * Undefined when the stream has no events.
 */
export type StoredStreamEvents = (streamId: string) => readonly EventEnvelope[] | undefined;

/** Registered by store object: a wrapper (encryption, counting, inline projections) is another object, so it is never bypassed. */
const storedStreamEvents = new WeakMap<object, StoredStreamEvents>();

/**
 * Offered by a store that holds its streams in process memory: aggregate loads then fold a stream
 * synchronously instead of through readStreamPages (an async generator, a promise per page, an
 * await per page), which is most of a load's cost when the events are already at hand.
 */
export function offerStoredStreamEvents(store: object, read: StoredStreamEvents): void {
  storedStreamEvents.set(store, read);
}

/** The synchronous reader `store` offers, if it is a store that does (see offerStoredStreamEvents). */
export function storedStreamEventsOf(store: object): StoredStreamEvents | undefined {
  return storedStreamEvents.get(store);
}
