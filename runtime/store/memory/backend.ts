import { openBackendWith, type Backend } from '../backend.js';
import { openMemoryCheckpoints } from './checkpoints.js';
import { connectMemory } from './connection.js';
import { openMemoryDeadLetters } from './dead-letters.js';
import { openMemoryEvents } from './events.js';
import { openMemoryKeys } from './keys.js';
import { openMemoryLeases } from './leases.js';
import { openMemoryReadModels } from './read-models.js';
import { openMemorySchedules } from './schedules.js';
import { openMemorySnapshots } from './snapshots.js';

export interface MemoryBackendOptions {
  /** The key store's clock. Default: the system clock. */
  readonly clock?: (() => Date) | undefined;
}

/** Every component in process memory: for tests, examples and benchmarks. Lost on exit; `memory:`. */
export function openMemoryBackend(options: MemoryBackendOptions = {}): Promise<Backend> {
  return openBackendWith({
    name: 'in-memory',
    location: 'memory:',
    connect: () => connectMemory(options),
    components: {
      events: openMemoryEvents,
      snapshots: openMemorySnapshots,
      checkpoints: openMemoryCheckpoints,
      deadLetters: openMemoryDeadLetters,
      keys: openMemoryKeys,
      readModels: openMemoryReadModels,
      leases: openMemoryLeases,
      schedules: openMemorySchedules,
    },
  });
}
