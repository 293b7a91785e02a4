import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { behaviourDiagnostics } from '../../../compiler/diagnostics/catalog/behaviour.js';
import { gdprDiagnostics } from '../../../compiler/diagnostics/catalog/gdpr.js';
import { namesDiagnostics } from '../../../compiler/diagnostics/catalog/names.js';
import { readSideDiagnostics } from '../../../compiler/diagnostics/catalog/read-side.js';
import { typesDiagnostics } from '../../../compiler/diagnostics/catalog/types.js';
import { runPipeline } from './support.js';

/**
 * The corpus of invalid specs: test/compiler/check/corpus/*.yaml, one mistake per file (a folder
 * holds the files of one multi-file domain). Each file lists what it must report, one line per
 * diagnostic: `# expect: ORX3001 12:7` (code, line, column in that file); `# expect: nothing` for
 * a file that must report nothing itself.
 */

const root = fileURLToPath(new URL('./corpus', import.meta.url));
const cwd = process.cwd();

interface CorpusCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
}

function corpusCases(): CorpusCase[] {
  return readdirSync(root)
    .sort()
    .map((entry) => {
      const path = join(root, entry);
      const paths = statSync(path).isDirectory()
        ? readdirSync(path)
            .sort()
            .map((f) => join(path, f))
        : [path];
      const files: Record<string, string> = {};
      for (const p of paths) files[relative(cwd, p)] = readFileSync(p, 'utf8');
      return { name: entry, files };
    });
}

const EXPECT = /^# expect: (?:(ORX\d{4}) (\d+):(\d+)|nothing)\s*$/;

function expectationsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('# expect:')) continue;
    const m = EXPECT.exec(line);
    if (m === null) throw new Error(`${file}: malformed expectation '${line}'`);
    if (m[1] !== undefined) out.push(`${m[1]} ${file}:${m[2]}:${m[3]}`);
  }
  return out;
}

const cases = corpusCases();

describe('corpus of invalid specs', () => {
  it('reports exactly the expected codes at exactly the expected positions', () => {
    const mismatches: string[] = [];
    for (const c of cases) {
      const expected = Object.entries(c.files)
        .flatMap(([file, text]) => expectationsOf(file, text))
        .sort();
      const actual = runPipeline(c.files)
        .all.map((d) => `${d.code} ${d.span.file}:${d.span.start.line}:${d.span.start.column}`)
        .sort();
      const missing = expected.filter((e) => !actual.includes(e));
      const extra = actual.filter((a) => !expected.includes(a));
      if (expected.length !== actual.length || missing.length > 0 || extra.length > 0) {
        mismatches.push(
          `${c.name}:\n  missing: ${missing.join(', ') || '-'}\n  unexpected: ${extra.join(', ') || '-'}`,
        );
      }
    }
    expect(mismatches.join('\n')).toBe('');
  });

  it('covers every code of the names, types, behaviour, read-side and personal-data sections', () => {
    const covered = new Set(
      cases.flatMap((c) => Object.entries(c.files).flatMap(([f, t]) => expectationsOf(f, t))).map((e) => e.slice(0, 7)),
    );
    const codes = Object.keys({
      ...namesDiagnostics,
      ...typesDiagnostics,
      ...behaviourDiagnostics,
      ...readSideDiagnostics,
      ...gdprDiagnostics,
    });
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((code) => !covered.has(code))).toEqual([]);
  });
});
