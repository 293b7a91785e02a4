import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ident, str } from '../../../compiler/emit/code.js';
import { assertSafeView, loadTemplates, type ViewValue } from '../../../compiler/emit/templates.js';

function templateDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orx-templates-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('template environment', () => {
  it('renders Code values without HTML escaping', () => {
    const set = loadTemplates(templateDir({ 'probe.hbs': 'const {{name}} = {{value}};' }));
    expect(set.render('probe', { name: ident('a'), value: str('<&>"') })).toBe('const a = "<&>\\"";');
  });

  it('is strict: a missing field is an error, not an empty string', () => {
    const set = loadTemplates(templateDir({ 'probe.hbs': 'const {{missing}} = 1;' }));
    expect(() => set.render('probe', {})).toThrow(/missing/);
  });

  it('refuses raw strings and exotic objects in views', () => {
    expect(() => assertSafeView({ a: 'raw' } as unknown as ViewValue, 'v')).toThrow(/string/);
    expect(() => assertSafeView({ a: new Date() } as unknown as ViewValue, 'v')).toThrow(/object/);
    expect(() => assertSafeView({ a: [ident('x'), true, 3] }, 'v')).not.toThrow();
  });

  it('lets an override folder replace a template by name and supports partials', () => {
    const set = loadTemplates(templateDir({ 'probe.hbs': '{{> _part}}!', '_part.hbs': 'part {{name}}' }));
    expect(set.render('probe', { name: ident('x') })).toBe('part x!');
    expect(set.origins.get('probe')).toMatch(/probe\.hbs$/);
  });

  it('rejects helpers that are not built in and never reaches the prototype', () => {
    const unknownHelper = loadTemplates(templateDir({ 'probe.hbs': '{{shout name}}' }));
    expect(() => unknownHelper.render('probe', { name: ident('x') })).toThrow(/unknown helper shout/);
    const proto = loadTemplates(templateDir({ 'probe.hbs': '[{{lookup this "constructor"}}]' }));
    expect(proto.render('probe', {})).toBe('[]');
  });
});
