import type { Diagnostic } from '../diagnostic.js';

/** GitHub Actions workflow commands: one `::error file=..,line=..::message` per diagnostic (`::notice` for info). */
export function renderGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [
        `file=${escapeProperty(d.span.file)}`,
        `line=${d.span.start.line}`,
        `col=${d.span.start.column}`,
        `endLine=${d.span.end.line}`,
        `endColumn=${d.span.end.column}`,
        `title=${escapeProperty(d.code)}`,
      ].join(',');
      const message = d.hint === undefined ? d.message : `${d.message}\n${d.hint}`;
      return `::${d.severity === 'info' ? 'notice' : d.severity} ${props}::${escapeData(message)}\n`;
    })
    .join('');
}

// The escaping GitHub's runner applies (actions/toolkit, command.ts).
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
