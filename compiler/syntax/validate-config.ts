import { createDiagnostic } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDocument } from '../load/source.js';
import { describeValue } from '../load/value-kind.js';
import { type ConfigSpec, configSchema } from './config-schema.js';
import { CONFIG_SHAPE } from './shapes.generated.js';
import { descriptionOf, quoteList } from './describe.js';
import type { Finding } from './findings.js';
import { validateStructure } from './structural.js';
import { schemaAt, valueAt } from './zod-walk.js';

/**
 * Validates orchestrix.config.yaml. `config` holds every valid key (invalid or unknown ones are
 * left out, so their defaults apply).
 */
export function validateConfig(doc: SourceDocument): { readonly config: ConfigSpec; readonly diagnostics: readonly Diagnostic[] } {
  const result = validateStructure(CONFIG_SHAPE, configSchema, doc, (finding) => configDiagnostic(doc, finding), 'unknown-keys');
  if (result.data !== undefined) return { config: result.data, diagnostics: result.diagnostics };
  return { config: validKeys(doc.value), diagnostics: result.diagnostics };
}

/** Each key validated on its own, keeping the valid ones. */
function validKeys(value: unknown): ConfigSpec {
  const config: Record<string, unknown> = {};
  if (value === null || typeof value !== 'object') return {};
  for (const [key, schema] of Object.entries(configSchema().shape)) {
    const parsed = schema.safeParse((value as Record<string, unknown>)[key]);
    if (parsed.success && parsed.data !== undefined) config[key] = parsed.data;
  }
  const parsed = configSchema().safeParse(config);
  return parsed.success ? parsed.data : {};
}

function configDiagnostic(doc: SourceDocument, finding: Finding): Diagnostic {
  const { path } = finding;
  const key = String(path[0] ?? '');
  if (finding.kind === 'unknownKey') {
    return createDiagnostic('ORX1101', doc.span(path, 'key'), { key: finding.key, suggestion: finding.suggestion, known: finding.known });
  }
  const actual = describeValue(valueAt(doc.value, path));
  const item = path.length > 1 ? `item ${Number(path[1]) + 1}: ` : '';
  let problem: string;
  switch (finding.kind) {
    case 'missingKey':
      problem = `missing ${quoteList(finding.keys)}`;
      break;
    case 'wrongType':
    case 'outOfRange':
      problem = `${item}expected ${finding.expected}, not ${actual}`;
      break;
    case 'notAllowed':
      problem = `${item}expected ${quoteList(finding.allowed)}, not ${actual}`;
      break;
    case 'badFormat':
    case 'rule':
      problem = `${item}${finding.problem}`;
      break;
  }
  const span = finding.kind === 'badFormat' && finding.atKey ? doc.span(path, 'key') : doc.span(path);
  return createDiagnostic('ORX1102', span, { key, problem, description: descriptionOf(schemaAt(configSchema(), doc.value, [key])) });
}
