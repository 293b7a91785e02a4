import type { DomainModel, ProjectionModel, ReadModelModel } from '../../model/model.js';
import { Code, ident, str } from '../code.js';
import { domainNames } from '../domain-names.js';
import type { ViewValue } from '../templates.js';

/** The view of `projection.hbs`: the one-time scaffold of a `handler: custom` projection. */
export interface ProjectionView {
  readonly [key: string]: ViewValue;
  readonly domain: Code;
  readonly readModel: Code;
  readonly event: Code;
  readonly projection: Code;
  readonly projectionType: Code;
  /** The generated read-models module, relative to the scaffold. */
  readonly generatedPath: Code;
  /** The stub's "not written yet" message, quoted. */
  readonly notWritten: Code;
}

export function projectionView(domain: DomainModel, readModel: ReadModelModel, projection: ProjectionModel, generatedPath: string): ProjectionView {
  const event = projection.event.name;
  return {
    domain: str(domain.name),
    readModel: ident(readModel.name),
    event: ident(event),
    projection: ident(domainNames(domain).readModel(readModel.name).projection(event).handler),
    projectionType: ident(domainNames(domain).readModel(readModel.name).projection(event).handlerType),
    generatedPath: str(generatedPath),
    notWritten: str(`The ${event} projection of ${readModel.name} is not written yet`),
  };
}
