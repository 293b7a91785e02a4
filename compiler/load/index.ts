/** compiler/load — files and YAML in, `SourceDocument`s and diagnostics out. The only user of the yaml AST. */
export { parseSource, type ParsedSource } from './parse-source.js';
export { loadConfig, type LoadedConfig } from './config.js';
export { loadSources, type LoadOptions, type LoadedSources } from './sources.js';
export type { DocPath, SourceDocument } from './source.js';
export { MAX_FILE_BYTES, MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH } from './limits.js';
