// The generated read side, on a spec that uses every construct: rows with defaults, lists, value
// objects and erasable personal data; set/update/delete/custom handlers with `when` and `key`;
// automations with and without `forEach`, `when` per event and per element, delays and ignored
// codes. The generated files are type-checked under the strict flags (--verify), then their pure
// functions are called on sample events.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AutomationDefinition, DomainEnvelope, ReadModelDefinition } from 'orchestrix/runtime';
import { checkProject } from '../../../compiler/pipeline/check-project.js';
import { generateProject } from '../../../compiler/pipeline/generate-project.js';
import { createProject } from '../../support/project.js';

const SPEC = `domain: library
types:
  Genre:
    enum: [fiction, science, history]
  Copy:
    fields:
      barcode: string
      shelf: string?
  Contact:
    fields:
      email: { type: email, pii: true }
      phone: string?
aggregates:
  Book:
    id: { name: isbn, type: string }
    state:
      loans: { type: integer, default: 0 }
    commands:
      AddBook:
        creates: true
        fields: { title: string, genre: Genre, copies: "Copy[]", tags: "string[]?", note: string? }
        emits: [BookAdded]
      LendBook:
        fields: { memberId: uuid, barcode: string, days: { type: integer, default: 14 }, note: string? }
        emits: [BookLent]
      ReturnBook:
        fields: { memberId: uuid }
        emits: [BookReturned]
      RetireBook:
        emits: [BookRetired]
    events:
      BookAdded:
        fields: { title: string, genre: Genre, copies: "Copy[]", tags: "string[]?", note: string? }
      BookLent:
        fields: { memberId: uuid, barcode: string, days: integer, note: string? }
        apply: { loans: state.loans + 1 }
      BookReturned:
        fields: { memberId: uuid }
      BookRetired: {}
  Member:
    subject: id
    state:
      name: { type: string, optional: true, pii: true }
    commands:
      Join:
        creates: true
        fields: { name: { type: string, pii: true }, contact: Contact }
        emits: [MemberJoined]
      Remind:
        fields: { isbn: string, message: string?, urgent: { type: boolean, default: false } }
        requires:
          - { check: "state.name != null", error: Forgotten }
        emits: [Reminded]
    events:
      MemberJoined:
        fields: { name: { type: string, pii: true }, contact: Contact }
      Reminded:
        fields: { isbn: string, message: string?, urgent: boolean }
readModels:
  Catalogue:
    key: isbn
    fields:
      isbn: string
      title: string
      genre: Genre
      copies: "Copy[]"
      tagCount: { type: integer, default: 0 }
      onLoan: { type: integer, default: 0 }
      note: { type: string, default: "" }
      addedAt: datetime?
      addedAtPosition: integer?
    index: [genre, onLoan, addedAt]
    on:
      BookAdded:
        set: { title: event.title, genre: event.genre, copies: event.copies, tagCount: "event.tags != null ? len(event.tags) : 0", addedAt: time, addedAtPosition: position }
      BookLent:
        when: "event.note != null"
        update: { onLoan: row.onLoan + 1, note: event.note }
      BookRetired:
        when: "row.onLoan == 0"
        delete: true
  LoansByMember:
    key: memberId
    fields: { memberId: uuid, loans: { type: integer, default: 0 }, longest: { type: integer, default: 0 }, lastBook: string? }
    on:
      BookLent:
        key: event.memberId
        when: "row.loans < 3"
        set: { loans: row.loans + 1, longest: "max(row.longest, event.days)", lastBook: id }
      BookReturned: { key: event.memberId, when: "id != 'lost'", handler: custom }
  Members:
    key: memberId
    subject: memberId
    fields:
      memberId: uuid
      name: { type: string, pii: { erased: "(forgotten)" } }
      contact: Contact?
      reminders: { type: integer, default: 0 }
    index: [reminders]
    on:
      MemberJoined: { when: "event.name != null", set: { name: event.name, contact: event.contact } }
      Reminded: { update: { reminders: row.reminders + 1 } }
automations:
  RemindOfLongLoan:
    on: BookLent
    when: "event.days > 21"
    after: 21d
    execute:
      Remind: { memberId: event.memberId, isbn: id, message: event.note }
    ignore: [Forgotten, AggregateNotFound]
  LendShelvedCopies:
    on: BookAdded
    forEach: event.copies
    when: "item.shelf != null"
    execute:
      LendBook: { isbn: id, memberId: "'6f1c2b7e-4d5a-4e6f-9a8b-7c6d5e4f3a2b'", barcode: item.barcode, note: item.shelf }
  RemindPerTag:
    on: BookAdded
    forEach: event.tags
    when: "event.genre == science"
    after: 90m
    execute:
      Remind: { memberId: "'6f1c2b7e-4d5a-4e6f-9a8b-7c6d5e4f3a2b'", isbn: id, message: "'new in ' + item", urgent: true }
`;

/** The hand-written projection, written before generating: the scaffold never replaces it. */
const RETURNED = `import type { LoansByMemberOnBookReturned } from '../../../generated/library/read-models.js';

export const loansByMemberOnBookReturned: LoansByMemberOnBookReturned = (row, event, key) => {
  if (row === undefined) return { memberId: key, loans: 0, longest: 0 };
  return row.loans === 1 ? 'delete' : { ...row, loans: row.loans - 1, lastBook: event.aggregateId };
};
`;

type AnyDefinition = ReadModelDefinition<Record<string, unknown>, DomainEnvelope, string>;
type AnyAutomation = AutomationDefinition<DomainEnvelope, string, Record<string, unknown>>;

const MEMBER = '0f8fad5b-d9cb-469f-a165-70867728950e';
let position = 0;
/** A domain envelope as the runtime hands it to read models and automations. */
function envelope(type: string, aggregate: string, aggregateId: string, data: Record<string, unknown>): DomainEnvelope {
  position += 1;
  return {
    id: `event-${position}`,
    type,
    source: 'orchestrix:library',
    subject: `library/${aggregate}/${aggregateId}`,
    time: '2024-05-06T07:08:09.000Z',
    data,
    streamId: `library/${aggregate}/${aggregateId}`,
    version: 1,
    position,
    schemaVersion: 1,
    metadata: {},
    aggregate,
    aggregateId,
  };
}

describe('generated read models and automations', () => {
  let readModels: Record<string, AnyDefinition>;
  let automations: Record<string, AnyAutomation>;
  let dir: string;
  beforeAll(async () => {
    dir = createProject({
      'orchestrix.config.yaml': 'specs: ["domains/*.yaml"]\noutput: out/generated\nhandlers: out/handlers\n',
      'domains/library.yaml': SPEC,
    });
    mkdirSync(join(dir, 'out/handlers/library/loans-by-member'), { recursive: true });
    writeFileSync(join(dir, 'out/handlers/library/loans-by-member/book-returned.ts'), RETURNED);
    const project = await checkProject({ cwd: dir });
    expect(project.diagnostics).toEqual([]);
    const result = await generateProject(project, { cwd: dir, mode: 'write', force: false, verify: true });
    expect(result.diagnostics).toEqual([]);
    const domain = (await import(pathToFileURL(join(dir, 'out/generated/library/index.ts')).href)) as Record<string, unknown>;
    readModels = domain['libraryReadModels'] as Record<string, AnyDefinition>;
    automations = domain['libraryAutomations'] as Record<string, AnyAutomation>;
  }, 120_000);

  const handler = (readModel: string, event: string) => {
    const found = readModels[readModel]?.on[event];
    if (found === undefined) throw new Error(`no ${event} handler in ${readModel}`);
    return found;
  };

  it('describes each read model to the runtime: key, index columns, pii paths, a stable shape hash', () => {
    const catalogue = readModels['Catalogue'];
    expect(catalogue).toMatchObject({ domain: 'library', name: 'Catalogue', key: 'isbn', pii: [] });
    expect(catalogue?.index).toEqual([
      { name: 'genre', type: 'text', optional: false },
      { name: 'onLoan', type: 'integer', optional: false },
      { name: 'addedAt', type: 'text', optional: true },
    ]);
    expect(catalogue?.shapeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(readModels['Members']?.pii).toEqual([
      { path: ['name'], subject: { kind: 'field', name: 'memberId' }, erased: '(forgotten)' },
      { path: ['contact', 'email'], subject: { kind: 'field', name: 'memberId' } },
    ]);
    expect(Object.keys(readModels['Catalogue']?.on ?? {})).toEqual(['BookAdded', 'BookLent', 'BookRetired']);
  });

  it('set: starts a missing row from the defaults and the key, and keeps the rest of an existing row', () => {
    const added = envelope('BookAdded', 'Book', '978-3', { title: 'Dune', genre: 'fiction', copies: [{ barcode: 'A1' }], tags: ['sf', 'classic'] });
    const booked = handler('Catalogue', 'BookAdded');
    expect(booked.key(added)).toBe('978-3');
    expect(booked.apply(undefined, added, '978-3')).toStrictEqual({
      isbn: '978-3',
      title: 'Dune',
      genre: 'fiction',
      copies: [{ barcode: 'A1' }],
      tagCount: 2,
      onLoan: 0,
      note: '',
      addedAt: '2024-05-06T07:08:09.000Z',
      addedAtPosition: added.position,
    });
    const existing = { isbn: '978-3', title: 'Old', genre: 'history', copies: [], tagCount: 9, onLoan: 2, note: 'x' };
    const untagged = envelope('BookAdded', 'Book', '978-3', { title: 'Dune', genre: 'fiction', copies: [] });
    expect(booked.apply(existing, untagged, '978-3')).toMatchObject({ title: 'Dune', tagCount: 0, onLoan: 2, note: 'x' });
  });

  it('update: changes an existing row when `when` holds; a missing row stays missing', () => {
    const lent = handler('Catalogue', 'BookLent');
    const row = { isbn: '978-3', title: 'Dune', genre: 'fiction', copies: [], tagCount: 0, onLoan: 1, note: '' };
    const withNote = envelope('BookLent', 'Book', '978-3', { memberId: MEMBER, barcode: 'A1', days: 7, note: 'front desk' });
    expect(lent.apply(row, withNote, '978-3')).toStrictEqual({ ...row, onLoan: 2, note: 'front desk' });
    expect(lent.apply(undefined, withNote, '978-3')).toBeUndefined();
    const withoutNote = envelope('BookLent', 'Book', '978-3', { memberId: MEMBER, barcode: 'A1', days: 7 });
    expect(lent.apply(row, withoutNote, '978-3')).toBeUndefined();
  });

  it('delete: removes an existing row when `when` holds over the row', () => {
    const retired = handler('Catalogue', 'BookRetired');
    const event = envelope('BookRetired', 'Book', '978-3', {});
    const row = { isbn: '978-3', title: 'Dune', genre: 'fiction', copies: [], tagCount: 0, onLoan: 0, note: '' };
    expect(retired.apply(row, event, '978-3')).toBe('delete');
    expect(retired.apply({ ...row, onLoan: 1 }, event, '978-3')).toBeUndefined();
    expect(retired.apply(undefined, event, '978-3')).toBeUndefined();
  });

  it('keys rows by an event field, reads the row in `when` and `set`, and calls the hand-written projection', () => {
    const lent = handler('LoansByMember', 'BookLent');
    const event = envelope('BookLent', 'Book', '978-3', { memberId: MEMBER, barcode: 'A1', days: 30 });
    expect(lent.key(event)).toBe(MEMBER);
    const first = lent.apply(undefined, event, MEMBER);
    expect(first).toStrictEqual({ memberId: MEMBER, loans: 1, longest: 30, lastBook: '978-3' });
    expect(lent.apply({ memberId: MEMBER, loans: 3, longest: 30 }, event, MEMBER)).toBeUndefined();

    const returned = handler('LoansByMember', 'BookReturned');
    const back = envelope('BookReturned', 'Book', '978-9', { memberId: MEMBER });
    expect(returned.key(back)).toBe(MEMBER);
    expect(returned.apply({ memberId: MEMBER, loans: 2, longest: 30 }, back, MEMBER)).toStrictEqual({ memberId: MEMBER, loans: 1, longest: 30, lastBook: '978-9' });
    expect(returned.apply({ memberId: MEMBER, loans: 1, longest: 30 }, back, MEMBER)).toBe('delete');
    // The generated `when` runs before the hand-written function.
    expect(returned.apply({ memberId: MEMBER, loans: 1, longest: 30 }, envelope('BookReturned', 'Book', 'lost', { memberId: MEMBER }), MEMBER)).toBeUndefined();
  });

  it('narrows an erasable value through `when` and leaves absent values out of the row', () => {
    const joined = handler('Members', 'MemberJoined');
    const event = envelope('MemberJoined', 'Member', MEMBER, { name: 'Ada', contact: { email: 'ada@example.org' } });
    expect(joined.apply(undefined, event, MEMBER)).toStrictEqual({ memberId: MEMBER, name: 'Ada', contact: { email: 'ada@example.org' }, reminders: 0 });
    // After `forget`, the event's name is gone: the handler does nothing.
    expect(joined.apply(undefined, envelope('MemberJoined', 'Member', MEMBER, { contact: { email: 'ada@example.org' } }), MEMBER)).toBeUndefined();
  });

  it('plans one command per event, with its delay and the runtime codes of ignored errors', () => {
    const remind = automations['RemindOfLongLoan'];
    expect(remind).toMatchObject({ domain: 'library', on: 'BookLent', command: 'Remind', delayMs: 21 * 86_400_000, ignore: ['Forgotten', 'AGGREGATE_NOT_FOUND'] });
    const long = envelope('BookLent', 'Book', '978-3', { memberId: MEMBER, barcode: 'A1', days: 28, note: 'handle with care' });
    expect(remind?.plan(long)).toStrictEqual([{ memberId: MEMBER, isbn: '978-3', message: 'handle with care' }]);
    // An absent optional value is left out of the command data, not set to undefined.
    const noNote = remind?.plan(envelope('BookLent', 'Book', '978-3', { memberId: MEMBER, barcode: 'A1', days: 28 }));
    expect(noNote).toStrictEqual([{ memberId: MEMBER, isbn: '978-3' }]);
    expect(noNote?.[0] !== undefined && 'message' in noNote[0]).toBe(false);
    expect(remind?.plan(envelope('BookLent', 'Book', '978-3', { memberId: MEMBER, barcode: 'A1', days: 14 }))).toEqual([]);
  });

  it('plans one command per forEach element, filtered per element by a `when` over item', () => {
    const lend = automations['LendShelvedCopies'];
    expect(lend).toMatchObject({ delayMs: 0, ignore: [] });
    const added = envelope('BookAdded', 'Book', '978-3', {
      title: 'Dune',
      genre: 'fiction',
      copies: [{ barcode: 'A1', shelf: 'S1' }, { barcode: 'A2' }, { barcode: 'A3', shelf: 'S9' }],
    });
    expect(lend?.plan(added)).toStrictEqual([
      { isbn: '978-3', memberId: '6f1c2b7e-4d5a-4e6f-9a8b-7c6d5e4f3a2b', barcode: 'A1', note: 'S1' },
      { isbn: '978-3', memberId: '6f1c2b7e-4d5a-4e6f-9a8b-7c6d5e4f3a2b', barcode: 'A3', note: 'S9' },
    ]);
  });

  it('iterates an absent optional list as empty, and checks a `when` without item once per event', () => {
    const perTag = automations['RemindPerTag'];
    expect(perTag?.delayMs).toBe(90 * 60_000);
    const science = (tags?: string[]) =>
      envelope('BookAdded', 'Book', '978-5', tags === undefined ? { title: 'Cosmos', genre: 'science', copies: [] } : { title: 'Cosmos', genre: 'science', copies: [], tags });
    expect(perTag?.plan(science(['space', 'stars']))).toStrictEqual([
      { memberId: '6f1c2b7e-4d5a-4e6f-9a8b-7c6d5e4f3a2b', isbn: '978-5', message: 'new in space', urgent: true },
      { memberId: '6f1c2b7e-4d5a-4e6f-9a8b-7c6d5e4f3a2b', isbn: '978-5', message: 'new in stars', urgent: true },
    ]);
    expect(perTag?.plan(science())).toEqual([]);
    expect(perTag?.plan(envelope('BookAdded', 'Book', '978-5', { title: 'Dune', genre: 'fiction', copies: [], tags: ['sf'] }))).toEqual([]);
  });

  it('writes readable code: a named type for the hand-written projection, loops for forEach, a comment for the delay', () => {
    const generated = (file: string) => readFileSync(join(dir, 'out/generated/library', file), 'utf8');
    const models = generated('read-models.ts');
    expect(models).toContain('export type LoansByMemberOnBookReturned = (');
    expect(models).toContain('const project: LoansByMemberOnBookReturned = loansByMemberOnBookReturned;');
    expect(models).toContain("import { loansByMemberOnBookReturned } from '../../handlers/library/loans-by-member/book-returned.js';");
    const plans = generated('automations.ts');
    expect(plans).toContain('for (const item of event.data.tags ?? []) {');
    expect(plans).toContain('delayMs: 1814400000, // 21d');
    expect(plans).toContain('if (!(item.shelf !== undefined)) continue;');
  });
});
