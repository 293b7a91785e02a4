/**
 * orchestrix/compiler — the compiler as a library.
 */
export type * from './diagnostics/diagnostic.js';
export type * from './load/source.js';
export * from './model/index.js';
export type * from './expr/ast.js';
export { compileExpression, compileYamlValue, emitTypeScript, formatExprType } from './expr/index.js';
export type {
  CompileExpressionInput,
  CompileExpressionResult,
  CompileYamlValueInput,
  EmitNames,
  ExpectedType,
  ExprField,
  ExprScope,
} from './expr/index.js';
export { checkDomains } from './check/index.js';
export type { CheckInput, CheckResult } from './check/index.js';
export { loadConfig, loadSources, parseSource } from './load/index.js';
export type { LoadedConfig, LoadedSources, LoadOptions, ParsedSource } from './load/index.js';
export { dslJsonSchema, validateConfig, validateSpec } from './syntax/index.js';
export type { SpecFile } from './syntax/index.js';
