import { createRequire } from 'node:module';
import { ConfigurationError } from '../errors/errors.js';

/**
 * Database drivers are optional peer dependencies: an application installs the one it uses
 * (`better-sqlite3`, `pg`, `@electric-sql/pglite`), and the runtime loads it only when a backend
 * that needs it opens. A missing driver is a ConfigurationError naming the package to install.
 */

const require = createRequire(import.meta.url);

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

function missingDriver(error: unknown, packageName: string, backend: string): unknown {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : '';
  const notFound = (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && message.includes(packageName);
  if (!notFound) return error;
  return new ConfigurationError(`The ${backend} backend needs the package '${packageName}', which is not installed: run \`npm install ${packageName}\``, { cause: error });
}
