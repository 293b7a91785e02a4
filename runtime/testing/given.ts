import { OrchestrixError } from '../errors/errors.js';
import type { AggregateDefinition, Command, DomainEvent } from '../aggregate/definition.js';
import { createDecider } from '../command/decision.js';
import { assertDeepEqual, describeError, fail } from './assertions.js';

export interface GivenOptions {
  /** The `now` that `decide` sees. Default: 2000-01-01T00:00:00.000Z, so expectations are stable. */
  readonly now?: string | Date;
}

export const DEFAULT_TEST_NOW = '2000-01-01T00:00:00.000Z';

/** An aggregate with a history, ready to receive a command. */
export interface Scenario<State, C extends Command, E extends DomainEvent> {
  /** The state folded from the given events. */
  readonly state: State;
  /** Decides `command` against the given history, exactly as `execute` would, without a store. */
  when(command: C): Outcome<State, E>;
}

/** What a command did: emitted events, or failed. The assertions throw AssertionError with a diff. */
export interface Outcome<State, E extends DomainEvent> {
  /** The emitted events (validated by their schemas), or undefined when the command failed. */
  readonly events: readonly E[] | undefined;
  /** The error the command failed with, or undefined. */
  readonly error: unknown;
  /** Asserts the command succeeded and emitted exactly `expected`, in order. */
  then(expected: readonly NoInfer<E>[]): Outcome<State, E>;
  /** Asserts the command failed with an OrchestrixError of this code (e.g. `LimitExceeded`, `AGGREGATE_NOT_FOUND`) and returns it. */
  thenError(code: string): OrchestrixError;
  /** Asserts the command succeeded and the state after its events equals `expected`. */
  thenState(expected: NoInfer<State>): Outcome<State, E>;
}

/**
 * Pure given/when/then for an aggregate definition: `given(account, [opened]).when(deposit).then([deposited])`.
 * The same rules as command execution apply (command schema, existence check, event schemas), so a
 * scenario that passes here behaves the same through `execute`. No vitest import: usable from any runner.
 */
export function given<State, C extends Command, E extends DomainEvent>(
  definition: AggregateDefinition<State, C, E>,
  events: readonly NoInfer<E>[] = [],
  options: GivenOptions = {},
): Scenario<State, C, E> {
  const decider = createDecider(definition);
  const now = options.now === undefined ? DEFAULT_TEST_NOW : typeof options.now === 'string' ? options.now : options.now.toISOString();
  const fold = (state: State, history: readonly E[]): State => history.reduce<State>((folded, event) => definition.evolve(folded, event), state);
  const state = fold(definition.initialState, events);
  const exists = events.length > 0;

  function when(command: C): Outcome<State, E> {
    const label = `${definition.name} ${command.type}`;
    try {
      const valid = decider.validate(command.type, command.data);
      const emitted = decider.decide(state, exists, valid, { id: valid.id, now });
      return succeeded(label, emitted, () => fold(state, emitted));
    } catch (error) {
      return failed(label, error);
    }
  }

  return { state, when };
}

function succeeded<State, E extends DomainEvent>(label: string, events: readonly E[], stateAfter: () => State): Outcome<State, E> {
  const outcome: Outcome<State, E> = {
    events,
    error: undefined,
    then(expected) {
      rejectAwait(expected);
      assertDeepEqual(events, expected, `${label}: the emitted events differ from the expected ones`);
      return outcome;
    },
    thenError(code) {
      return fail(`${label}: expected an error with code '${code}', but the command succeeded with ${events.length} event(s): ${events.map((event) => event.type).join(', ') || '(none)'}`, {
        actual: events,
        expected: code,
      });
    },
    thenState(expected) {
      assertDeepEqual(stateAfter(), expected, `${label}: the state after the command differs from the expected one`);
      return outcome;
    },
  };
  return outcome;
}

function failed<State, E extends DomainEvent>(label: string, error: unknown): Outcome<State, E> {
  const unexpected = (expectation: string): never =>
    fail(`${label}: expected ${expectation}, but the command failed with ${describeError(error)}`, { cause: error });
  const outcome: Outcome<State, E> = {
    events: undefined,
    error,
    then(expected) {
      rejectAwait(expected);
      return unexpected(`${expected.length} event(s)`);
    },
    thenError(code) {
      if (!(error instanceof OrchestrixError)) return unexpected(`an error with code '${code}'`);
      if (error.code !== code) {
        fail(`${label}: expected an error with code '${code}', but got ${describeError(error)}`, { actual: error.code, expected: code, cause: error });
      }
      return error;
    },
    thenState() {
      return unexpected('a new state');
    },
  };
  return outcome;
}

/** An outcome has a `then` method, so `await` would call it with a resolver function: say so instead of a confusing diff. */
function rejectAwait(expected: unknown): void {
  if (typeof expected === 'function') {
    fail('given(...).when(...) is not a promise: do not await it; call .then(expectedEvents) to assert');
  }
}
