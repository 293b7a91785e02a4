import { describe, expect, it } from 'vitest';
import type { ExprScope } from '../../../compiler/expr/index.js';
import { compileYamlValue } from '../../../compiler/expr/index.js';
import {
  APPLY_SCOPE,
  COMMAND_SCOPE,
  TYPES,
  arrayRef,
  compile,
  enumRef,
  fieldExpected,
  infer,
  p,
  valueRef,
} from './support.js';

/** Column of offset 0 of the expression in the test placement (see support.ts). */
const C = 7;
const at = (code: string, offset: number, line = 3) => `${code}@${line}:${C + offset}`;

describe('checker: types of valid expressions', () => {
  const table: [string, string][] = [
    ['1', 'integer'],
    ['1.5', 'number'],
    ["'a'", 'string'],
    ['true', 'boolean'],
    ['null', 'null'],
    ['[]', '[]'],
    ['[1, 2]', 'integer[]'],
    ['[1, 2.5]', 'number[]'],
    ['[[1], [2.5]]', 'number[][]'],
    ['amount', 'integer'],
    ['command.amount', 'integer'],
    ['state.balance', 'integer'],
    ['state.limit', 'integer?'],
    ['id', 'uuid'],
    ['now', 'datetime'],
    ['state.home.city', 'string'],
    ['state.address.city', 'string?'],
    ['state.address.postcode', 'string?'],
    ['address.street', 'string'],
    ['amount + 1', 'integer'],
    ['amount + 1.5', 'number'],
    ['amount - factor', 'number'],
    ['amount * 2', 'integer'],
    ['amount / 2', 'number'],
    ['amount % 7', 'integer'],
    ['-amount', 'integer'],
    ['-factor', 'number'],
    ["note + 'x'", 'string'],
    ["state.email + '!'", 'string'],
    ["'Status: ' + state.status", 'string'],
    ['amount > 0', 'boolean'],
    ['note < tag', 'boolean'],
    ['dueDate < state.openedOn', 'boolean'],
    ['at >= now', 'boolean'],
    ['!force', 'boolean'],
    ['force && state.active', 'boolean'],
    ['amount > 0 ? amount : 0', 'integer'],
    ['force ? amount : factor', 'number'],
    ['force ? amount : null', 'integer?'],
    ['force ? null : state.limit', 'integer?'],
    ['force ? state.status : open', 'AccountStatus'],
    ['force ? open : state.status', 'AccountStatus'],
    ["force ? note : 'x'", 'string'],
    ['force ? state.email : note', 'string'],
    ['force ? [] : state.tags', 'string[]'],
    ['len(note)', 'integer'],
    ['len(state.tags)', 'integer'],
    ['len(state.email)', 'integer'],
    ['min(amount, 1)', 'integer'],
    ['max(amount, factor)', 'number'],
    ['contains(state.tags, tag)', 'boolean'],
    ['contains(state.currencies, EUR)', 'boolean'],
    ['contains([open, closed], state.status)', 'boolean'],
    ['append(state.tags, tag)', 'string[]'],
    ['append(state.rates, amount)', 'number[]'],
    ['append(state.currencies, GBP)', 'Currency[]'],
    ['append(state.addresses, address)', 'Address[]'],
    ['append([], tag)', 'string[]'],
    ['remove(state.scores, 3)', 'integer[]'],
    ['lower(note)', 'string'],
    ['upper(state.status)', 'string'],
    ['state.limit == null', 'boolean'],
    ['state.limit == 5', 'boolean'],
    ['state.status == open', 'boolean'],
    ['open == state.status', 'boolean'],
    ['state.status2 != closed', 'boolean'],
    ['state.ownerId == id', 'boolean'],
    ["state.email == 'a@b.example'", 'boolean'],
    ['note == state.email', 'boolean'],
    ['amount == factor', 'boolean'],
  ];
  it.each(table)('%s : %s', (text, type) => {
    expect(infer(text)).toEqual({ type, codes: [] });
  });
});

describe('checker: what the context expects', () => {
  it('requires checks to be boolean', () => {
    expect(compile('amount > 0').codes).toEqual([]);
    expect(compile('state.balance + amount').found).toEqual([at('ORX5023', 0)]);
    expect(compile('state.balance + amount').diagnostics[0]?.message).toBe('A check must be a boolean, got integer.');
    expect(compile('state.frozen').found).toEqual([at('ORX5021', 0)]);
    expect(compile('null').found).toEqual([at('ORX5025', 0)]);
  });

  it('accepts values assignable to the field', () => {
    const ok: [string, ReturnType<typeof fieldExpected>][] = [
      ['amount', fieldExpected(p('integer'))],
      ['amount', fieldExpected(p('number'))],
      ['state.email', fieldExpected(p('string'))],
      ['state.status', fieldExpected(p('string'))],
      ['open', fieldExpected(enumRef('AccountStatus'))],
      ['open', fieldExpected(enumRef('AccountStatus'), true)],
      ['force ? open : closed', fieldExpected(enumRef('AccountStatus'))],
      ['[open, closed]', fieldExpected(arrayRef(enumRef('AccountStatus')))],
      ['[]', fieldExpected(arrayRef(valueRef('Address')))],
      ['state.scores', fieldExpected(arrayRef(p('number')))],
      ['null', fieldExpected(p('integer'), true)],
      ['state.limit', fieldExpected(p('number'), true)],
      ['force ? amount : null', fieldExpected(p('integer'), true)],
      ["'2024-02-29'", fieldExpected(p('date'))],
      ["'2024-02-29T10:00:00Z'", fieldExpected(p('datetime'))],
      ["'123e4567-e89b-12d3-a456-426614174000'", fieldExpected(p('uuid'))],
      ["'someone@example.com'", fieldExpected(p('email'))],
      ["'https://example.com/x'", fieldExpected(p('url'))],
      ['address', fieldExpected(valueRef('Address'))],
      ['state.address', fieldExpected(valueRef('Address'), true)],
    ];
    for (const [text, expected] of ok) expect(compile(text, expected).codes, text).toEqual([]);
  });

  it('rejects values that do not fit, naming both types', () => {
    const cases: [string, ReturnType<typeof fieldExpected>, string, string][] = [
      ['factor', fieldExpected(p('integer')), 'ORX5024', 'Expected integer, got number.'],
      ['amount / 2', fieldExpected(p('integer')), 'ORX5024', 'Expected integer, got number.'],
      ['note', fieldExpected(p('integer')), 'ORX5024', 'Expected integer, got string.'],
      ['note', fieldExpected(p('uuid')), 'ORX5024', 'Expected uuid, got string.'],
      ['currency', fieldExpected(enumRef('AccountStatus')), 'ORX5024', 'Expected AccountStatus, got Currency.'],
      ['state.tags', fieldExpected(arrayRef(p('integer'))), 'ORX5024', 'Expected integer[], got string[].'],
      ['null', fieldExpected(p('integer')), 'ORX5025', 'null cannot be used as the value of a required field.'],
      ['state.limit', fieldExpected(p('integer')), 'ORX5021', "'state.limit' may be absent (integer?) and cannot be used as the value of a required field."],
      ["'2024-02-30'", fieldExpected(p('date')), 'ORX5033', "'2024-02-30' is not a valid date."],
      ["'soon'", fieldExpected(p('datetime'), true), 'ORX5033', "'soon' is not a valid datetime."],
    ];
    for (const [text, expected, code, message] of cases) {
      const r = compile(text, expected);
      expect(r.found, text).toEqual([at(code, 0)]);
      expect(r.diagnostics[0]?.message, text).toBe(message);
      expect(r.expr).toBeUndefined();
    }
    expect(compile('state.balance / 2', fieldExpected(p('integer'))).diagnostics[0]?.hint).toContain("'/'");
  });
});

describe('checker: names', () => {
  it('suggests close names for unknown names, fields, members and functions', () => {
    const cases: [string, string, string][] = [
      ['amonut > 0', at('ORX5011', 0), "Unknown name 'amonut'. Did you mean 'amount'?"],
      ['stat.balance > 0', at('ORX5011', 0), "Unknown name 'stat'. Did you mean 'state'?"],
      ['state.balanse > 0', at('ORX5013', 6), "state has no field 'balanse'. Did you mean 'balance'?"],
      ['command.amont > 0', at('ORX5013', 8), "command has no field 'amont'. Did you mean 'amount'?"],
      ["state.home.citty == 'x'", at('ORX5013', 11), "Address (state.home) has no field 'citty'. Did you mean 'city'?"],
      ['state.status == opne', at('ORX5027', 16), "'opne' is not a member of AccountStatus. Did you mean 'open'?"],
      ['lenn(note) > 0', at('ORX5015', 0), "Unknown function 'lenn'. Did you mean 'len'?"],
    ];
    for (const [text, found, message] of cases) {
      const r = compile(text);
      expect(r.found, text).toEqual([found]);
      expect(r.diagnostics[0]?.message, text).toBe(message);
    }
  });

  it('lists what is available in hints', () => {
    expect(compile('zzz > 0').diagnostics[0]?.hint).toContain('state.<field>, command.<field>, id, now');
    expect(compile('state.zzz > 0').diagnostics[0]?.hint).toContain('balance, status, limit');
    expect(compile('state.status == zzz').diagnostics[0]?.hint).toBe('Members of AccountStatus: pending, open, closed.');
  });

  it('reports roots that are not available in this context', () => {
    expect(compile('event.amount > 0').found).toEqual([at('ORX5012', 0)]);
    const apply = (text: string) => compile(text, fieldExpected(p('integer')), APPLY_SCOPE);
    expect(apply('event.amount').codes).toEqual([]);
    expect(apply('command.amount').found).toEqual([at('ORX5012', 0)]);
    expect(apply('amount').found).toEqual([at('ORX5011', 0)]);
    const noIdNoNow: ExprScope = { state: [], types: TYPES };
    expect(compile('id == id', { kind: 'boolean' }, noIdNoNow).found).toEqual([at('ORX5012', 0), at('ORX5012', 6)]);
    expect(compile('now > now', { kind: 'boolean' }, noIdNoNow).found).toEqual([at('ORX5012', 0), at('ORX5012', 6)]);
  });

  it('requires a field after state, command and event', () => {
    const r = compile('state == null');
    expect(r.found).toEqual([at('ORX5032', 0)]);
    expect(r.diagnostics[0]?.hint).toContain('balance');
  });

  it('rejects field access on values without fields', () => {
    expect(compile('state.balance.value > 0').found).toEqual([at('ORX5014', 14)]);
    expect(compile('id.value == id').found).toEqual([at('ORX5014', 3)]);
    expect(compile("len(note).x > 0").found).toEqual([at('ORX5014', 10)]);
    const length = compile('state.tags.length > 0');
    expect(length.found).toEqual([at('ORX5014', 11)]);
    expect(length.diagnostics[0]?.message).toBe("'state.tags' is string[] and has no field 'length'.");
    expect(length.diagnostics[0]?.hint).toBe('Use len(state.tags) for the length.');
  });

  it('rejects calls of non-functions and functions used as values', () => {
    expect(compile('amount(1) > 0').found).toEqual([at('ORX5018', 0)]);
    expect(compile('state.balance.max(1) > 0').found).toEqual([at('ORX5018', 0)]);
    expect(compile('len > 0').found).toEqual([at('ORX5019', 0)]);
  });

  it('resolves bare enum members only where that enum is expected', () => {
    expect(compile('note == open').found).toEqual([at('ORX5026', 8)]);
    expect(compile('note == open').diagnostics[0]?.message).toBe(
      "'open' is a member of AccountStatus, but no enum value is expected here (expected string).",
    );
    expect(compile('open').found).toEqual([at('ORX5026', 0)]);
    expect(compile('state.status == EUR').found).toEqual([at('ORX5027', 16)]);
    expect(compile('currency == EUR && state.status != closed').codes).toEqual([]);
    expect(compile('open', fieldExpected(p('string'))).found).toEqual([at('ORX5026', 0)]);
    expect(compile('EUR', fieldExpected(enumRef('AccountStatus'))).found).toEqual([at('ORX5027', 0)]);
    expect(compile('contains(state.currencies, open)').found).toEqual([at('ORX5027', 27)]);
  });

  it('prefers the enum member over a same-named command field, with a warning', () => {
    const scope: ExprScope = {
      ...COMMAND_SCOPE,
      command: [...(COMMAND_SCOPE.command ?? []), { name: 'closed', type: p('boolean'), optional: false }],
    };
    const r = compile('state.status != closed', { kind: 'boolean' }, scope);
    expect(r.found).toEqual([at('ORX5031', 16)]);
    expect(r.diagnostics[0]?.severity).toBe('warning');
    expect(r.expr).toMatchObject({ right: { kind: 'enumMember', member: 'closed' } });
    // Where no enum is expected the bare name is the field.
    expect(compile('closed && amount > 0', { kind: 'boolean' }, scope)).toMatchObject({ codes: [] });
  });

  it('lets roots shadow same-named bare fields', () => {
    const scope: ExprScope = {
      ...COMMAND_SCOPE,
      command: [{ name: 'now', type: p('integer'), optional: false }],
    };
    expect(infer('now', scope).type).toBe('datetime');
    expect(infer('command.now', scope).type).toBe('integer');
  });

  it('is silent about names in an enum whose type did not resolve', () => {
    const scope: ExprScope = {
      ...COMMAND_SCOPE,
      state: [{ name: 'kind', type: enumRef('Missing'), optional: false }],
    };
    expect(compile('state.kind == whatever', { kind: 'boolean' }, scope).codes).toEqual([]);
  });
});

describe('checker: operators', () => {
  it('checks operand types at the offending operand', () => {
    const cases: [string, string, string][] = [
      ["amount + 'x' > 0", at('ORX5020', 9), "Operator '+' expects a number, got string."],
      ["'x' + amount == note", at('ORX5020', 6), "Operator '+' expects a string, got integer."],
      ['force + force', at('ORX5020', 0), "Operator '+' expects a number or a string, got boolean."],
      ['note - 1 > 0', at('ORX5020', 0), "Operator '-' expects a number, got string."],
      ['factor % 2 == 0', at('ORX5020', 0), "Operator '%' expects an integer, got number."],
      ['amount && force', at('ORX5020', 0), "Operator '&&' expects a boolean, got integer."],
      ['force || note', at('ORX5020', 9), "Operator '||' expects a boolean, got string."],
      ['!amount', at('ORX5020', 1), "Operator '!' expects a boolean, got integer."],
      ['-note == 1', at('ORX5020', 1), "Operator '-' expects a number, got string."],
      ['amount ? force : force', at('ORX5020', 0), "Operator '? :' expects a boolean, got integer."],
    ];
    for (const [text, found, message] of cases) {
      const r = compile(text);
      expect(r.found.slice(0, 1), text).toEqual([found]);
      expect(r.diagnostics[0]?.message, text).toBe(message);
    }
    expect(compile('force + force').found).toEqual([at('ORX5020', 0), at('ORX5020', 8)]);
  });

  it('checks comparisons at the operator, naming both types', () => {
    const cases: [string, string, string][] = [
      ["state.status == 'open'", at('ORX5022', 13), "Cannot compare AccountStatus with string using '=='."],
      ["amount == '1'", at('ORX5022', 7), "Cannot compare integer with string using '=='."],
      ['currency != state.status', at('ORX5022', 9), "Cannot compare Currency with AccountStatus using '!='."],
      ['state.balance == null', at('ORX5022', 14), "Cannot compare integer with null using '=='."],
      ['state.ownerId == state.email', at('ORX5022', 14), "Cannot compare uuid? with email using '=='."],
      ['note < 1', at('ORX5022', 5), "Cannot compare string with integer using '<'."],
      ['state.status < closed', at('ORX5022', 13), "Cannot compare AccountStatus with AccountStatus using '<'."],
      ['force > false', at('ORX5022', 6), "Cannot compare boolean with boolean using '>'."],
      ['dueDate < at', at('ORX5022', 8), "Cannot compare date with datetime using '<'."],
      ['state.email < note', at('ORX5022', 12), "Cannot compare email with string using '<'."],
    ];
    for (const [text, found, message] of cases) {
      const r = compile(text);
      expect(r.found, text).toEqual([found]);
      expect(r.diagnostics[0]?.message, text).toBe(message);
    }
    expect(compile("state.status == 'open'").diagnostics[0]?.hint).toContain('bare');
  });

  it('rejects == on arrays and value objects', () => {
    expect(compile('state.tags == []').found).toEqual([at('ORX5028', 11)]);
    expect(compile('state.home != address').found).toEqual([at('ORX5028', 11)]);
    expect(compile('state.address == null').codes).toEqual([]);
  });

  it('rejects comparisons of two constants', () => {
    expect(compile('1 == 1').found).toEqual([at('ORX5034', 2)]);
    expect(compile("'a' != 'b'").found).toEqual([at('ORX5034', 4)]);
    expect(compile('null == null').found).toEqual([at('ORX5034', 5)]);
    expect(compile('2 < 3').found).toEqual([at('ORX5034', 2)]);
  });

  it('checks quoted literals against dates, datetimes and other refinements', () => {
    expect(compile("dueDate >= '2024-01-01'").codes).toEqual([]);
    expect(compile("'2024-01-01' <= dueDate").codes).toEqual([]);
    expect(compile("at < '2024-01-01T00:00:00+02:00'").codes).toEqual([]);
    expect(compile("dueDate >= '2024-13-01'").found).toEqual([at('ORX5033', 11)]);
    expect(compile("state.ownerId == 'nope'").codes).toEqual([]);
    expect(compile("site == 'x'").codes).toEqual([]);
  });
});

describe('checker: optional values', () => {
  it('rejects optional values in arithmetic, ordering, logic and calls, suggesting a check', () => {
    const r = compile('state.balance + amount <= state.limit');
    expect(r.found).toEqual([at('ORX5021', 26)]);
    expect(r.diagnostics[0]?.message).toBe("'state.limit' may be absent (integer?) and cannot be used with '<='.");
    expect(r.diagnostics[0]?.hint).toContain('state.limit != null && ...');
    expect(compile('state.limit + 1 > 0').found).toEqual([at('ORX5021', 0)]);
    expect(compile('state.frozen && force').found).toEqual([at('ORX5021', 0)]);
    expect(compile('len(reference) > 0').found).toEqual([at('ORX5021', 4)]);
    expect(compile('len(state.address.city) > 0').found).toEqual([at('ORX5021', 4)]);
    expect(compile('contains(state.tags, reference)').found).toEqual([at('ORX5021', 21)]);
    expect(compile('len([reference]) > 0').found).toEqual([at('ORX5021', 5)]);
  });

  it('allows them after a presence check, as TypeScript narrows', () => {
    const ok = [
      'state.limit != null && state.balance + amount <= state.limit',
      'state.limit == null || state.balance + amount <= state.limit',
      'null != state.limit and state.limit > 0',
      '!(state.limit == null) && state.limit > 0',
      'state.limit != null && force && state.limit > 0',
      '(state.limit != null && force) && state.limit > 0',
      '(state.limit == null || force) || state.limit > 0',
      'state.limit != null ? state.limit > 0 : true',
      'state.limit == null ? true : state.limit > 0',
      'state.address.city != null && len(state.address.city) > 0',
      'state.address != null && len(state.address.city) > 0',
      'reference != null && len(reference) > 0',
      'command.reference != null && len(reference) > 0',
    ];
    for (const text of ok) expect(compile(text).codes, text).toEqual([]);
    const bad = [
      'state.limit != null || state.limit > 0',
      'state.limit == null && state.limit > 0',
      'state.limit != null ? true : state.limit > 0',
      '!(state.limit != null) && state.limit > 0',
      '(state.limit != null || force) && state.limit > 0',
    ];
    for (const text of bad) expect(compile(text).codes, text).toEqual(['ORX5021']);
  });

  it('reads fields of optional value objects as optional, emitted with ?.', () => {
    const r = compile("state.address.city == 'Paris'");
    expect(r.codes).toEqual([]);
    expect(r.expr).toMatchObject({ left: { kind: 'ref', path: ['address', 'city'], optionalAccess: [1] } });
    const narrowed = compile("state.address != null && state.address.city == 'Paris'");
    expect(narrowed.expr).toMatchObject({ right: { left: { kind: 'ref', path: ['address', 'city'] } } });
    expect(narrowed.expr).not.toMatchObject({ right: { left: { optionalAccess: [1] } } });
  });
});

describe('checker: arrays and branches', () => {
  it('requires array elements of one type, at the odd element', () => {
    const r = compile("contains([1, 2, 'three'], amount)");
    expect(r.found).toEqual([at('ORX5029', 16)]);
    expect(r.diagnostics[0]?.message).toBe('Array elements must share one type: expected integer, got string.');
    expect(compile('len([1, null]) > 0').found).toEqual([at('ORX5025', 8)]);
  });

  it('requires branches of one type', () => {
    const r = compile("force ? amount : 'none'", fieldExpected(p('integer')));
    expect(r.found).toEqual([at('ORX5030', 17)]);
    expect(r.diagnostics[0]?.message).toBe("The branches of '? :' have different types: integer and string.");
  });
});

describe('checker: functions', () => {
  it('checks arity, naming the function', () => {
    const r = compile('max(amount) > 0');
    expect(r.found).toEqual([at('ORX5016', 0)]);
    expect(r.diagnostics[0]?.message).toBe('max takes 2 arguments, got 1.');
    expect(r.diagnostics[0]?.hint).toBe('Usage: max(number, number) -> number (integer if both are).');
    expect(compile('len(note, tag, amount) > 0').found).toEqual([at('ORX5016', 10)]);
    expect(compile('len() > 0').found).toEqual([at('ORX5016', 0)]);
    // The arguments are still checked, and the known result type avoids follow-on errors.
    expect([...compile('len(nope, 1) > 0').codes].sort()).toEqual(['ORX5011', 'ORX5016']);
  });

  it('checks argument types, naming the function and position', () => {
    const cases: [string, string, string][] = [
      ['len(amount) > 0', at('ORX5017', 4), 'Argument 1 of len: expected a string or an array, got integer.'],
      ['min(note, 1) > 0', at('ORX5017', 4), 'Argument 1 of min: expected a number, got string.'],
      ['max(1, force) > 0', at('ORX5017', 7), 'Argument 2 of max: expected a number, got boolean.'],
      ['lower(amount) == note', at('ORX5017', 6), 'Argument 1 of lower: expected a string, got integer.'],
      ['contains(note, tag)', at('ORX5017', 9), 'Argument 1 of contains: expected an array, got string.'],
      ['contains(state.tags, amount)', at('ORX5017', 21), 'Argument 2 of contains: expected string, got integer.'],
      ['contains(state.addresses, address)', at('ORX5017', 9), 'Argument 1 of contains: expected an array of strings, numbers, booleans or enum values, got Address[].'],
      ['contains([], tag)', at('ORX5017', 9), 'Argument 1 of contains: expected an array with elements, got an empty array literal.'],
      ['len(append(state.scores, factor)) > 0', at('ORX5017', 25), 'Argument 2 of append: expected integer, got number.'],
      ['len(remove(state.tags, 1)) > 0', at('ORX5017', 23), 'Argument 2 of remove: expected string, got integer.'],
    ];
    for (const [text, found, message] of cases) {
      const r = compile(text);
      expect(r.found, text).toEqual([found]);
      expect(r.diagnostics[0]?.message, text).toBe(message);
    }
  });
});

describe('checker: errors do not cascade', () => {
  it('reports one error per mistake', () => {
    expect(compile('nope + 1 > amount').codes).toEqual(['ORX5011']);
    expect(compile('state.nope == open').codes).toEqual(['ORX5013']);
    expect(compile('nope == open').codes).toEqual(['ORX5011']);
    expect(compile('len(nope) > 0 && nope2').codes).toEqual(['ORX5011', 'ORX5011']);
    expect(compile('max(nope, 1) + 1', fieldExpected(p('integer'))).codes).toEqual(['ORX5011']);
    expect(compile('[nope, 1]', fieldExpected(arrayRef(p('integer')))).codes).toEqual(['ORX5011']);
    expect(compile('[nope, open]', fieldExpected(arrayRef(enumRef('AccountStatus')))).codes).toEqual(['ORX5027']);
    expect(compile('nope ? 1 : 2', fieldExpected(p('integer'))).codes).toEqual(['ORX5011']);
  });

  it('reports independent mistakes together, each at its own token', () => {
    expect(compile('amonut > 0 && state.stauts == open').found).toEqual([at('ORX5011', 0), at('ORX5013', 20)]);
  });

  it('reports positions on the right line of a multi-line expression', () => {
    const r = compile('amount > 0 &&\n  state.balanse >= 0');
    expect(r.found).toEqual([`ORX5013@4:${C + 8}`]);
    expect(r.diagnostics[0]?.span.end).toMatchObject({ line: 4, column: C + 15 });
  });
});

describe('compileYamlValue', () => {
  const span = { file: 'x.yaml', start: { line: 9, column: 18, offset: 200 }, end: { line: 9, column: 19, offset: 201 } };
  const yaml = (value: unknown, expected = fieldExpected(p('integer'))) => compileYamlValue({ value, scope: APPLY_SCOPE, expected, span });

  it('types numbers, booleans, null and [] as literals', () => {
    expect(yaml(0).expr).toMatchObject({ kind: 'literal', value: 0, type: { name: 'integer' } });
    expect(yaml(2.5, fieldExpected(p('number'))).expr).toMatchObject({ kind: 'literal', value: 2.5 });
    expect(yaml(true, fieldExpected(p('boolean'))).expr).toMatchObject({ kind: 'literal', value: true });
    expect(yaml(null, fieldExpected(p('integer'), true)).expr).toMatchObject({ kind: 'literal', value: null });
    expect(yaml([], fieldExpected(arrayRef(p('string')))).expr).toMatchObject({ kind: 'array', type: { kind: 'array' } });
  });

  it('reports mismatches at the node', () => {
    expect(yaml(2.5).diagnostics.map((d) => [d.code, d.span])).toEqual([['ORX5024', span]]);
    expect(yaml(null).diagnostics.map((d) => d.code)).toEqual(['ORX5025']);
    expect(yaml(true).diagnostics.map((d) => d.code)).toEqual(['ORX5024']);
    expect(yaml(Infinity).diagnostics.map((d) => d.code)).toEqual(['ORX5005']);
    expect(yaml(2 ** 60).diagnostics.map((d) => d.code)).toEqual(['ORX5005']);
    expect(yaml(1, { kind: 'boolean' }).diagnostics.map((d) => d.code)).toEqual(['ORX5023']);
  });

  it('types YAML mappings as value objects and sequences as arrays, their strings as expression text', () => {
    const address = yaml({ street: "'Rue 1'", city: "'Paris'" }, fieldExpected(valueRef('Address')));
    expect(address.diagnostics).toEqual([]);
    expect(address.expr).toMatchObject({ kind: 'object', fields: [{ name: 'street' }, { name: 'city' }] });
    expect(yaml([1, 2], fieldExpected(arrayRef(p('integer')))).expr).toMatchObject({ kind: 'array', elements: [{ value: 1 }, { value: 2 }] });
    expect(yaml({ street: "'Rue 1'" }, fieldExpected(valueRef('Address'))).diagnostics.map((d) => d.code)).toEqual(['ORX5037']);
    expect(yaml({ a: 1 }).diagnostics.map((d) => d.code)).toEqual(['ORX5036']);
    expect(yaml([1]).diagnostics.map((d) => d.code)).toEqual(['ORX5040']); // a YAML list where one value is expected
  });
});
