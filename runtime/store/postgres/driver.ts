import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Client, Pool, PoolClient, QueryResultRow } from 'pg';
import { OrchestrixError, StoreError } from '../../errors/errors.js';
import { scrubSecrets } from './redact.js';

/**
 * The small surface the PostgreSQL adapters need, implemented twice: over a `pg` Pool (a server,
 * many connections) and over PGlite (embedded, one in-process connection). Everything above this
 * file is one code path.
 */
export interface SqlSession {
  /** One statement with `$1..$n` parameters; returns its rows. */
  query<Row extends QueryResultRow>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface PostgresDriver extends SqlSession {
  readonly kind: 'pg' | 'pglite';
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel` (a lowercase identifier). `onNotify` also fires with an empty payload
   * after a lost listening connection is re-established, since notifications may have been missed.
   * When the server cannot be reached, the pg driver keeps retrying in the background (so callers
   * should poll slowly as well). Returns the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Closes what the driver owns (a pool it created, a PGlite it opened) and its listening connection. */
  close(): Promise<void>;
}

/**
 * A failure reported by PostgreSQL or the driver. `sqlState` is the SQLSTATE (e.g. `23505`) when the
 * server sent one; messages never carry connection secrets.
 */
export class PostgresError extends StoreError {
  readonly sqlState: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  constructor(message: string, fields: { sqlState?: string | undefined; detail?: string | undefined; constraint?: string | undefined }, options?: ErrorOptions) {
    super(message, options);
    this.sqlState = fields.sqlState;
    this.detail = fields.detail;
    this.constraint = fields.constraint;
  }
}

function stringField(value: object, key: string): string | undefined {
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

/**
 * Wraps whatever pg or PGlite threw into a PostgresError, removing `secrets` from the message. Our
 * own typed errors (e.g. a ConcurrencyError thrown inside a transaction) pass through unchanged.
 */
export function toPostgresError(error: unknown, secrets: readonly string[] = []): OrchestrixError {
  if (error instanceof OrchestrixError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const message = scrubSecrets(raw, secrets);
  const fields = typeof error === 'object' && error !== null
    ? { sqlState: stringField(error, 'code'), detail: stringField(error, 'detail'), constraint: stringField(error, 'constraint') }
    : {};
  // The original error is attached only when it cannot leak a secret through its own message.
  const options = message === raw ? { cause: error } : undefined;
  return new PostgresError(`PostgreSQL: ${message}`, fields, options);
}

async function guarded<T>(secrets: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toPostgresError(error, secrets);
  }
}

// ---------------------------------------------------------------------------------------------
// pg

export interface PgDriverOptions {
  /** Whether close() ends the pool (true when the driver created it). */
  readonly ownsPool: boolean;
  /** Strings that must never appear in an error message (the connection's password). */
  readonly secrets?: readonly string[];
  /** The `pg` module's Client class, for the dedicated listening connection. */
  readonly Client: new (config: Pool['options']) => Client;
}

function pgSession(client: Pool | PoolClient, secrets: readonly string[]): SqlSession {
  return {
    query: <Row extends QueryResultRow>(text: string, params: readonly unknown[] = []) =>
      guarded(secrets, async () => (await client.query<Row>(text, [...params])).rows),
    exec: (sql: string) => guarded(secrets, async () => void (await client.query(sql))),
  };
}

export function createPgDriver(pool: Pool, options: PgDriverOptions): PostgresDriver {
  const secrets = options.secrets ?? [];
  const session = pgSession(pool, secrets);
  const listener = createPgListener(() => new options.Client(pool.options), secrets);
  return {
    kind: 'pg',
    ...session,
    async transaction(work) {
      const client = await guarded(secrets, () => pool.connect());
      let broken: Error | undefined;
      try {
        await guarded(secrets, () => client.query('BEGIN'));
        const result = await work(pgSession(client, secrets));
        await guarded(secrets, () => client.query('COMMIT'));
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        // A connection that could not roll back is destroyed rather than returned mid-transaction.
        client.release(broken ?? false);
      }
    },
    listen: listener.listen,
    async close() {
      await listener.close();
      if (options.ownsPool) await guarded(secrets, () => pool.end());
    },
  };
}

type NotifyCallback = (payload: string) => void;

/**
 * One dedicated connection (outside the pool, so it never starves it) LISTENing on every channel
 * somebody listens to. When it breaks it is re-opened with backoff while anybody still listens, and
 * every callback fires once afterwards to make up for notifications sent during the outage.
 */
function createPgListener(newClient: () => Client, secrets: readonly string[]) {
  const channels = new Map<string, Set<NotifyCallback>>();
  let client: Client | undefined;
  let connecting: Promise<Client> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelayMs = 250;
  let closed = false;

  const fire = (channel: string, payload: string): void => {
    for (const callback of channels.get(channel) ?? []) callback(payload);
  };
  const lost = (broken: Client): void => {
    if (client !== broken) return;
    client = undefined;
    broken.removeAllListeners('notification');
    void broken.end().catch(() => undefined);
    scheduleReconnect();
  };
  const scheduleReconnect = (): void => {
    if (closed || channels.size === 0 || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        () => {
          retryDelayMs = 250;
          for (const channel of channels.keys()) fire(channel, '');
        },
        () => {
          retryDelayMs = Math.min(retryDelayMs * 2, 30_000);
          scheduleReconnect();
        },
      );
    }, retryDelayMs);
    retryTimer.unref();
  };
  const connect = (): Promise<Client> => {
    if (client !== undefined) return Promise.resolve(client);
    connecting ??= (async () => {
      const fresh = newClient();
      fresh.on('error', () => lost(fresh));
      fresh.on('end', () => lost(fresh));
      fresh.on('notification', (message) => fire(message.channel, message.payload ?? ''));
      try {
        await fresh.connect();
        for (const channel of channels.keys()) await fresh.query(`LISTEN ${channel}`);
      } catch (error) {
        void fresh.end().catch(() => undefined);
        throw toPostgresError(error, secrets);
      }
      if (closed) {
        await fresh.end();
        throw new StoreError('PostgreSQL driver is closed');
      }
      client = fresh;
      return fresh;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    async listen(channel: string, onNotify: NotifyCallback): Promise<() => Promise<void>> {
      const callbacks = channels.get(channel) ?? new Set<NotifyCallback>();
      const isNew = !channels.has(channel);
      callbacks.add(onNotify);
      channels.set(channel, callbacks);
      try {
        const listening = await connect();
        // A connection opened concurrently may have issued its LISTENs before this channel was added.
        if (isNew) await guarded(secrets, () => listening.query(`LISTEN ${channel}`));
      } catch {
        // Server unreachable (or the connection broke mid-way): keep the registration and retry in the
        // background; the callbacks fire once the connection is back.
        if (client !== undefined) lost(client);
        else scheduleReconnect();
      }
      return async () => {
        callbacks.delete(onNotify);
        if (callbacks.size > 0 || channels.get(channel) !== callbacks) return;
        channels.delete(channel);
        await client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
      };
    },
    async close(): Promise<void> {
      closed = true;
      channels.clear();
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      await connecting?.catch(() => undefined);
      const open = client;
      client = undefined;
      if (open !== undefined) {
        open.removeAllListeners('end');
        await open.end().catch(() => undefined);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PGlite

function pgliteSession(db: PGlite | Transaction): SqlSession {
  return {
    query: <Row extends QueryResultRow>(text: string, params: readonly unknown[] = []) =>
      guarded([], async () => (await db.query<Row>(text, [...params])).rows),
    exec: (sql: string) => guarded([], async () => void (await db.exec(sql))),
  };
}

export function createPGliteDriver(db: PGlite, options: { readonly ownsDatabase: boolean }): PostgresDriver {
  return {
    kind: 'pglite',
    ...pgliteSession(db),
    transaction: (work) => guarded([], () => db.transaction((tx) => work(pgliteSession(tx)))),
    async listen(channel, onNotify) {
      const unlisten = await guarded([], () => db.listen(channel, onNotify));
      return async () => {
        if (!db.closed) await unlisten();
      };
    },
    async close() {
      if (options.ownsDatabase && !db.closed) await guarded([], () => db.close());
    },
  };
}
