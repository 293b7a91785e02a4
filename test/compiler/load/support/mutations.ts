import fc from 'fast-check';

/** Snippets that stress YAML: indicators, quotes, anchors, tabs, document markers, odd characters. */
const SNIPPETS = [
  ':', ': ', ' ', '  ', '\t', '"', "'", '&a ', '*a', '- ', '-', '{', '}', '[', ']', ',', '#', ' #', '\n', '\r\n', '\r',
  '|', '>-', '---\n', '...', '!tag ', '!!str ', '%YAML 1.2\n', '@', '`', '? ', '\\', '\\u00', 'é', '😀', '\u0000',
  '\uFEFF', '<<: *a\n', '~', 'null', '1e400', '0x1F', '.nan', 'key: value', '\n  nested: 1', '\n- item',
];

type Edit = (text: string) => string;

const clampIndex = (text: string, fraction: number): number => Math.floor(fraction * (text.length + 1));

const insert = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...SNIPPETS)).map(
  ([at, snippet]): Edit => (text) => {
    const i = clampIndex(text, at);
    return text.slice(0, i) + snippet + text.slice(i);
  },
);

const remove = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 12 })).map(
  ([at, length]): Edit => (text) => {
    const i = clampIndex(text, at);
    return text.slice(0, i) + text.slice(i + length);
  },
);

const onLines = (f: (lines: string[], a: number, b: number) => void) =>
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(
    ([x, y]): Edit => (text) => {
      const lines = text.split('\n');
      f(lines, Math.floor(x * lines.length), Math.floor(y * lines.length));
      return lines.join('\n');
    },
  );

const swapLines = onLines((lines, a, b) => {
  const t = lines[a] ?? '';
  lines[a] = lines[b] ?? '';
  lines[b] = t;
});
const duplicateLine = onLines((lines, a) => lines.splice(a, 0, lines[a] ?? ''));
const indent = fc.tuple(onLines(() => undefined), fc.integer({ min: -3, max: 3 }), fc.double({ min: 0, max: 1, noNaN: true })).map(
  ([, delta, where]): Edit => (text) => {
    const lines = text.split('\n');
    const i = Math.floor(where * lines.length);
    const line = lines[i] ?? '';
    lines[i] = delta >= 0 ? ' '.repeat(delta) + line : line.replace(new RegExp(`^ {0,${-delta}}`), '');
    return lines.join('\n');
  },
);

/** A text derived from `base` by 1 to `maxEdits` random edits. */
export function mutatedText(base: string, maxEdits = 5): fc.Arbitrary<string> {
  const edit = fc.oneof(insert, insert, remove, swapLines, duplicateLine, indent);
  return fc.array(edit, { minLength: 1, maxLength: maxEdits }).map((edits) => edits.reduce((text, e) => e(text), base));
}

/** A valid spec exercising most of the DSL's YAML: the example from DESIGN.md §2. */
export const DESIGN_EXAMPLE = `domain: banking                      # [a-z][a-zA-Z0-9]*
description: Retail accounts.

types:
  Currency:
    enum: [EUR, USD, GBP]
  AccountStatus:
    enum: [pending, open, closed]
  Address:
    fields:
      street: string
      city: string
      postcode: { type: string, pii: true }

aggregates:
  Account:
    id: accountId
    subject: ownerId
    snapshot: { every: 50 }
    state:
      ownerId: uuid?
      ownerName: { type: string, optional: true, pii: true }
      balance: { type: integer, default: 0 }
      status: { type: AccountStatus, default: pending }
      tags: string[]
    commands:
      OpenAccount:
        creates: true
        fields:
          ownerId: uuid
          ownerName: { type: string, pii: true, minLength: 1 }
        emits: [AccountOpened]
      Deposit:
        fields:
          amount: { type: integer, min: 1 }
        requires:
          - state.status == open
          - { check: "amount <= 1000000", error: LimitExceeded, message: "Deposits are capped" }
        emits:
          - MoneyDeposited: { amount: amount, balanceAfter: state.balance + amount }
      Close:
        emits: [AccountClosed]
        handler: custom
    events:
      AccountOpened:
        fields: { ownerId: uuid, ownerName: { type: string, pii: true } }
        apply: { status: open }
      MoneyDeposited:
        version: 2
        fields: { amount: integer, balanceAfter: integer }
        apply: { balance: event.balanceAfter }
        previous:
          1:
            fields: { amount: integer }
            upcast: { balanceAfter: 0 }
      AccountClosed: {}
`;
