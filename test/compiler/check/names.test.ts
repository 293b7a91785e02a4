import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCamelCase, isPascalCase, toCamelCase, toPascalCase } from '../../../compiler/check/names.js';
import { REPO_ROOT } from '../../support/project.js';
import { EXPRESSION_WORDS, INHERITED_FIELD_NAMES, RUNTIME_NAMES, SHADOWED_GLOBALS } from '../../../compiler/model/reserved.js';

describe('naming rules', () => {
  it('recognises the casings', () => {
    expect(['Account', 'MoneyDeposited', 'URL2'].every(isPascalCase)).toBe(true);
    expect(['account', 'Money_Deposited', 'Money-Deposited', '1Account', 'Accöunt'].some(isPascalCase)).toBe(false);
    expect(['ownerId', 'balanceAfter', 'x1'].every(isCamelCase)).toBe(true);
    expect(['OwnerId', 'owner_id', 'owner-id', '_owner', '__proto__'].some(isCamelCase)).toBe(false);
  });

  it('suggests a valid spelling, or nothing when none comes out', () => {
    expect(toPascalCase('account_status')).toBe('AccountStatus');
    expect(toPascalCase('money-deposited')).toBe('MoneyDeposited');
    expect(toPascalCase('date')).toBeUndefined(); // 'Date' would shadow a global
    expect(toCamelCase('Owner_Name')).toBe('ownerName');
    expect(toCamelCase('OWNER')).toBe('owner');
    expect(toCamelCase('Class')).toBe('class'); // a fine property name
    expect(toCamelCase('ToString')).toBeUndefined(); // every object has a 'toString'
    expect(toCamelCase('9')).toBeUndefined();
  });

  it('refuses only names generated code cannot use: inherited properties, expression words, globals and runtime imports', () => {
    // Exactly the properties a plain object inherits: a field so named would read as present when absent.
    expect([...INHERITED_FIELD_NAMES].sort()).toEqual(Object.getOwnPropertyNames(Object.prototype).sort());
    for (const word of ['and', 'or', 'not', 'in', 'true', 'false', 'null']) expect(EXPRESSION_WORDS.has(word)).toBe(true);
    for (const name of ['Date', 'Map', 'Error', 'Record', 'Readonly', 'Partial', 'Promise', 'JSON']) {
      expect(SHADOWED_GLOBALS.has(name)).toBe(true);
    }
    for (const name of ['Command', 'DomainEvent', 'Upcaster', 'DomainError']) expect(RUNTIME_NAMES.has(name)).toBe(true);
    for (const word of ['type', 'number', 'class', 'default', 'new', 'amount']) {
      expect(INHERITED_FIELD_NAMES.has(word) || EXPRESSION_WORDS.has(word), word).toBe(false);
    }
    expect(SHADOWED_GLOBALS.has('Account')).toBe(false);
  });

  it('knows every name generated code imports from orchestrix/runtime (the committed examples use them all)', () => {
    const root = join(REPO_ROOT, 'examples/generated');
    const imported = new Set<string>();
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(/import (?:type )?\{([^}]*)\} from 'orchestrix\/runtime'/g)) {
        for (const name of (m[1] ?? '').split(',')) if (name.trim() !== '') imported.add(name.trim().replace(/^type /, ''));
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((name) => !RUNTIME_NAMES.has(name))).toEqual([]);
  });
});
