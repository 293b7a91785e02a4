export type * from './model.js';
export * from './type-ref.js';
