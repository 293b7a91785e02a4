import { entry } from './entry.js';

/** ORX2xxx — structure of the DSL (unknown keys, wrong shapes). Codes are stable: never renumber, only add. */

const quoteList = (items: readonly string[]): string => {
  const quoted = items.map((i) => `'${i}'`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}`;
};

export const syntaxDiagnostics = {
  ORX2001: entry<{ key: string; where: string; suggestion: string | undefined; known: readonly string[] }>({
    title: 'Unknown key',
    severity: 'error',
    message: (p) => `unknown key '${p.key}' ${p.where}`,
    hint: (p) => {
      if (p.suggestion !== undefined) return `Did you mean '${p.suggestion}'?`;
      if (p.key === '<<') return 'YAML merge keys (<<) are not supported: write the keys out.';
      return p.known.length > 0 ? `The keys allowed here are: ${p.known.join(', ')}.` : undefined;
    },
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      balance: { typ: integer, default: 0 }
`,
      fix: 'Spell the key `type`.',
    },
  }),
  ORX2002: entry<{ where: string; expected: string; actual: string; description: string | undefined }>({
    title: 'Wrong kind of value',
    severity: 'error',
    message: (p) => `${p.where} should be ${p.expected}, not ${p.actual}`,
    hint: (p) => {
      // YAML made a list or mapping of what was meant as expression text (`check: [booked]`).
      const yaml =
        /\b(text|an expression)\b/.test(p.expected) && /^(a list|a mapping|an empty list|an empty mapping)\b/.test(p.actual)
          ? `YAML reads a value that starts with \`[\` or \`{\` as a ${p.actual.includes('list') ? 'list' : 'mapping'}: write the expression without brackets, or quote it as a whole (\`"[a, b] == state.tags"\`).`
          : undefined;
      return [p.description, yaml].filter((s) => s !== undefined).join(' ') || undefined;
    },
    example: {
      spec: `domain: banking
aggregates:
  Account:
    snapshot: 50
`,
      fix: 'Write the snapshot policy as a mapping: `snapshot: { every: 50 }`.',
    },
  }),
  ORX2003: entry<{ where: string; keys: readonly string[]; description: string | undefined }>({
    title: 'Missing key',
    severity: 'error',
    message: (p) =>
      p.keys.length === 1
        ? `${p.where} is missing the required key '${p.keys[0] ?? ''}'`
        : `${p.where} needs one of the keys ${quoteList(p.keys)}`,
    hint: (p) => p.description,
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
          - { error: InsufficientFunds }
        emits: [MoneyWithdrawn]
    events:
      MoneyWithdrawn:
        fields: { amount: integer }
`,
      fix: 'Add the condition: `- { check: "state.balance >= amount", error: InsufficientFunds }`.',
    },
  }),
  ORX2004: entry<{ where: string; value: string; allowed: readonly string[]; suggestion: string | undefined }>({
    title: 'Value not allowed',
    severity: 'error',
    message: (p) => `${p.where} cannot be ${p.value}; it must be ${quoteList(p.allowed)}`,
    hint: (p) => (p.suggestion !== undefined ? `Did you mean '${p.suggestion}'?` : undefined),
    example: {
      spec: `domain: banking
aggregates:
  Account:
    commands:
      Close:
        handler: custm
        emits: [AccountClosed]
    events:
      AccountClosed: {}
`,
      fix: 'Write `handler: custom`.',
    },
  }),
  ORX2005: entry<{ where: string; expected: string; actual: string; description: string | undefined }>({
    title: 'Value out of range',
    severity: 'error',
    message: (p) => `${p.where} must be ${p.expected}, not ${p.actual}`,
    hint: (p) => p.description,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    snapshot: { every: 0 }
`,
      fix: 'Snapshot every 1 or more events, e.g. `snapshot: { every: 50 }`, or remove `snapshot`.',
    },
  }),
  ORX2006: entry<{ subject: string; where: string; problem: string }>({
    title: 'Invalid format',
    severity: 'error',
    message: (p) => `${p.subject} is not valid ${p.where}: ${p.problem}`,
    hint: () => undefined,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    state:
      history: { type: 'integer[][]', default: [] }
`,
      fix: "Nested lists are not types; wrap the inner list in a value type (`types: { Series: { fields: { values: 'integer[]' } } }`) and use `Series[]`.",
    },
  }),
  ORX2007: entry<{ where: string; problem: string }>({
    title: 'Structure rule violated',
    severity: 'error',
    message: (p) => `${p.where}: ${p.problem}`,
    hint: () => undefined,
    example: {
      spec: `domain: banking
aggregates:
  Account:
    commands:
      Open:
        creates: true
        emits:
          - { AccountOpened: {}, AccountActivated: {} }
    events:
      AccountOpened: {}
      AccountActivated: {}
`,
      fix: 'Give each event its own entry: `emits: [AccountOpened, AccountActivated]`.',
    },
  }),
} as const;
