import { entry } from './entry.js';

/**
 * A complete, otherwise valid banking domain with one deliberate mistake. Each argument replaces
 * one spot: a `requires` entry, the `balanceAfter` value emitted by Deposit, the `apply` value of
 * MoneyDeposited, and extra lines for types, state fields and Deposit's fields.
 */
function bankingSpec(parts: {
  readonly check?: string;
  readonly balanceAfter?: string;
  readonly apply?: string;
  readonly types?: string;
  readonly state?: string;
  readonly fields?: string;
}): string {
  return `domain: banking
types:
  AccountStatus:
    enum: [pending, open, closed]
${parts.types ?? ''}aggregates:
  Account:
    id: accountId
    state:
      balance: { type: integer, default: 0 }
      status: { type: AccountStatus, default: pending }
${parts.state ?? ''}    commands:
      Deposit:
        fields:
          amount: { type: integer, min: 1 }
${parts.fields ?? ''}        requires:
          - ${parts.check ?? 'state.status == open'}
        emits:
          - MoneyDeposited:
              amount: amount
              balanceAfter: ${parts.balanceAfter ?? 'state.balance + amount'}
    events:
      MoneyDeposited:
        fields: { amount: integer, balanceAfter: integer }
        apply:
          balance: ${parts.apply ?? 'event.balanceAfter'}
`;
}

/** A shop whose `Paid` event carries a `Money` value object built from `price` (the one deliberate mistake). */
const paymentSpec = (price: string): string => `domain: shop
types:
  Money:
    fields: { amount: integer, currency: string }
aggregates:
  Order:
    state:
      total: { type: integer, default: 0 }
    commands:
      Pay:
        fields: { amount: integer }
        emits:
          - Paid: { price: ${price} }
    events:
      Paid:
        fields: { price: Money }
`;

const OPERATORS = "+ - * / %  == != < <= > >= in (not in)  && || ! (and, or, not)  ? :  ( ) [ ] { } , .";
const FUNCTIONS = 'len, min, max, contains, append, remove, lower, upper, date, days, hours, minutes, seconds';

/** ORX5xxx — the expression language. Codes are stable: never renumber, only add. */
export const exprDiagnostics = {
  ORX5001: entry<{ char: string }>({
    title: 'Unexpected character',
    severity: 'error',
    message: (p) => `Unexpected character ${p.char} in expression.`,
    hint: (p) =>
      p.char === "'='"
        ? "Use '==' to compare; expressions never assign."
        : p.char === "'&'"
          ? "Use '&&' (or 'and')."
          : p.char === "'|'"
            ? "Use '||' (or 'or')."
            : `Expressions are made of names, numbers, quoted strings and the operators ${OPERATORS}`,
    example: {
      spec: bankingSpec({ check: 'state.balance = 0' }),
      fix: "Compare with '==': `state.balance == 0`.",
    },
  }),
  ORX5002: entry<{ quote: string }>({
    title: 'Unterminated string',
    severity: 'error',
    message: (p) => `This string is not closed: add the closing ${p.quote} on the same line.`,
    hint: () => 'Strings end with the quote they start with, on the same line; write a line break as \\n.',
    example: {
      spec: bankingSpec({ check: `"reference != 'INTERNAL"`, fields: '          reference: string\n' }),
      fix: "Close the string: `reference != 'INTERNAL'`.",
    },
  }),
  ORX5003: entry<{ escape: string }>({
    title: 'Unknown escape sequence',
    severity: 'error',
    message: (p) => `Unknown escape sequence '${p.escape}' in string.`,
    hint: () => "Strings support the escapes \\\\ \\' \\\" \\n \\r \\t and \\uXXXX; write a backslash as \\\\.",
    example: {
      spec: bankingSpec({ check: String.raw`reference != "\d+"`, fields: '          reference: string\n' }),
      fix: String.raw`Escape the backslash: \`reference != "\\d+"\`.`,
    },
  }),
  ORX5004: entry<{ text: string; reason: string }>({
    title: 'Invalid number',
    severity: 'error',
    message: (p) => `Invalid number '${p.text}': ${p.reason}.`,
    hint: () => 'Write numbers as digits with an optional decimal part: 0, 42, 1000000, 0.25.',
    example: { spec: bankingSpec({ check: 'amount <= 1e6' }), fix: 'Write the number out: `amount <= 1000000`.' },
  }),
  ORX5005: entry<{ text: string }>({
    title: 'Number out of range',
    severity: 'error',
    message: (p) => `Number ${p.text} is out of range.`,
    hint: () =>
      'Integers must lie within ±9007199254740991 (they are exact JavaScript numbers); decimals must be finite; a duration is at most 100 years (36500d).',
    example: {
      spec: bankingSpec({ check: 'amount <= 99999999999999999999' }),
      fix: 'Use a smaller limit, e.g. `amount <= 1000000000`.',
    },
  }),
  ORX5006: entry({
    title: 'Empty expression',
    severity: 'error',
    message: () => 'The expression is empty.',
    hint: () => 'Write a value or a check, e.g. `state.balance >= 0`.',
    example: { spec: bankingSpec({ check: '""' }), fix: 'Write the check, or remove the empty entry.' },
  }),
  ORX5007: entry<{ expected: string; found: string }>({
    title: 'Syntax error',
    severity: 'error',
    message: (p) => `Expected ${p.expected}, found ${p.found}.`,
    hint: () => `Operators: ${OPERATORS}`,
    example: {
      spec: bankingSpec({ check: 'state.balance + amount <=' }),
      fix: 'Complete the comparison: `state.balance + amount <= 1000000`.',
    },
  }),
  ORX5008: entry<{ open: string; close: string }>({
    title: 'Unclosed bracket',
    severity: 'error',
    message: (p) => `'${p.open}' is never closed.`,
    hint: (p) => `Add the matching '${p.close}'.`,
    example: { spec: bankingSpec({ check: '(amount > 0' }), fix: 'Close the parenthesis: `(amount > 0)`.' },
  }),
  ORX5009: entry<{ first: string; second: string }>({
    title: 'Chained comparison',
    severity: 'error',
    message: (p) => `Comparisons cannot be chained: '${p.first}' followed by '${p.second}'.`,
    hint: () => 'Combine two comparisons with && (or `and`): `0 < amount && amount <= 1000`.',
    example: {
      spec: bankingSpec({ check: '0 < amount <= 1000' }),
      fix: 'Write two comparisons: `0 < amount && amount <= 1000`.',
    },
  }),
  ORX5010: entry<{ limit: number }>({
    title: 'Expression nested too deeply',
    severity: 'error',
    message: (p) => `The expression is nested more than ${p.limit} levels deep.`,
    hint: () => 'Simplify it: remove redundant parentheses, or split a long chain of operators.',
    example: {
      spec: bankingSpec({ check: `${'('.repeat(65)}amount${')'.repeat(65)} > 0` }),
      fix: 'Remove the redundant parentheses: `amount > 0`.',
    },
  }),
  ORX5011: entry<{ name: string; didYouMean: string; available: string }>({
    title: 'Unknown name',
    severity: 'error',
    message: (p) => `Unknown name '${p.name}'.${p.didYouMean}`,
    hint: (p) => `Names available here: ${p.available}. Text is written in quotes: '${p.name}'.`,
    example: { spec: bankingSpec({ check: 'amonut > 0' }), fix: 'Use the field name: `amount > 0`.' },
  }),
  ORX5012: entry<{ root: string; available: string }>({
    title: 'Name not available here',
    severity: 'error',
    message: (p) => `'${p.root}' is not available in this expression.`,
    hint: (p) =>
      `Available here: ${p.available}. \`command\` exists in requires and emits, \`event\` in apply, upcast, read models and automations, \`row\`, \`time\` and \`position\` in read models, \`item\` in an automation with \`forEach\`.`,
    example: {
      spec: bankingSpec({ check: 'event.amount > 0' }),
      fix: 'Checks run before any event exists: use the command field, `amount > 0`.',
    },
  }),
  ORX5013: entry<{ owner: string; field: string; didYouMean: string; fields: string }>({
    title: 'Unknown field',
    severity: 'error',
    message: (p) => `${p.owner} has no field '${p.field}'.${p.didYouMean}`,
    hint: (p) => (p.fields === '' ? undefined : `Fields of ${p.owner}: ${p.fields}.`),
    example: {
      spec: bankingSpec({ balanceAfter: 'state.balanse + amount' }),
      fix: 'Use the state field: `state.balance + amount`.',
    },
  }),
  ORX5014: entry<{ target: string; type: string; field: string }>({
    title: 'Value has no fields',
    severity: 'error',
    message: (p) => `'${p.target}' is ${p.type} and has no field '${p.field}'.`,
    hint: (p) =>
      p.field === 'length'
        ? `Use len(${p.target}) for the length.`
        : 'Only value objects in state, command and event fields have fields.',
    example: {
      spec: bankingSpec({ check: 'state.balance.amount >= 0' }),
      fix: 'Use the number itself: `state.balance >= 0`.',
    },
  }),
  ORX5015: entry<{ name: string; didYouMean: string }>({
    title: 'Unknown function',
    severity: 'error',
    message: (p) => `Unknown function '${p.name}'.${p.didYouMean}`,
    hint: () => `Functions: ${FUNCTIONS}.`,
    example: { spec: bankingSpec({ check: 'lenght(reference) > 0', fields: '          reference: string\n' }), fix: 'Call `len(reference)`.' },
  }),
  ORX5016: entry<{ name: string; expected: number; got: number; signature: string }>({
    title: 'Wrong number of arguments',
    severity: 'error',
    message: (p) =>
      `${p.name} takes ${p.expected} argument${p.expected === 1 ? '' : 's'}, got ${p.got}.`,
    hint: (p) => `Usage: ${p.signature}.`,
    example: {
      spec: bankingSpec({ balanceAfter: 'max(state.balance + amount)' }),
      fix: 'Give both values: `max(state.balance + amount, 0)`.',
    },
  }),
  ORX5017: entry<{ name: string; position: number; expected: string; got: string; signature: string }>({
    title: 'Wrong argument type',
    severity: 'error',
    message: (p) => `Argument ${p.position} of ${p.name}: expected ${p.expected}, got ${p.got}.`,
    hint: (p) => `Usage: ${p.signature}.`,
    example: { spec: bankingSpec({ check: 'len(amount) > 0' }), fix: 'Compare the number itself: `amount > 0`.' },
  }),
  ORX5018: entry<{ name: string }>({
    title: 'Not a function',
    severity: 'error',
    message: (p) => `'${p.name}' is not a function; only built-in functions can be called.`,
    hint: () => `Functions: ${FUNCTIONS}.`,
    example: {
      spec: bankingSpec({ check: 'state.balance.max(amount) > 0' }),
      fix: 'Call the function with both values: `max(state.balance, amount) > 0`.',
    },
  }),
  ORX5019: entry<{ name: string; signature: string }>({
    title: 'Function used without a call',
    severity: 'error',
    message: (p) => `'${p.name}' is a function; call it with arguments.`,
    hint: (p) => `Usage: ${p.signature}.`,
    example: { spec: bankingSpec({ check: 'len > 0' }), fix: 'Call it: `len(reference) > 0`.' },
  }),
  ORX5020: entry<{ operator: string; expected: string; got: string }>({
    title: 'Wrong operand type',
    severity: 'error',
    message: (p) => `Operator '${p.operator}' expects ${p.expected}, got ${p.got}.`,
    hint: (p) =>
      p.operator === '%'
        ? "'%' works on integers only."
        : p.expected === 'a boolean'
          ? 'Make it a comparison, e.g. `amount > 0`.'
          : p.operator === 'in' || p.operator === 'not in'
            ? 'Test membership in a list: `state.status in [open, pending]`, or in an array field: `tag in state.tags`.'
            : /duration|date|time/.test(p.expected) || /duration|date/.test(p.got)
              ? 'Times move by durations (`checkIn + 3d`, `now + 2h`); `date - date` counts days, `datetime - datetime` is a duration (`hours(now - state.heldAt)`).'
              : undefined,
    example: {
      spec: bankingSpec({ check: 'amount && state.status == open' }),
      fix: 'Compare the number: `amount > 0 && state.status == open`.',
    },
  }),
  ORX5021: entry<{ text: string; type: string; use: string }>({
    title: 'Value may be absent',
    severity: 'error',
    message: (p) => `'${p.text}' may be absent (${p.type}) and cannot be used ${p.use}.`,
    hint: (p) =>
      `Test it first: a requirement \`${p.text} != null\` makes it present in the later requirements and in emits; inside one expression write \`${p.text} != null && ...\`, or choose a value for the absent case: \`${p.text} != null ? ${p.text} : ...\`.`,
    example: {
      spec: bankingSpec({ check: 'state.balance + amount <= state.limit', state: '      limit: integer?\n' }),
      fix: 'Check for absence first: `state.limit == null || state.balance + amount <= state.limit`.',
    },
  }),
  ORX5022: entry<{ operator: string; left: string; right: string }>({
    title: 'Values cannot be compared',
    severity: 'error',
    message: (p) => `Cannot compare ${p.left} with ${p.right} using '${p.operator}'.`,
    hint: (p) =>
      p.operator === '==' || p.operator === '!='
        ? 'Compare values of the same type; write enum members bare (open, not "open").'
        : "'<', '<=', '>' and '>=' order numbers, and two strings, two dates or two datetimes.",
    example: {
      spec: bankingSpec({ check: 'state.status == "open"' }),
      fix: 'Write the enum member bare: `state.status == open`.',
    },
  }),
  ORX5023: entry<{ got: string }>({
    title: 'Check is not a boolean',
    severity: 'error',
    message: (p) => `A check must be a boolean, got ${p.got}.`,
    hint: () => 'Write a condition that is true when the command may proceed, e.g. `amount > 0`.',
    example: {
      spec: bankingSpec({ check: 'state.balance + amount' }),
      fix: 'Make it a condition: `state.balance + amount <= 1000000`.',
    },
  }),
  ORX5024: entry<{ expected: string; got: string }>({
    title: 'Value does not fit the field',
    severity: 'error',
    message: (p) => `Expected ${p.expected}, got ${p.got}.`,
    hint: (p) =>
      p.expected === 'integer' && p.got === 'number'
        ? "'/' always gives a number, and so does any decimal; an integer field needs integer arithmetic."
        : p.got.endsWith('[]') && !p.expected.endsWith('[]')
          ? 'A YAML list `[...]` is an array: write one value without brackets (`status: checkedIn`); quote text that starts with `[` (`"[a, b]"`).'
          : 'The value must have the field’s type: integers fit number fields, other types must match.',
    example: {
      spec: bankingSpec({ balanceAfter: 'state.balance + amount / 100' }),
      fix: 'Keep to integers (amounts in cents): `state.balance + amount`.',
    },
  }),
  ORX5025: entry<{ use: string }>({
    title: 'null where a value is required',
    severity: 'error',
    message: (p) => `null cannot be used ${p.use}.`,
    hint: () => 'null means "absent": compare optional values with it (x == null) or assign it to an optional field.',
    example: {
      spec: bankingSpec({ apply: 'null' }),
      fix: 'Give the required field a value, e.g. `balance: event.balanceAfter`, or make the field optional.',
    },
  }),
  ORX5026: entry<{ name: string; enums: string; expected: string }>({
    title: 'Enum member where no enum is expected',
    severity: 'error',
    message: (p) => `'${p.name}' is a member of ${p.enums}, but no enum value is expected here${p.expected}.`,
    hint: () =>
      'Bare enum members are allowed only where that enum is expected: compared with an enum value, or assigned to an enum field.',
    example: {
      spec: bankingSpec({ check: 'reference != pending', fields: '          reference: string\n' }),
      fix: "Quote text: `reference != 'pending'`, or compare the enum: `state.status != pending`.",
    },
  }),
  ORX5027: entry<{ name: string; enumName: string; didYouMean: string; members: string }>({
    title: 'Not a member of the enum',
    severity: 'error',
    message: (p) => `'${p.name}' is not a member of ${p.enumName}.${p.didYouMean}`,
    hint: (p) => `Members of ${p.enumName}: ${p.members}.`,
    example: { spec: bankingSpec({ check: 'state.status == opened' }), fix: 'Use a member: `state.status == open`.' },
  }),
  ORX5028: entry<{ operator: string; type: string }>({
    title: 'Arrays and value objects cannot be compared',
    severity: 'error',
    message: (p) => `'${p.operator}' cannot compare ${p.type} values.`,
    hint: () =>
      '== compares single values; for arrays use len(x) == 0 or contains(x, item), for value objects compare their fields.',
    example: {
      spec: bankingSpec({ check: 'state.tags == []', state: '      tags: string[]\n' }),
      fix: 'Test the length: `len(state.tags) == 0`.',
    },
  }),
  ORX5029: entry<{ expected: string; got: string }>({
    title: 'Array elements of different types',
    severity: 'error',
    message: (p) => `Array elements must share one type: expected ${p.expected}, got ${p.got}.`,
    hint: () => 'Write every element with the same type (integers and decimals mix as numbers).',
    example: {
      spec: bankingSpec({ check: 'contains([100, 200, "500"], amount)' }),
      fix: 'Write numbers only: `contains([100, 200, 500], amount)`.',
    },
  }),
  ORX5030: entry<{ whenTrue: string; whenFalse: string }>({
    title: 'Branches of different types',
    severity: 'error',
    message: (p) => `The branches of '? :' have different types: ${p.whenTrue} and ${p.whenFalse}.`,
    hint: () => 'Both branches must give the same type (integer and number mix; null makes the result optional).',
    example: {
      spec: bankingSpec({ balanceAfter: `"amount > 0 ? state.balance + amount : 'none'"` }),
      fix: 'Give both branches a number: `amount > 0 ? state.balance + amount : state.balance`.',
    },
  }),
  ORX5031: entry<{ name: string; enumName: string; root: string }>({
    title: 'Bare name is both a field and an enum member',
    severity: 'warning',
    message: (p) =>
      `'${p.name}' is both a ${p.root} field and a member of ${p.enumName}; here it means the enum member.`,
    hint: (p) => `Write ${p.root}.${p.name} for the field; rename one of them to silence this warning.`,
    example: {
      spec: bankingSpec({ check: 'state.status != closed', fields: '          closed: boolean\n' }),
      fix: 'Rename the command field (e.g. `closeAfter`) or write `command.closed` where the field is meant.',
    },
  }),
  ORX5032: entry<{ root: string; fields: string }>({
    title: 'Missing field name',
    severity: 'error',
    message: (p) => `'${p.root}' is not a value by itself; name one of its fields: ${p.root}.<field>.`,
    hint: (p) => (p.fields === '' ? undefined : `Fields of ${p.root}: ${p.fields}.`),
    example: { spec: bankingSpec({ check: 'state != null' }), fix: 'Test a field: `state.balance >= 0`.' },
  }),
  ORX5033: entry<{ value: string; type: string }>({
    title: 'Literal does not match its format',
    severity: 'error',
    message: (p) => `${p.value} is not a valid ${p.type}.`,
    hint: (p) =>
      p.type === 'date'
        ? "Write dates as 'YYYY-MM-DD' (a real calendar day)."
        : p.type === 'datetime'
          ? "Write datetimes in ISO 8601 with a time zone, e.g. '2024-05-01T12:00:00Z'."
          : `Write a valid ${p.type}.`,
    example: {
      spec: bankingSpec({ check: 'valueDate >= "2024-02-30"', fields: '          valueDate: date\n' }),
      fix: "Use a real day: `valueDate >= '2024-03-01'`.",
    },
  }),
  ORX5034: entry<{ operator: string }>({
    title: 'Comparison of two constants',
    severity: 'error',
    message: (p) => `Both sides of '${p.operator}' are constants, so the result never changes.`,
    hint: () => 'Compare a field (state.x, command.x, event.x) with a constant.',
    example: { spec: bankingSpec({ check: '1 == 1' }), fix: 'Compare a field: `amount >= 1`, or remove the check.' },
  }),
  ORX5035: entry<{ text: string; values: string; other: string; outcome: string }>({
    title: 'Comparison decided by an earlier check',
    severity: 'error',
    message: (p) => `'${p.text}' can only be ${p.values} here, so comparing it with '${p.other}' is ${p.outcome}.`,
    hint: () =>
      'An earlier check already fixed this value (a `requires` above, the left side of `&&`, or the test of `? :`); remove the comparison or correct one of the two.',
    example: {
      spec: bankingSpec({ check: 'state.status == open', balanceAfter: '"state.status == closed ? 0 : state.balance + amount"' }),
      fix: 'The requirement guarantees an open account: write `balanceAfter: state.balance + amount`.',
    },
  }),
  ORX5036: entry<{ expected: string | undefined; yaml?: boolean }>({
    title: 'Object literal where no value object is expected',
    severity: 'error',
    message: (p) =>
      p.expected === undefined
        ? 'A value object written as `{ ... }` needs a place that says its type.'
        : p.yaml === true
          ? `Expected ${p.expected}, but YAML reads this as a mapping, which is a value object.`
          : `Expected ${p.expected}, got a value object literal.`,
    hint: (p) =>
      p.yaml === true
        ? "YAML turns `{ ... }` and indented `key: value` lines into a mapping. Give one expression instead, quoted when it contains ': ' or starts with `{` (`tags: \"append(state.tags, tag)\"`); mappings build value objects only where one is expected (`total: { amount: nights * rate, currency: EUR }`)."
        : 'Write `{ field: value, ... }` where a field, array element or argument has a value-object type, e.g. `total: { amount: nights * rate, currency: EUR }`.',
    example: {
      spec: bankingSpec({ balanceAfter: '{ amount: amount }' }),
      fix: 'balanceAfter is an integer: `balanceAfter: state.balance + amount`.',
    },
  }),
  ORX5037: entry<{ type: string; missing: string }>({
    title: 'Required fields missing from a value object',
    severity: 'error',
    message: (p) => `${p.type} needs ${p.missing}.`,
    hint: (p) => `Give every field of ${p.type} that is neither optional nor has a default a value.`,
    example: {
      spec: paymentSpec('{ amount: amount }'),
      fix: "Add the missing field: `price: { amount: amount, currency: \"'EUR'\" }`.",
    },
  }),
  ORX5038: entry<{ field: string; type: string }>({
    title: 'Field given twice',
    severity: 'error',
    message: (p) => `'${p.field}' is given twice in this ${p.type}.`,
    hint: () => 'Give each field one value.',
    example: {
      spec: paymentSpec(`"{ amount: amount, amount: 0, currency: 'EUR' }"`),
      fix: "Remove one of them: `{ amount: amount, currency: 'EUR' }`.",
    },
  }),
  ORX5039: entry<{ operator: string; outcome: string }>({
    title: 'Membership in an empty list',
    severity: 'error',
    message: (p) => `'${p.operator} []' is always ${p.outcome}.`,
    hint: () => 'List the values to test against: `state.status in [open, pending]`.',
    example: { spec: bankingSpec({ check: 'state.status in []' }), fix: 'List the members: `state.status in [pending, open]`.' },
  }),
  ORX5040: entry<{ text: string; expected: string; single: string | undefined }>({
    title: 'YAML list where one value is expected',
    severity: 'error',
    message: (p) => `YAML reads \`${p.text}\` as a list, but ${p.expected} is expected here, not a list.`,
    hint: (p) =>
      p.single === undefined
        ? 'Brackets make a list in YAML (an array in expressions): give one value without them. An expression that starts with `[` is quoted as a whole (`"[a, b] == state.tags"`).'
        : `Brackets make a list in YAML (an array in expressions): write the value without them (\`${p.single}\`). An expression that starts with \`[\` is quoted as a whole (\`"[a, b] == state.tags"\`).`,
    example: {
      spec: bankingSpec({ apply: '[open]' }).replace('balance: [open]', 'status: [open]'),
      fix: 'Write the member without brackets: `status: open`.',
    },
  }),
} as const;
