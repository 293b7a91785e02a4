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
