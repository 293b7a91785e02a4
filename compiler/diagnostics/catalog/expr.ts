import { entry } from './entry.js';

/** ORX5xxx — the expression language. Codes are stable: never renumber, only add. */
export const exprDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
