import type { ReadAllOptions, ReadStreamOptions } from './event-store.js';

/** ReadStreamOptions with defaults applied: an inclusive version range and a row budget. */
export interface StreamBounds {
  readonly fromVersion: number;
  readonly toVersion: number;
  /** `Infinity` when unlimited. */
  readonly limit: number;
}

export function streamBounds(options: ReadStreamOptions = {}): StreamBounds {
  return {
    fromVersion: Math.max(1, Math.ceil(options.fromVersion ?? 1)),
    toVersion: Math.floor(options.toVersion ?? Number.MAX_SAFE_INTEGER),
    limit: Math.max(0, Math.floor(options.limit ?? Number.POSITIVE_INFINITY)),
  };
}

/** ReadAllOptions with defaults applied: an exclusive lower position and a row budget. */
export interface LogBounds {
  readonly after: number;
  /** `Infinity` when unlimited. */
  readonly limit: number;
}

export function logBounds(options: ReadAllOptions = {}): LogBounds {
  return {
    after: Math.max(0, Math.floor(options.after ?? 0)),
    limit: Math.max(0, Math.floor(options.limit ?? Number.POSITIVE_INFINITY)),
  };
}
