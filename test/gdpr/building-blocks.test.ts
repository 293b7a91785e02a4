// The pieces under the layer: pii paths inside records, the registry built from definitions, the
// ciphertext format and its associated data, and the executor's subject annotator.
import { describe, expect, it } from 'vitest';
import type { PiiPath } from '../../runtime/aggregate/definition.js';
import { associatedData, decryptToken, encryptValue, eventContext, parseToken, snapshotContext, TOKEN_PREFIX, verifySeal } from '../../runtime/gdpr/cipher.js';
import { generateKeyMaterial, type ActiveKey } from '../../runtime/gdpr/key-store.js';
import { piiSlots, REMOVE, replaceAt, pathKey } from '../../runtime/gdpr/pii-paths.js';
import { createPiiRegistry } from '../../runtime/gdpr/registry.js';
import { createPiiSubjectAnnotator, resolveSubject } from '../../runtime/gdpr/subjects.js';
import { ecommerceAggregates } from '../../examples/generated/ecommerce/index.js';
import { lakehouseAggregates } from '../../examples/generated/lakehouse/index.js';
import { caseDefinition, crmAggregates, tagSetDefinition, type CaseEvent } from './support/crm.js';

const id = { kind: 'id' } as const;
const path = (...segments: string[]): PiiPath => ({ path: segments, subject: id, erased: undefined });

describe('pii paths', () => {
  const record = {
    name: 'Ada',
    contacts: [{ email: 'a@x.test', label: 'w' }, { label: 'no email' }, { email: 'b@x.test' }],
    address: { postcode: 'N1' },
    missing: undefined,
  };

  it('finds every present value, with array indexes in the concrete path', () => {
    const slots = piiSlots(record, [path('name'), path('contacts', '[]', 'email'), path('address', 'postcode'), path('nothing', 'here'), path('missing')]);
    expect(slots.map((slot) => [slot.path, slot.value])).toEqual([
      [['name'], 'Ada'],
      [['contacts', '0', 'email'], 'a@x.test'],
      [['contacts', '2', 'email'], 'b@x.test'],
      [['address', 'postcode'], 'N1'],
    ]);
    expect(piiSlots(null, [path('name')])).toEqual([]);
    expect(piiSlots({ contacts: 'not an array' }, [path('contacts', '[]', 'email')])).toEqual([]);
  });

  it('replaces or removes values without touching the input, copying only the containers on the way', () => {
    const paths = [path('name'), path('contacts', '[]', 'email')];
    const replaced = replaceAt(record, paths, new Map<string, unknown>([
      [pathKey(['name']), 'X'],
      [pathKey(['contacts', '2', 'email']), REMOVE],
    ])) as typeof record;
    expect(replaced.name).toBe('X');
    expect(replaced.contacts).toEqual([{ email: 'a@x.test', label: 'w' }, { label: 'no email' }, {}]);
    expect(replaced.contacts[0]).toBe(record.contacts[0]);
    expect(replaced.address).toBe(record.address);
    expect(record.name).toBe('Ada');
    expect(replaceAt(record, paths, new Map())).toBe(record);
  });

  it('keeps a field named __proto__ a plain property', () => {
    const input = JSON.parse('{"__proto__": "secret"}') as Record<string, unknown>;
    const replaced = replaceAt(input, [path('__proto__')], new Map([[pathKey(['__proto__']), 'token']])) as Record<string, unknown>;
    expect(Object.getPrototypeOf(replaced)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(replaced, '__proto__')?.value).toBe('token');
  });
});

describe('the pii registry', () => {
  it('registers only aggregates that hold pii, by stream category, and decodes aggregate ids', () => {
    const registry = createPiiRegistry([...Object.values(lakehouseAggregates), ...Object.values(ecommerceAggregates)]);
    expect([...registry.categories.keys()].sort()).toEqual(['lakehouse/AnonymizationJob', 'lakehouse/DataSubject', 'lakehouse/Dataset']);
    const stream = registry.stream('lakehouse/DataSubject/a%2Fb%20c');
    expect(stream?.aggregateId).toBe('a/b c');
    expect(stream?.category.eventPii('SubjectRegistered', 1)?.length).toBe(3);
    expect(stream?.category.eventPii('ConsentGranted', 1)).toEqual([]);
    expect(stream?.category.eventPii('SubjectRegistered', 7)).toBe('unknown-version');
    expect(stream?.category.eventPii('Unknown', 1)).toBeUndefined();
    expect(registry.stream('lakehouse/Dataset/1')?.aggregateId).toBe('1');
    expect(registry.stream('ecommerce/Order/1')).toBeUndefined();
    expect(registry.stream('no-category')).toBeUndefined();
  });

  it('accepts definitions of several domains, and refuses two definitions of one category', () => {
    const registry = createPiiRegistry([...Object.values(lakehouseAggregates), ...Object.values(crmAggregates)]);
    expect(registry.categories.has('crm/Case')).toBe(true);
    expect(() => createPiiRegistry([caseDefinition, { ...caseDefinition }])).toThrow(/share the stream category 'crm\/Case'/u);
    expect(createPiiRegistry([tagSetDefinition]).categories.size).toBe(0);
  });
});

describe('the ciphertext', () => {
  const material = generateKeyMaterial();
  const key: ActiveKey = { status: 'active', keyId: material.keyId, subject: 's', key: material.key, seal: material.seal };
  const context = eventContext({ streamId: 'crm/Case/1', id: 'e-1', type: 'CaseOpened', schemaVersion: 1 });

  it('is one string: format, key id, base64url of iv, ciphertext, tag and seal', () => {
    const token = encryptValue({ nested: ['value', 1] }, key, context, ['customerName']);
    expect(token.startsWith(`${TOKEN_PREFIX}${key.keyId}:`)).toBe(true);
    const parsed = parseToken(token);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.iv).toHaveLength(12);
    expect(parsed.tag).toHaveLength(16);
    expect(parsed.seal).toHaveLength(16);
    expect(decryptToken(parsed, key.key, context, ['customerName'])).toEqual({ value: { nested: ['value', 1] } });
    expect(verifySeal(parsed, key.seal, context, ['customerName'])).toBe(true);
  });

  it('authenticates only in its own place: another path, stream, event, type, version or store fails', () => {
    const parsed = parseToken(encryptValue('Ada', key, context, ['customerName']));
    if (typeof parsed === 'string') throw new Error(parsed);
    const elsewhere: [readonly (string | number)[], readonly string[]][] = [
      [context, ['contacts', '0', 'email']],
      [eventContext({ streamId: 'crm/Case/2', id: 'e-1', type: 'CaseOpened', schemaVersion: 1 }), ['customerName']],
      [eventContext({ streamId: 'crm/Case/1', id: 'e-2', type: 'CaseOpened', schemaVersion: 1 }), ['customerName']],
      [eventContext({ streamId: 'crm/Case/1', id: 'e-1', type: 'NoteAdded', schemaVersion: 1 }), ['customerName']],
      [eventContext({ streamId: 'crm/Case/1', id: 'e-1', type: 'CaseOpened', schemaVersion: 2 }), ['customerName']],
      [snapshotContext('crm/Case/1', 1), ['customerName']],
    ];
    for (const [otherContext, otherPath] of elsewhere) {
      expect(decryptToken(parsed, key.key, otherContext, otherPath)).toBeUndefined();
      expect(verifySeal(parsed, key.seal, otherContext, otherPath)).toBe(false);
    }
  });

  it('has associated data that cannot be confused across fields (JSON, not concatenation)', () => {
    expect(associatedData('k', ['event', 'a:b', 'c'], ['d']).equals(associatedData('k', ['event', 'a', 'b:c'], ['d']))).toBe(false);
    expect(associatedData('k', ['x'], ['a', 'b']).equals(associatedData('k', ['x'], ['a.b']))).toBe(false);
  });

  it('reports malformed tokens', () => {
    expect(parseToken('plain')).toBe('no format prefix');
    expect(parseToken(`${TOKEN_PREFIX}abc`)).toBe('no key id');
    expect(parseToken(`${TOKEN_PREFIX}bad key:AAAA`)).toBe('an invalid key id');
    expect(parseToken(`${TOKEN_PREFIX}k:not base64!`)).toBe('an invalid payload encoding');
    expect(parseToken(`${TOKEN_PREFIX}k:AAAA`)).toBe('a truncated payload');
  });
});

describe('subjects', () => {
  it('resolve from the aggregate id, the record, or the state the writer named', () => {
    const scope = { aggregateId: 'agg-1', record: { ownerId: 'o-1', blank: '' }, state: { holder: 'h-1' } };
    expect(resolveSubject({ kind: 'id' }, scope)).toEqual({ subject: 'agg-1' });
    expect(resolveSubject({ kind: 'field', name: 'ownerId' }, scope)).toEqual({ subject: 'o-1' });
    expect(resolveSubject({ kind: 'field', name: 'blank' }, scope)).toHaveProperty('problem');
    expect(resolveSubject({ kind: 'state', name: 'holder' }, scope)).toEqual({ subject: 'h-1' });
    expect(resolveSubject({ kind: 'state', name: 'holder' }, { ...scope, state: undefined })).toHaveProperty('problem');
  });

  it('the annotator is undefined where no event has a state-field subject (no extra evolve)', () => {
    expect(createPiiSubjectAnnotator(lakehouseAggregates.DataSubject)).toBeUndefined();
    expect(createPiiSubjectAnnotator(lakehouseAggregates.AnonymizationJob)).toBeUndefined();
    const annotate = createPiiSubjectAnnotator(caseDefinition);
    const opened: CaseEvent = { type: 'CaseOpened', data: { customerId: 'c-1', customerName: 'Ada', contacts: [] } };
    const noted: CaseEvent = { type: 'NoteAdded', data: { note: 'n' } };
    expect(annotate?.(caseDefinition.initialState, [opened, noted])).toEqual([undefined, { customerId: 'c-1' }]);
  });
});
