/**
 * compiler/evolution — what changed between two versions of a project's specs, and who pays for
 * it: stored data, callers, rebuilds, or nobody. See docs/evolution.md.
 */
export { compareVersions } from './compare.js';
export { GitRevisionError } from './git.js';
export type { SpecVersion } from './spec-version.js';
export { currentVersion, loadEarlierVersion, type LoadedVersion } from './versions.js';
