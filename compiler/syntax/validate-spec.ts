import { createDiagnostic } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source.js';
import { describeValue } from '../load/value-kind.js';
import { descriptionOf, describeSpecPath } from './describe.js';
import type { Finding } from './findings.js';
import { dslSchemas, type SpecFile } from './schema.js';
import { SPEC_SHAPE } from './shapes.generated.js';
import { missingKeySpan, validateStructure } from './structural.js';
import { schemaAt, valueAt } from './zod-walk.js';

/**
 * Validates a document against the DSL schema. `spec` is defined when the document is usable by the
 * semantic checker: valid, or made valid by leaving out each part that holds a structural error (an
 * unknown key, `snapshot: 50`, a declaration or field that is wrong inside), so that one mistake
 * does not hide the semantic errors of the rest. `removed` names the declarations and fields left
 * out: a semantic diagnostic about one of them only echoes the structural error.
 */
export function validateSpec(doc: SourceDocument): {
  readonly spec: SpecFile | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly removed: readonly DocPath[];
} {
  const result = validateStructure(SPEC_SHAPE, () => dslSchemas().specFileSchema, doc, (finding) => specDiagnostic(doc, finding), 'prune');
  return { spec: result.data, diagnostics: result.diagnostics, removed: result.removed };
}

const descriptionAt = (doc: SourceDocument, path: DocPath): string | undefined =>
  descriptionOf(schemaAt(dslSchemas().specFileSchema, doc.value, path));

const inside = (path: DocPath): string => (path.length === 0 ? 'at the top level' : `in ${describeSpecPath(path)}`);

function specDiagnostic(doc: SourceDocument, finding: Finding): Diagnostic {
  const { path } = finding;
  const where = describeSpecPath(path);
  switch (finding.kind) {
    case 'unknownKey':
      return createDiagnostic('ORX2001', doc.span(path, 'key'), {
        key: finding.key,
        where: inside(path.slice(0, -1)),
        suggestion: finding.suggestion,
        known: finding.known,
      });
    case 'missingKey': {
      const only = finding.keys.length === 1 ? finding.keys[0] : undefined;
      return createDiagnostic('ORX2003', missingKeySpan(doc, path), {
        where,
        keys: finding.keys,
        description: only === undefined ? undefined : descriptionAt(doc, [...path, only]),
      });
    }
    case 'wrongType':
    case 'outOfRange':
      return createDiagnostic(finding.kind === 'wrongType' ? 'ORX2002' : 'ORX2005', doc.span(path), {
        where,
        expected: finding.expected,
        actual: describeValue(valueAt(doc.value, path)),
        description: descriptionAt(doc, path),
      });
    case 'notAllowed':
      return createDiagnostic('ORX2004', doc.span(path), {
        where,
        value: describeValue(valueAt(doc.value, path)),
        allowed: finding.allowed,
        suggestion: finding.suggestion,
      });
    case 'badFormat': {
      if (finding.atKey) {
        return createDiagnostic('ORX2006', doc.span(path, 'key'), {
          subject: `key '${String(path.at(-1))}'`,
          where: inside(path.slice(0, -1)),
          problem: finding.problem,
        });
      }
      const value = valueAt(doc.value, path);
      return createDiagnostic('ORX2006', doc.span(path), {
        subject: typeof value === 'string' ? `'${value}'` : describeValue(value),
        where: `for ${where}`,
        problem: finding.problem,
      });
    }
    case 'rule':
      return createDiagnostic('ORX2007', doc.span(path), { where, problem: finding.problem });
  }
}
