import { z } from 'zod';

/** `orchestrix.config.yaml`: where specs are, where output goes. Every key is optional. */
export const configSchema = z
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

export type ConfigSpec = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG = {
  specs: ['domains/**/*.{yaml,yml}'],
  output: 'src/generated',
  handlers: 'src/handlers',
} as const;

export const CONFIG_FILE_NAMES = ['orchestrix.config.yaml', 'orchestrix.config.yml'] as const;
