import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPONENT_LABELS, type ComponentName } from '../../runtime/store/backend.js';

/**
 * Every backend folder has the same shape (docs/runtime.md, "Writing an adapter"): `index.ts`,
 * `backend.ts`, `connection.ts`, and one file per component it holds, named after the component;
 * anything else of its own lives in `internal/`.
 */
const store = new URL('../../runtime/store/', import.meta.url).pathname;
const backends = readdirSync(store).filter((entry) => statSync(join(store, entry)).isDirectory());
const fileOf = (component: ComponentName): string => `${component.replace(/[A-Z]/gu, (letter) => `-${letter.toLowerCase()}`)}.ts`;
const componentFiles = new Map((Object.keys(COMPONENT_LABELS) as ComponentName[]).map((component) => [fileOf(component), component]));
const CORE = ['backend.ts', 'connection.ts', 'index.ts'];

/** What each backend holds; a backend missing from this table fails the test. */
const HOLDS: Readonly<Record<string, readonly ComponentName[]>> = {
  memory: ['events', 'snapshots', 'checkpoints', 'deadLetters', 'keys', 'readModels', 'leases', 'schedules'],
  sqlite: ['events', 'snapshots', 'checkpoints', 'deadLetters', 'keys', 'readModels', 'leases', 'schedules'],
  postgres: ['events', 'snapshots', 'checkpoints', 'deadLetters', 'keys', 'readModels', 'leases', 'schedules'],
  eventsourcingdb: ['events'],
};

describe('backend folders', () => {
  it('are the known backends', () => {
    expect(backends.sort()).toEqual(Object.keys(HOLDS).sort());
  });

  for (const backend of backends) {
    it(`${backend}/ has the core files, one file per component it holds, and nothing else at its top`, () => {
      const entries = readdirSync(join(store, backend));
      const files = entries.filter((entry) => statSync(join(store, backend, entry)).isFile()).sort();
      const folders = entries.filter((entry) => statSync(join(store, backend, entry)).isDirectory());
      const expected = [...CORE, ...(HOLDS[backend] ?? []).map(fileOf)].sort();
      expect(files).toEqual(expected);
      expect(folders.every((folder) => folder === 'internal')).toBe(true);
      for (const file of files) expect(CORE.includes(file) || componentFiles.has(file), file).toBe(true);
    });
  }
});
