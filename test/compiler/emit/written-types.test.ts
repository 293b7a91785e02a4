// The generated types are written out (interfaces and unions, no `z.infer`) and every schema is tied
// to its type. On a spec with defaults inside value objects (so value objects get input types),
// nested value objects and erasable pii (stored variants): the output type-checks under the strict
// flags (--verify), says what the schemas parse to and accept, and a caller that passes what the
// input types allow compiles while one that breaks them does not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../../compiler/pipeline/check-project.js';
import { generateProject } from '../../../compiler/pipeline/generate-project.js';
import { createTsMorphChecker } from '../../../compiler/emit/verify/ts-morph-checker.js';
import { createProject } from '../../support/project.js';

const SPEC = `domain: shop
types:
  Size:
    enum: [small, large]
  Parcel:
    fields:
      size: { type: Size, default: small }
      label: string?
  Delivery:
    fields:
      parcels: "Parcel[]"
      recipient: { type: string, pii: true }
aggregates:
  Order:
    subject: customerId
    state:
      customerId: uuid?
      delivery: Delivery?
      parcels: { type: integer, default: 0 }
    commands:
      Place:
        creates: true
        fields: { customerId: uuid, delivery: Delivery, gift: { type: boolean, default: false } }
        emits: [Placed]
    events:
      Placed:
        fields: { customerId: uuid, delivery: Delivery, gift: boolean }
        apply: { parcels: len(event.delivery.parcels) }
`;

/** A caller of the generated types; the line marked BREAK is replaced to check that a wrong call fails. */
const CALLER = `import { PlaceSchema, type Place, type PlaceInput, type Parcel, type StoredDelivery, type Placed } from '../generated/shop/index.js';

const input: PlaceInput = {
  orderId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  customerId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  delivery: { parcels: [{}, { size: 'large', label: 'fragile' }], recipient: 'Ada' },
};
export const parsed: Place = PlaceSchema.parse(input);
export const size: Parcel['size'] = parsed.delivery.parcels[0]?.size ?? 'small';
export const recipient: string | undefined = ({} as StoredDelivery).recipient;
export const event: Placed['delivery'] = { parcels: [], recipient: undefined };
// BREAK
`;

describe('written-out generated types', () => {
  let dir: string;
  beforeAll(async () => {
    dir = createProject({
      'orchestrix.config.yaml': 'specs: ["domains/*.yaml"]\noutput: out/generated\nhandlers: out/handlers\n',
      'domains/shop.yaml': SPEC,
    });
    const project = await checkProject({ cwd: dir });
    expect(project.diagnostics).toEqual([]);
    const result = await generateProject(project, { cwd: dir, mode: 'write', force: false, verify: true });
    expect(result.diagnostics).toEqual([]);
  }, 120_000);

  it('writes interfaces and unions, and builds each schema tied to its type', () => {
    const types = readFileSync(join(dir, 'out/generated/shop/types.ts'), 'utf8');
    expect(types).toContain("export type Size = 'small' | 'large';");
    expect(types).toMatch(/export interface Parcel \{\n {2}size: Size;\n {2}label\?: string \| undefined;\n\}/);
    expect(types).toMatch(/export interface ParcelInput \{\n {2}size\?: Size \| undefined;/);
    expect(types).toContain('export const ParcelSchema = strictObjectOf<Parcel, ParcelInput>({');
    // Delivery holds Parcels, so its input differs too; its stored variant drops the erasable recipient.
    expect(types).toMatch(/export interface DeliveryInput \{\n {2}parcels: ParcelInput\[\];/);
    expect(types).toMatch(/export interface StoredDelivery \{\n {2}parcels: Parcel\[\];\n {2}recipient\?: string \| undefined;/);
    const order = readFileSync(join(dir, 'out/generated/shop/order.ts'), 'utf8');
    expect(order).toContain('export const PlaceSchema = commandSchemaOf<Place, PlaceInput>({');
    expect(order).toMatch(/export interface PlaceInput \{[^}]*delivery: DeliveryInput;[^}]*gift\?: boolean \| undefined;/);
    expect(order).toMatch(/export interface Placed \{[^}]*delivery: StoredDelivery;/);
    for (const text of [types, order]) expect(text).not.toMatch(/z\.(infer|input|output)</);
  });

  it('parses with the defaults the types promise', async () => {
    const shop = (await import(pathToFileURL(join(dir, 'out/generated/shop/index.ts')).href)) as Record<string, { parse(v: unknown): unknown }>;
    const parsed = shop['PlaceSchema']?.parse({
      orderId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      customerId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      delivery: { parcels: [{}], recipient: 'Ada' },
    });
    expect(parsed).toEqual({
      orderId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      customerId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      delivery: { parcels: [{ size: 'small' }], recipient: 'Ada' },
      gift: false,
    });
  });

  it('types callers: what the input allows compiles, what it does not is an error', async () => {
    const checker = createTsMorphChecker();
    const path = join(dir, 'out/app/caller.ts');
    const check = async (text: string) => (await checker.check([{ path, text }])).map((d) => d.message);
    expect(await check(CALLER)).toEqual([]);
    const wrongSize = await check(CALLER.replace('// BREAK', "export const wrong: Parcel = { size: 'huge' };"));
    expect(wrongSize.join('\n')).toMatch(/huge/);
    // A defaulted field is required in the output type: `undefined` is not a value it can hold.
    const missingDefaulted = await check(CALLER.replace('// BREAK', 'export const wrong: Place = { ...parsed, gift: undefined };'));
    expect(missingDefaulted).toEqual(["Type 'undefined' is not assignable to type 'boolean'."]);
  });
});
