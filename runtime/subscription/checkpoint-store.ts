/** Where a checkpointed subscription keeps the position of the last event it handled. */
export interface CheckpointStore {
  /** The stored position for this subscription name, or undefined before its first checkpoint. */
  load(subscription: string): Promise<number | undefined>;
  save(subscription: string, position: number): Promise<void>;
  close(): Promise<void>;
}
