import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` library, loaded on first use. Clean spec files take the fast path and need no
 * positions, so a `check` without diagnostics never pays for importing it.
 */
export function yaml(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}

export const isMap = (node: unknown): node is YAMLMap => yaml().isMap(node);
export const isSeq = (node: unknown): node is YAMLSeq => yaml().isSeq(node);
export const isScalar = (node: unknown): node is Scalar => yaml().isScalar(node);
export const isAlias = (node: unknown): node is Alias => yaml().isAlias(node);
export const isPair = (node: unknown): node is Pair => yaml().isPair(node);
