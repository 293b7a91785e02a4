import type { PiiPath } from '../aggregate/definition.js';
import { openKeySession } from '../gdpr/key-session.js';
import type { KeyStore } from '../gdpr/key-store.js';
import { openRecord, sealRecord, type RecordPlace } from '../gdpr/record-crypto.js';
import { resolveSubject } from '../gdpr/subjects.js';
import type { StoredRow } from './store.js';

/**
 * How rows cross the storage boundary. Without GDPR, as they are; with it, every pii value of a row
 * is encrypted under its subject's key (the subject is a field of the row: the read model's
 * `subject`, or the field's own `pii.subject`), bound to the read model and key, so a forgotten
 * subject's values read back as erased and no plaintext ever reaches the table.
 */
export interface RowCodec {
  /** One unit of work (a batch, a query): keys are fetched once per session. */
  session(): RowSession;
}

export interface RowSession {
  seal(key: string, row: StoredRow): Promise<StoredRow>;
  open(key: string, stored: StoredRow): Promise<StoredRow>;
}

const plainSession: RowSession = { seal: async (_key, row) => row, open: async (_key, row) => row };
export const plainRows: RowCodec = { session: () => plainSession };

export function encryptedRows(keys: KeyStore, readModel: { readonly domain: string; readonly name: string; readonly pii: readonly PiiPath[] }): RowCodec {
  if (readModel.pii.length === 0) return plainRows;
  const { domain, name, pii } = readModel;
  const place = (key: string): RecordPlace => ({ where: `read model ${domain}.${name} row '${key}'`, context: ['readModel', domain, name, key] });
  return {
    session() {
      const keySession = openKeySession(keys);
      return {
        seal: async (key, row) =>
          (await sealRecord(row, pii, place(key), keySession, (slot) => resolveSubject(slot.pii.subject, { aggregateId: key, record: row, state: undefined }))) as StoredRow,
        open: async (key, stored) => (await openRecord(stored, pii, place(key), keySession)).data as StoredRow,
      };
    },
  };
}
