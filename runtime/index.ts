/**
 * orchestrix/runtime — what generated code and applications import.
 */
export * from './errors/index.js';
export type * from './events/envelope.js';
export { DEFAULT_SOURCE } from './events/envelope.js';
export type * from './store/event-store.js';
export type * from './aggregate/definition.js';
export { streamIdOf } from './aggregate/definition.js';
export type * from './snapshot/snapshot-store.js';
export type * from './subscription/checkpoint-store.js';
export type * from './bus/dead-letter-queue.js';
