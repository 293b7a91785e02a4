import type { EventEnvelope, EventMetadata } from '../../../events/envelope.js';
import type { EncodedEvent } from '../../event-codec.js';
import type { ExpectedVersion } from '../../event-store.js';
import { PostgresError } from './errors.js';
import { toSafeInteger, type SchemaName } from './schema.js';

/** One append waiting to be written: a non-empty, encoded batch for one stream. */
export interface PendingBatch {
  readonly streamId: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedVersion;
  readonly idempotencyKey: string | undefined;
}

/** What became of one batch (see `append_batches` in event-schema.ts). */
export type BatchOutcome =
  | { readonly kind: 'appended'; readonly version: number; readonly position: number }
  | { readonly kind: 'replayed'; readonly version: number; readonly events: readonly EventEnvelope[] }
  | { readonly kind: 'conflict'; readonly actual: number };

/** A statement with its parameters. */
export interface AppendCall {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** The one statement that appends `batches` (flat event arrays plus per-batch streams, expectations, keys and sizes). */
export function appendBatchesCall(schema: SchemaName, batches: readonly PendingBatch[]): AppendCall {
  const events = batches.flatMap((batch) => batch.events);
  return {
    text:
      `SELECT ${schema.table('append_batches')}($1::text[], $2::text[], $3::text[], $4::integer[], ` +
      '$5::text[], $6::text[], $7::text[], $8::text[], $9::integer[], $10::json[], $11::json[]) AS result',
    params: [
      batches.map((batch) => batch.streamId),
      batches.map((batch) => String(batch.expected)),
      batches.map((batch) => batch.idempotencyKey ?? null),
      batches.map((batch) => batch.events.length),
      events.map((event) => event.id),
      events.map((event) => event.type),
      events.map((event) => event.source),
      events.map((event) => event.time),
      events.map((event) => event.schemaVersion),
      events.map((event) => event.data),
      events.map((event) => event.metadata),
    ],
  };
}

interface StoredEventJson {
  readonly position: unknown;
  readonly version: number;
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

type RawOutcome = { readonly version: number; readonly position: unknown } | { readonly version: number; readonly replay: readonly StoredEventJson[] } | { readonly conflict: number };

/** Reads the function's JSON result (already parsed by the driver) into one outcome per batch. */
export function parseOutcomes(batches: readonly PendingBatch[], result: unknown): BatchOutcome[] {
  if (!Array.isArray(result) || result.length !== batches.length) {
    throw new PostgresError(`PostgreSQL: append_batches returned ${JSON.stringify(result)?.slice(0, 200)} for ${batches.length} batches`, {});
  }
  return (result as RawOutcome[]).map((raw, index): BatchOutcome => {
    if ('conflict' in raw) return { kind: 'conflict', actual: raw.conflict };
    if ('replay' in raw) {
      const streamId = batches[index]?.streamId ?? '';
      const events = raw.replay.map((event) => ({ ...event, position: toSafeInteger(event.position, 'an event position'), subject: streamId, streamId }));
      return { kind: 'replayed', version: raw.version, events };
    }
    return { kind: 'appended', version: raw.version, position: toSafeInteger(raw.position, 'an event position') };
  });
}

export interface AppendBatcherOptions {
  /** Statements in flight at once: 2 lets one wait at the allocator while the other commits. */
  readonly maxInFlight?: number;
  /** Upper bounds of one group. */
  readonly maxBatches?: number;
  readonly maxEvents?: number;
}

/**
 * Group commit inside one process. Appends are serialized by the position allocator anyway, each
 * holding it through its commit's WAL flush; so while statements are in flight, concurrent appends
 * queue here and go out together as one `append_batches` call: one lock hand-over and one flush for
 * the whole group. Each batch keeps its own atomicity and its own verdict.
 *
 * `send` writes a group. If it fails with an error the server reported (a SQLSTATE: the transaction
 * certainly rolled back), each batch of a larger group is retried alone so that one bad batch fails
 * only itself; a failure without a SQLSTATE (a lost connection: the commit may have happened) fails
 * the whole group, as it would have failed a single append.
 */
export function createAppendBatcher(send: (batches: readonly PendingBatch[]) => Promise<readonly BatchOutcome[]>, options: AppendBatcherOptions = {}) {
  const maxInFlight = options.maxInFlight ?? 2;
  const maxBatches = options.maxBatches ?? 100;
  const maxEvents = options.maxEvents ?? 5000;
  interface Waiting {
    readonly batch: PendingBatch;
    readonly resolve: (outcome: BatchOutcome) => void;
    readonly reject: (error: unknown) => void;
  }
  const queue: Waiting[] = [];
  let inFlight = 0;

  const takeGroup = (): Waiting[] => {
    const group: Waiting[] = [];
    let events = 0;
    while (queue.length > 0 && group.length < maxBatches) {
      const next = queue[0];
      if (next === undefined || (group.length > 0 && events + next.batch.events.length > maxEvents)) break;
      queue.shift();
      group.push(next);
      events += next.batch.events.length;
    }
    return group;
  };
  const settle = async (group: readonly Waiting[]): Promise<void> => {
    try {
      const outcomes = await send(group.map((waiting) => waiting.batch));
      group.forEach((waiting, index) => {
        const outcome = outcomes[index];
        if (outcome === undefined) waiting.reject(new PostgresError('PostgreSQL: append_batches returned too few outcomes', {}));
        else waiting.resolve(outcome);
      });
    } catch (error) {
      if (group.length > 1 && error instanceof PostgresError && error.sqlState !== undefined) {
        for (const waiting of group) await settle([waiting]);
      } else {
        for (const waiting of group) waiting.reject(error);
      }
    }
  };
  const pump = (): void => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const group = takeGroup();
      inFlight += 1;
      void settle(group).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return {
    append(batch: PendingBatch): Promise<BatchOutcome> {
      return new Promise<BatchOutcome>((resolve, reject) => {
        queue.push({ batch, resolve, reject });
        pump();
      });
    },
  };
}
