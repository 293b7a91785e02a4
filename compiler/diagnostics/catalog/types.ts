import { entry } from './entry.js';

/** ORX4xxx — field types, defaults and constraints. Codes are stable: never renumber, only add. */
export const typesDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
