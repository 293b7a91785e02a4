/** The SQLite backend (`sqlite:<file>`): every component in one file, over one better-sqlite3 connection. */
export { openSqliteBackend, type SqliteBackendConfig, type SqliteBackendOptions } from './backend.js';
