/**
 * Where delayed commands (`after:` on an automation) wait until they are due. An entry holds no
 * command data, only which event and which planned element it came from: when it is due, the
 * runtime reads that event again and plans the command afresh. So no personal data is ever copied
 * here (a forgotten subject's values come out erased, as from the event itself), and an entry is
 * small. Every backend passes test/automation/schedule-store.contract.ts.
 */
export interface ScheduledCommand {
  /** The command id (derived from automation, event id and element index): the entry's identity too. */
  readonly id: string;
  readonly domain: string;
  readonly automation: string;
  /** The triggering event: its stream and version. */
  readonly streamId: string;
  readonly version: number;
  /** Which element of the event's plan (`forEach`). */
  readonly index: number;
  /** RFC 3339 UTC, millisecond precision. */
  readonly dueAt: string;
}

export interface ScheduleStore {
  /** Stores an entry; an entry with the same id already stored (a redelivered event) is left as it is. */
  schedule(entry: ScheduledCommand): Promise<void>;
  /** Entries of `domain` due at `now` (dueAt <= now), earliest first (ties by id), at most `limit`. */
  due(domain: string, now: Date, limit: number): Promise<readonly ScheduledCommand[]>;
  /** The earliest dueAt of the domain's entries, if any. */
  nextDue(domain: string): Promise<string | undefined>;
  /** Every waiting entry of the domain, earliest first, at most `limit` (for the status and tests). */
  pending(domain: string, limit: number): Promise<readonly ScheduledCommand[]>;
  /** Removes an executed (or dead-lettered) entry; removing a missing one is not an error. */
  complete(id: string): Promise<void>;
  close(): Promise<void>;
}
