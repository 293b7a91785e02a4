import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { domainNames } from '../../emit/domain-names.js';
import { checkProject } from '../../pipeline/check-project.js';
import { EXIT_OK, EXIT_USAGE, type CliEnvironment } from '../environment.js';

const DOMAIN_NAME = /^[a-z][a-zA-Z0-9]*$/;

/**
 * `orchestrix init [domain]`: a starter config and domain in the current folder, and a tsconfig.json
 * that compiles the generated code when the folder has none; never overwrites. Prints what is left
 * to do (on stderr: it is decoration, not data).
 */
export async function runInit(io: CliEnvironment, options: { readonly domain: string }): Promise<number> {
  if (!DOMAIN_NAME.test(options.domain)) {
    io.stderr.write(`orchestrix init: '${options.domain}' is not a domain name: use [a-z][a-zA-Z0-9]*, e.g. 'shop' or 'orderBook'.\n`);
    return EXIT_USAGE;
  }
  const files: readonly [string, string][] = [
    ['orchestrix.config.yaml', CONFIG],
    [join('domains', `${options.domain}.yaml`), starterDomain(options.domain)],
    ['tsconfig.json', TSCONFIG],
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
  io.stderr.write(nextSteps(options.domain, await packageType(io.cwd), await factoryOf(io.cwd, options.domain)));
  return EXIT_OK;
}

/**
 * The name of the domain's factory as `generate` will emit it (domain-names decides it, escaping it
 * where it would meet another name), read from the domain's spec: the starter, or the file that was
 * kept. Undefined when that spec does not check.
 */
async function factoryOf(cwd: string, domain: string): Promise<string | undefined> {
  const project = await checkProject({ cwd, paths: [join('domains', `${domain}.yaml`)], lines: false });
  const model = project.domains.find((d) => d.name === domain);
  return model === undefined ? undefined : domainNames(model).domain.factory;
}

/** The `type` of the folder's package.json: 'module', something else, or 'missing' (no readable package.json). */
async function packageType(cwd: string): Promise<string> {
  try {
    const manifest: unknown = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8'));
    const type = typeof manifest === 'object' && manifest !== null ? (manifest as { type?: unknown }).type : undefined;
    return typeof type === 'string' ? type : 'commonjs';
  } catch {
    return 'missing';
  }
}

function nextSteps(domain: string, type: string, factory: string | undefined): string {
  const importFactory = factory === undefined ? 'the domain factory' : `{ ${factory} }`;
  const steps = [
    `edit domains/${domain}.yaml, then \`npx orchestrix check\``,
    `\`npx orchestrix generate\` writes the typed code to src/generated/${domain}/`,
    ...(type === 'module'
      ? []
      : [type === 'missing' ? 'create a package.json with "type": "module" (`npm init -y`, then set it): the generated code is ES modules' : 'set "type": "module" in package.json: the generated code is ES modules']),
    'install the driver of your store: `npm install pg` (postgres://...), `npm install better-sqlite3` (sqlite:...) or `npm install @electric-sql/pglite` (pglite:...); memory: needs none',
    `\`npm install -D typescript @types/node\`, then in src/: import ${importFactory} from './generated/${domain}/index.js', and \`npx tsc\``,
  ];
  return `next steps:\n${steps.map((step, index) => `  ${index + 1}. ${step}\n`).join('')}`;
}

/** What the generated code needs: ES modules resolved the Node way (its imports end in .js), strict types. */
const TSCONFIG = `{
  // Written by \`orchestrix init\`: the settings the generated code compiles with. Generated files
  // are ES modules whose imports end in .js (module NodeNext, "type": "module" in package.json);
  // they are checked under every strict flag below. The runtime's types use Node's (types: node).
  "compilerOptions": {
    "target": "ES2023",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "rootDir": "src",
    "outDir": "dist",
    "sourceMap": true
  },
  "include": ["src"]
}
`;

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

readModels:
  TaskList:
    description: One row per task, found by status (the open ones, the done ones).
    key: taskId
    fields:
      taskId: uuid
      title: { type: string, default: "" }
      status: { type: TaskStatus, default: open }
    index: [status]
    on:
      TaskCreated: { set: { title: event.title } }
      TaskCompleted: { set: { status: done } }
`;
