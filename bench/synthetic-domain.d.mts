/** Types for bench/synthetic-domain.mjs (imported by tests). */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}
export function generateDomain(options: { aggregates: number; layout?: 'one-file' | 'per-aggregate' }): GeneratedFile[];
