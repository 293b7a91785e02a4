import { z } from 'zod';
import type { PrimitiveName } from '../model/type-ref.js';

/**
 * Formats of the refined string types, used to accept a quoted literal where one is expected
 * (`dueDate: "'2024-05-01'"`). The same Zod checks the generated schemas use, so a literal the
 * compiler accepts is one the runtime accepts.
 */
const FORMATS: ReadonlyMap<PrimitiveName, z.ZodType<string>> = new Map<PrimitiveName, z.ZodType<string>>([
  ['uuid', z.uuid()],
  ['email', z.email()],
  ['url', z.url()],
  ['date', z.iso.date()],
  ['datetime', z.iso.datetime({ offset: true })],
]);

/** Whether `text` is a valid value of the refined string type `name` (true for types without a format). */
export function matchesFormat(name: PrimitiveName, text: string): boolean {
  const schema = FORMATS.get(name);
  return schema === undefined || schema.safeParse(text).success;
}
