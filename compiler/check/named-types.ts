import type { EnumTypeModel, NamedTypeModel, ValueTypeModel } from '../model/model.js';
import { child, valueSpan } from './location.js';
import { checkEnumMember } from './names.js';
import { checkFieldValues, resolveFields, toFieldModel, type ResolvedField } from './fields.js';
import type { LiteralTypes } from './literals.js';
import type { Reporter } from './reporter.js';
import type { DomainSymbols, TypeDeclaration } from './symbols.js';
import { TypeResolver } from './types.js';
import { analyzeValueGraph } from './value-graph.js';

/** The domain's enums and value types, resolved. Lookups are by name (first declaration wins). */
export interface NamedTypes extends LiteralTypes {
  readonly resolver: TypeResolver;
  /** Models of every named type, for expression scopes and the domain model. */
  readonly models: ReadonlyMap<string, NamedTypeModel>;
  valueFields(name: string): readonly ResolvedField[] | undefined;
  /** Whether the value type holds pii, directly or through other value types. */
  containsPii(name: string): boolean;
}

const kindOf = (decl: TypeDeclaration): 'enum' | 'value' => ('enum' in decl.spec ? 'enum' : 'value');

/** Resolves and checks every named type of a domain. */
export function checkNamedTypes(
  declarations: readonly TypeDeclaration[],
  symbols: DomainSymbols,
  reporter: Reporter,
): NamedTypes {
  const canonical = declarations.filter((d) => symbols.get(d.name) === d);
  const resolver = new TypeResolver(new Map(canonical.map((d) => [d.name, kindOf(d)])), symbols);

  const enumMembers = new Map<string, readonly string[]>();
  const valueFields = new Map<string, readonly ResolvedField[]>();
  const allValueFields: ResolvedField[][] = [];
  for (const decl of declarations) {
    const isCanonical = symbols.get(decl.name) === decl;
    if ('enum' in decl.spec) {
      const members = checkEnumMembers(decl, reporter);
      if (isCanonical) enumMembers.set(decl.name, members);
    } else {
      const fields = resolveFields(decl.spec.fields, child(decl.loc, 'fields'), {
        record: 'value',
        reporter,
        types: resolver,
      });
      allValueFields.push(fields);
      if (isCanonical) valueFields.set(decl.name, fields);
    }
  }

  const lookups: LiteralTypes = {
    enumMembers: (name) => enumMembers.get(name),
    valueFields: (name) => valueFields.get(name),
  };
  for (const fields of allValueFields) checkFieldValues(fields, lookups, reporter);
  const graph = analyzeValueGraph(
    canonical.map((d) => d.name),
    valueFields,
    reporter,
  );
  const containsPii = (name: string): boolean => graph.containsPii.get(name) ?? false;

  const models = new Map<string, NamedTypeModel>();
  for (const decl of canonical) {
    const description = decl.spec.description;
    const members = enumMembers.get(decl.name);
    const fields = valueFields.get(decl.name);
    if (members !== undefined) {
      const model: EnumTypeModel = { kind: 'enum', name: decl.name, description, members, span: decl.span };
      models.set(decl.name, model);
    } else if (fields !== undefined) {
      const model: ValueTypeModel = {
        kind: 'value',
        name: decl.name,
        description,
        // Value types are shared between records: their pii subject is the holding record's.
        fields: fields.map((f) =>
          toFieldModel(f, f.pii === undefined ? undefined : { subject: { kind: 'inherited' }, erased: f.pii.erased }),
        ),
        containsPii: containsPii(decl.name),
        span: decl.span,
      };
      models.set(decl.name, model);
    }
  }

  return {
    resolver,
    models,
    containsPii,
    enumMembers: lookups.enumMembers,
    valueFields: (name) => valueFields.get(name),
  };
}

function checkEnumMembers(decl: TypeDeclaration, reporter: Reporter): readonly string[] {
  if (!('enum' in decl.spec)) return [];
  const seen = new Map<string, number>();
  decl.spec.enum.forEach((member, index) => {
    const span = valueSpan(child(decl.loc, 'enum', index));
    checkEnumMember(member, decl.name, span, reporter);
    const first = seen.get(member);
    if (first === undefined) {
      seen.set(member, index);
      return;
    }
    reporter.report('ORX4004', span, { member, enumName: decl.name }, [
      { message: `'${member}' is first listed here`, span: valueSpan(child(decl.loc, 'enum', first)) },
    ]);
  });
  return decl.spec.enum;
}
