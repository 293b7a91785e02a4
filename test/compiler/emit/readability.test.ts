// What a reviewer reads in generated code, checked on the committed examples (a test elsewhere keeps
// them equal to what the compiler produces from domains/).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/project.js';

const GENERATED = join(REPO_ROOT, 'examples/generated');
const files = readdirSync(GENERATED).flatMap((domain) =>
  readdirSync(join(GENERATED, domain))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ path: `${domain}/${f}`, text: readFileSync(join(GENERATED, domain, f), 'utf8') })),
);
const file = (path: string): string => files.find((f) => f.path === path)?.text ?? '';

describe('generated code reads like the spec', () => {
  it('declares commands and events in spec order, not alphabetically', () => {
    const account = file('banking/account.ts');
    const order = (names: readonly string[]) => names.map((n) => account.indexOf(`export const ${n}Schema`));
    const commands = order(['OpenAccount', 'Deposit', 'Withdraw', 'TagAccount', 'Close']);
    const events = order(['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn', 'AccountTagged', 'AccountClosed']);
    for (const positions of [commands, events]) {
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  });

  it('has no template artefacts and no doc comment attached to nothing', () => {
    for (const { path, text } of files) {
      expect(text, path).not.toMatch(/version \d+ \+ 1/);
      // A JSDoc block is always directly followed by the declaration it documents.
      expect(text, path).not.toMatch(/\*\/\n\s*\n/);
      expect(text, path).not.toMatch(/\*\/\n\s*\/\//);
    }
    expect(file('banking/account.ts')).toContain('Lifts a stored version 1 `MoneyDeposited` to version 2.');
  });

  it('points every guard at the spec line it comes from', () => {
    const account = file('banking/account.ts');
    const spec = readFileSync(join(REPO_ROOT, 'domains/banking.yaml'), 'utf8').split('\n');
    const pointers = [...account.matchAll(/\/\/ domains\/banking\.yaml:(\d+)\n\s*if \(/g)];
    expect(pointers.length).toBe(6);
    for (const [, line] of pointers) expect(spec[Number(line) - 1]).toMatch(/^\s+- /);
  });

  it('writes guards as plain conditions: no widening casts, no `!!`, messages in words', () => {
    for (const { path, text } of files) {
      expect(text, path).not.toMatch(/ as (string|number|boolean)\)/);
      expect(text, path).not.toContain('!!');
      expect(text, path).not.toContain('Precondition failed:');
    }
    const account = file('banking/account.ts');
    expect(account).toContain("if (state.status !== 'open')");
    expect(account).toContain("throw new DomainError('PreconditionFailed', 'Status must be open', 'Deposit');");
    expect(account).toContain('if (state.tags.includes(command.data.tag))');
  });

  it('gives each domain an envelope type for buses and subscriptions', () => {
    expect(file('banking/domain.ts')).toContain('export type BankingEventEnvelope = EnvelopeOf<BankingEvent>;');
  });

  it('writes compact personal-data metadata: no repeated `erased: undefined`', () => {
    for (const { path, text } of files) expect(text, path).not.toContain('erased: undefined');
    expect(file('lakehouse/data-subject.ts')).toMatch(/\{ path: \['name'\], subject: \{ kind: 'id' \} \}/);
  });

  it('copies the state field by field in evolve, never spreading it, and sets only what the event changes', () => {
    for (const { path, text } of files) {
      const evolve = /export function evolve\w+\([^]*?\n}\n/.exec(text)?.[0] ?? '';
      expect(evolve, path).not.toMatch(/\{\s*\.\.\.state\b/);
      expect(evolve, path).not.toContain('omitUndefined');
    }
    expect(file('banking/account.ts')).toContain('if (state.ownerName !== undefined) next.ownerName = state.ownerName;');
    // Each case shows only what the event changes.
    expect(file('banking/account.ts')).toMatch(/case 'MoneyDeposited': \{\n\s+const next = copyAccountState\(state\);\n\s+next\.balance = event\.data\.balanceAfter;\n\s+return next;/);
  });
});
