import { entry } from './entry.js';

/** ORX4xxx — field types, defaults and constraints. Codes are stable: never renumber, only add. */
export const typesDiagnostics = {
  ORX4001: entry<{ name: string; suggestion: string }>({
    title: 'Unknown type',
    severity: 'error',
    message: (p) => `unknown type '${p.name}'.${p.suggestion}`,
    hint: () =>
      'A field type is one of string, integer, number, boolean, uuid, email, url, date, datetime, or a name declared under `types:` (in any file of the domain), optionally followed by `[]` and `?`.',
    example: {
      spec: `domain: shop
types:
  Address:
    fields:
      city: string
aggregates:
  Customer:
    state:
      address: Adress?
`,
      fix: 'Fix the type name: `Address?`.',
    },
  }),
  ORX4002: entry<{ name: string; kind: string }>({
    title: 'Not a type',
    severity: 'error',
    message: (p) => `'${p.name}' is ${/^[aeiou]/.test(p.kind) ? 'an' : 'a'} ${p.kind}, not a type`,
    hint: (p) =>
      p.kind === 'aggregate'
        ? `Refer to another aggregate by its id: a uuid (or string) field such as '${p.name.charAt(0).toLowerCase()}${p.name.slice(1)}Id'.`
        : 'Only enums and value objects declared under `types:` can be field types. Declare a value type with the fields you need.',
    example: {
      spec: `domain: shop
aggregates:
  Customer:
    state:
      name: string?
  Order:
    state:
      customer: Customer?
`,
      fix: "Store the customer's id instead: `customerId: uuid?`.",
    },
  }),
  ORX4003: entry<{ typeName: string; path: string }>({
    title: 'Value type contains itself',
    severity: 'error',
    message: (p) => `value type '${p.typeName}' contains itself: ${p.path}`,
    hint: () =>
      'Value objects are stored inline, so they cannot nest themselves (directly, through other value types, or through arrays). Store an id of the other item instead, or flatten the structure.',
    example: {
      spec: `domain: org
types:
  Department:
    fields:
      name: string
      parent: Department?
aggregates:
  Company:
    state:
      root: Department?
`,
      fix: 'Store a reference instead of the nested value: `parentName: string?`.',
    },
  }),
  ORX4004: entry<{ member: string; enumName: string }>({
    title: 'Duplicate enum member',
    severity: 'error',
    message: (p) => `enum '${p.enumName}' lists '${p.member}' twice`,
    hint: () => 'Each enum member must be unique; remove the repeated one.',
    example: {
      spec: `domain: banking
types:
  Currency:
    enum: [EUR, USD, EUR]
aggregates:
  Account:
    state:
      currency: { type: Currency, default: EUR }
`,
      fix: 'Remove the second `EUR`.',
    },
  }),
  ORX4005: entry<{ field: string; type: string }>({
    title: 'Contradictory optional',
    severity: 'error',
    message: (p) => `field '${p.field}' has type '${p.type}' (optional) but says \`optional: false\``,
    hint: () =>
      'A `?` after the type and `optional: true` both make a field optional. Drop the `?` or the `optional: false`.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      ownerId: { type: uuid?, optional: false }
`,
      fix: 'Write `{ type: uuid? }` for an optional field, or `{ type: uuid, default: ... }` for a required one.',
    },
  }),
  ORX4006: entry<{ constraint: string; type: string; allowed: string }>({
    title: 'Constraint does not fit the type',
    severity: 'error',
    message: (p) => `\`${p.constraint}\` does not apply to a field of type '${p.type}'; it applies to ${p.allowed}`,
    hint: () =>
      '`min`/`max` fit integer and number, `minLength`/`maxLength`/`pattern` fit string, email and url, `minItems`/`maxItems` fit arrays. On an array the other constraints apply to each element.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { type: integer, default: 0, minLength: 1 }
`,
      fix: 'Use `min: 1` for a number, or remove the constraint.',
    },
  }),
  ORX4007: entry<{ lower: string; upper: string; low: number; high: number }>({
    title: 'Empty range',
    severity: 'error',
    message: (p) => `\`${p.lower}: ${p.low}\` is greater than \`${p.upper}: ${p.high}\`; no value can satisfy both`,
    hint: (p) => `Make \`${p.lower}\` at most \`${p.upper}\`.`,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    commands:
      Deposit:
        fields:
          amount: { type: integer, min: 100, max: 10 }
        emits: [MoneyDeposited]
    events:
      MoneyDeposited:
        fields:
          amount: integer
`,
      fix: 'Swap the bounds: `min: 10, max: 100`.',
    },
  }),
  ORX4008: entry<{ pattern: string; reason: string }>({
    title: 'Invalid pattern',
    severity: 'error',
    message: (p) => `pattern /${p.pattern}/ is not a valid regular expression: ${p.reason}`,
    hint: () =>
      'Patterns are ECMAScript regular expressions compiled with the `u` (Unicode) flag, which rejects unnecessary escapes such as `\\-` outside a class. Quote the pattern in YAML and escape backslashes in double quotes.',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      iban: { type: string, optional: true, pattern: "^[A-Z]{2}[0-9]{2}([A-Z0-9]+$" }
`,
      fix: 'Close the group: `^[A-Z]{2}[0-9]{2}([A-Z0-9]+)$`.',
    },
  }),
  ORX4009: entry<{ field: string; type: string; reason: string }>({
    title: 'Default does not match the type',
    severity: 'error',
    message: (p) => `default of field '${p.field}' does not fit its type ${p.type}: ${p.reason}`,
    hint: () =>
      "A default is a constant of the field's type: a member name for an enum, a whole number for integer, an object with the fields of a value type, a list for an array.",
    example: {
      spec: `domain: banking
types:
  AccountStatus:
    enum: [pending, open, closed]
aggregates:
  Account:
    state:
      status: { type: AccountStatus, default: opened }
`,
      fix: 'Use a member of the enum: `default: open`.',
    },
  }),
  ORX4010: entry<{ field: string; reason: string }>({
    title: 'Default breaks a constraint',
    severity: 'error',
    message: (p) => `default of field '${p.field}' breaks its constraints: ${p.reason}`,
    hint: () =>
      "The default must satisfy the field's own `min`, `max`, `minLength`, `maxLength`, `pattern`, `minItems` and `maxItems`.",
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      limit: { type: integer, default: 0, min: 100 }
`,
      fix: 'Pick a default inside the range, e.g. `default: 100`.',
    },
  }),
  ORX4011: entry<{ field: string; type: string }>({
    title: 'State field needs a default',
    severity: 'error',
    message: (p) => `state field '${p.field}' (${p.type}) needs a default`,
    hint: (p) =>
      `A new aggregate starts from its initial state: give '${p.field}' a \`default\`, or make it optional (\`${p.type}?\`) so it starts absent. Arrays start empty.`,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: integer
`,
      fix: 'Write `balance: { type: integer, default: 0 }`.',
    },
  }),
  ORX4012: entry<{ type: string; aggregate: string }>({
    title: 'Invalid id type',
    severity: 'error',
    message: (p) => `the id of aggregate '${p.aggregate}' has type '${p.type}'; an id is a uuid or a string`,
    hint: () => 'Write `id: { name: sku, type: string }` for a natural key, or leave the type as uuid.',
    example: {
      spec: `domain: shop
aggregates:
  Product:
    id: { name: productNumber, type: integer }
    state:
      name: string?
`,
      fix: 'Use `type: string` (the number as text) or a uuid id.',
    },
  }),
  ORX4013: entry<{ typeName: string; field: string; max: number }>({
    title: 'Value types nest too deeply',
    severity: 'error',
    message: (p) =>
      `value type '${p.typeName}' nests value types more than ${p.max} levels deep (through field '${p.field}')`,
    hint: () =>
      'Generated schemas and personal-data walks follow the nesting, so it is bounded. Flatten the structure, or store an id and keep the nested part in its own aggregate.',
    example: {
      spec: `domain: deep
types:
${Array.from({ length: 33 }, (_, i) => `  Level${i}:\n    fields:\n      inner: ${i < 32 ? `Level${i + 1}?` : 'string'}\n`).join('')}aggregates:
  Holder:
    state:
      top: Level0?
`,
      fix: 'Flatten the structure to at most 32 levels of value types.',
    },
  }),
} as const;
