import { entry } from './entry.js';

/** ORX1xxx — files, encodings and YAML. Codes are stable: never renumber, only add. */

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** Hints for YAML syntax errors, by the `yaml` library's error code. */
const YAML_HINTS: Readonly<Record<string, string>> = {
  BAD_INDENT:
    'Keys of one mapping (and dashes of one list) must start in the same column; indent nested content further than its key.',
  BLOCK_AS_IMPLICIT_KEY:
    "A value cannot start a nested mapping on the same line: put the nested keys on their own, more indented lines, or quote a value that contains ': '.",
  MULTILINE_IMPLICIT_KEY: "A key must fit on one line and end with ': '.",
  MISSING_CHAR: 'Close the bracket, brace or quote that this construct opened.',
  UNEXPECTED_TOKEN:
    "Check the punctuation: quote values that contain ': ', ' #', or start with one of [ ] { } , & * ! | > % @ `. YAML reads a value that starts with `[` or `{` as a list or mapping, so an expression that starts with one is quoted as a whole: `- \"[open, closed] == state.flags\"`.",
  BAD_SCALAR_START: 'Quote the value: a plain value cannot start with this character.',
  BAD_DQ_ESCAPE: 'Inside double quotes, a backslash starts an escape such as \\n, \\" or \\\\; use single quotes for a literal backslash.',
  KEY_OVER_1024_CHARS: 'Keys may be at most 1024 characters long.',
  BLOCK_IN_FLOW: 'Inside [ ] or { }, write values inline; block lists and mappings cannot appear there.',
  BAD_DIRECTIVE: 'Remove the % directive line; spec files need none.',
};
const DEFAULT_YAML_HINT = 'Fix the YAML syntax at this position; the rest of the file is checked once it parses.';

export const loadDiagnostics = {
  ORX1001: entry<{ path: string; reason: string }>({
    title: 'Cannot read file',
    severity: 'error',
    message: (p) => `cannot read '${p.path}': ${p.reason}`,
    hint: () => 'Check that the path exists, is spelled correctly and is readable.',
    example: {
      situation: 'A path given to `orchestrix check` (or a file matched by a glob) does not exist or cannot be read.',
      sample: { path: 'domains/bankng.yaml', reason: 'no such file or folder' },
      fix: 'Correct the path, or fix the file permissions.',
    },
  }),
  ORX1002: entry<{ size: number; limit: number }>({
    title: 'File too large',
    severity: 'error',
    message: (p) => `the file is ${megabytes(p.size)}, more than the ${megabytes(p.limit)} a spec file may have`,
    hint: () => 'Split the domain into several files that declare the same `domain:`; they are merged.',
    example: {
      situation: 'A spec file is larger than 5 MiB (checked before it is read, so a huge file costs nothing).',
      sample: { size: 12_582_912, limit: 5_242_880 },
      fix: 'Split the domain into several files with the same `domain:`.',
    },
  }),
  ORX1003: entry<{ byteOffset: number; byte: number }>({
    title: 'File is not UTF-8',
    severity: 'error',
    message: (p) =>
      `the file is not valid UTF-8: byte 0x${p.byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${p.byteOffset}`,
    hint: () => 'Save the file with the UTF-8 encoding (most editors offer "Save with encoding").',
    example: {
      situation: 'The file was saved in another encoding, e.g. Latin-1 with an `é` written as the single byte 0xE9.',
      sample: { byteOffset: 41, byte: 0xe9 },
      fix: 'Re-save the file as UTF-8.',
    },
  }),
  ORX1004: entry({
    title: 'Empty file',
    severity: 'warning',
    message: () => 'the file is empty (only blank lines or comments); it is skipped',
    hint: () => 'Add `domain: <name>` and its definitions, or delete the file.',
    example: { spec: '# The banking domain will go here.\n', fix: 'Add `domain: banking` and the definitions, or delete the file.' },
  }),
  ORX1005: entry<{ where: string }>({
    title: 'No spec files found',
    severity: 'error',
    message: (p) => `no spec files (*.yaml, *.yml) found in ${p.where}`,
    hint: () => 'Pass spec files or folders on the command line, or set `specs:` globs in orchestrix.config.yaml.',
    example: {
      situation: 'A folder given to `orchestrix check`, or the `specs:` globs of the configuration, match no YAML file.',
      sample: { where: "'domains/**/*.{yaml,yml}' (from orchestrix.config.yaml)" },
      fix: 'Point `specs:` (or the command line) at the folder that holds the spec files.',
    },
  }),

  // ORX11xx: orchestrix.config.yaml (its examples are situations: the file is a config, not a spec).
  ORX1101: entry<{ key: string; suggestion: string | undefined; known: readonly string[] }>({
    title: 'Unknown configuration key',
    severity: 'error',
    message: (p) => `unknown key '${p.key}' in the configuration`,
    hint: (p) =>
      p.suggestion !== undefined ? `Did you mean '${p.suggestion}'?` : `The configuration keys are: ${p.known.join(', ')}.`,
    example: {
      situation: 'orchestrix.config.yaml contains `outputDir: src/generated`.',
      sample: { key: 'outputDir', suggestion: 'output', known: ['specs', 'output', 'handlers', 'templates'] },
      fix: 'Rename `outputDir` to `output`.',
    },
  }),
  ORX1102: entry<{ key: string; problem: string; description: string | undefined }>({
    title: 'Invalid configuration value',
    severity: 'error',
    message: (p) => `invalid '${p.key}' in the configuration: ${p.problem}`,
    hint: (p) => (p.description !== undefined ? `'${p.key}': ${p.description}` : undefined),
    example: {
      situation: 'orchestrix.config.yaml contains `specs: domains/**/*.yaml` (a string, not a list).',
      sample: {
        key: 'specs',
        problem: "expected a list, not the string 'domains/**/*.yaml'",
        description: 'Globs of spec files, relative to the config file. Default: domains/**/*.{yaml,yml}.',
      },
      fix: 'Make `specs` a list: `specs: [domains/**/*.yaml]`.',
    },
  }),
  ORX1103: entry<{ used: string; ignored: string }>({
    title: 'Two configuration files',
    severity: 'warning',
    message: (p) => `both '${p.used}' and '${p.ignored}' exist; only '${p.used}' is read`,
    hint: (p) => `Merge them into '${p.used}' and delete '${p.ignored}'.`,
    example: {
      situation: 'Both orchestrix.config.yaml and orchestrix.config.yml exist in the project folder.',
      sample: { used: 'orchestrix.config.yaml', ignored: 'orchestrix.config.yml' },
      fix: 'Keep one configuration file.',
    },
  }),

  // ORX12xx: YAML.
  ORX1201: entry<{ problem: string; yamlCode: string }>({
    title: 'YAML syntax error',
    severity: 'error',
    message: (p) => `invalid YAML: ${p.problem}`,
    hint: (p) => YAML_HINTS[p.yamlCode] ?? DEFAULT_YAML_HINT,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    id: accountId
   subject: ownerId
`,
      fix: 'Indent `subject:` like `id:` (4 spaces), so both are keys of `Account`.',
    },
  }),
  ORX1202: entry<{ quote: string }>({
    title: 'Unterminated string',
    severity: 'error',
    message: (p) => `this ${p.quote === '"' ? 'double' : 'single'}-quoted string is never closed`,
    hint: (p) =>
      `Add the closing ${p.quote}. Everything after the opening quote, up to the next ${p.quote}, is read as the string.`,
    example: {
      spec: `domain: banking
description: "Retail accounts
aggregates: {}
`,
      fix: 'Close the quote: `description: "Retail accounts"`.',
    },
  }),
  ORX1203: entry<{ key: string }>({
    title: 'Duplicate key',
    severity: 'error',
    message: (p) => `duplicate key '${p.key}'`,
    hint: () => 'A mapping holds each key once: merge the two entries or rename one of them.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: integer
      balance: { type: integer, default: 0 }
`,
      fix: 'Keep one `balance:` entry.',
    },
  }),
  ORX1204: entry({
    title: 'Tab indentation',
    severity: 'error',
    message: () => 'tabs cannot be used for indentation in YAML',
    hint: () => 'Indent with spaces (2 per level is conventional); most editors can convert tabs to spaces.',
    example: { spec: 'domain: banking\ntypes:\n\tCurrency:\n\t\tenum: [EUR, USD]\n', fix: 'Replace the tabs with spaces.' },
  }),
  ORX1205: entry({
    title: 'Several documents in one file',
    severity: 'error',
    message: () => 'the file contains more than one YAML document (separated by `---`)',
    hint: () => 'Put each document in its own file; files that declare the same `domain:` are merged.',
    example: {
      spec: 'domain: banking\ntypes:\n  Currency: { enum: [EUR] }\n---\ndomain: banking\naggregates: {}\n',
      fix: 'Move the second document into its own file, or merge the two mappings into one.',
    },
  }),
  ORX1206: entry<{ got: string }>({
    title: 'Top level is not a mapping',
    severity: 'error',
    message: (p) => `the file must be a mapping of keys such as \`domain:\`, but it is ${p.got}`,
    hint: () => 'Start the file with `domain: <name>` at the first column, followed by `types:` and `aggregates:`.',
    example: { spec: '- domain: banking\n', fix: 'Remove the leading dash: `domain: banking`.' },
  }),
  ORX1207: entry<{ name: string }>({
    title: 'Unknown alias',
    severity: 'error',
    message: (p) => `alias '*${p.name}' refers to no anchor '&${p.name}' before it`,
    hint: () => 'An alias repeats a node marked with the same `&name` earlier in the file; fix the name or add the anchor.',
    example: {
      spec: 'domain: banking\ntypes:\n  Money:\n    fields: *amountFields\n',
      fix: 'Write the fields out, or mark an earlier mapping with `&amountFields`.',
    },
  }),
  ORX1208: entry<{ name: string }>({
    title: 'Alias inside its own anchor',
    severity: 'error',
    message: (p) => `alias '*${p.name}' is inside the node it repeats, which would make it infinite`,
    hint: () => 'Remove the alias or move it out of the anchored node.',
    example: { spec: 'domain: banking\ntypes: &all\n  Self:\n    fields: *all\n', fix: 'Remove `*all`.' },
  }),
  ORX1209: entry<{ limit: number }>({
    title: 'Aliases expand too much',
    severity: 'error',
    message: (p) => `aliases in this file expand to more than ${p.limit} nodes; the file is not read further`,
    hint: () =>
      'Such expansion is the signature of an alias bomb ("billion laughs"). Repeat values explicitly, or share structure through `types:`.',
    example: {
      spec: `domain: laughs
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
`,
      fix: 'Remove the aliases; a spec has no use for data that multiplies itself.',
    },
  }),
  ORX1210: entry<{ limit: number }>({
    title: 'Nested too deeply',
    severity: 'error',
    message: (p) => `lists and mappings are nested more than ${p.limit} levels deep`,
    hint: () => 'A spec nests a few levels; check for unbalanced brackets or accidental indentation.',
    example: {
      spec: `domain: banking\ndescription: ${'['.repeat(130)}\n`,
      fix: 'Remove the brackets (or quote the text that contains them).',
    },
  }),
  ORX1211: entry({
    title: 'Unsupported key',
    severity: 'error',
    message: () => 'keys must be names or numbers, not lists, mappings or empty values',
    hint: () => 'Write the key as a plain name followed by `: `; `? ` complex keys are not part of the DSL.',
    example: { spec: 'domain: banking\n? [a, b]\n: 1\n', fix: 'Remove the complex key.' },
  }),
  ORX1212: entry<{ problem: string }>({
    title: 'YAML warning',
    severity: 'warning',
    message: (p) => `YAML: ${p.problem}`,
    hint: () => 'Spec files use plain YAML: tags (!name) and directives (%) have no meaning in them.',
    example: { spec: 'domain: banking\ndescription: !note Retail accounts.\n', fix: 'Remove the tag `!note`.' },
  }),
} as const;
