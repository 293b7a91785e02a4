import type { z } from 'zod';
import type { PrimitiveName } from '../model/type-ref.js';
import { zod } from '../syntax/zod-module.js';

/**
 * Formats of the refined string types, used to accept a quoted literal where one is expected
 * (`dueDate: "'2024-05-01'"`). The same Zod checks the generated schemas use, so a literal the
 * compiler accepts is one the runtime accepts. Built (and Zod loaded) on the first such literal.
 */
let formats: ReadonlyMap<PrimitiveName, z.ZodType<string>> | undefined;

function formatSchemas(): ReadonlyMap<PrimitiveName, z.ZodType<string>> {
  const z = zod();
  formats ??= new Map<PrimitiveName, z.ZodType<string>>([
    ['uuid', z.uuid()],
    ['email', z.email()],
    ['url', z.url()],
    ['date', z.iso.date()],
    ['datetime', z.iso.datetime({ offset: true })],
  ]);
  return formats;
}

const FORMATTED: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>(['uuid', 'email', 'url', 'date', 'datetime']);

/** Whether `text` is a valid value of the refined string type `name` (true for types without a format). */
export function matchesFormat(name: PrimitiveName, text: string): boolean {
  if (!FORMATTED.has(name)) return true;
  const schema = formatSchemas().get(name);
  return schema === undefined || schema.safeParse(text).success;
}
