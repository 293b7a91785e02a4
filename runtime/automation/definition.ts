import type { DomainEnvelope } from '../events/domain-envelope.js';

/**
 * What generated code hands the runtime for each automation (`automations:` in a spec): when an
 * event of type `on` is committed, execute `command` once per planned element, now or after
 * `delayMs`. Every execution carries a command id derived from (automation, event id, element
 * index), so a redelivered event never takes effect twice.
 */
export interface AutomationDefinition<E extends DomainEnvelope = DomainEnvelope, Command extends string = string, Data = unknown> {
  readonly domain: string;
  /** PascalCase, unique in the domain, e.g. `ReserveStockForOrder`. Part of every derived command id: keep it stable. */
  readonly name: string;
  /** The event type it reacts to. */
  readonly on: E['type'];
  /** The command it executes (a command of the same domain). */
  readonly command: Command;
  /** `after:` in milliseconds, counted from the event's time; 0 executes at once. */
  readonly delayMs: number;
  /** Domain error codes of the command that end one reaction quietly (counted in the status, never retried). */
  readonly ignore: readonly string[];
  /**
   * The data of each command to execute for the event, in order: one per `forEach` element (one
   * when there is no `forEach`), none when `when` does not hold. Pure.
   */
  plan(event: E): readonly Data[];
}

/** Any automation definition. */
export type AnyAutomationDefinition = AutomationDefinition<DomainEnvelope, string, unknown>;

/** A domain's automations by name. */
export type AutomationMap = { readonly [name: string]: AnyAutomationDefinition };
