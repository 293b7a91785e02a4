/** Types for source-entries.mjs. */
/** Package specifier -> absolute path of its TypeScript entry, from tsconfig.json's `paths`. */
export function sourceEntries(): Map<string, string>;
