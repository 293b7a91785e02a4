/** GDPR: per-subject keys, one encryption layer for every store, forget and exportSubject (docs/gdpr.md). */
export { createGdpr, type Gdpr, type GdprOptions } from './gdpr.js';
export { EncryptedEventStore } from './encrypted-event-store.js';
export { EncryptedSnapshotStore } from './encrypted-snapshot-store.js';
export { EncryptedDeadLetterQueue } from './encrypted-dead-letter-queue.js';
export { createPiiRegistry, type CategoryPii, type PiiRegistry, type StreamPii } from './registry.js';
export { createPiiSubjectAnnotator, type PiiSubjectAnnotator } from './subjects.js';
export type { ErasedDataLocation, PersonalDataLocation, PersonalDataValue, SubjectExport } from './export.js';
export { KEY_BYTES, type ActiveKey, type DestroyedKey, type ForgetResult, type KeyLookup, type KeyRecord, type KeyStore } from './key-store.js';
export { TOKEN_PREFIX } from './cipher.js';
export type { DomainGdprOptions } from './domain-gdpr.js';
export { PiiIntegrityError, PiiKeyUnknownError, PiiMalformedError, PiiSchemaUnknownError, PiiSubjectUnresolvedError, PiiTamperedError } from './errors.js';
