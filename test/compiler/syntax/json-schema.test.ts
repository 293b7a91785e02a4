import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dslJsonSchema } from '../../../compiler/syntax/index.js';

// The shipped file (package export `orchestrix/schema.json`). To regenerate it after a schema change:
//   UPDATE_JSON_SCHEMA=1 npx vitest run test/compiler/syntax/json-schema.test.ts
const SHIPPED = fileURLToPath(new URL('../../../schema/orchestrix.schema.json', import.meta.url));
const render = (schema: object): string => `${JSON.stringify(schema, null, 2)}\n`;

interface JsonSchemaNode {
  readonly [key: string]: unknown;
}

describe('dslJsonSchema', () => {
  const schema = dslJsonSchema() as JsonSchemaNode;

  it('is draft-07 with a title, descriptions and named definitions', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['title']).toBe('Orchestrix domain specification');
    expect(schema['required']).toEqual(['domain']);
    expect(schema['additionalProperties']).toBe(false);
    const definitions = schema['definitions'] as Record<string, JsonSchemaNode>;
    expect(Object.keys(definitions).sort()).toEqual(
      [
        'Aggregate',
        'Automation',
        'Command',
        'Emission',
        'Event',
        'Expression',
        'Field',
        'FieldObject',
        'Fields',
        'JsonValue',
        'NamedType',
        'PreviousVersion',
        'Projection',
        'ReadModel',
        'Requirement',
        'TypeExpression',
      ].sort(),
    );
    const command = definitions['Command'] as { properties: Record<string, { description?: string }> };
    expect(command.properties['creates']?.description).toMatch(/stream must not exist/);
    expect(render(schema)).not.toContain('__schema');
  });

  it('covers read models and automations, key by key', () => {
    const properties = schema['properties'] as Record<string, JsonSchemaNode>;
    expect(properties['readModels']?.['additionalProperties']).toEqual({ $ref: '#/definitions/ReadModel' });
    expect(properties['automations']?.['additionalProperties']).toEqual({ $ref: '#/definitions/Automation' });
    const definitions = schema['definitions'] as Record<string, { properties: Record<string, JsonSchemaNode>; required?: string[]; additionalProperties?: boolean }>;
    const readModel = definitions['ReadModel'];
    expect(Object.keys(readModel?.properties ?? {}).sort()).toEqual(['description', 'fields', 'index', 'key', 'on', 'subject', 'version']);
    expect([...(readModel?.required ?? [])].sort()).toEqual(['fields', 'key', 'on']);
    expect(readModel?.additionalProperties).toBe(false);
    expect(readModel?.properties['version']?.['maximum']).toBe(1_000_000);
    const projection = definitions['Projection'];
    expect(Object.keys(projection?.properties ?? {}).sort()).toEqual(['delete', 'description', 'handler', 'key', 'set', 'update', 'when']);
    expect(projection?.properties['delete']?.['const']).toBe(true);
    expect(projection?.properties['handler']?.['const']).toBe('custom');
    const automation = definitions['Automation'];
    expect(Object.keys(automation?.properties ?? {}).sort()).toEqual(['after', 'description', 'execute', 'forEach', 'ignore', 'on', 'when']);
    expect([...(automation?.required ?? [])].sort()).toEqual(['execute', 'on']);
    expect(automation?.properties['execute']?.['maxProperties']).toBe(1);
    expect(automation?.properties['execute']?.['description']).toMatch(/id field/);
  });

  it('is the committed schema/orchestrix.schema.json', () => {
    if (process.env['UPDATE_JSON_SCHEMA'] === '1') {
      mkdirSync(dirname(SHIPPED), { recursive: true });
      writeFileSync(SHIPPED, render(schema));
    }
    expect(readFileSync(SHIPPED, 'utf8'), 'stale: run UPDATE_JSON_SCHEMA=1 npx vitest run test/compiler/syntax/json-schema.test.ts').toBe(render(schema));
  });
});
