import { entry } from './entry.js';

/** ORX9xxx — command line, configuration and internal errors. Codes are stable: never renumber, only add. */
export const cliDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
