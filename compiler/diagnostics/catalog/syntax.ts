import { entry } from './entry.js';

/** ORX2xxx — structure of the DSL (unknown keys, wrong shapes). Codes are stable: never renumber, only add. */
export const syntaxDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
