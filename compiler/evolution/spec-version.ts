import { plainSpan, type Span } from '../diagnostics/diagnostic.js';
import type { DocPath, SourceDocument } from '../load/source.js';
import type { DomainModel } from '../model/model.js';

/** One version of a project's specs, checked: the working tree, or an earlier one (a git revision, a folder). */
export interface SpecVersion {
  /** How the version is named in messages: `main`, `v1.2.0`, `../release-1`; empty for the working tree. */
  readonly label: string;
  /** The domains that checked clean, sorted by name. */
  readonly domains: readonly DomainModel[];
  /** Domains declared by some spec file but with errors (no model), with their error counts. */
  readonly broken: ReadonlyMap<string, number>;
  readonly documents: readonly SourceDocument[];
  /** Project paths of spec files that failed to load: their domains are unknown, not removed. */
  readonly unreadable: ReadonlySet<string>;
  /** A file's path relative to its project folder, from its path as shown (`main:domains/a.yaml` -> `domains/a.yaml`). */
  readonly localPath: (shownFile: string) => string;
}

/**
 * Spans of places in one version's specs, by document path. The model keeps spans for
 * declarations; a change is often better reported at a part of one (`version:`, `previous.1`,
 * `enum:`), which the source documents can locate. A path that no longer exists resolves to its
 * nearest existing ancestor, so a removed key is reported at the mapping that lost it.
 */
export class SpecLocator {
  readonly #byFile: ReadonlyMap<string, SourceDocument>;
  readonly #byLocalPath: ReadonlyMap<string, SourceDocument>;

  constructor(readonly version: SpecVersion) {
    this.#byFile = new Map(version.documents.map((d) => [d.file, d]));
    this.#byLocalPath = new Map(version.documents.map((d) => [version.localPath(d.file), d]));
  }

  /** The span of `path` in the file that holds `near` (a model span), or `near` itself when that file is not loaded. */
  at(near: Span, path: DocPath, part: 'key' | 'value' = 'key'): Span {
    const doc = this.#byFile.get(near.file);
    return plainSpan(doc === undefined ? near : doc.span(path, part));
  }

  /** The span of `path` in `file`, when this version has that file. */
  inFile(file: string, path: DocPath, part: 'key' | 'value' = 'key'): Span | undefined {
    const doc = this.#byFile.get(file);
    return doc === undefined ? undefined : plainSpan(doc.span(path, part));
  }

  /** Where a domain is declared: the `domain:` value of its first file. */
  domainSpan(domain: { readonly sources: readonly string[] }): Span | undefined {
    const first = domain.sources[0];
    return first === undefined ? undefined : this.inFile(first, ['domain'], 'value');
  }

  /** The document of this version at the same project path as `file` of another version. */
  sameFile(localPath: string): SourceDocument | undefined {
    return this.#byLocalPath.get(localPath);
  }
}

export const aggregatePath = (aggregate: string): DocPath => ['aggregates', aggregate];
export const eventPath = (aggregate: string, event: string): DocPath => ['aggregates', aggregate, 'events', event];
export const commandPath = (aggregate: string, command: string): DocPath => ['aggregates', aggregate, 'commands', command];
