import { describe, expect, it } from 'vitest';
import { isCamelCase, isPascalCase, toCamelCase, toPascalCase } from '../../../compiler/check/names.js';
import { RESERVED_WORDS, SHADOWED_GLOBALS } from '../../../compiler/check/reserved.js';

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
    expect(toCamelCase('Class')).toBeUndefined(); // 'class' is reserved
    expect(toCamelCase('9')).toBeUndefined();
  });

  it('reserves keywords, prototype keys and expression words, and shadowed globals', () => {
    for (const word of [
      'class',
      'let',
      'await',
      'type',
      'undefined',
      '__proto__',
      'constructor',
      'and',
      'not',
      'globalThis',
    ]) {
      expect(RESERVED_WORDS.has(word)).toBe(true);
    }
    for (const name of ['Date', 'Map', 'Error', 'Record', 'Readonly', 'Partial', 'Promise', 'JSON']) {
      expect(SHADOWED_GLOBALS.has(name)).toBe(true);
    }
    expect(RESERVED_WORDS.has('amount')).toBe(false);
    expect(SHADOWED_GLOBALS.has('Account')).toBe(false);
  });
});
