import { entry } from './entry.js';

/** ORX6xxx — commands, events, emits, apply and versions. Codes are stable: never renumber, only add. */
export const behaviourDiagnostics = {
  ORX6001: entry<{ command: string }>({
    title: 'Creating command emits nothing',
    severity: 'error',
    message: (p) => `command '${p.command}' has \`creates: true\` but emits no event`,
    hint: () => 'An aggregate exists once its stream has an event: a creating command must emit at least one event.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      OpenAccount:
        creates: true
    events:
      AccountOpened: {}
`,
      fix: 'Add `emits: [AccountOpened]`.',
    },
  }),
  ORX6002: entry<{ command: string }>({
    title: 'Custom handler without emits',
    severity: 'error',
    message: (p) => `command '${p.command}' has \`handler: custom\` but does not list the events it may emit`,
    hint: () =>
      'List under `emits` every event the hand-written decide may return; the generated signature allows exactly those.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      Close:
        handler: custom
    events:
      AccountClosed: {}
`,
      fix: 'Add `emits: [AccountClosed]`.',
    },
  }),
  ORX6003: entry<{ command: string; event: string }>({
    title: 'Emit mapping on a custom handler',
    severity: 'error',
    message: (p) =>
      `command '${p.command}' has \`handler: custom\`, so the field values given for '${p.event}' would be ignored`,
    hint: () =>
      'A custom decide builds its events itself. List only the event names under `emits`, or drop `handler: custom` to generate decide from the mapping.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      Close:
        handler: custom
        emits:
          - AccountClosed: { finalBalance: state.balance }
    events:
      AccountClosed:
        fields:
          finalBalance: integer
`,
      fix: 'Write `emits: [AccountClosed]`.',
    },
  }),
  ORX6004: entry<{ command: string }>({
    title: 'Command emits nothing',
    severity: 'warning',
    message: (p) => `command '${p.command}' emits no event, so it can never change anything`,
    hint: () => 'Add the events it produces under `emits`, or remove the command.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      Audit:
        requires:
          - state.balance >= 0
`,
      fix: 'Add `emits: [...]`, or remove the command.',
    },
  }),
  ORX6005: entry<{ field: string; event: string; command: string }>({
    title: 'Event field gets no value',
    severity: 'error',
    message: (p) => `command '${p.command}' emits '${p.event}' but gives no value for its required field '${p.field}'`,
    hint: (p) =>
      `Map it (\`- ${p.event}: { ${p.field}: <expression> }\`), add a command field named '${p.field}', or make the event field optional or give it a default.`,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      Deposit:
        fields:
          amount: integer
        emits: [MoneyDeposited]
    events:
      MoneyDeposited:
        fields:
          amount: integer
          balanceAfter: integer
`,
      fix: 'Map it: `- MoneyDeposited: { balanceAfter: state.balance + amount }`.',
    },
  }),
  ORX6006: entry<{
    field: string;
    event: string;
    command: string;
    source: string;
    from: string;
    to: string;
    reason: string;
  }>({
    title: 'Implicit copy into an event does not fit',
    severity: 'error',
    message: (p) =>
      `${p.source} (${p.from}) cannot be copied into field '${p.field}' (${p.to}) of '${p.event}' in command '${p.command}': ${p.reason}`,
    hint: (p) => `Map '${p.field}' explicitly with an expression of type ${p.to}, or align the two field declarations.`,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: number, default: 0 }
    commands:
      Deposit:
        fields:
          amount: number
        emits: [MoneyDeposited]
    events:
      MoneyDeposited:
        fields:
          amount: integer
`,
      fix: 'Declare both fields with the same type, e.g. `amount: integer` in the command.',
    },
  }),
  ORX6007: entry<{ field: string; event: string; from: string; to: string; reason: string }>({
    title: 'Implicit copy into state does not fit',
    severity: 'error',
    message: (p) =>
      `field '${p.field}' of '${p.event}' (${p.from}) cannot be copied into state field '${p.field}' (${p.to}): ${p.reason}`,
    hint: (p) =>
      `Event fields are copied into same-named state fields. Write an explicit \`apply: { ${p.field}: ... }\`, or align the declarations (a pii field without \`erased:\` may be absent after \`forget\`, so its target must be optional).`,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      nickname: { type: string, default: "" }
    events:
      NicknameChanged:
        fields:
          nickname: string?
`,
      fix: 'Make the state field optional: `nickname: string?`.',
    },
  }),
  ORX6008: entry<{ event: string; version: number; missing: string }>({
    title: 'Missing previous versions',
    severity: 'error',
    message: (p) => `event '${p.event}' is at version ${p.version} but \`previous\` lacks version ${p.missing}`,
    hint: () =>
      'Every older version 1 .. N-1 must be described under `previous`, with its fields and how to upcast it, so stored events can be read.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    events:
      MoneyDeposited:
        version: 2
        fields:
          amount: integer
`,
      fix: 'Add `previous: { 1: { fields: { amount: integer } } }`.',
    },
  }),
  ORX6009: entry<{ event: string; key: number; version: number }>({
    title: 'Previous version not older than the current one',
    severity: 'error',
    message: (p) => `\`previous\` of '${p.event}' has version ${p.key}, but the current version is ${p.version}`,
    hint: () => 'Previous versions are 1 .. version-1. Raise `version`, or remove the entry.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    events:
      MoneyDeposited:
        version: 2
        fields:
          amount: integer
        previous:
          1:
            fields:
              amount: integer
          2:
            fields:
              amount: integer
`,
      fix: "Remove `previous.2` (the current shape is the event's own `fields`).",
    },
  }),
  ORX6010: entry<{ event: string }>({
    title: 'Previous versions without a version',
    severity: 'error',
    message: (p) => `event '${p.event}' lists \`previous\` versions but has no \`version\` (so it is at version 1)`,
    hint: () => 'Set `version: N` to the current version; `previous` then describes versions 1 .. N-1.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    events:
      MoneyDeposited:
        fields:
          amount: integer
        previous:
          1:
            fields:
              amount: number
`,
      fix: 'Add `version: 2`.',
    },
  }),
  ORX6011: entry<{ field: string; event: string; version: number; reason: string }>({
    title: 'Upcast gives no value',
    severity: 'error',
    message: (p) =>
      `no value for field '${p.field}' of version ${p.version} of '${p.event}'${p.reason === '' ? '' : `: ${p.reason}`}`,
    hint: (p) =>
      `Add \`upcast: { ${p.field}: <expression over event.x> }\`, or give '${p.field}' a default or make it optional in version ${p.version}.`,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    events:
      MoneyDeposited:
        version: 2
        fields:
          amount: integer
          currency: string
        previous:
          1:
            fields:
              amount: integer
`,
      fix: 'Add `upcast: { currency: "\'EUR\'" }` to `previous.1`.',
    },
  }),
} as const;
