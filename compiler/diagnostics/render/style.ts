/** ANSI styling that can be switched off as a whole (NO_COLOR, not a TTY, --no-color). */
export interface Style {
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly info: (s: string) => string;
  readonly location: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly caret: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const colorStyle: Style = {
  error: wrap(31, 39),
  warning: wrap(33, 39),
  info: wrap(34, 39),
  location: wrap(36, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
  caret: wrap(31, 39),
};

const plain = (s: string) => s;
export const plainStyle: Style = { error: plain, warning: plain, info: plain, location: plain, dim: plain, bold: plain, caret: plain };

/**
 * Colour follows the usual conventions: NO_COLOR (any value) disables it, FORCE_COLOR (not "0")
 * enables it, otherwise only a TTY gets colour.
 */
export function shouldUseColor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}
