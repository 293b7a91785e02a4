import { entry } from './entry.js';

/** ORX3xxx — names and references. Codes are stable: never renumber, only add. */
export const namesDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
