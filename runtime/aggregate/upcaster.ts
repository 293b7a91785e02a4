import type { z } from 'zod';
import type { Upcaster } from './definition.js';

/**
 * The upcaster that parses stored data with the old version's `schema` and lifts it with `lift`:
 * `upcaster(DepositedV1Schema, (event) => ({ amount: event.amount, currency: 'EUR' }))`. Generated
 * upcasters use it so TypeScript reads the old version's type from the schema's type argument
 * instead of resolving zod's `parse` on every old version's schema type.
 */
export function upcaster<T>(schema: z.ZodType<T>, lift: (event: T) => Record<string, unknown>): Upcaster {
  return (data) => lift(schema.parse(data));
}
