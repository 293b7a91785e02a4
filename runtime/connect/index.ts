export { parseStoreUrl, describeStoreLocation, STORE_URL_FORMATS, type StoreLocation } from './store-url.js';
export { openBackend } from './backends.js';
