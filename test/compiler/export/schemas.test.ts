import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messageJsonSchema, messageSchemas, rowJsonSchema, rowSchemas } from '../../../compiler/export/index.js';
import type { DomainModel } from '../../../compiler/model/model.js';
import { exampleDomains, examplesDir } from './support.js';

/** Drops what the export adds to the generated schemas' JSON Schema: descriptions and personal-data marks. */
function withoutAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnnotations);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description' && key !== 'x-personal-data')
      .map(([key, v]) => [key, withoutAnnotations(v)]),
  );
}

describe('message schemas of the exports', () => {
  let domains: readonly DomainModel[] = [];
  beforeAll(async () => {
    domains = await exampleDomains();
  });

  it('are the zod schemas of the generated code: every event version and command of the example domains gives the same JSON Schema', async () => {
    let compared = 0;
    for (const domain of domains) {
      const generated = (await import(pathToFileURL(join(examplesDir(domain.name), 'index.ts')).href)) as Record<string, unknown>;
      for (const message of messageSchemas(domain)) {
        const schema = generated[message.generatedName];
        expect(schema, `${domain.name}: ${message.generatedName}`).toBeInstanceOf(z.ZodType);
        const options = { target: 'draft-7', io: message.io } as const;
        const expected = z.toJSONSchema(schema as z.ZodType, options);
        expect(z.toJSONSchema(message.schema, options), `${domain.name}: ${message.generatedName}`).toEqual(expected);
        const { $schema: _, ...rest } = expected as Record<string, unknown>;
        expect(withoutAnnotations(messageJsonSchema(domain, message))).toEqual(withoutAnnotations(rest));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('of read model rows are the generated row schemas, for every read model of the example domains', async () => {
    let compared = 0;
    for (const domain of domains) {
      const generated = (await import(pathToFileURL(join(examplesDir(domain.name), 'index.ts')).href)) as Record<string, unknown>;
      for (const row of rowSchemas(domain)) {
        const schema = generated[row.generatedName];
        expect(schema, `${domain.name}: ${row.generatedName}`).toBeInstanceOf(z.ZodType);
        const expected = z.toJSONSchema(schema as z.ZodType, { target: 'draft-7', io: 'output' });
        const { $schema: _, ...rest } = expected as Record<string, unknown>;
        expect(withoutAnnotations(rowJsonSchema(domain, row)), `${domain.name}: ${row.generatedName}`).toEqual(withoutAnnotations(rest));
        compared++;
      }
    }
    expect(compared).toBe(domains.reduce((n, d) => n + d.readModels.length, 0));
    const banking = domains.find((d) => d.name === 'banking');
    const summary = banking === undefined ? undefined : rowSchemas(banking).find((r) => r.readModel.name === 'AccountSummary');
    if (banking === undefined || summary === undefined) throw new Error('no AccountSummary');
    const json = rowJsonSchema(banking, summary) as { description: string; properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(json.description).toMatch(/^One row per account/);
    expect(json.properties['ownerName']).toMatchObject({ type: 'string', 'x-personal-data': true });
    // Erased by forget: a row may lack it.
    expect(json.required).not.toContain('ownerName');
  });

  it('mark personal data, also inside value objects, and carry descriptions', () => {
    const banking = domains.find((d) => d.name === 'banking');
    const opened = banking === undefined ? undefined : messageSchemas(banking).find((m) => m.name === 'AccountOpened');
    if (banking === undefined || opened === undefined) throw new Error('no AccountOpened');
    const json = messageJsonSchema(banking, opened) as { properties: Record<string, Record<string, unknown>> };
    expect(json.properties['ownerName']).toMatchObject({ type: 'string', 'x-personal-data': true });
    expect(json.properties['ownerId']?.['x-personal-data']).toBeUndefined();
    expect(json.properties['address']).toMatchObject({
      description: 'A postal address; street and postcode identify a person.',
      properties: { street: { 'x-personal-data': true }, city: { type: 'string' }, postcode: { 'x-personal-data': true } },
    });
    // Read back after forget, the pii fields may be absent: the stored event as readers get it.
    expect((json as unknown as { required: string[] }).required).toEqual(['ownerId', 'address', 'currency']);
  });
});
