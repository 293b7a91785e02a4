import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { compareVersions } from '../../../compiler/evolution/index.js';
import type { SpecVersion } from '../../../compiler/evolution/spec-version.js';
import { parseSource, type SourceDocument } from '../../../compiler/load/index.js';
import { checkDocuments } from '../../../compiler/pipeline/check-project.js';
import { createExampleProject } from '../../support/project.js';

/** One version of specs from texts (file -> YAML), checked in memory, files named `<label>:<file>` unless current. */
export function specVersion(files: Readonly<Record<string, string>>, label = ''): SpecVersion {
  const docs: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const shown = (file: string): string => (label === '' ? file : `${label}:${file}`);
  for (const [file, text] of Object.entries(files)) {
    const parsed = parseSource(shown(file), text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.doc !== undefined) docs.push(parsed.doc);
  }
  const checked = checkDocuments(docs, diagnostics);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (label === '' && errors.length > 0) throw new Error(`the current spec has errors:\n${errors.map((d) => `${d.code} ${d.span.start.line}: ${d.message}`).join('\n')}`);
  return {
    label,
    domains: checked.domains,
    broken: checked.broken,
    documents: docs,
    unreadable: new Set(),
    localPath: (file) => (label === '' ? file : file.slice(label.length + 1)),
  };
}

/** The changes between two versions of one spec file, `spec.yaml`. */
export const changesBetween = (before: string, after: string): readonly Diagnostic[] =>
  compareVersions(specVersion({ 'spec.yaml': before }, 'before'), specVersion({ 'spec.yaml': after }));

/** `CODE line: message` per diagnostic, for readable failures. */
export const summary = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.start.line}: ${d.message}`);

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' } });
}

/** A git repository holding the example domains and a config, committed once and tagged `base`. */
export function createExampleRepository(): string {
  const dir = createExampleProject();
  writeFileSync(join(dir, '.gitignore'), 'node_modules\nout\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.org');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'the example domains');
  git(dir, 'tag', 'base');
  return dir;
}

/** Replaces `find` (which must occur exactly once) in a file of the working tree. */
export function edit(dir: string, file: string, find: string, replace: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) throw new Error(`'${find}' does not occur exactly once in ${file}`);
  writeFileSync(path, text.slice(0, at) + replace + text.slice(at + find.length));
}

/** The 1-based line of the first occurrence of `text` in a file of the working tree (or of a revision). */
export function lineOf(dir: string, file: string, text: string, revision?: string): number {
  const content = revision === undefined ? readFileSync(join(dir, file), 'utf8') : git(dir, 'show', `${revision}:${file}`);
  const at = content.indexOf(text);
  if (at < 0) throw new Error(`'${text}' is not in ${file}`);
  return content.slice(0, at).split('\n').length;
}
