import { OrchestrixError, type ValidationIssue } from '../errors/errors.js';

/**
 * A decision emitted an event its aggregate does not declare, or whose data fails the event's
 * schema: a bug in a custom handler, not bad input (unlike ValidationError). Nothing was written.
 */
export class InvalidEventError extends OrchestrixError {
  readonly eventType: string;
  readonly command: string;
  readonly issues: readonly ValidationIssue[];
  constructor(eventType: string, command: string, issues: readonly ValidationIssue[]) {
    const first = issues[0];
    const summary = first === undefined ? '' : `: ${first.path.join('.') || '(root)'} ${first.message}`;
    super('EVENT_INVALID', `Command '${command}' emitted an invalid '${eventType}' event${summary}`);
    this.eventType = eventType;
    this.command = command;
    this.issues = issues;
  }
}

/** No aggregate of the domain declares this command type (only reachable from untyped callers). */
export class UnknownCommandError extends OrchestrixError {
  readonly commandType: string;
  constructor(owner: string, commandType: string) {
    super('COMMAND_UNKNOWN', `${owner} has no command '${commandType}'`);
    this.commandType = commandType;
  }
}
