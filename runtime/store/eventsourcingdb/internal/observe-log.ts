import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '../../../errors/errors.js';
import type { EventEnvelope } from '../../../events/envelope.js';
import type { SubscribeOptions } from '../../event-store.js';
import { eventIdOfPosition, parseWireEvent, type WireEvent } from './envelope-transport.js';
import { EventSourcingDbHttpError, EventSourcingDbProtocolError } from './errors.js';
import type { EventSourcingDbClient } from './http-client.js';

/**
 * `subscribe` over `observe-events` on `/`, recursively: EventSourcingDB replays what is stored
 * after the lower bound, then pushes each event as it commits, in id (= commit) order, with
 * heartbeats in between. When the connection drops, stalls (no line, heartbeats included, for
 * `heartbeatTimeoutMs`) or the server reports an error line or a 5xx, the loop reconnects with
 * exponential backoff and jitter, with an exclusive lower bound at the last id it saw; so each event
 * is delivered exactly once. A 401, a missing Server header or a 4xx ends the subscription with that
 * error, since retrying cannot fix them.
 */

export interface ReconnectOptions {
  /** First delay after a failure. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Cap of the doubling delay. Default 5000 ms. */
  readonly maxDelayMs?: number;
}

export interface ObserveLogSource {
  readonly client: EventSourcingDbClient;
  /** Our envelope, or undefined for events to skip (bookkeeping, foreign). */
  decode(event: WireEvent): EventEnvelope | undefined;
  readonly heartbeatTimeoutMs: number;
  readonly reconnect: Required<ReconnectOptions>;
  /** Aborted when the store closes. */
  readonly closed: AbortSignal;
}

const retryable = (error: unknown): boolean => {
  if (error instanceof EventSourcingDbHttpError) return error.status >= 500 || error.status === 429 || error.status === 408;
  return error instanceof StoreError && !(error instanceof EventSourcingDbProtocolError);
};

export function backoffDelay(failures: number, reconnect: Required<ReconnectOptions>): number {
  const ceiling = Math.min(reconnect.maxDelayMs, reconnect.initialDelayMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

export async function* observeLog(source: ObserveLogSource, options: SubscribeOptions = {}): AsyncGenerator<EventEnvelope, void, undefined> {
  const stop = options.signal === undefined ? source.closed : AbortSignal.any([source.closed, options.signal]);
  // The last EventSourcingDB id seen (delivered or skipped); undefined before the first.
  let lastId = options.after !== undefined && options.after >= 1 ? eventIdOfPosition(Math.floor(options.after)) : undefined;
  let failures = 0;
  while (!stop.aborted) {
    const body = {
      subject: '/',
      options: { recursive: true, ...(lastId === undefined ? {} : { lowerBound: { id: lastId, type: 'exclusive' } }) },
    };
    try {
      for await (const line of source.client.streamLines('observe-events', body, { signal: stop, stallTimeoutMs: source.heartbeatTimeoutMs })) {
        failures = 0;
        if (line.type === 'error') throw new StoreError(`EventSourcingDB observe-events reported an error: ${source.client.redact(describeError(line.payload))}`);
        if (line.type !== 'event') continue;
        const event = parseWireEvent(line.payload, 'EventSourcingDB observe-events');
        // Never deliver an id twice, whatever a replay after reconnecting sends.
        if (lastId !== undefined && Number(event.id) <= Number(lastId)) continue;
        lastId = event.id;
        const envelope = source.decode(event);
        if (envelope === undefined) continue;
        yield envelope;
        if (stop.aborted) return;
      }
    } catch (error) {
      if (stop.aborted) return;
      if (!retryable(error)) throw error;
    }
    failures += 1;
    try {
      await sleep(backoffDelay(failures, source.reconnect), undefined, { signal: stop });
    } catch {
      return;
    }
  }
}

function describeError(payload: unknown): string {
  if (typeof payload === 'object' && payload !== null && typeof (payload as { error?: unknown }).error === 'string') {
    return (payload as { error: string }).error;
  }
  return 'unknown error';
}
