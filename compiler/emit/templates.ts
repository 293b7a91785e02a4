import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import { Code, UnsafeOutputError } from './code.js';
import { sha256 } from './manifest.js';

/** The templates shipped with Orchestrix (the package's templates/ folder). */
export const BUILT_IN_TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** A template's view model: Code leaves (see code.ts), booleans, numbers, and arrays/objects of them. */
export type ViewValue = Code | boolean | number | readonly ViewValue[] | { readonly [key: string]: ViewValue };

export interface TemplateSet {
  /** Renders `name` (file name without `.hbs`) with a view model. */
  render(name: string, view: { readonly [key: string]: ViewValue }): string;
  /** Where each template came from, for messages: built-in or the override folder. */
  readonly origins: ReadonlyMap<string, string>;
  /** sha256 of every template's name and text: part of the key that lets regeneration skip rendering. */
  readonly fingerprint: string;
}

/**
 * Loads the built-in templates and, when given, a folder of overrides (same file names win).
 * Handlebars is set up for code, not HTML: no HTML escaping, strict mode (a missing field is an
 * error, not an empty string), no prototype access, and no helpers but `each`/`if`/`unless`/`with`.
 * Partials are the templates whose names start with `_`.
 */
export function loadTemplates(overrideDir?: string): TemplateSet {
  const sources = new Map<string, { text: string; origin: string }>();
  for (const dir of [BUILT_IN_TEMPLATES_DIR, overrideDir]) {
    if (dir === undefined || !existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.hbs')) continue;
      const origin = join(dir, file);
      sources.set(file.slice(0, -'.hbs'.length), { text: readFileSync(origin, 'utf8'), origin });
    }
  }
  const options: CompileOptions = { noEscape: true, strict: true, knownHelpersOnly: true, preventIndent: true };
  // Handlebars is loaded on the first render: regenerating with nothing changed never renders.
  let hb: typeof import('handlebars') | undefined;
  const handlebars = (): typeof import('handlebars') => {
    if (hb !== undefined) return hb;
    hb = (createRequire(import.meta.url)('handlebars') as typeof import('handlebars')).create();
    for (const [name, { text }] of sources) {
      if (name.startsWith('_')) hb.registerPartial(name, hb.compile(text, options));
    }
    return hb;
  };
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const origins = new Map([...sources].map(([name, { origin }]) => [name, origin]));
  const fingerprint = sha256([...sources].map(([name, { text }]) => `${name}\0${text}`).join('\0'));
  return {
    origins,
    fingerprint,
    render(name, view) {
      assertSafeView(view, name);
      let template = compiled.get(name);
      if (template === undefined) {
        const source = sources.get(name);
        if (source === undefined) throw new UnsafeOutputError(`no template named '${name}'`);
        template = handlebars().compile(source.text, options);
        compiled.set(name, template);
      }
      return template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    },
  };
}

/** Refuses raw strings anywhere in a view model: they could carry unescaped spec text. */
export function assertSafeView(value: unknown, where: string): void {
  if (value instanceof Code || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnsafeOutputError(`${where}: not a finite number`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertSafeView(item, `${where}[${i}]`));
    return;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) assertSafeView(item, `${where}.${key}`);
    return;
  }
  throw new UnsafeOutputError(`${where}: ${typeof value} is not allowed in a template view (use a Code)`);
}
