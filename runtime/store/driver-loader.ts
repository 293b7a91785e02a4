import { createRequire } from 'node:module';
import { ConfigurationError } from '../errors/errors.js';

/**
 * Database drivers are optional peer dependencies: an application installs the one it uses
 * (`better-sqlite3`, `pg`, `@electric-sql/pglite`), and the runtime loads it only when a backend
 * that needs it opens. A missing driver is a MissingDriverError naming the package to install.
 */

const require = createRequire(import.meta.url);

/** A backend's driver package is not installed: `npm install <packageName>` fixes it. */
export class MissingDriverError extends ConfigurationError {
  /** The npm package to install, e.g. `pg`. */
  readonly packageName: string;
  /** The backend that needs it, e.g. `PostgreSQL`. */
  readonly backend: string;
  constructor(packageName: string, backend: string, options?: ErrorOptions) {
    super(`The ${backend} backend needs the package '${packageName}', which is not installed: run \`npm install ${packageName}\``, options);
    this.packageName = packageName;
    this.backend = backend;
  }
}

/** A CommonJS driver (better-sqlite3, pg), loaded with require: its own require() calls stay on the CommonJS path whatever ESM hooks the host installed. */
export function requireDriver<T>(packageName: string, backend: string): T {
  try {
    return require(packageName) as T;
  } catch (error) {
    throw missingDriver(error, packageName, backend);
  }
}

/** An ESM-only driver (PGlite). */
export async function importDriver<T>(packageName: string, backend: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw missingDriver(error, packageName, backend);
  }
}

/**
 * The driver itself not found becomes MissingDriverError; anything else (a module the driver needs
 * is missing, its native addon does not load) passes through as it is. Node names the missing
 * module in quotes ("Cannot find module 'pg'", "Cannot find package 'pg' imported from ..."), so
 * a missing `pg-pool` is not taken for a missing `pg`.
 */
function missingDriver(error: unknown, packageName: string, backend: string): unknown {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : '';
  const notFound = (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && message.includes(`'${packageName}'`);
  return notFound ? new MissingDriverError(packageName, backend, { cause: error }) : error;
}
