import { entry } from './entry.js';

/** ORX1xxx — files, encodings and YAML. Codes are stable: never renumber, only add. */
export const loadDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
