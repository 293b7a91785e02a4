// Regenerates the documentation files that are derived from code: `npm run docs:update`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDiagnosticsReference } from './diagnostics-reference.js';
import { REPO_ROOT } from './project.js';

writeFileSync(join(REPO_ROOT, 'docs/diagnostics.md'), await renderDiagnosticsReference());
process.stderr.write('wrote docs/diagnostics.md\n');
