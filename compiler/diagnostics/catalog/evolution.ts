import { entry } from './entry.js';

/**
 * ORX95xx-ORX98xx — `orchestrix check --against <ref|folder>`: what changed since an earlier version
 * of the specs, by who pays for it. ORX95xx break stored data (errors), ORX96xx break callers
 * (errors), ORX97xx are notices (warnings: something is rebuilt or stays as it was), ORX98xx are
 * compatible (info). Codes are stable: never renumber, only add.
 */

/** Keeps each example short: an account with one event, changed in one place. */
const account = (fields: string, extra = '', subject = false): string => `domain: banking
aggregates:
  Account:
${subject ? '    subject: id\n' : ''}    state:
      balance: { type: integer, default: 0 }
    commands:
      Deposit:
        fields: { amount: integer }
        emits: [MoneyDeposited]
    events:
      MoneyDeposited:
        fields: ${fields}
${extra}`;

const withCommandFields = (fields: string): string => `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      Deposit:
        fields: ${fields}
        emits:
          - MoneyDeposited: { amount: amount }
    events:
      MoneyDeposited:
        fields: { amount: integer }
`;

/** An enum of deposit channels that both a command and a stored event use. */
const withChannels = (members: string): string => `domain: banking
types:
  Channel:
    enum: [${members}]
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      Deposit:
        fields: { amount: integer, channel: Channel }
        emits: [MoneyDeposited]
    events:
      MoneyDeposited:
        fields: { amount: integer, channel: Channel }
`;

export const evolutionDiagnostics = {
  ORX9501: entry<{ event: string; version: number; change: string }>({
    title: 'Event changed without a version bump',
    severity: 'error',
    message: (p) =>
      `event '${p.event}' changed at version ${p.version} without a version bump: ${p.change}; the version-${p.version} events already stored do not have this shape`,
    hint: (p) =>
      `Stored events keep the shape they were written with. Declare the new shape as \`version: ${p.version + 1}\` and keep the old one under \`previous: { ${p.version}: { fields: ... } }\` with an \`upcast\` for what is new; or make a new field optional.`,
    example: {
      before: account('{ amount: integer }'),
      after: account('{ amount: integer, channel: { type: string, default: online } }'),
      fix: 'Bump the event to `version: 2` and keep `previous: { 1: { fields: { amount: integer }, upcast: { channel: "\'unknown\'" } } }`, or write `channel: string?`.',
    },
  }),
  ORX9502: entry<{ event: string; version: number; change: string; ref: string }>({
    title: 'Stored event version no longer described',
    severity: 'error',
    message: (p) =>
      `version ${p.version} of event '${p.event}' no longer matches the version-${p.version} events stored so far (${p.ref}): ${p.change}`,
    hint: (p) =>
      `\`previous.${p.version}.fields\` must list the fields exactly as version ${p.version} was written (see ${p.ref}); upcasting starts from them. Describe what is new in the upcast to version ${p.version + 1}, not in the stored shape.`,
    example: {
      before: account('{ amount: integer }'),
      after: account(
        '{ amount: integer, channel: { type: string, default: online } }\n        version: 2',
        `        previous:
          1:
            fields: { amount: integer, channel: { type: string, default: online } }
`,
      ),
      fix: "Write `previous: { 1: { fields: { amount: integer }, upcast: { channel: \"'unknown'\" } } }`: version 1 events have no channel.",
    },
  }),
  ORX9503: entry<{ aggregate: string; what: string }>({
    title: 'Stored event or event version removed',
    severity: 'error',
    message: (p) => `${p.what}; streams of '${p.aggregate}' may hold such events, and loading them would fail`,
    hint: () =>
      'An event that was stored stays readable for as long as its streams exist. Keep the event (and every version up to the highest one stored), and stop emitting it instead: remove it from `emits`.',
    example: {
      before: `${account('{ amount: integer }')}      AccountFrozen: {}
`,
      after: account('{ amount: integer }'),
      fix: 'Keep `AccountFrozen: {}` under `events:`; an event no command emits is still read from stored streams.',
    },
  }),
  ORX9504: entry<{ enumName: string; members: string; users: string; renamed: string }>({
    title: 'Enum member removed where stored events use it',
    severity: 'error',
    message: (p) => `enum '${p.enumName}' lost ${p.members}${p.renamed}, but stored events hold its values (${p.users})`,
    hint: () =>
      'Stored events keep the values they were written with. Keep the member (it may be marked as no longer used in the description), or bump the versions of the events listed and map the old value in their `upcast`.',
    example: {
      before: withChannels('counter, online, phone'),
      after: withChannels('counter, online'),
      fix: 'Keep `phone` in the enum, or bump `MoneyDeposited` to version 2 with an upcast that maps `phone` to another member.',
    },
  }),
  ORX9505: entry<{ event: string; version: number; change: string }>({
    title: 'Stored field narrowed',
    severity: 'error',
    message: (p) =>
      `in event '${p.event}' version ${p.version}, ${p.change}; events already stored may hold values the new rule rejects`,
    hint: (p) =>
      `Stored events are never rewritten, and readers trust that they fit their version. Keep the stored rule for version ${p.version}, and narrow in a new version (\`version: ${p.version + 1}\`, with an \`upcast\` that maps old values).`,
    example: {
      before: account('{ amount: number }'),
      after: account('{ amount: integer }'),
      fix: 'Keep `amount: number` in version 1; declare `version: 2` with `amount: integer` and an upcast that rounds.',
    },
  }),
  ORX9506: entry<{ event: string; version: number; path: string }>({
    title: 'Field became personal data after it was stored in plaintext',
    severity: 'error',
    message: (p) =>
      `field '${p.path}' of event '${p.event}' (version ${p.version}) became personal data; the version-${p.version} events already stored hold it in plaintext, which the encryption layer rejects on read (PII_MALFORMED)`,
    hint: (p) =>
      `Bump the event to \`version: ${p.version + 1}\` and mark the field \`pii\` only there; keep it plain under \`previous.${p.version}\`, so stored events stay readable. Those stored values stay plaintext and \`forget\` cannot erase them: if they must be erasable, copy the affected streams through the encrypted store with a migration and delete the originals.`,
    example: {
      before: account('{ amount: integer, note: string? }'),
      after: account('{ amount: integer, note: { type: string, optional: true, pii: true } }', '', true),
      fix: 'Declare `version: 2` with `note` as pii, and `previous: { 1: { fields: { amount: integer, note: string? } } }`.',
    },
  }),
  ORX9507: entry<{ event: string; version: number; path: string }>({
    title: 'Field no longer personal data in stored events',
    severity: 'error',
    message: (p) =>
      `field '${p.path}' of event '${p.event}' (version ${p.version}) is no longer personal data; the version-${p.version} events already stored hold it encrypted, and readers would get the ciphertext instead of the value`,
    hint: (p) =>
      `Keep the field \`pii\` in version ${p.version} (stored events are decrypted by it) and drop \`pii\` in a new version (\`version: ${p.version + 1}\`): the upcast then copies the decrypted value.`,
    example: {
      before: account('{ amount: integer, note: { type: string, optional: true, pii: true } }', '', true),
      after: account('{ amount: integer, note: string? }'),
      fix: 'Keep `pii: true` on `note` in version 1, and declare version 2 without it.',
    },
  }),
  ORX9508: entry<{ aggregate: string; domain: string; renamed: string }>({
    title: 'Aggregate removed or renamed',
    severity: 'error',
    message: (p) =>
      `aggregate '${p.aggregate}' was removed${p.renamed}; its stored streams (${p.domain}/${p.aggregate}/<id>) can no longer be loaded`,
    hint: () =>
      'Stream names are `<domain>/<Aggregate>/<id>`: renaming an aggregate orphans every stored stream. Keep the name (the description can say what it is called now), or migrate the streams before deploying the rename.',
    example: {
      before: account('{ amount: integer }'),
      after: account('{ amount: integer }').replace('  Account:', '  BankAccount:'),
      fix: 'Keep the aggregate named `Account`.',
    },
  }),
  ORX9509: entry<{ domain: string; renamed: string }>({
    title: 'Domain removed or renamed',
    severity: 'error',
    message: (p) =>
      `domain '${p.domain}' was removed${p.renamed}; its stored streams (${p.domain}/<Aggregate>/<id>) can no longer be loaded`,
    hint: () =>
      'Stream names start with the domain name, and generated code imports it (`create<Domain>`). Keep the name, or migrate every stream of the domain before deploying the rename.',
    example: {
      before: account('{ amount: integer }'),
      after: account('{ amount: integer }').replace('domain: banking', 'domain: bank'),
      fix: 'Keep `domain: banking`.',
    },
  }),

  ORX9601: entry<{ command: string; aggregate: string; renamed: string }>({
    title: 'Command removed or renamed',
    severity: 'error',
    message: (p) => `command '${p.command}' of '${p.aggregate}' was removed${p.renamed}; callers that send it fail`,
    hint: () =>
      'Callers of `execute` name commands. Keep the command until no caller sends it (its description can say it is deprecated), then remove it in a release of its own.',
    example: {
      before: withCommandFields('{ amount: integer }'),
      after: withCommandFields('{ amount: integer }').replace('      Deposit:', '      DepositMoney:'),
      fix: 'Keep `Deposit` next to `DepositMoney` until every caller has moved.',
    },
  }),
  ORX9602: entry<{ command: string; field: string }>({
    title: 'Required command field added',
    severity: 'error',
    message: (p) => `command '${p.command}' has a new required field '${p.field}'; callers that do not send it are rejected`,
    hint: (p) => `Give '${p.field}' a \`default\`, or make it optional (\`?\`), so existing callers keep working.`,
    example: {
      before: withCommandFields('{ amount: integer }'),
      after: withCommandFields('{ amount: integer, reference: string }'),
      fix: 'Write `reference: { type: string, default: "" }` or `reference: string?`.',
    },
  }),
  ORX9603: entry<{ command: string; change: string }>({
    title: 'Command field constraint tightened',
    severity: 'error',
    message: (p) => `command '${p.command}' accepts less than before: ${p.change}; callers sending the old values are rejected`,
    hint: () =>
      'Loosen the rule again, or add a command with the stricter input and keep this one until callers have moved. Enforce a business rule that may change as a `requires` check instead.',
    example: {
      before: withCommandFields('{ amount: { type: integer, max: 1000 } }'),
      after: withCommandFields('{ amount: { type: integer, max: 100 } }'),
      fix: 'Keep `max: 1000`, or check the new limit in `requires` with its own error code.',
    },
  }),
  ORX9604: entry<{ command: string; field: string }>({
    title: 'Command field removed',
    severity: 'error',
    message: (p) =>
      `field '${p.field}' of command '${p.command}' was removed; callers that still send it are rejected (commands accept no unknown fields)`,
    hint: () => 'Keep the field (optional, and ignored) until no caller sends it, then remove it.',
    example: {
      before: withCommandFields('{ amount: integer, note: string? }'),
      after: withCommandFields('{ amount: integer }'),
      fix: 'Keep `note: string?` until callers have stopped sending it.',
    },
  }),
  ORX9605: entry<{ aggregate: string; change: string }>({
    title: 'Aggregate id changed',
    severity: 'error',
    message: (p) => `the id of aggregate '${p.aggregate}' changed: ${p.change}`,
    hint: () =>
      'Every command of the aggregate takes its id field, and stored stream ids were written with the old type. Keep the id as it was.',
    example: {
      before: account('{ amount: integer }').replace('  Account:\n', '  Account:\n    id: accountId\n'),
      after: account('{ amount: integer }').replace('  Account:\n', '  Account:\n    id: accountNumber\n'),
      fix: 'Keep `id: accountId`.',
    },
  }),

  ORX9701: entry<{ aggregate: string; changes: string }>({
    title: 'State shape changed: snapshots are rebuilt',
    severity: 'warning',
    message: (p) =>
      `the state of '${p.aggregate}' changed (${p.changes}); snapshots and cached states taken before are ignored, and each stream is folded from its events on its next load`,
    hint: () =>
      'Nothing to change: this is expected when state changes. Plan for the first load of each busy stream replaying its events (then a new snapshot is taken).',
    example: {
      before: account('{ amount: integer }'),
      after: account('{ amount: integer }').replace(
        '      balance: { type: integer, default: 0 }\n',
        '      balance: { type: integer, default: 0 }\n      deposits: { type: integer, default: 0 }\n',
      ),
      fix: 'No fix needed; the notice says what happens on deployment.',
    },
  }),
  ORX9702: entry<{ record: string; path: string; before: string; after: string }>({
    title: 'Personal-data subject changed',
    severity: 'warning',
    message: (p) =>
      `the data subject of personal data '${p.path}' in ${p.record} changed from ${p.before} to ${p.after}; values already stored stay encrypted under the earlier subject's key`,
    hint: (p) =>
      `\`forget\` of the new subject does not erase values stored before this change; they are erased by forgetting the earlier subject (${p.before}). If that is wrong, migrate the stored values.`,
    example: {
      before: `domain: banking
aggregates:
  Account:
    subject: ownerId
    state:
      ownerId: uuid?
      holderId: uuid?
    commands:
      Open:
        creates: true
        fields: { ownerId: uuid, holderId: uuid, name: { type: string, pii: true } }
        emits: [Opened]
    events:
      Opened:
        fields: { ownerId: uuid, holderId: uuid, name: { type: string, pii: true } }
`,
      after: `domain: banking
aggregates:
  Account:
    subject: ownerId
    state:
      ownerId: uuid?
      holderId: uuid?
    commands:
      Open:
        creates: true
        fields: { ownerId: uuid, holderId: uuid, name: { type: string, pii: { subject: holderId } } }
        emits: [Opened]
    events:
      Opened:
        fields: { ownerId: uuid, holderId: uuid, name: { type: string, pii: { subject: holderId } } }
`,
      fix: 'Intended changes need no fix; tell whoever handles erasure requests that older values belong to the earlier subject.',
    },
  }),
  ORX9703: entry<{ domain: string; ref: string; errors: number }>({
    title: 'Earlier version not compared',
    severity: 'warning',
    message: (p) =>
      `domain '${p.domain}' in ${p.ref} has ${p.errors} error(s), so the current version was not compared with it`,
    hint: (p) => `Run \`orchestrix check\` on ${p.ref} to see them; compare against a version whose specs check clean.`,
    example: {
      situation: 'The earlier version of a domain (a git revision or folder given to `--against`) does not check clean.',
      sample: { domain: 'banking', ref: 'main', errors: 2 },
      fix: 'Fix the earlier version, or compare against another one.',
    },
  }),

  ORX9801: entry<{ record: string; field: string }>({
    title: 'Optional field added',
    severity: 'info',
    message: (p) => `${p.record} has a new field '${p.field}' that may be absent; compatible`,
    hint: () => undefined,
    example: {
      before: account('{ amount: integer }'),
      after: account('{ amount: integer, note: string? }'),
      fix: 'Nothing to fix: records written before simply lack the field.',
    },
  }),
  ORX9802: entry<{ command: string; aggregate: string }>({
    title: 'Command added',
    severity: 'info',
    message: (p) => `command '${p.command}' of '${p.aggregate}' is new; compatible`,
    hint: () => undefined,
    example: {
      before: withCommandFields('{ amount: integer }'),
      after: withCommandFields('{ amount: integer }').replace(
        '    events:',
        '      Deposit2:\n        fields: { amount: integer }\n        emits:\n          - MoneyDeposited: { amount: amount }\n    events:',
      ),
      fix: 'Nothing to fix.',
    },
  }),
  ORX9803: entry<{ event: string; aggregate: string }>({
    title: 'Event added',
    severity: 'info',
    message: (p) => `event '${p.event}' of '${p.aggregate}' is new; compatible (readers deployed earlier do not know it)`,
    hint: () => undefined,
    example: {
      before: account('{ amount: integer }'),
      after: `${account('{ amount: integer }')}      AccountFrozen: {}
`,
      fix: 'Nothing to fix; deploy readers before writers if other services read this stream.',
    },
  }),
  ORX9804: entry<{ enumName: string; members: string }>({
    title: 'Enum member added',
    severity: 'info',
    message: (p) => `enum '${p.enumName}' gained ${p.members}; compatible (readers deployed earlier do not know the new values)`,
    hint: () => undefined,
    example: {
      before: `domain: banking
types:
  Channel:
    enum: [counter, online]
aggregates:
  Account:
    state:
      channel: { type: Channel, default: counter }
`,
      after: `domain: banking
types:
  Channel:
    enum: [counter, online, phone]
aggregates:
  Account:
    state:
      channel: { type: Channel, default: counter }
`,
      fix: 'Nothing to fix.',
    },
  }),
  ORX9805: entry<{ event: string; from: number; to: number }>({
    title: 'Event version added',
    severity: 'info',
    message: (p) => `event '${p.event}' moved from version ${p.from} to ${p.to}; stored events are upcast on read; compatible`,
    hint: () => undefined,
    example: {
      before: account('{ amount: integer }'),
      after: account(
        '{ amount: integer, channel: { type: string, default: online } }\n        version: 2',
        `        previous:
          1:
            fields: { amount: integer }
            upcast: { channel: "'unknown'" }
`,
      ),
      fix: 'Nothing to fix.',
    },
  }),
  ORX9806: entry<{ aggregate: string }>({
    title: 'Aggregate added',
    severity: 'info',
    message: (p) => `aggregate '${p.aggregate}' is new; compatible`,
    hint: () => undefined,
    example: {
      before: account('{ amount: integer }'),
      after: `${account('{ amount: integer }')}  Card:
    state:
      blocked: { type: boolean, default: false }
`,
      fix: 'Nothing to fix.',
    },
  }),
  ORX9807: entry<{ domain: string }>({
    title: 'Domain added',
    severity: 'info',
    message: (p) => `domain '${p.domain}' is new; compatible`,
    hint: () => undefined,
    example: {
      before: account('{ amount: integer }'),
      after: account('{ amount: integer }').replace('domain: banking', 'domain: cards'),
      fix: 'Nothing to fix (here the old domain is reported as removed, too).',
    },
  }),
  ORX9808: entry<{ record: string; change: string }>({
    title: 'Field widened',
    severity: 'info',
    message: (p) => `in ${p.record}, ${p.change}; compatible (every earlier value still fits)`,
    hint: () => undefined,
    example: {
      before: account('{ amount: integer }'),
      after: account('{ amount: number }'),
      fix: 'Nothing to fix.',
    },
  }),
} as const;

export type EvolutionCode = keyof typeof evolutionDiagnostics;
