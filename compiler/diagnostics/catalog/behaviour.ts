import { entry } from './entry.js';

/** ORX6xxx — commands, events, emits, apply and versions. Codes are stable: never renumber, only add. */
export const behaviourDiagnostics = {
} as const;

// Keeps the import used while the section is empty.
void entry;
