import { refuseWithin } from '../append-within.js';
import type { ComponentOpener } from '../backend.js';
import type { EventStore } from '../event-store.js';
import { pagesOfEvents } from '../pages.js';
import type { EventSourcingDbConnection } from './connection.js';
import { appendEvents } from './internal/append.js';
import { fromWireEvent } from './internal/envelope-transport.js';
import { observeLog } from './internal/observe-log.js';
import { readAll, readHead, readHeadPosition, readStream } from './internal/reads.js';

/** Events per page of readStreamPages. */
const PAGE_SIZE = 500;

/**
 * The event store on EventSourcingDB's HTTP API v1 (docs/runtime.md, "EventSourcingDB"): appends
 * (internal/append.ts, with idempotency keys in internal/idempotency.ts), reads (internal/reads.ts)
 * and the live subscription (internal/observe-log.ts), composed.
 */
export const openEventSourcingDbEvents: ComponentOpener<EventSourcingDbConnection, 'events'> = async (connection, lifecycle) => {
  const closed = AbortSignal.any([connection.closed, lifecycle.closed]);
  const store: EventStore = {
    async append(streamId, events, options) {
      lifecycle.assertOpen();
      refuseWithin(options, 'EventSourcingDB event store');
      return appendEvents(connection, streamId, events, options);
    },
    readStream(streamId, options) {
      lifecycle.assertOpen();
      return readStream(connection, streamId, options);
    },
    readStreamPages(streamId, options) {
      lifecycle.assertOpen();
      // The response is NDJSON, one event per line: pages gather what the reader would await one by one.
      return pagesOfEvents(readStream(connection, streamId, options), PAGE_SIZE);
    },
    async streamVersion(streamId) {
      lifecycle.assertOpen();
      return (await readHead(connection, streamId))?.version ?? 0;
    },
    async headPosition() {
      lifecycle.assertOpen();
      return readHeadPosition(connection);
    },
    readAll(options) {
      lifecycle.assertOpen();
      return readAll(connection, options);
    },
    subscribe(options) {
      lifecycle.assertOpen();
      return observeLog(
        {
          client: connection.client,
          decode: (event) => fromWireEvent(event, connection.types),
          heartbeatTimeoutMs: connection.heartbeatTimeoutMs,
          reconnect: connection.reconnect,
          closed,
        },
        options,
      );
    },
    close: lifecycle.close,
  };
  return store;
};
