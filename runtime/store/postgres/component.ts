import { OrchestrixError, StoreError } from '../../errors/errors.js';
import { acquireDriver, type AcquiredDriver, type PostgresTarget } from './connect.js';
import { PostgresError, type PostgresDriver } from './driver.js';
import { migratePostgres, schemaName, type PostgresMigration, type SchemaName } from './schema.js';

export interface PostgresStoreOptions {
  /** The PostgreSQL schema holding the tables (created if missing). Default `orchestrix`. */
  readonly schema?: string;
}

/** What every PostgreSQL store factory takes: where, plus options. */
export type PostgresStoreConfig = PostgresTarget & PostgresStoreOptions;

/** A store's share of the database: a migrated component in a schema, over a driver. */
export interface PostgresComponent {
  readonly driver: PostgresDriver;
  readonly schema: SchemaName;
  readonly closed: boolean;
  /** Raises StoreError once the store is closed. */
  assertOpen(): void;
  /** Closes the driver when the store opened it; a borrowed one is left open. Idempotent. */
  close(): Promise<void>;
}

/** Acquires the driver and migrates `component` (`label` names the store in messages, e.g. `snapshot store`); a failure closes what was opened and names the target (never its password). */
export async function openComponent(config: PostgresStoreConfig, component: string, label: string, migrations: readonly PostgresMigration[]): Promise<PostgresComponent> {
  const schema = schemaName(config.schema);
  let acquired: AcquiredDriver;
  try {
    acquired = await acquireDriver(config);
  } catch (error) {
    if (error instanceof OrchestrixError) throw error;
    throw new StoreError(`Cannot open the PostgreSQL ${label}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    await migratePostgres(acquired.driver, schema, component, migrations);
  } catch (error) {
    await acquired.release().catch(() => undefined);
    if (error instanceof OrchestrixError && !(error instanceof PostgresError)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`Cannot open the PostgreSQL ${label} (${acquired.description}, schema '${schema.name}'): ${reason}`, { cause: error });
  }
  let closing: Promise<void> | undefined;
  return {
    driver: acquired.driver,
    schema,
    get closed() {
      return closing !== undefined;
    },
    assertOpen() {
      if (closing !== undefined) throw new StoreError(`The PostgreSQL ${label} is closed`);
    },
    close: () => (closing ??= acquired.release()),
  };
}

/** bigint columns arrive as strings from pg and as numbers from PGlite. */
export function toSafeInteger(value: unknown, what: string): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw new StoreError(`PostgreSQL returned ${String(value)} for ${what}, not a safe integer`);
  return number;
}
