import type { z as Z } from 'zod';
import { zod } from './zod-module.js';

/** `orchestrix.config.yaml`: where specs are, where output goes. Every key is optional. */
function build() {
  const z = zod();
  return z
    .strictObject({
      specs: z
        .array(z.string())
        .min(1)
        .meta({ description: 'Globs of spec files, relative to the config file. Default: domains/**/*.{yaml,yml}.' })
        .optional(),
      output: z
        .string()
        .meta({ description: 'Folder for generated code; each domain goes to <output>/<domain>/. Default: src/generated.' })
        .optional(),
      handlers: z
        .string()
        .meta({ description: 'Folder for scaffolded custom handlers (never overwritten). Default: src/handlers.' })
        .optional(),
      templates: z
        .string()
        .meta({ description: 'Folder with .hbs templates that override the built-in ones, by file name.' })
        .optional(),
    })
    .meta({ title: 'Orchestrix configuration' });
}

let built: ReturnType<typeof build> | undefined;
/** The config's Zod schema, built on first use like the DSL's (schema.ts); shapes.ts holds its plain-data copy. */
export const configSchema = (): ReturnType<typeof build> => (built ??= build());

export type ConfigSpec = Z.infer<ReturnType<typeof build>>;

export const DEFAULT_CONFIG = {
  specs: ['domains/**/*.{yaml,yml}'],
  output: 'src/generated',
  handlers: 'src/handlers',
} as const;

export const CONFIG_FILE_NAMES = ['orchestrix.config.yaml', 'orchestrix.config.yml'] as const;
