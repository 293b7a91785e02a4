import { describe, expect, it } from 'vitest';
import { main } from '../../compiler/cli/main.js';
import type { CliEnvironment } from '../../compiler/cli/environment.js';
import { createProject } from '../support/project.js';

describe('an unexpected exception inside a command', () => {
  it('is reported as a bug in Orchestrix, with what to send, and exits 70', async () => {
    let stderr = '';
    const io: CliEnvironment = {
      cwd: createProject({}),
      env: {},
      // A broken pipe while printing the schema: not a user mistake, so not a diagnostic.
      stdout: {
        write: () => {
          throw new Error('write EPIPE');
        },
      },
      stderr: { write: (s: string) => (stderr += s) },
    };
    const code = await main(['schema'], io);
    expect(code).toBe(70);
    expect(stderr).toMatch(/^orchestrix: internal error \(orchestrix \d+\.\d+\.\d+, node v\d+/);
    expect(stderr).toContain('This is a bug in Orchestrix, not a mistake in your specs.');
    expect(stderr).toContain('issue tracker');
    expect(stderr).toContain('Error: write EPIPE');
  });
});
