import type { PiiPath } from '../aggregate/definition.js';
import type { EventEnvelope } from '../events/envelope.js';
import { deadLetterContext, eventContext, snapshotContext } from './cipher.js';
import type { KeyStore } from './key-store.js';
import type { RecordPlace } from './record-crypto.js';
import type { PiiRegistry, StreamPii } from './registry.js';

/** What the store wrappers of one GDPR layer share. */
export interface LayerCore {
  readonly keys: KeyStore;
  readonly registry: PiiRegistry;
}

/** The pii of one stored event: its stream's category and the paths of its type and version. */
export interface EventPii {
  readonly stream: StreamPii;
  readonly paths: readonly PiiPath[];
}

/**
 * The pii paths of a stored event; undefined when it holds none the registry knows. An unknown
 * schema version is read as is (the aggregate's reader rejects it with UpcastError).
 */
export function storedEventPii(registry: PiiRegistry, event: { readonly streamId: string; readonly type: string; readonly schemaVersion: number }): EventPii | undefined {
  const stream = registry.stream(event.streamId);
  if (stream === undefined) return undefined;
  const paths = stream.category.eventPii(event.type, event.schemaVersion);
  return paths === undefined || paths === 'unknown-version' || paths.length === 0 ? undefined : { stream, paths };
}

export const describeEvent = (event: { readonly streamId: string; readonly id: string; readonly type: string }): string =>
  `event '${event.id}' (${event.type}) of stream '${event.streamId}'`;

/** Where a stored event's pii is bound (see cipher.ts). */
export const eventPlace = (event: { readonly streamId: string; readonly id: string; readonly type: string; readonly schemaVersion: number }): RecordPlace => ({
  where: describeEvent(event),
  context: eventContext(event),
});

export const snapshotPlace = (snapshot: { readonly streamId: string; readonly version: number }): RecordPlace => ({
  where: `the snapshot of stream '${snapshot.streamId}' at version ${snapshot.version}`,
  context: snapshotContext(snapshot.streamId, snapshot.version),
});

export const deadLetterPlace = (letter: { readonly handler: string; readonly event: EventEnvelope }): RecordPlace => ({
  where: `the dead letter of ${describeEvent(letter.event)} for handler '${letter.handler}'`,
  context: deadLetterContext(letter.handler, letter.event),
});
