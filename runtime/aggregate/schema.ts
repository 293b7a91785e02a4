import { z } from 'zod';

/**
 * Object schemas tied to types written out by hand (or by the generator): `objectOf<Deposit,
 * DepositInput>({ accountId: z.uuid(), amount: z.int().min(1) })` is `z.object(...)` typed as
 * `z.ZodType<Deposit, DepositInput>`. Each field's schema is checked against the type's property
 * (what it parses to, and what it accepts), every property must have a field and no field may be
 * extra, so the schema and the type cannot drift apart.
 *
 * Why not `z.object(...)` and `z.infer`: TypeScript then derives every record type through zod's
 * mapped and conditional types, at every use, which made type-checking a large generated domain
 * cost seconds and hundreds of megabytes. Checking each field against a written-out type is cheap,
 * and editors show the named types.
 */

/** What a field's schema must parse to (`Output`) and accept (`Input`): any zod schema with those types satisfies it. */
export interface FieldSchema<Output, Input = Output> {
  readonly _zod: { readonly output: Output; readonly input: Input };
}

/**
 * The fields of an object schema for the type `Output` (accepting `Input`, or anything when `Input`
 * is `unknown`): one schema per property, optional properties included (their schemas are
 * `.optional()` or have a `.default()`).
 */
export type ObjectShape<Output, Input = unknown> = {
  readonly [K in keyof Output]-?: FieldSchema<Output[K], unknown extends Input ? unknown : K extends keyof Input ? Input[K] : undefined>;
};

/**
 * `z.object(shape)` (unknown keys stripped) as the schema of `Output`, accepting `Input`. Without
 * `Input` (a record only ever read back) the fields' inputs are not checked, and the schema is
 * `z.ZodType<Output>`: exactly the type the runtime's definitions ask for, which TypeScript then
 * relates without looking into zod's members.
 */
export function objectOf<Output, Input = unknown>(shape: ObjectShape<Output, Input>): z.ZodType<Output, Input> {
  return z.object(shape as unknown as z.ZodRawShape) as unknown as z.ZodType<Output, Input>;
}

/** `z.strictObject(shape)` (unknown keys rejected) as the schema of `Output`, accepting `Input` (see objectOf). */
export function strictObjectOf<Output, Input = unknown>(shape: ObjectShape<Output, Input>): z.ZodType<Output, Input> {
  return z.strictObject(shape as unknown as z.ZodRawShape) as unknown as z.ZodType<Output, Input>;
}

/**
 * A command's schema: `z.strictObject(shape)`, its fields checked against `Output` and `Input` as
 * strictObjectOf checks them, typed `z.ZodType<Output>`. That is exactly the runtime's
 * `DataSchema<Output>`, so TypeScript relates the schema to its definition as an identity; typed
 * `z.ZodType<Output, Input>` it compared zod's type internals member by member (~50 symbols per
 * command). Callers' input types are written out on their own (`<Command>Input`).
 */
export function commandSchemaOf<Output, Input = unknown>(shape: ObjectShape<Output, Input>): z.ZodType<Output> {
  return z.strictObject(shape as unknown as z.ZodRawShape) as unknown as z.ZodType<Output>;
}
