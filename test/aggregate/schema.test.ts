import { describe, expect, it } from 'vitest';
import { commandSchemaOf, objectOf, strictObjectOf, upcaster, z, type DataSchema, type FieldSchema } from '../../runtime/index.js';

// The type-level half of these tests is checked by `npm run typecheck` (test/ is in tsconfig.json):
// every `@ts-expect-error` below must be an error, or the typecheck fails.

interface Deposit {
  accountId: string;
  amount: number;
  channel: 'counter' | 'online';
  note?: string | undefined;
}
interface DepositInput {
  accountId: string;
  amount: number;
  channel?: 'counter' | 'online' | undefined;
  note?: string | undefined;
}

const DepositSchema = strictObjectOf<Deposit, DepositInput>({
  accountId: z.uuid(),
  amount: z.int().min(1),
  channel: z.enum(['counter', 'online']).default('online'),
  note: z.string().optional(),
});

describe('objectOf / strictObjectOf', () => {
  it('parse to the written-out type, applying defaults', () => {
    const id = '5c1e7a52-8a9e-4b59-9d43-2f5a8c1b7e10';
    const parsed: Deposit = DepositSchema.parse({ accountId: id, amount: 5 });
    expect(parsed).toEqual({ accountId: id, amount: 5, channel: 'online' });
    const input: DepositInput = { accountId: id, amount: 5 };
    expect(DepositSchema.safeParse(input).success).toBe(true);
  });

  it('strictObjectOf rejects unknown keys, objectOf strips them', () => {
    const id = '5c1e7a52-8a9e-4b59-9d43-2f5a8c1b7e10';
    const result = DepositSchema.safeParse({ accountId: id, amount: 5, extra: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    const Loose = objectOf<{ a: number }>({ a: z.number() });
    expect(Loose.parse({ a: 1, b: 2 })).toEqual({ a: 1 });
  });

  it('validates like the zod schema it is', () => {
    const result = DepositSchema.safeParse({ accountId: 'not-a-uuid', amount: 0 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['accountId', 'amount']);
  });

  it('composes: a tied schema is a field of another', () => {
    interface Batch {
      deposits: Deposit[];
    }
    const BatchSchema = objectOf<Batch, { deposits: DepositInput[] }>({ deposits: z.array(DepositSchema) });
    expect(BatchSchema.parse({ deposits: [] })).toEqual({ deposits: [] });
  });

  it('refuses, at compile time, a schema that drifts from its type', () => {
    // A field of the wrong type.
    // @ts-expect-error amount parses to a string, not a number
    objectOf<{ amount: number }>({ amount: z.string() });
    // A required property whose field may be absent.
    // @ts-expect-error amount may be undefined
    objectOf<{ amount: number }>({ amount: z.number().optional() });
    // A property without a field.
    // @ts-expect-error note has no field
    objectOf<{ amount: number; note?: string | undefined }>({ amount: z.number() });
    // A field without a property.
    // @ts-expect-error extra is not in the type
    objectOf<{ amount: number }>({ amount: z.number(), extra: z.string() });
    // A default the input type does not allow to leave out.
    // @ts-expect-error the input says channel is required, the schema accepts undefined
    strictObjectOf<{ channel: string }, { channel: string }>({ channel: z.string().default('x') });
    // An enum schema whose members are not the type's.
    // @ts-expect-error 'c' is not a member of the type
    void (z.enum(['a', 'c']) satisfies FieldSchema<'a' | 'b'>);
    // A command schema checks its fields' inputs as strictObjectOf does.
    // @ts-expect-error the input says channel is required, the schema accepts undefined
    commandSchemaOf<{ channel: string }, { channel: string }>({ channel: z.string().default('x') });
  });
});

describe('commandSchemaOf', () => {
  it('is a strict object schema typed as the data schema its definition takes', () => {
    const id = '5c1e7a52-8a9e-4b59-9d43-2f5a8c1b7e10';
    const Command = commandSchemaOf<Deposit, DepositInput>({
      accountId: z.uuid(),
      amount: z.int().min(1),
      channel: z.enum(['counter', 'online']).default('online'),
      note: z.string().optional(),
    });
    const schema: DataSchema<Deposit> = Command;
    expect(schema.parse({ accountId: id, amount: 5 })).toEqual({ accountId: id, amount: 5, channel: 'online' });
    expect(Command.safeParse({ accountId: id, amount: 5, extra: 1 }).success).toBe(false);
  });
});

describe('upcaster', () => {
  it('parses with the schema of the old version, then lifts', () => {
    const V1 = objectOf<{ amount: number }>({ amount: z.int() });
    const lift = upcaster(V1, (event) => ({ amount: event.amount, currency: 'EUR' }));
    expect(lift({ amount: 5 })).toEqual({ amount: 5, currency: 'EUR' });
    expect(() => lift({ amount: 'five' })).toThrow();
  });
});
