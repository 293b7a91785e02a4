export { parseStoreUrl, describeStoreLocation, STORE_URL_FORMATS, type StoreLocation } from './store-url.js';
export {
  createCheckpointStore,
  createDeadLetterQueue,
  createEventStore,
  createKeyStore,
  createSnapshotStore,
  openStores,
  type Stores,
} from './create-stores.js';
