import type { AggregateModel, CommandModel, DomainModel } from '../../model/model.js';
import { Code, ident, str } from '../code.js';
import { domainNames } from '../domain-names.js';
import type { ViewValue } from '../templates.js';

/** The view of `handler.hbs`: the one-time scaffold of a `handler: custom` command's decide function. */
export interface HandlerView {
  readonly [key: string]: ViewValue;
  readonly domain: Code;
  readonly aggregate: Code;
  readonly command: Code;
  readonly commandLiteral: Code;
  readonly decide: Code;
  readonly handlerType: Code;
  /** The generated aggregate module, relative to the handler file. */
  readonly generatedPath: Code;
  /** The events the handler may return (identifiers). */
  readonly emits: readonly Code[];
  /** The stub's "not written yet" message, quoted. */
  readonly notWritten: Code;
}

export function handlerView(domain: DomainModel, aggregate: AggregateModel, command: CommandModel, generatedPath: string): HandlerView {
  return {
    domain: str(domain.name),
    aggregate: ident(aggregate.name),
    command: ident(command.name),
    commandLiteral: str(command.name),
    decide: ident(domainNames(domain).command(command.name).customDecide),
    handlerType: ident(domainNames(domain).command(command.name).handlerType),
    generatedPath: str(generatedPath),
    emits: command.emits.map((e) => ident(e.event)),
    notWritten: str(`The ${command.name} handler is not written yet`),
  };
}
