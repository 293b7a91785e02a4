import { AggregateAlreadyExistsError, AggregateNotFoundError, ValidationError } from '../errors/errors.js';
import type { AggregateDefinition, Command, CommandDefinition, DecideContext, DomainEvent, EventDefinition } from '../aggregate/definition.js';
import { eventDefinitionsOf } from '../aggregate/upcast.js';
import { InvalidEventError, UnknownCommandError } from './errors.js';
import { check } from './validate.js';

/** A command whose data passed its schema, with the aggregate id read from its id field. */
export interface ValidCommand<C extends Command> {
  /** The command with its parsed data (schema defaults applied, unknown keys stripped). */
  readonly command: C;
  readonly id: string;
  readonly creates: boolean;
}

/**
 * The pure half of command execution, shared by the executor and the testing helpers so both
 * enforce exactly the same rules: schema validation, the existence check, `decide`, and the
 * validation of what `decide` emitted.
 */
export interface Decider<State, C extends Command, E extends DomainEvent> {
  /** Validates `data` against the command's schema; ValidationError lists every issue with its path. */
  validate(type: string, data: unknown): ValidCommand<C>;
  /**
   * Checks existence (`creates` on an existing stream -> AggregateAlreadyExistsError; any other
   * command on a missing one -> AggregateNotFoundError), runs `decide` (DomainErrors propagate) and
   * validates every emitted event against its schema (InvalidEventError). Returns the parsed events.
   */
  decide(state: State, exists: boolean, valid: ValidCommand<C>, context: DecideContext): readonly E[];
  /** The schema version new events of `type` are written at. */
  schemaVersionOf(type: string): number;
}

const readField = (data: unknown, field: string): unknown =>
  typeof data === 'object' && data !== null ? (data as Readonly<Record<string, unknown>>)[field] : undefined;

export function createDecider<State, C extends Command, E extends DomainEvent>(
  definition: AggregateDefinition<State, C, E>,
): Decider<State, C, E> {
  // Maps, so that a type like `constructor` cannot reach Object.prototype.
  const commands = new Map<string, CommandDefinition>(Object.entries(definition.commands));
  const events: ReadonlyMap<string, EventDefinition> = eventDefinitionsOf(definition);
  const { name: aggregate, idField } = definition;

  function validate(type: string, data: unknown): ValidCommand<C> {
    const command = commands.get(type);
    if (command === undefined) throw new UnknownCommandError(aggregate, type);
    const checked = check(command.schema, data);
    if (!checked.ok) throw new ValidationError(`'${type}' command`, checked.issues);
    const id = readField(checked.value, idField);
    if (typeof id !== 'string' || id === '') {
      throw new ValidationError(`'${type}' command`, [{ path: [idField], code: 'invalid_type', message: `must be the ${aggregate} id (a non-empty string)` }]);
    }
    // The data passed the schema of the command named `type`: this is a C.
    return { command: { type, data: checked.value } as C, id, creates: command.creates };
  }

  function decide(state: State, exists: boolean, valid: ValidCommand<C>, context: DecideContext): readonly E[] {
    if (valid.creates) {
      if (exists) throw new AggregateAlreadyExistsError(aggregate, valid.id);
    } else if (!exists) {
      throw new AggregateNotFoundError(aggregate, valid.id);
    }
    const decided = definition.decide(state, valid.command, context);
    const parsed = new Array<E>(decided.length);
    for (let index = 0; index < decided.length; index++) {
      parsed[index] = validEvent(decided[index], valid.command.type);
    }
    return parsed;
  }

  function validEvent(event: E | undefined, commandType: string): E {
    const type = event?.type ?? String(event);
    const definitionOfEvent = events.get(type);
    if (event === undefined || definitionOfEvent === undefined) {
      throw new InvalidEventError(type, commandType, [{ path: ['type'], code: 'unknown_event', message: `${aggregate} declares no event '${type}'` }]);
    }
    const checked = check(definitionOfEvent.schema, event.data);
    if (!checked.ok) throw new InvalidEventError(type, commandType, checked.issues);
    // Same declared type, data parsed by that type's schema.
    return { type, data: checked.value } as E;
  }

  function schemaVersionOf(type: string): number {
    return events.get(type)?.schemaVersion ?? 1;
  }

  return { validate, decide, schemaVersionOf };
}
