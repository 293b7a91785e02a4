// The shapes run.ts measures, shared with the scenario modules beside it.

export interface Side {
  /** Prepares one round (fresh stores, data written): not timed. Returns the timed work and a cleanup. */
  setup(): Promise<{ readonly run: () => Promise<number>; readonly close: () => Promise<void> }>;
}

export interface Scenario {
  readonly group: 'memory' | 'postgres' | 'sqlite';
  readonly name: string;
  readonly unit: string;
  /** How ours differs from Emmett's in this scenario, when it does. */
  readonly note?: string;
  readonly ours: Side;
  readonly emmett: Side;
}
