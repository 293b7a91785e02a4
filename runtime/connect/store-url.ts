import { ConfigurationError } from '../errors/errors.js';
import { redactConnectionString } from '../store/postgres/internal/redact.js';

/**
 * Where stores live, parsed from a connection string:
 *
 * | string | location |
 * |---|---|
 * | `memory:` | in process memory (lost on exit) |
 * | `sqlite:./data/app.db`, `sqlite:/abs/app.db`, `sqlite::memory:` | a SQLite file (WAL) |
 * | `pglite:./data/pg`, `pglite:memory` | embedded PostgreSQL (PGlite): a directory, or memory |
 * | `postgres://user:pass@host:5432/db?schema=app` (or `postgresql://`) | a PostgreSQL server |
 * | `eventsourcingdb://TOKEN@host:3000`, `eventsourcingdb+https://TOKEN@host` | an EventSourcingDB server (events only) |
 */
export type StoreLocation =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string | undefined }
  | { readonly kind: 'eventsourcingdb'; readonly url: string; readonly apiToken: string };

export const STORE_URL_FORMATS =
  'memory:, sqlite:<file>, pglite:<dir>|pglite:memory, postgres://user@host:5432/db, eventsourcingdb://<token>@host:3000';

/** Parses a connection string. Malformed strings raise ConfigurationError naming the wrong part, never a secret. */
export function parseStoreUrl(text: string): StoreLocation {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new ConfigurationError(`Store URL '${safe(trimmed)}' has no scheme; expected one of: ${STORE_URL_FORMATS}`);
  }
  const rest = trimmed.slice(scheme.length + 1);
  switch (scheme) {
    case 'memory':
      if (rest !== '' && rest !== '//') throw new ConfigurationError(`Store URL 'memory:' takes no path, got 'memory:${rest}'`);
      return { kind: 'memory' };
    case 'sqlite': {
      const path = rest.startsWith('//') ? rest.slice(2) : rest;
      if (path === '') throw new ConfigurationError("Store URL 'sqlite:' needs a file path, e.g. sqlite:./data/app.db (or sqlite::memory:)");
      return { kind: 'sqlite', path };
    }
    case 'pglite': {
      const path = rest.startsWith('//') ? rest.slice(2) : rest;
      if (path === '') throw new ConfigurationError("Store URL 'pglite:' needs a directory, e.g. pglite:./data/pg (or pglite:memory)");
      return { kind: 'pglite', dataDir: path === 'memory' || path === ':memory:' ? 'memory://' : path };
    }
    case 'postgres':
    case 'postgresql':
      return postgresLocation(trimmed);
    case 'eventsourcingdb':
    case 'eventsourcingdb+http':
    case 'eventsourcingdb+https':
      return eventSourcingDbLocation(trimmed, scheme === 'eventsourcingdb+https' ? 'https' : 'http');
    default:
      throw new ConfigurationError(`Store URL scheme '${scheme}:' is not supported; expected one of: ${STORE_URL_FORMATS}`);
  }
}

function postgresLocation(text: string): StoreLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigurationError(`PostgreSQL URL '${redactConnectionString(text)}' is malformed; expected postgres://user:password@host:5432/database`);
  }
  if (url.hostname === '') throw new ConfigurationError(`PostgreSQL URL '${redactConnectionString(text)}' has no host`);
  if (url.port !== '' && !/^\d+$/.test(url.port)) throw new ConfigurationError(`PostgreSQL URL '${redactConnectionString(text)}' has an invalid port`);
  if (url.pathname === '' || url.pathname === '/') {
    throw new ConfigurationError(`PostgreSQL URL '${redactConnectionString(text)}' names no database; add it as the path, e.g. .../test`);
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new ConfigurationError(`PostgreSQL URL parameter schema='${schema}' is not a plain lower-case identifier`);
    url.searchParams.delete('schema');
  }
  return { kind: 'postgres', connectionString: url.toString(), schema };
}

function eventSourcingDbLocation(text: string, protocol: 'http' | 'https'): StoreLocation {
  let url: URL;
  try {
    url = new URL(text.replace(/^[^:]+:/, `${protocol}:`));
  } catch {
    throw new ConfigurationError(`EventSourcingDB URL '${safe(text)}' is malformed; expected eventsourcingdb://<token>@host:3000`);
  }
  const token = decodeURIComponent(url.username || url.password);
  if (token === '') {
    throw new ConfigurationError(`EventSourcingDB URL '${safe(text)}' carries no API token; put it before the host: eventsourcingdb://<token>@${url.host}`);
  }
  if (url.hostname === '') throw new ConfigurationError(`EventSourcingDB URL '${safe(text)}' has no host`);
  const base = `${protocol}://${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  return { kind: 'eventsourcingdb', url: base, apiToken: token };
}

/** Any userinfo (tokens, passwords) replaced by `***`. */
function safe(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@');
}

/** A store URL with its secrets hidden, for messages and logs. */
export function describeStoreLocation(location: StoreLocation): string {
  switch (location.kind) {
    case 'memory':
      return 'memory:';
    case 'sqlite':
      return `sqlite:${location.path}`;
    case 'pglite':
      return location.dataDir === 'memory://' ? 'pglite:memory' : `pglite:${location.dataDir}`;
    case 'postgres':
      return redactConnectionString(location.connectionString);
    case 'eventsourcingdb':
      return `EventSourcingDB at ${location.url}`;
  }
}
