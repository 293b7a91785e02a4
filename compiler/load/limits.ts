/**
 * Resource limits for reading specs. They bound time and memory on hostile or accidental input
 * (a huge file, an alias bomb, a pathological nesting) long before the YAML parser could be hurt;
 * real specs stay far below every one of them.
 */

/** Largest spec or config file read: 5 MiB. The 200-aggregate benchmark domain is about 1.3 MB. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Deepest nesting of collections. DSL files nest about 8 levels; yaml itself overflows near a few thousand. */
export const MAX_NESTING_DEPTH = 128;

/**
 * Most nodes that aliases may add to a document when expanded (each `*alias` counts the size of
 * what it repeats). A billion-laughs file would add ~10^9; legitimate reuse adds hundreds.
 */
export const MAX_ALIAS_EXPANSION = 100_000;
