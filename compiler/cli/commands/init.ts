import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EXIT_OK, EXIT_USAGE, type CliEnvironment } from '../environment.js';

const DOMAIN_NAME = /^[a-z][a-zA-Z0-9]*$/;

/** `orchestrix init [domain]`: a starter config and domain in the current folder; never overwrites. */
export async function runInit(io: CliEnvironment, options: { readonly domain: string }): Promise<number> {
  if (!DOMAIN_NAME.test(options.domain)) {
    io.stderr.write(`orchestrix init: '${options.domain}' is not a domain name: use [a-z][a-zA-Z0-9]*, e.g. 'shop' or 'orderBook'.\n`);
    return EXIT_USAGE;
  }
  const files: readonly [string, string][] = [
    ['orchestrix.config.yaml', CONFIG],
    [join('domains', `${options.domain}.yaml`), starterDomain(options.domain)],
  ];
  for (const [path, text] of files) {
    const target = join(io.cwd, path);
    if (existsSync(target)) {
      io.stderr.write(`kept ${path} (it already exists)\n`);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, { encoding: 'utf8', flag: 'wx' });
    io.stderr.write(`created ${path}\n`);
  }
  io.stderr.write('next: edit the domain, then run `npx orchestrix check` and `npx orchestrix generate`\n');
  return EXIT_OK;
}

const CONFIG = `# Orchestrix configuration (see docs/dsl.md in the orchestrix package).
specs:
  - domains/**/*.{yaml,yml}
output: src/generated
handlers: src/handlers
`;

const starterDomain = (domain: string): string => `# yaml-language-server: $schema=../node_modules/orchestrix/schema/orchestrix.schema.json
domain: ${domain}
description: A starter domain created by \`orchestrix init\`. Edit it, then run \`npx orchestrix generate\`.

types:
  TaskStatus:
    enum: [open, done]

aggregates:
  Task:
    id: taskId
    state:
      title: { type: string, default: "" }
      status: { type: TaskStatus, default: open }
    commands:
      CreateTask:
        creates: true
        fields:
          title: { type: string, minLength: 1, maxLength: 200 }
        emits: [TaskCreated]
      CompleteTask:
        requires:
          - { check: "state.status == open", error: AlreadyDone, message: "The task is already done" }
        emits: [TaskCompleted]
    events:
      TaskCreated:
        fields:
          title: string
      TaskCompleted:
        apply: { status: done }
`;
