import { StoreError } from '../../errors/errors.js';
import { checkPosition, type CheckpointStore } from '../../subscription/checkpoint-store.js';

/** Subscription checkpoints in process memory: for tests and for projections rebuilt at every start. */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly #positions = new Map<string, number>();
  #closed = false;

  async load(subscription: string): Promise<number | undefined> {
    this.#assertOpen();
    return this.#positions.get(subscription);
  }

  async save(subscription: string, position: number): Promise<void> {
    this.#assertOpen();
    this.#positions.set(subscription, checkPosition(position));
  }

  async delete(subscription: string): Promise<void> {
    this.#assertOpen();
    this.#positions.delete(subscription);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('The in-memory checkpoint store is closed');
  }
}

export function createInMemoryCheckpointStore(): InMemoryCheckpointStore {
  return new InMemoryCheckpointStore();
}

