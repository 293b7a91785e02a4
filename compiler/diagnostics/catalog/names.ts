import { entry } from './entry.js';

/** ORX3xxx — names and references. Codes are stable: never renumber, only add. */
export const namesDiagnostics = {
  ORX3001: entry<{ name: string; suggestion: string }>({
    title: 'Invalid domain name',
    severity: 'error',
    message: (p) =>
      `domain name '${p.name}' must start with a lower-case letter and contain only letters and digits${p.suggestion}`,
    hint: () =>
      'The domain name becomes the output folder and the factory name (`banking` -> `createBanking`): use [a-z][a-zA-Z0-9]*.',
    example: {
      spec: `domain: retail-banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
`,
      fix: 'Write the domain name in camelCase: `domain: retailBanking`.',
    },
  }),
  ORX3002: entry<{ kind: string; name: string; suggestion: string }>({
    title: 'Name is not PascalCase',
    severity: 'error',
    message: (p) => `${p.kind} name '${p.name}' must be PascalCase${p.suggestion}`,
    hint: () =>
      'Aggregates, commands, events, types, read models and automations are PascalCase: an upper-case letter, then letters and digits (no `_` or `-`).',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      close_account:
        emits: [AccountClosed]
    events:
      AccountClosed: {}
`,
      fix: 'Rename the command to `CloseAccount`.',
    },
  }),
  ORX3003: entry<{ kind: string; name: string; suggestion: string }>({
    title: 'Field name is not camelCase',
    severity: 'error',
    message: (p) => `${p.kind} name '${p.name}' must be camelCase${p.suggestion}`,
    hint: () => 'Field names are camelCase: a lower-case letter, then letters and digits (no `_` or `-`).',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      owner_name: string?
`,
      fix: 'Rename the field to `ownerName`.',
    },
  }),
  ORX3004: entry<{ kind: string; name: string; reason: 'inherited' | 'expression' }>({
    title: 'Name generated code cannot use',
    severity: 'error',
    message: (p) =>
      p.reason === 'inherited'
        ? `${p.kind} name '${p.name}' is a property every JavaScript object has`
        : `${p.kind} name '${p.name}' is a word of the expression language`,
    hint: (p) =>
      p.reason === 'inherited'
        ? 'An object without the field would still seem to have it (`{}.toString` is a function), so `constructor`, `toString`, `valueOf`, `hasOwnProperty`, `isPrototypeOf`, `propertyIsEnumerable`, `toLocaleString` and `__proto__` cannot be field names. Any other camelCase name can, reserved words included (`type`, `number`, `default`). Choose a more specific name (`constructorName`, `displayText`).'
        : 'Enum members are written bare in expressions, where `and`, `or`, `not`, `in`, `true`, `false` and `null` are operators and literals. Choose another member name (`inside`, `yes`, `none`).',
    example: {
      spec: `domain: school
aggregates:
  Course:
    state:
      constructor: string?
`,
      fix: 'Use a more specific name, e.g. `constructorName`.',
    },
  }),
  ORX3005: entry<{ kind: string; name: string; source: 'built-in' | 'runtime' }>({
    title: 'Name shadows a built-in',
    severity: 'error',
    message: (p) =>
      p.source === 'runtime'
        ? `${p.kind} name '${p.name}' would clash with '${p.name}' from orchestrix/runtime, which generated code imports`
        : `${p.kind} name '${p.name}' would shadow the built-in '${p.name}' that generated code relies on`,
    hint: () =>
      'Choose a domain-specific name, e.g. `EventDate` instead of `Date`, `OrderStatusMap` instead of `Map` or `PlaceOrder` instead of `Command`.',
    example: {
      spec: `domain: calendar
types:
  Date:
    fields:
      day: integer
aggregates:
  Meeting:
    state:
      day: Date?
`,
      fix: 'Rename the type, e.g. to `MeetingDay`.',
    },
  }),
  ORX3006: entry<{ kind: string; name: string; firstKind: string }>({
    title: 'Duplicate name',
    severity: 'error',
    message: (p) =>
      p.kind === p.firstKind
        ? `${p.kind} '${p.name}' is declared twice in this domain`
        : `${p.kind} '${p.name}' has the same name as ${/^[aeiou]/.test(p.firstKind) ? 'an' : 'a'} ${p.firstKind}; aggregates, commands, events, types, read models and automations share one namespace per domain`,
    hint: () =>
      'Names must be unique across the aggregates, commands, events, types, read models and automations of a domain, across all its files. Rename one of them.',
    example: {
      spec: `domain: banking
types:
  Account:
    fields:
      iban: string
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
`,
      fix: 'Rename the value type, e.g. to `AccountDetails`.',
    },
  }),
  ORX3007: entry<{ member: string; enumName: string }>({
    title: 'Invalid enum member',
    severity: 'error',
    message: (p) => `enum member '${p.member}' of '${p.enumName}' is not a valid name`,
    hint: () =>
      'Enum members are written bare in expressions: use letters, digits and `_`, starting with a letter (`in_progress`, `EUR`).',
    example: {
      spec: `domain: tasks
types:
  TaskStatus:
    enum: [open, in-progress, done]
aggregates:
  Task:
    state:
      status: { type: TaskStatus, default: open }
`,
      fix: 'Write the member as `in_progress` or `inProgress`.',
    },
  }),
  ORX3008: entry<{ code: string; suggestion: string }>({
    title: 'Invalid error code',
    severity: 'error',
    message: (p) => `error code '${p.code}' must be PascalCase${p.suggestion}`,
    hint: () => "A requirement's `error` is the domain error code callers match on, e.g. `LimitExceeded`.",
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      Withdraw:
        fields:
          amount: integer
        requires:
          - { check: "amount <= state.balance", error: insufficient_funds }
        emits: [MoneyWithdrawn]
    events:
      MoneyWithdrawn:
        fields:
          amount: integer
`,
      fix: 'Write the error code in PascalCase: `InsufficientFunds`.',
    },
  }),
  ORX3009: entry<{ field: string; record: string; aggregate: string }>({
    title: 'Field repeats the aggregate id',
    severity: 'error',
    message: (p) => `${p.record} field '${p.field}' repeats the id field of aggregate '${p.aggregate}'`,
    hint: (p) =>
      p.record === 'state'
        ? 'The aggregate id is not part of the state; read it as `id` in expressions. Remove this field.'
        : 'Every command carries the aggregate id automatically, and expressions read it as `id`. Remove this field.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    id: accountId
    state:
      balance: { type: integer, default: 0 }
    commands:
      Deposit:
        fields:
          accountId: uuid
          amount: integer
        emits: [MoneyDeposited]
    events:
      MoneyDeposited:
        fields:
          amount: integer
`,
      fix: 'Remove `accountId` from the command fields; the generator adds it.',
    },
  }),
  ORX3010: entry<{ field: string }>({
    title: 'Command field shadows an expression name',
    severity: 'error',
    message: (p) =>
      ['and', 'or', 'not', 'in', 'true', 'false', 'null'].includes(p.field)
        ? `command field '${p.field}' has the name of the expression word '${p.field}'`
        : `command field '${p.field}' has the name of the expression root '${p.field}'`,
    hint: () =>
      "Command fields are read bare in the command's expressions, so they cannot be called `state`, `command`, `event`, `id` or `now`, nor `and`, `or`, `not`, `in`, `true`, `false` or `null`. Rename the field.",
    example: {
      spec: `domain: clock
aggregates:
  Timer:
    state:
      startedAt: datetime?
    commands:
      Start:
        fields:
          now: datetime
        emits:
          - Started: { startedAt: now }
    events:
      Started:
        fields:
          startedAt: datetime
`,
      fix: 'Rename the command field, e.g. to `startAt`.',
    },
  }),
  ORX3011: entry<{ name: string; command: string; aggregate: string; suggestion: string }>({
    title: 'Unknown event in emits',
    severity: 'error',
    message: (p) =>
      `command '${p.command}' emits '${p.name}', which is not an event of aggregate '${p.aggregate}'.${p.suggestion}`,
    hint: (p) => `Declare the event under \`aggregates.${p.aggregate}.events\`, or fix the name.`,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0 }
    commands:
      Close:
        emits: [AcountClosed]
    events:
      AccountClosed: {}
`,
      fix: 'Fix the typo: `emits: [AccountClosed]`.',
    },
  }),
  ORX3012: entry<{ name: string; owner: string; command: string; aggregate: string }>({
    title: 'Emits an event of another aggregate',
    severity: 'error',
    message: (p) => `command '${p.command}' of '${p.aggregate}' emits '${p.name}', an event of aggregate '${p.owner}'`,
    hint: () =>
      "A command decides for its own aggregate only; it can emit only that aggregate's events. React to the event in a process (policy) instead, or declare an event on this aggregate.",
    example: {
      spec: `domain: shop
aggregates:
  Order:
    state:
      paid: { type: boolean, default: false }
    commands:
      Pay:
        emits: [StockReserved]
    events:
      OrderPaid: {}
  Stock:
    state:
      reserved: { type: integer, default: 0 }
    events:
      StockReserved: {}
`,
      fix: 'Emit an event of `Order`, e.g. `emits: [OrderPaid]`.',
    },
  }),
  ORX3013: entry<{ field: string; event: string; suggestion: string }>({
    title: 'Unknown event field in emits',
    severity: 'error',
    message: (p) => `event '${p.event}' has no field '${p.field}'.${p.suggestion}`,
    hint: (p) =>
      `The keys of an emits mapping are fields of the event; declare '${p.field}' under the event's \`fields\`, or fix the name.`,
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
        emits:
          - MoneyDeposited: { amount: amount, balanceAfer: state.balance + amount }
    events:
      MoneyDeposited:
        fields:
          amount: integer
          balanceAfter: integer?
`,
      fix: 'Fix the key: `balanceAfter`.',
    },
  }),
  ORX3014: entry<{ field: string; event: string; aggregate: string; suggestion: string }>({
    title: 'Unknown state field in apply',
    severity: 'error',
    message: (p) =>
      `'${p.field}' in the apply of '${p.event}' is not a state field of '${p.aggregate}'.${p.suggestion}`,
    hint: (p) =>
      `The keys of \`apply\` are state fields; declare '${p.field}' under the aggregate's \`state\`, or fix the name.`,
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
        apply:
          balanse: state.balance + event.amount
`,
      fix: 'Fix the key: `balance`.',
    },
  }),
  ORX3015: entry<{ field: string; event: string; next: number; suggestion: string }>({
    title: 'Unknown field in upcast',
    severity: 'error',
    message: (p) => `'${p.field}' is not a field of version ${p.next} of '${p.event}'.${p.suggestion}`,
    hint: (p) =>
      `The keys of \`upcast\` are fields of the next version (${p.next}); their values are computed from this version's \`event.x\`.`,
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
          currency: { type: string, default: EUR }
        previous:
          1:
            fields:
              amount: integer
            upcast:
              curency: "'USD'"
`,
      fix: 'Fix the key: `currency`.',
    },
  }),
} as const;
