// Drivers are optional peer dependencies, loaded only when a backend that needs one opens. A child
// process imports orchestrix/runtime and records what that loads (test/package/fixtures/probe-runtime.mjs);
// then it opens one backend per driver, which shows the recording sees a driver when one does load.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, MissingDriverError } from '../../runtime/index.js';
import { importDriver, requireDriver } from '../../runtime/store/driver-loader.js';
import { REPO_ROOT } from '../support/project.js';
import { packagesOf, type ProbeStep } from './probe.js';

const run = promisify(execFile);
// Names in variables: the import happens at run time, as a driver's would, not when the test file is transformed.
const NO_SUCH_PACKAGE = 'orchestrix-no-such-driver';
const MISSING_DEPENDENCY = 'pg-orchestrix-missing-dependency';

describe('loading drivers', () => {
  it('import orchestrix/runtime loads no driver and no native addon; opening a backend loads its driver only then', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', './test/support/ts-loader/register.mjs', 'test/package/fixtures/probe-runtime.mjs', 'sqlite::memory:', 'pglite:memory', 'postgres://orx_package@127.0.0.1:1/none'],
      { cwd: REPO_ROOT, timeout: 90_000 },
    );
    const [imported, sqlite, pglite, postgres] = JSON.parse(stdout) as ProbeStep[];
    expect(imported?.addons).toEqual([]);
    expect(packagesOf(imported?.modules ?? [])).toEqual(['zod']);

    expect(sqlite?.opened).toBe(true);
    expect(sqlite?.addons.some((file) => file.endsWith('better_sqlite3.node'))).toBe(true);
    expect(packagesOf(sqlite?.modules ?? [])).toContain('better-sqlite3');
    expect(packagesOf(sqlite?.modules ?? [])).not.toContain('pg');

    expect(pglite?.opened).toBe(true);
    expect(packagesOf(pglite?.modules ?? [])).toContain('@electric-sql/pglite');
    expect(packagesOf(pglite?.modules ?? [])).not.toContain('pg');

    // Nothing listens on port 1: the driver loads, then the connection is refused (a StoreError, not a missing driver).
    expect(postgres?.opened).toBe(false);
    expect(postgres?.error?.name).toBe('StoreError');
    expect(packagesOf(postgres?.modules ?? [])).toContain('pg');
  }, 120_000);

  it('a driver that is not installed is a MissingDriverError naming the package to install', async () => {
    const thrown = (() => {
      try {
        return requireDriver('orchestrix-no-such-driver', 'Test');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(MissingDriverError);
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(thrown).toMatchObject({
      code: 'CONFIGURATION_INVALID',
      packageName: 'orchestrix-no-such-driver',
      backend: 'Test',
      message: "The Test backend needs the package 'orchestrix-no-such-driver', which is not installed: run `npm install orchestrix-no-such-driver`",
    });
    const esm = importDriver('orchestrix-no-such-driver', 'Test', () => import(NO_SUCH_PACKAGE));
    await expect(esm).rejects.toBeInstanceOf(MissingDriverError);
    await expect(esm).rejects.toMatchObject({ packageName: 'orchestrix-no-such-driver' });
  });

  it('a driver that is installed but fails to load keeps its own error (a module it needs is missing, not the driver)', async () => {
    // The driver `pg` is installed; what is missing is another module whose name merely starts with `pg`.
    const failing = importDriver('pg', 'PostgreSQL', () => import(MISSING_DEPENDENCY));
    await expect(failing).rejects.not.toBeInstanceOf(MissingDriverError);
    await expect(failing).rejects.toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' });
    const broken = importDriver('pg', 'PostgreSQL', () => Promise.reject(new TypeError('addon was built for another Node.js')));
    await expect(broken).rejects.toThrow(TypeError);
  });
});
