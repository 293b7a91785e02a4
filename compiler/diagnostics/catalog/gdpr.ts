import { entry } from './entry.js';

/** ORX7xxx — personal data and subjects. Codes are stable: never renumber, only add. */
export const gdprDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
