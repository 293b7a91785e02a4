import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { createDiagnostic } from '../diagnostics/catalog/index.js';
import { startOfFile, type Diagnostic } from '../diagnostics/diagnostic.js';
import { UnsafeOutputError } from '../emit/code.js';
import { formatAll, formatTypeScript, formatterFingerprint, type Formatted } from '../emit/format.js';
import { applyOutput, planOutput, planUnchanged, UnparsableOutputError, type OutputPlan, type RenderedFile } from '../emit/output.js';
import { compilerFingerprint, readRenderRecord, renderCacheFile, writeRenderRecord } from '../emit/render-cache.js';
import { MANIFEST_FILE, sha256 } from '../emit/manifest.js';
import { renderDomain, type OutputLayout, type RenderedDomain } from '../emit/render-domain.js';
import { loadTemplates, type TemplateSet } from '../emit/templates.js';
import { createTsMorphChecker } from '../emit/verify/ts-morph-checker.js';
import type { TypeCheckFile } from '../emit/verify/type-checker.js';
import type { CheckedProject } from './check-project.js';

export interface GenerateOptions {
  readonly cwd: string;
  /** Output folder (overrides the config's `output`), relative to cwd or absolute. */
  readonly out?: string;
  /** `check`: write nothing and report what is stale. */
  readonly mode: 'write' | 'check';
  /** Overwrite or remove generated files that were edited by hand, and unmanaged files in the way. */
  readonly force: boolean;
  /** Type-check the output in memory before writing; errors are reported as compiler bugs. */
  readonly verify: boolean;
}

export interface DomainReport {
  readonly domain: string;
  /** The domain's output folder, relative to cwd. */
  readonly dir: string;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Custom handler stubs created (relative to cwd). */
  readonly scaffolded: readonly string[];
  /** In check mode: every file that generating would create, change or remove (relative to cwd). */
  readonly stale: readonly string[];
}

export interface GenerateResult {
  readonly reports: readonly DomainReport[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Renders, formats, (verifies) and writes — or, in check mode, compares — every domain of a checked project. */
export async function generateProject(project: CheckedProject, options: GenerateOptions): Promise<GenerateResult> {
  // Where output and handlers go comes from the config: with an error in it, writing (or
  // comparing) would use defaults the author did not choose. Its diagnostics say what to fix.
  if (hasConfigError(project)) return { reports: [], diagnostics: [] };
  const { cwd } = options;
  const root = project.config.dir;
  const layout: OutputLayout = {
    output: toPosix(relativeTo(root, options.out === undefined ? resolve(root, project.config.output) : resolve(cwd, options.out))),
    handlers: toPosix(relativeTo(root, resolve(root, project.config.handlers))),
  };
  const templates = loadTemplates(project.config.templates === undefined ? undefined : resolve(root, project.config.templates));
  const diagnostics: Diagnostic[] = [];
  const reports: DomainReport[] = [];
  const display = (path: string) => toPosix(relative(cwd, resolve(root, path)));

  const inputs = [await compilerFingerprint(), await formatterFingerprint(), templates.fingerprint, JSON.stringify(layout), project.inputFingerprint()].join('\0');

  for (const domain of project.domains) {
    // Nothing this domain's output is made of changed, and the folder is as written: skip rendering.
    const outputDir = posix.join(layout.output, domain.name);
    const cacheFile = await renderCacheFile(root, resolve(root, outputDir));
    const renderKey = sha256(`${inputs}\0${domain.name}`);
    const unchanged = options.verify || cacheFile === undefined ? undefined : await reuseOutput(cacheFile, renderKey, resolve(root, outputDir), root);
    if (unchanged !== undefined) {
      reports.push({ domain: domain.name, dir: display(outputDir), written: 0, unchanged, removed: 0, scaffolded: [], stale: [] });
      continue;
    }
    // A first generation formats every file: start each as soon as it is rendered, on oxfmt's
    // threads, while the next renders. Later runs format only what changed, decided in planOutput.
    const early = existsSync(resolve(root, outputDir, MANIFEST_FILE)) ? undefined : new Map<string, Promise<Formatted>>();
    const startFormatting = early === undefined ? undefined : (file: RenderedFile) => void early.set(file.path, formatOne(file.text));
    const rendered = renderSafely(() => renderDomain(domain, templates, layout, startFormatting), templates, diagnostics);
    if (rendered === undefined) continue;
    if (rendered.diagnostics.length > 0) {
      diagnostics.push(...rendered.diagnostics);
      continue;
    }
    const dir = resolve(root, rendered.dir);
    let plan: OutputPlan;
    try {
      plan = await planOutput(dir, rendered.files, { force: options.force, ...(early === undefined ? {} : { formatted: early }) });
    } catch (error) {
      if (!(error instanceof UnparsableOutputError)) throw error;
      const file = display(`${rendered.dir}/${error.path}`);
      diagnostics.push(createDiagnostic('ORX8006', startOfFile(file), { file, message: error.message }));
      continue;
    }
    const missingScaffolds = rendered.scaffolds.filter((s) => !existsSync(resolve(root, s.path)));

    const verifyProblems = options.verify ? await verify(plan, rendered, root, cwd) : [];
    diagnostics.push(...verifyProblems);
    const conflicts = plan.conflicts.map((c) =>
      c.reason === 'edited'
        ? createDiagnostic('ORX8002', startOfFile(display(`${rendered.dir}/${c.path}`)), { path: display(`${rendered.dir}/${c.path}`), action: c.action })
        : createDiagnostic('ORX8003', startOfFile(display(`${rendered.dir}/${c.path}`)), { path: display(`${rendered.dir}/${c.path}`) }),
    );
    diagnostics.push(...conflicts);

    const changed = plan.files.filter((f) => f.status !== 'unchanged');
    // A hand-edited file is both changed and a conflict: list (and count) each file once.
    const stale =
      options.mode === 'check'
        ? [
            ...new Set([
              ...changed.map((f) => display(`${rendered.dir}/${f.path}`)),
              ...plan.removals.map((p) => display(`${rendered.dir}/${p}`)),
              ...plan.conflicts.map((c) => display(`${rendered.dir}/${c.path}`)),
              ...missingScaffolds.map((s) => display(s.path)),
            ]),
          ].sort()
        : [];
    // Nothing is written for a domain with conflicts (it would lose hand edits) or broken output. A
    // handler that no longer fits its signature does not block: fixing it needs the new types.
    const broken = verifyProblems.some((d) => d.code === 'ORX8004');
    const writes = options.mode === 'write' && conflicts.length === 0 && !broken;
    let scaffolded: string[] = [];
    if (writes) {
      await applyOutput(plan);
      scaffolded = await writeScaffolds(missingScaffolds, root);
      if (cacheFile !== undefined && verifyProblems.length === 0) {
        const record = { key: renderKey, files: plan.files.map((f) => f.path), scaffolds: rendered.scaffolds.map((s) => s.path) };
        await writeRenderRecord(cacheFile, record);
      }
    }
    reports.push({
      domain: domain.name,
      dir: display(rendered.dir),
      written: writes ? changed.length : 0,
      unchanged: plan.files.length - changed.length,
      removed: writes ? plan.removals.length : 0,
      scaffolded: scaffolded.map(display),
      stale,
    });
  }
  return { reports, diagnostics };
}

/**
 * When the cache says this domain was last generated from exactly the current inputs, and its output
 * folder and handler files are still as written, the domain's report without rendering anything.
 */
async function reuseOutput(cacheFile: string, key: string, dir: string, root: string): Promise<number | undefined> {
  const record = await readRenderRecord(cacheFile);
  if (record?.key !== key) return undefined;
  if (record.scaffolds.some((path) => !existsSync(resolve(root, path)))) return undefined;
  const plan = await planUnchanged(dir, record.files);
  return plan?.files.length;
}

const formatOne = async (text: string): Promise<Formatted> => {
  const [result] = await formatAll([text]);
  return result ?? { ok: false, error: new Error('the formatter returned nothing') };
};

/** True when a check-mode run found anything to regenerate. */
export const hasStaleOutput = (result: GenerateResult): boolean => result.reports.some((r) => r.stale.length > 0);

function renderSafely(render: () => RenderedDomain, templates: TemplateSet, diagnostics: Diagnostic[]): RenderedDomain | undefined {
  try {
    return render();
  } catch (error) {
    // Unsafe data reaching an emitter is a compiler bug, not a template problem: let it surface as one.
    if (error instanceof UnsafeOutputError) throw error;
    // Handlebars' strict mode reports the template name in its message when it can.
    const message = error instanceof Error ? error.message : String(error);
    const template = [...templates.origins.values()].find((origin) => message.includes(origin)) ?? 'templates/';
    diagnostics.push(createDiagnostic('ORX8005', startOfFile(template), { template, message }));
    return undefined;
  }
}

/**
 * Type-checks the planned output with the custom handlers as they are on disk (or as scaffolded).
 * An error inside a handler, or in the generated declaration that binds a handler to its signature
 * type (the renderer reports which file binds which handler), is the user's (ORX8007); any other
 * error in generated code is a compiler bug (ORX8004).
 */
async function verify(plan: OutputPlan, rendered: RenderedDomain, root: string, cwd: string): Promise<readonly Diagnostic[]> {
  const files: TypeCheckFile[] = plan.files.map((f) => ({ path: resolve(plan.dir, f.path), text: f.content }));
  for (const handler of rendered.scaffolds) {
    const path = resolve(root, handler.path);
    files.push({ path, text: existsSync(path) ? await readFile(path, 'utf8') : await formatTypeScript(handler.text) });
  }
  // Handler file -> its handler; generated file -> the handlers it binds.
  const handlerFiles = new Map(rendered.bindings.map((b) => [resolve(root, b.handlerFile), b.handler]));
  const bound = new Map<string, Set<string>>();
  for (const binding of rendered.bindings) {
    const file = resolve(plan.dir, binding.file);
    bound.set(file, (bound.get(file) ?? new Set()).add(binding.handler));
  }
  const checker = createTsMorphChecker();
  const problems = await checker.check(files);
  // Without the runtime every other error is a consequence: report the cause once.
  const missingRuntime = problems.find((p) => p.code === 2307 && p.message.includes("'orchestrix/runtime'"));
  if (missingRuntime !== undefined) {
    const file = toPosix(relative(cwd, missingRuntime.file));
    return [createDiagnostic('ORX8008', startOfFile(file), { file })];
  }
  return problems.map((p) => {
    const file = toPosix(relative(cwd, p.file));
    const binding = p.initializer !== undefined && bound.get(p.file)?.has(p.initializer) === true ? p.initializer : undefined;
    const handler = handlerFiles.get(p.file) ?? binding;
    if (handler !== undefined) {
      return createDiagnostic('ORX8007', { file, start: { line: p.line, column: p.column, offset: 0 }, end: { line: p.line, column: p.column, offset: 0 } }, {
        file,
        line: p.line,
        column: p.column,
        handler,
        message: p.message,
      });
    }
    return createDiagnostic('ORX8004', startOfFile(file), { file, line: p.line, column: p.column, message: p.message });
  });
}

async function writeScaffolds(scaffolds: readonly { readonly path: string; readonly text: string }[], root: string): Promise<string[]> {
  const written: string[] = [];
  for (const scaffold of scaffolds) {
    const path = resolve(root, scaffold.path);
    await mkdir(dirname(path), { recursive: true });
    // 'wx': never overwrite, even if the file appeared since we looked.
    try {
      await writeFile(path, await formatTypeScript(scaffold.text), { flag: 'wx' });
      written.push(scaffold.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return written;
}

const toPosix = (path: string): string => path.split(sep).join('/');
const relativeTo = (root: string, path: string): string => (isAbsolute(path) ? relative(root, path) : path) || '.';

/** Errors in orchestrix.config.yaml (ORX11xx): the checked specs stand, but the layout does not. */
function hasConfigError(project: CheckedProject): boolean {
  return project.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('ORX11'));
}
