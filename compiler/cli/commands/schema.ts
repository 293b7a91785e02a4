import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dslJsonSchema } from '../../syntax/index.js';
import { EXIT_OK, type CliEnvironment } from '../environment.js';

/** `orchestrix schema [--out file]`: the DSL's JSON Schema (draft-07) for editors, on stdout or into a file. */
export async function runSchema(io: CliEnvironment, options: { readonly out: string | undefined }): Promise<number> {
  const text = `${JSON.stringify(dslJsonSchema(), null, 2)}\n`;
  if (options.out === undefined) {
    io.stdout.write(text);
  } else {
    await writeFile(resolve(io.cwd, options.out), text, 'utf8');
    io.stderr.write(`wrote ${options.out}\n`);
  }
  return EXIT_OK;
}
