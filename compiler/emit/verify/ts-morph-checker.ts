import type { TypeChecker, TypeCheckFile, TypeCheckProblem } from './type-checker.js';
import { STRICT_COMPILER_OPTIONS } from './type-checker.js';

/** A TypeChecker on ts-morph's bundled TypeScript; ts-morph is loaded only when a check runs. */
export function createTsMorphChecker(): TypeChecker {
  return {
    async check(files: readonly TypeCheckFile[]): Promise<readonly TypeCheckProblem[]> {
      const { Project, SyntaxKind, ts } = await import('ts-morph');
      const project = new Project({
        compilerOptions: {
          ...STRICT_COMPILER_OPTIONS,
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          lib: ['lib.es2023.d.ts'],
          types: [],
          noEmit: true,
        },
        skipAddingFilesFromTsConfig: true,
      });
      const sources = files.map((f) => project.createSourceFile(f.path, f.text, { overwrite: true }));
      // Only the generated files' own diagnostics: checking the whole program (the runtime's
      // sources included) would cost far more and report nothing about our output.
      const diagnostics = sources.flatMap((source) => source.getPreEmitDiagnostics());
      return diagnostics.map((d) => {
        const file = d.getSourceFile();
        const start = d.getStart() ?? 0;
        const position = file?.getLineAndColumnAtPos(start) ?? { line: 1, column: 1 };
        const text = d.getMessageText();
        // The declaration the problem lies in, if it is `const x: T = identifier`.
        const node = file?.getDescendantAtPos(start);
        const declaration = node?.isKind(SyntaxKind.VariableDeclaration) ? node : node?.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
        const initializer = declaration?.getInitializerIfKind(SyntaxKind.Identifier)?.getText();
        return {
          file: file?.getFilePath() ?? '',
          line: position.line,
          column: position.column,
          code: d.getCode(),
          message: typeof text === 'string' ? text : ts.flattenDiagnosticMessageText(text.compilerObject, '\n'),
          ...(initializer === undefined ? {} : { initializer }),
        };
      });
    },
  };
}
