import { entry } from './entry.js';

/** ORX8xxx — code generation and output files. Codes are stable: never renumber, only add. */
export const generateDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
