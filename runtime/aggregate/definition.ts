import type { z } from 'zod';

/**
 * What generated code hands the runtime for each aggregate: pure functions (`evolve`, `decide`) and
 * data (schemas, versions, upcasters, pii paths, snapshot policy). The runtime needs no reflection.
 */

/**
 * What the runtime needs of a schema: a zod schema that parses to `T` (its input may be anything).
 * Generated schemas are `z.ZodType<T, TInput>` already (see objectOf), so TypeScript relates them
 * to this type by their type arguments alone, without looking into zod's members: checking each
 * against a structural interface instead (a `safeParse` method) cost about 70 symbols per schema.
 * A schema typed as zod infers it (`z.object(...)`) is checked structurally, and costs more.
 */
export type DataSchema<T> = z.ZodType<T>;

/** An event as `decide` returns it and `evolve` consumes it. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** A command as `execute` receives it. `data` includes the aggregate id field. */
export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface DecideContext {
  /** The id of the aggregate the command targets. */
  readonly id: string;
  /** The handler clock for this command, RFC 3339 UTC; the same value throughout one decision. */
  readonly now: string;
}

/** Lifts the data of one stored event version to the next version. Pure. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** Where a pii value's data subject id comes from (see compiler/model SubjectRef). */
export type SubjectSource =
  | { readonly kind: 'id' }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'state'; readonly name: string };

/** A pii value inside a record; `'[]'` in `path` means every array element. */
export interface PiiPath {
  readonly path: readonly string[];
  readonly subject: SubjectSource;
  /** What readers get once the subject is forgotten; absent (the default) removes the value. */
  readonly erased?: unknown;
}

export interface EventDefinition<Data = unknown> {
  readonly type: string;
  /** The current schema version; new events are written at this version. */
  readonly schemaVersion: number;
  /** The current version's data schema. */
  readonly schema: DataSchema<Data>;
  /** `upcasters[v]` lifts version v to v + 1, for every v below `schemaVersion`. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
  /** Pii paths for every version that may be stored, keyed by version (an empty list: none). */
  readonly pii: Readonly<Record<number, readonly PiiPath[]>>;
}

export interface CommandDefinition<Data = unknown> {
  readonly type: string;
  readonly schema: DataSchema<Data>;
  /** The stream must not exist yet (`creates: true`). */
  readonly creates: boolean;
  readonly pii: readonly PiiPath[];
}

export interface AggregateDefinition<
  State = unknown,
  C extends Command = Command,
  E extends DomainEvent = DomainEvent,
> {
  readonly domain: string;
  readonly name: string;
  /** Streams are `<category>/<id>`, e.g. `banking/Account/5c1e...`. */
  readonly category: string;
  /** The id field of every command of this aggregate, e.g. `accountId`. */
  readonly idField: string;
  readonly initialState: State;
  evolve(state: State, event: E): State;
  decide(state: State, command: C, context: DecideContext): readonly E[];
  // Keyed by remapping each member of the union (not by `Extract`ing each name from it): one step
  // per command or event instead of one per pair, which large generated domains feel.
  readonly commands: { readonly [K in C as K['type']]: CommandDefinition<K['data']> };
  readonly events: { readonly [K in E as K['type']]: EventDefinition<K['data']> };
  readonly snapshot: { readonly every: number } | undefined;
  /** Hash of the state shape; snapshots taken under another hash are ignored. */
  readonly stateSchemaHash: string;
  /** The aggregate's data subject, when it holds personal data. */
  readonly subject: { readonly kind: 'id' } | { readonly kind: 'state'; readonly name: string } | undefined;
  readonly statePii: readonly PiiPath[];
}

/** What encodeURIComponent leaves as it is: an id made only of these (a UUID) needs no encoding. */
const URI_UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

/**
 * The stream that holds one aggregate instance. Ids are URI-encoded so `/` cannot forge a category.
 * Every command asks for it: the regular expression skips encodeURIComponent (a string copy) for
 * ids it would return unchanged.
 */
export const streamIdOf = (definition: Pick<AggregateDefinition, 'category'>, id: string): string =>
  `${definition.category}/${URI_UNRESERVED.test(id) ? id : encodeURIComponent(id)}`;
