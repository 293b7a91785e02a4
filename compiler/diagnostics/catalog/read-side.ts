import { entry } from './entry.js';

/**
 * ORX61xx — read models (ORX6100-6149) and automations (ORX6150-6199). Codes are stable: never
 * renumber, only add.
 */

/** The write side every example below builds on: accounts that are opened, credited and closed. */
const BANKING = `domain: banking
types:
  AccountStatus:
    enum: [open, closed]
aggregates:
  Account:
    id: accountId
    subject: ownerId
    state:
      ownerId: uuid?
      balance: { type: integer, default: 0 }
      status: { type: AccountStatus, default: open }
    commands:
      OpenAccount:
        creates: true
        fields: { ownerId: uuid, ownerName: { type: string, pii: true } }
        emits: [AccountOpened]
      Deposit:
        fields: { amount: { type: integer, min: 1 } }
        requires:
          - { check: "state.status == open", error: AccountClosed, message: "The account is closed" }
        emits:
          - MoneyDeposited: { amount: amount, balanceAfter: state.balance + amount }
    events:
      AccountOpened:
        fields: { ownerId: uuid, ownerName: { type: string, pii: true } }
      MoneyDeposited:
        fields: { amount: integer, balanceAfter: integer }
        apply: { balance: event.balanceAfter }
`;

/** A spec with the banking write side and the given `readModels:` / `automations:` section (indented YAML). */
const withReadModels = (section: string): string => `${BANKING}readModels:\n${section}`;
const withAutomations = (section: string): string => `${BANKING}automations:\n${section}`;

export const readSideDiagnostics = {
  ORX6101: entry<{ where: string; name: string; kind: string; suggestion: string }>({
    title: 'Unknown event',
    severity: 'error',
    message: (p) =>
      p.kind === ''
        ? `${p.where} reacts to '${p.name}', which is not an event of this domain.${p.suggestion}`
        : `${p.where} reacts to '${p.name}', which is ${/^[aeiou]/.test(p.kind) ? 'an' : 'a'} ${p.kind}, not an event`,
    hint: () => "Name an event declared under the `events:` of one of the domain's aggregates (in any of its files).",
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, balance: { type: integer, default: 0 } }
    on:
      MoneyDepostied: { set: { balance: event.balanceAfter } }
`),
      fix: 'Correct the spelling: `MoneyDeposited`.',
    },
  }),
  ORX6102: entry<{ readModel: string; key: string; suggestion: string }>({
    title: 'Unknown key field',
    severity: 'error',
    message: (p) => `the key of read model '${p.readModel}' is '${p.key}', which is not one of its fields.${p.suggestion}`,
    hint: () => '`key:` names the field that identifies a row; declare it under `fields:`.',
    example: {
      spec: withReadModels(`  Balances:
    key: acountId
    fields: { accountId: uuid, balance: { type: integer, default: 0 } }
    on:
      MoneyDeposited: { set: { balance: event.balanceAfter } }
`),
      fix: 'Name the field: `key: accountId`.',
    },
  }),
  ORX6103: entry<{ readModel: string; key: string }>({
    title: 'Key field may be absent',
    severity: 'error',
    message: (p) => `the key field '${p.key}' of read model '${p.readModel}' is optional; every row needs a key`,
    hint: () => 'Remove `?` (or `optional: true`) from the key field.',
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid?, balance: { type: integer, default: 0 } }
    on:
      MoneyDeposited: { set: { balance: event.balanceAfter } }
`),
      fix: 'Declare it `accountId: uuid`.',
    },
  }),
  ORX6104: entry<{ readModel: string; key: string; type: string }>({
    title: 'Key field of the wrong type',
    severity: 'error',
    message: (p) => `the key field '${p.key}' of read model '${p.readModel}' has type '${p.type}'; a key is text`,
    hint: (p) =>
      p.type === 'integer' || p.type === 'number'
        ? 'Keys are compared and ordered as text (so 10 would sort before 9): declare the key as a string (or uuid) and build it from the number, or keep the number in another field and index it.'
        : 'A key is a uuid, string, email, url, date or enum value.',
    example: {
      spec: withReadModels(`  DepositsByAmount:
    key: amount
    fields: { amount: integer, count: { type: integer, default: 0 } }
    on:
      MoneyDeposited: { key: event.amount, set: { count: row.count + 1 } }
`),
      fix: 'Declare `amount: string` and key by a string, or key by the account and index the amount.',
    },
  }),
  ORX6105: entry<{ readModel: string; key: string }>({
    title: 'Key field is personal data',
    severity: 'error',
    message: (p) => `the key field '${p.key}' of read model '${p.readModel}' is marked pii`,
    hint: () =>
      'Keys are stored in the clear (rows are found by them), so they cannot be erased. Key the row by an id and keep the personal data in another field.',
    example: {
      spec: withReadModels(`  Owners:
    key: ownerName
    subject: ownerId
    fields:
      ownerName: { type: string, pii: true }
      ownerId: uuid
    on:
      AccountOpened: { key: event.ownerName, set: { ownerId: event.ownerId } }
`),
      fix: 'Key the row by `ownerId` and keep `ownerName` as a pii field.',
    },
  }),
  ORX6106: entry<{ readModel: string; field: string; suggestion: string }>({
    title: 'Unknown index field',
    severity: 'error',
    message: (p) => `read model '${p.readModel}' indexes '${p.field}', which is not one of its fields.${p.suggestion}`,
    hint: () => '`index:` lists fields of the read model that `find` and `count` filter on and `find` sorts by.',
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, balance: { type: integer, default: 0 } }
    index: [balanse]
    on:
      MoneyDeposited: { set: { balance: event.balanceAfter } }
`),
      fix: 'Correct the spelling: `index: [balance]`.',
    },
  }),
  ORX6107: entry<{ readModel: string; field: string; type: string }>({
    title: 'Index field is not a scalar',
    severity: 'error',
    message: (p) => `read model '${p.readModel}' indexes '${p.field}' of type '${p.type}'; only single values can be indexed`,
    hint: () =>
      'An indexed field becomes a table column compared with `=` and ordered: a string, number, boolean, date, uuid or enum value, not a list or a value object. Index a field that holds the part you query by.',
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, amounts: "integer[]" }
    index: [amounts]
    on:
      MoneyDeposited: { set: { amounts: "append(row.amounts, event.amount)" } }
`),
      fix: 'Index a scalar field, e.g. a `lastAmount: integer` set from `event.amount`.',
    },
  }),
  ORX6108: entry<{ readModel: string; field: string }>({
    title: 'Index field is personal data',
    severity: 'error',
    message: (p) => `read model '${p.readModel}' indexes '${p.field}', which is pii`,
    hint: () =>
      'Indexed columns are stored in the clear so the database can compare them; personal data is encrypted and erased by `forget`. Remove it from `index:`.',
    example: {
      spec: withReadModels(`  Owners:
    key: accountId
    subject: ownerId
    fields:
      accountId: uuid
      ownerId: uuid
      ownerName: { type: string, pii: true }
    index: [ownerName]
    on:
      AccountOpened: { set: { ownerId: event.ownerId, ownerName: event.ownerName } }
`),
      fix: 'Index `ownerId` instead, and look the name up on the rows found.',
    },
  }),
  ORX6109: entry<{ readModel: string; field: string }>({
    title: 'Field indexed twice',
    severity: 'warning',
    message: (p) => `read model '${p.readModel}' lists '${p.field}' in \`index:\` more than once`,
    hint: () => 'Each field is one column; list it once.',
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, balance: { type: integer, default: 0 } }
    index: [balance, balance]
    on:
      MoneyDeposited: { set: { balance: event.balanceAfter } }
`),
      fix: 'Write `index: [balance]`.',
    },
  }),
  ORX6110: entry<{ readModel: string; event: string; found: string }>({
    title: 'Handler needs exactly one action',
    severity: 'error',
    message: (p) =>
      p.found === ''
        ? `the '${p.event}' handler of read model '${p.readModel}' does nothing`
        : `the '${p.event}' handler of read model '${p.readModel}' has ${p.found}; it must have exactly one`,
    hint: () =>
      'Give one of `set: {...}` (create or change the row), `update: {...}` (change an existing row), `delete: true` or `handler: custom` (write the change by hand).',
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, balance: { type: integer, default: 0 } }
    on:
      MoneyDeposited: { set: { balance: event.balanceAfter }, delete: true }
`),
      fix: 'Keep one action: `MoneyDeposited: { set: { balance: event.balanceAfter } }`.',
    },
  }),
  ORX6111: entry<{ readModel: string; field: string; suggestion: string }>({
    title: 'Unknown row field',
    severity: 'error',
    message: (p) => `read model '${p.readModel}' has no field '${p.field}'.${p.suggestion}`,
    hint: () => '`set` and `update` assign fields declared under the read model\'s `fields:`.',
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, balance: { type: integer, default: 0 } }
    on:
      MoneyDeposited: { set: { balanse: event.balanceAfter } }
`),
      fix: 'Correct the spelling: `balance`.',
    },
  }),
  ORX6112: entry<{ readModel: string; key: string }>({
    title: 'Key field assigned',
    severity: 'error',
    message: (p) => `the key field '${p.key}' of read model '${p.readModel}' cannot be assigned`,
    hint: () =>
      "The key field always holds the row's key: give the handler a `key:` expression instead (default: `id`, the event's aggregate id).",
    example: {
      spec: withReadModels(`  Owners:
    key: ownerId
    fields: { ownerId: uuid, accounts: { type: integer, default: 0 } }
    on:
      AccountOpened: { set: { ownerId: event.ownerId, accounts: row.accounts + 1 } }
`),
      fix: 'Write `AccountOpened: { key: event.ownerId, set: { accounts: row.accounts + 1 } }`.',
    },
  }),
  ORX6113: entry<{ readModel: string; event: string; field: string }>({
    title: 'Row field gets no value',
    severity: 'error',
    message: (p) =>
      `the '${p.event}' handler of read model '${p.readModel}' may create the row but gives no value for its required field '${p.field}'`,
    hint: (p) =>
      `\`set\` creates a missing row from the field defaults: assign '${p.field}' here, give it a \`default:\`, make it optional, or use \`update\` (which never creates a row).`,
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, ownerId: uuid, balance: { type: integer, default: 0 } }
    on:
      MoneyDeposited: { set: { balance: event.balanceAfter } }
`),
      fix: 'Set `ownerId` where the row is created (`AccountOpened: { set: { ownerId: event.ownerId } }`) and change it with `update` on `MoneyDeposited`.',
    },
  }),
  ORX6114: entry<{ field: string }>({
    title: 'Field of a new row read',
    severity: 'error',
    message: (p) => `'row.${p.field}' may not exist yet: this handler can create the row, and '${p.field}' has no default`,
    hint: (p) =>
      `A \`set\` handler starts a missing row from the defaults. Give '${p.field}' a \`default:\`, make it optional, or use \`update\` (which only changes existing rows).`,
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, deposits: integer }
    on:
      MoneyDeposited: { set: { deposits: row.deposits + 1 } }
`),
      fix: 'Declare `deposits: { type: integer, default: 0 }`.',
    },
  }),
  ORX6115: entry<{ readModel: string; event: string; key: string; keyType: string; idType: string; aggregate: string }>({
    title: 'Default key does not fit the key field',
    severity: 'error',
    message: (p) =>
      `the '${p.event}' handler of read model '${p.readModel}' keys rows by \`id\` (the ${p.aggregate}'s ${p.idType} id), but the key field '${p.key}' is ${p.keyType}`,
    hint: () => "Give the handler a `key:` expression of the key field's type, e.g. `key: event.<field>`.",
    example: {
      spec: withReadModels(`  Depositors:
    key: ownerId
    fields: { ownerId: email, deposits: { type: integer, default: 0 } }
    on:
      MoneyDeposited: { set: { deposits: row.deposits + 1 } }
`),
      fix: 'Key the rows by a field of the event, or make the key field a uuid and key by the account.',
    },
  }),
  ORX6116: entry<{ readModel: string; where: string }>({
    title: 'Personal data in a row without a subject',
    severity: 'error',
    message: (p) => `read model '${p.readModel}' holds personal data (field '${p.where}') but declares no \`subject\``,
    hint: () =>
      "pii is encrypted with a key per data subject. Set `subject:` to the row field holding the person's id (uuid or string), or give the field `pii: { subject: <field> }`.",
    example: {
      spec: withReadModels(`  Owners:
    key: accountId
    fields:
      accountId: uuid
      ownerName: { type: string, pii: true }
    on:
      AccountOpened: { set: { ownerName: event.ownerName } }
`),
      fix: 'Add an `ownerId: uuid` field set from `event.ownerId`, and `subject: ownerId`.',
    },
  }),
  ORX6117: entry<{ readModel: string; name: string; suggestion: string }>({
    title: 'Unknown subject field',
    severity: 'error',
    message: (p) => `the subject '${p.name}' of read model '${p.readModel}' is not one of its fields.${p.suggestion}`,
    hint: () => "A row's data subject is one of its own fields (or its key field) holding the person's id.",
    example: {
      spec: withReadModels(`  Owners:
    key: accountId
    subject: ownerID
    fields:
      accountId: uuid
      ownerId: uuid
      ownerName: { type: string, pii: true }
    on:
      AccountOpened: { set: { ownerId: event.ownerId, ownerName: event.ownerName } }
`),
      fix: 'Correct the spelling: `subject: ownerId`.',
    },
  }),
  ORX6118: entry<{ readModel: string }>({
    title: 'Read model handles no events',
    severity: 'warning',
    message: (p) => `read model '${p.readModel}' handles no events, so it never has a row`,
    hint: () => 'List the events that create and change its rows under `on:`, or remove the read model.',
    example: {
      spec: withReadModels(`  Balances:
    key: accountId
    fields: { accountId: uuid, balance: { type: integer, default: 0 } }
    on: {}
`),
      fix: 'Add `on: { MoneyDeposited: { set: { balance: event.balanceAfter } } }`.',
    },
  }),

  ORX6150: entry<{ automation: string; name: string; kind: string; suggestion: string }>({
    title: 'Unknown command',
    severity: 'error',
    message: (p) =>
      p.kind === ''
        ? `automation '${p.automation}' executes '${p.name}', which is not a command of this domain.${p.suggestion}`
        : `automation '${p.automation}' executes '${p.name}', which is ${/^[aeiou]/.test(p.kind) ? 'an' : 'a'} ${p.kind}, not a command`,
    hint: () => "Name a command declared under the `commands:` of one of the domain's aggregates.",
    example: {
      spec: withAutomations(`  WelcomeBonus:
    on: AccountOpened
    execute:
      Deposti: { accountId: id, amount: 10 }
`),
      fix: 'Correct the spelling: `Deposit`.',
    },
  }),
  ORX6151: entry<{ command: string; field: string; suggestion: string; fields: string }>({
    title: 'Unknown command field',
    severity: 'error',
    message: (p) => `command '${p.command}' has no field '${p.field}'.${p.suggestion}`,
    hint: (p) => `Fields of ${p.command}: ${p.fields}.`,
    example: {
      spec: withAutomations(`  WelcomeBonus:
    on: AccountOpened
    execute:
      Deposit: { accountId: id, amuont: 10 }
`),
      fix: 'Correct the spelling: `amount`.',
    },
  }),
  ORX6152: entry<{ automation: string; command: string; field: string }>({
    title: 'Command field gets no value',
    severity: 'error',
    message: (p) => `automation '${p.automation}' executes '${p.command}' without a value for its required field '${p.field}'`,
    hint: (p) =>
      `Map every field that has no default, including the id of the aggregate the command goes to: \`${p.command}: { ${p.field}: <expression>, ... }\`.`,
    example: {
      spec: withAutomations(`  WelcomeBonus:
    on: AccountOpened
    execute:
      Deposit: { amount: 10 }
`),
      fix: 'Say which account: `Deposit: { accountId: id, amount: 10 }`.',
    },
  }),
  ORX6153: entry<{ type: string }>({
    title: 'forEach over something that is not a list',
    severity: 'error',
    message: (p) => `\`forEach\` needs a list, but this is ${p.type}`,
    hint: () => 'Give a list expression, e.g. `forEach: event.lines`; each element is `item` in `when` and in the mapping.',
    example: {
      spec: withAutomations(`  WelcomeBonus:
    on: AccountOpened
    forEach: event.ownerId
    execute:
      Deposit: { accountId: id, amount: 10 }
`),
      fix: 'Drop `forEach`: without it the automation executes one command per event.',
    },
  }),
  ORX6154: entry<{ text: string }>({
    title: 'Malformed duration',
    severity: 'error',
    message: (p) => `'${p.text}' is not a duration`,
    hint: () =>
      'A duration is a positive whole number and a unit: `s` (seconds), `m` (minutes), `h` (hours) or `d` (days), e.g. `30s`, `30m`, `2h`, `7d`.',
    example: {
      spec: withAutomations(`  RemindToDeposit:
    on: AccountOpened
    after: 2 days
    execute:
      Deposit: { accountId: id, amount: 1 }
`),
      fix: 'Write `after: 2d`.',
    },
  }),
  ORX6155: entry<{ text: string; max: string }>({
    title: 'Delay too long',
    severity: 'error',
    message: (p) => `a delay of ${p.text} is longer than the longest allowed, ${p.max}`,
    hint: () =>
      'Delayed commands are meant for reactions within a year. Model longer processes with state in an aggregate (e.g. a due date) and a shorter, repeated check.',
    example: {
      spec: withAutomations(`  AnniversaryBonus:
    on: AccountOpened
    after: 400d
    execute:
      Deposit: { accountId: id, amount: 10 }
`),
      fix: 'Use at most `366d`.',
    },
  }),
  ORX6156: entry<{ code: string; command: string; suggestion: string; codes: string }>({
    title: 'Ignored error the command cannot raise',
    severity: 'error',
    message: (p) => `command '${p.command}' never fails with '${p.code}'.${p.suggestion}`,
    hint: (p) =>
      p.codes === ''
        ? `${p.command} raises no domain error that could be ignored.`
        : `${p.command} can fail with: ${p.codes}.`,
    example: {
      spec: withAutomations(`  WelcomeBonus:
    on: AccountOpened
    execute:
      Deposit: { accountId: id, amount: 10 }
    ignore: [AccountClose]
`),
      fix: 'Correct the spelling: `AccountClosed`.',
    },
  }),
  ORX6157: entry<{ code: string }>({
    title: 'Error ignored twice',
    severity: 'warning',
    message: (p) => `'${p.code}' is listed in \`ignore:\` more than once`,
    hint: () => 'List each error code once.',
    example: {
      spec: withAutomations(`  WelcomeBonus:
    on: AccountOpened
    execute:
      Deposit: { accountId: id, amount: 10 }
    ignore: [AccountClosed, AccountClosed]
`),
      fix: 'Write `ignore: [AccountClosed]`.',
    },
  }),
  ORX6158: entry<{ cycle: string }>({
    title: 'Automations may trigger each other forever',
    severity: 'warning',
    message: (p) => `these automations may trigger each other without end: ${p.cycle}`,
    hint: () =>
      'Each reaction emits an event that starts the next one. Make sure a `when` or a `requires` of the commands ends the chain, e.g. a counter in the event or state.',
    example: {
      spec: withAutomations(`  CompoundInterest:
    on: MoneyDeposited
    execute:
      Deposit: { accountId: id, amount: 1 }
`),
      fix: 'Add a `when` that ends the chain, e.g. `when: "event.amount > 1"`, or react to a different event.',
    },
  }),
};
