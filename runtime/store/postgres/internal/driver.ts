import { StoreClosedError, StoreError } from '../../../errors/errors.js';
import { toPostgresError } from './errors.js';

/**
 * The small surface the PostgreSQL adapters need, implemented twice: over a `pg` Pool (a server,
 * many connections) and over PGlite (embedded, one in-process connection). Everything above this
 * file is one code path.
 */
export interface SqlSession {
  /** One statement with `$1..$n` parameters; returns its rows. */
  query<Row extends object>(text: string, params?: readonly unknown[]): Promise<Row[]>;
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

async function guarded<T>(secrets: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toPostgresError(error, secrets);
  }
}

// ---------------------------------------------------------------------------------------------
// pg. The shapes below are what the driver uses of pg's classes, declared here so that no public
// type of the runtime needs pg's own types (an application type-checks without them).

interface QueryResultLike {
  readonly rows: unknown[];
}

/** What the runtime uses of a `pg.Pool` (a pg Pool satisfies it). */
export interface PgPool {
  readonly options: object;
  query(text: string, values?: unknown[]): Promise<QueryResultLike>;
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PgPoolClient {
  query(text: string, values?: unknown[]): Promise<QueryResultLike>;
  release(destroy?: boolean | Error): void;
}

/** What the listener uses of a `pg.Client`. */
export interface PgListenClient {
  connect(): Promise<void>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'error' | 'end', listener: () => void): unknown;
  on(event: 'notification', listener: (message: { readonly channel: string; readonly payload?: string | undefined }) => void): unknown;
  removeAllListeners(event: string): unknown;
}

export interface PgDriverOptions {
  /** Whether close() ends the pool (true when the driver created it). */
  readonly ownsPool: boolean;
  /** Strings that must never appear in an error message (the connection's password). */
  readonly secrets?: readonly string[];
  /** The `pg` module's Client class, for the dedicated listening connection. */
  readonly Client: new (config: object) => PgListenClient;
}

function pgSession(client: PgPool | PgPoolClient, secrets: readonly string[]): SqlSession {
  return {
    // The rows of a statement are what its SELECT list says: the caller names that shape.
    query: <Row extends object>(text: string, params: readonly unknown[] = []) =>
      guarded(secrets, async () => (await client.query(text, [...params])).rows as Row[]),
    exec: (sql: string) => guarded(secrets, async () => void (await client.query(sql))),
  };
}

export function createPgDriver(pool: PgPool, options: PgDriverOptions): PostgresDriver {
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
function createPgListener(newClient: () => PgListenClient, secrets: readonly string[]) {
  const channels = new Map<string, Set<NotifyCallback>>();
  let client: PgListenClient | undefined;
  let connecting: Promise<PgListenClient> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryDelayMs = 250;
  let closed = false;

  const fire = (channel: string, payload: string): void => {
    for (const callback of channels.get(channel) ?? []) callback(payload);
  };
  const lost = (broken: PgListenClient): void => {
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
  const connect = (): Promise<PgListenClient> => {
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
        throw new StoreClosedError('PostgreSQL connection');
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
// PGlite, through the same kind of declared shape.

/** What the runtime uses of a PGlite transaction. */
export interface PGliteSession {
  query(query: string, params?: unknown[]): Promise<QueryResultLike>;
  exec(query: string): Promise<unknown>;
}

/** What the runtime uses of a `PGlite` instance (a PGlite satisfies it). */
export interface PGliteDatabase extends PGliteSession {
  readonly closed: boolean;
  transaction<T>(callback: (tx: PGliteSession) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

function pgliteSession(db: PGliteSession): SqlSession {
  return {
    query: <Row extends object>(text: string, params: readonly unknown[] = []) =>
      guarded([], async () => (await db.query(text, [...params])).rows as Row[]),
    exec: (sql: string) => guarded([], async () => void (await db.exec(sql))),
  };
}

export function createPGliteDriver(db: PGliteDatabase, options: { readonly ownsDatabase: boolean }): PostgresDriver {
  return {
    kind: 'pglite',
    ...pgliteSession(db),
    async transaction(work) {
      // The caller's own errors surface as they were thrown; only PGlite's are translated.
      let failure: { readonly error: unknown } | undefined;
      try {
        return await guarded([], () =>
          db.transaction(async (tx) => {
            try {
              return await work(pgliteSession(tx));
            } catch (error) {
              failure = { error };
              throw error;
            }
          }),
        );
      } catch (error) {
        throw failure === undefined ? error : failure.error;
      }
    },
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
