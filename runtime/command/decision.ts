import { AggregateAlreadyExistsError, AggregateNotFoundError, ValidationError, type ValidationIssue } from '../errors/errors.js';
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
  /**
   * Validates `data` against the command's schema; ValidationError lists every issue with its path.
   * The aggregate id must also be canonical (see validateId).
   */
  validate(type: string, data: unknown): ValidCommand<C>;
  /**
   * Checks an aggregate id as commands check their id field (its schema, e.g. a UUID), and that it
   * is spelled the one way that names its stream: a UUID in lower case. ValidationError otherwise.
   */
  validateId(id: unknown): string;
  /**
   * Checks existence (`creates` on an existing stream -> AggregateAlreadyExistsError; any other
   * command on a missing one -> AggregateNotFoundError), runs `decide` (DomainErrors propagate) and
   * validates every emitted event against its schema (InvalidEventError). Returns the parsed events.
   */
  decide(state: State, exists: boolean, valid: ValidCommand<C>, context: DecideContext): readonly E[];
  /** The schema version new events of `type` are written at. */
  schemaVersionOf(type: string): number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPPER_HEX = /[A-F]/;
const PROBE_UUID = '6f0b6e1e-9d2c-4c4a-a8d7-c1f3e5b2a907';

const readField = (data: unknown, field: string): unknown =>
  typeof data === 'object' && data !== null ? (data as Readonly<Record<string, unknown>>)[field] : undefined;

export function createDecider<State, C extends Command, E extends DomainEvent>(
  definition: AggregateDefinition<State, C, E>,
): Decider<State, C, E> {
  const decider = new CommandDecider(definition);
  // Plain functions, so that a caller may pass them around detached from the object.
  return {
    validate: (type, data) => decider.validate(type, data),
    validateId: (id) => decider.validateId(id),
    decide: (state, exists, valid, context) => decider.decide(state, exists, valid, context),
    schemaVersionOf: (type) => decider.schemaVersionOf(type),
  };
}

/**
 * The decider behind createDecider (the command executor uses it directly). A class, not closures
 * made per decider: its methods are one function each for the whole process, so V8 optimizes them
 * once, not again for every executor a process creates.
 */
export class CommandDecider<State, C extends Command, E extends DomainEvent> implements Decider<State, C, E> {
  readonly #definition: AggregateDefinition<State, C, E>;
  // Maps, so that a type like `constructor` cannot reach Object.prototype.
  readonly #commands: ReadonlyMap<string, CommandDefinition>;
  readonly #events: ReadonlyMap<string, EventDefinition>;
  readonly #aggregate: string;
  readonly #idField: string;
  /** Every command carries the id field with the same type: the first command's schema checks ids. */
  readonly #idSchema: CommandDefinition['schema'] | undefined;
  /** Whether ids are UUIDs: the id schema refuses a non-UUID and accepts a UUID. Probed once. */
  #uuidIds: boolean | undefined;

  constructor(definition: AggregateDefinition<State, C, E>) {
    this.#definition = definition;
    this.#commands = new Map<string, CommandDefinition>(Object.entries(definition.commands));
    this.#events = eventDefinitionsOf(definition);
    this.#aggregate = definition.name;
    this.#idField = definition.idField;
    this.#idSchema = this.#commands.values().next().value?.schema;
  }

  validate(type: string, data: unknown): ValidCommand<C> {
    const command = this.#commands.get(type);
    if (command === undefined) throw new UnknownCommandError(this.#aggregate, type);
    const checked = check(command.schema, data);
    if (!checked.ok) throw new ValidationError(`'${type}' command`, checked.issues);
    const id = readField(checked.value, this.#idField);
    // The command's schema has just checked the id field: only the spelling rules are left.
    const problem = this.#idProblem(id, false);
    if (problem !== undefined) throw new ValidationError(`'${type}' command`, [problem]);
    // The data passed the schema of the command named `type`: this is a C.
    return { command: { type, data: checked.value } as C, id: id as string, creates: command.creates };
  }

  /** The issues of `id` under the id field's schema (the other fields' issues are not the id's). */
  #idSchemaIssues(id: unknown): readonly ValidationIssue[] {
    const idSchema = this.#idSchema;
    if (idSchema === undefined) return [];
    const idField = this.#idField;
    const checked = check(idSchema, { [idField]: id });
    return checked.ok ? [] : checked.issues.filter((issue) => issue.path[0] === idField);
  }

  #idsAreUuids(): boolean {
    return (this.#uuidIds ??= this.#idSchemaIssues('not-a-uuid').length > 0 && this.#idSchemaIssues(PROBE_UUID).length === 0);
  }

  /** What is wrong with `id` as an aggregate id; `againstSchema`: also check it against the id field's schema. */
  #idProblem(id: unknown, againstSchema: boolean): ValidationIssue | undefined {
    const idField = this.#idField;
    const aggregate = this.#aggregate;
    if (typeof id !== 'string' || id === '') return { path: [idField], code: 'invalid_type', message: `must be the ${aggregate} id (a non-empty string)` };
    const issue = againstSchema ? this.#idSchemaIssues(id)[0] : undefined;
    if (issue !== undefined) return issue;
    // One id, one stream: a UUID in upper or mixed case would name a second stream for the same UUID.
    // A UUID differs from its lower case exactly when it holds A-F: tested without making the copy.
    if (UPPER_HEX.test(id) && UUID.test(id) && this.#idsAreUuids()) {
      return { path: [idField], code: 'invalid_format', message: `must be a UUID in lower case ('${id.toLowerCase()}'): each ${aggregate} has one stream, named by its canonical id` };
    }
    return undefined;
  }

  validateId(id: unknown): string {
    const problem = this.#idProblem(id, true);
    if (problem !== undefined) throw new ValidationError(`${this.#aggregate} id`, [problem]);
    return id as string;
  }

  decide(state: State, exists: boolean, valid: ValidCommand<C>, context: DecideContext): readonly E[] {
    if (valid.creates) {
      if (exists) throw new AggregateAlreadyExistsError(this.#aggregate, valid.id);
    } else if (!exists) {
      throw new AggregateNotFoundError(this.#aggregate, valid.id);
    }
    const decided = this.#definition.decide(state, valid.command, context);
    const parsed = new Array<E>(decided.length);
    for (let index = 0; index < decided.length; index++) {
      parsed[index] = this.#validEvent(decided[index], valid.command.type);
    }
    return parsed;
  }

  #validEvent(event: E | undefined, commandType: string): E {
    const type = event?.type ?? String(event);
    const definitionOfEvent = this.#events.get(type);
    if (event === undefined || definitionOfEvent === undefined) {
      throw new InvalidEventError(type, commandType, [{ path: ['type'], code: 'unknown_event', message: `${this.#aggregate} declares no event '${type}'` }]);
    }
    const checked = check(definitionOfEvent.schema, event.data);
    if (!checked.ok) throw new InvalidEventError(type, commandType, checked.issues);
    // Same declared type, data parsed by that type's schema.
    return { type, data: checked.value } as E;
  }

  schemaVersionOf(type: string): number {
    return this.#events.get(type)?.schemaVersion ?? 1;
  }
}
