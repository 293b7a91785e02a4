import { OrchestrixError, type ValidationIssue } from '../errors/errors.js';

/** A projection produced a row its read model cannot hold (a custom handler's bug, a key out of bounds); the processor's failure policy applies. */
export class InvalidRowError extends OrchestrixError {
  readonly readModel: string;
  readonly key: string;
  readonly issues: readonly ValidationIssue[];
  constructor(readModel: string, key: string, issues: readonly ValidationIssue[]) {
    const first = issues[0];
    super('READ_MODEL_ROW_INVALID', `${readModel} row '${key.slice(0, 100)}' is invalid${first === undefined ? '' : `: ${first.path.join('.') || '(row)'} ${first.message}`}`);
    this.readModel = readModel;
    this.key = key;
    this.issues = issues;
  }
}
