import type { DomainEnvelope } from '../events/domain-envelope.js';
import type { LeaseStore } from '../processor/lease-store.js';
import type { Reactor } from './reactor.js';
import type { ScheduleStore } from './schedule-store.js';

/** Due entries handled per round. */
const ROUND = 100;

export interface SchedulerSettings {
  readonly domain: string;
  readonly schedules: ScheduleStore;
  /** The reactor of each automation, by automation name. */
  readonly reactors: ReadonlyMap<string, Reactor>;
  /** The triggering event of an entry, decoded; undefined if it cannot be found. */
  readonly readEvent: (streamId: string, version: number) => Promise<DomainEnvelope | undefined>;
  readonly leases: LeaseStore;
  readonly owner: string;
  readonly leaseTtlMs: number;
  readonly pollIntervalMs: number;
  /** The domain's clock: an entry runs once `clock()` reaches its dueAt. */
  readonly clock: () => Date;
}

export interface Scheduler {
  /** Executes the entries due now (if this process holds the scheduler's lease, or can take it). */
  runDue(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  readonly counters: () => Readonly<Record<string, number>>;
}

/**
 * Runs delayed commands when they are due: one process at a time per domain (a lease), each entry
 * executed through its automation's reactor (same command id as planned, so a crash between the
 * execution and the entry's removal repeats nothing) and then removed.
 */
export function createScheduler(settings: SchedulerSettings): Scheduler {
  const name = `${settings.domain}.scheduler`;
  const counters = { due: 0, orphaned: 0 };
  let running = false;
  let leader = false;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const runRound = async (): Promise<void> => {
    leader = await settings.leases.acquire(name, settings.owner, settings.leaseTtlMs);
    if (!leader) return;
    for (;;) {
      const due = await settings.schedules.due(settings.domain, settings.clock(), ROUND);
      for (const entry of due) {
        const reactor = settings.reactors.get(entry.automation);
        const event = reactor === undefined ? undefined : await settings.readEvent(entry.streamId, entry.version);
        if (reactor === undefined || event === undefined) counters.orphaned += 1;
        else {
          await reactor.runScheduled(entry, event);
          counters.due += 1;
        }
        await settings.schedules.complete(entry.id);
      }
      if (due.length < ROUND) return;
    }
  };
  const serialize = (work: () => Promise<void>): Promise<void> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const background = async (): Promise<void> => {
    while (running) {
      try {
        await serialize(runRound);
      } catch {
        // A failing store: try again at the next tick (the entries stay stored).
      }
      if (!running) return;
      const next = leader ? await settings.schedules.nextDue(settings.domain).catch(() => undefined) : undefined;
      const untilDue = next === undefined ? settings.pollIntervalMs : Date.parse(next) - settings.clock().getTime();
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(0, Math.min(settings.pollIntervalMs, untilDue)));
      });
      clearTimeout(timer);
    }
  };

  return {
    async runDue() {
      await serialize(async () => {
        await runRound();
        if (!running && leader) {
          leader = false;
          await settings.leases.release(name, settings.owner);
        }
      });
    },
    start() {
      if (running) return;
      running = true;
      loop = background();
    },
    async stop() {
      running = false;
      wake?.();
      clearTimeout(timer);
      await loop;
      await queue;
      if (leader) {
        leader = false;
        await settings.leases.release(name, settings.owner).catch(() => undefined);
      }
    },
    counters: () => ({ ...counters }),
  };
}
