import type { RefExpr, TypedExpr } from './ast.js';

/**
 * Presence narrowing, the way TypeScript does it, so that the check the error message suggests
 * works and the emitted code type-checks: in `x != null && <here>`, `x == null || <here>` and the
 * branches of `x != null ? <here> : <there>`, an optional `x` counts as present. Facts are keys of
 * refs (`state.address.city`); a present path implies its prefixes are present.
 */

export const refKey = (root: string, path: readonly string[], length = path.length): string => {
  let key = root;
  for (let i = 0; i < length; i++) key += `.${path[i] ?? ''}`;
  return key;
};

/** Keys of the refs known to be present when `e` evaluates to `outcome`. */
export function presentWhen(e: TypedExpr, outcome: boolean, into: string[] = []): string[] {
  switch (e.kind) {
    case 'unary':
      if (e.operator === '!') presentWhen(e.operand, !outcome, into);
      break;
    case 'binary':
      if (e.operator === '&&' && outcome) {
        presentWhen(e.left, true, into);
        presentWhen(e.right, true, into);
      } else if (e.operator === '||' && !outcome) {
        presentWhen(e.left, false, into);
        presentWhen(e.right, false, into);
      } else if ((e.operator === '!=' && outcome) || (e.operator === '==' && !outcome)) {
        const ref = nullComparedRef(e.left, e.right) ?? nullComparedRef(e.right, e.left);
        if (ref !== undefined) {
          for (let i = 1; i <= ref.path.length; i++) into.push(refKey(ref.root, ref.path, i));
        }
      }
      break;
    default:
      break;
  }
  return into;
}

function nullComparedRef(a: TypedExpr, b: TypedExpr): RefExpr | undefined {
  return a.kind === 'ref' && b.kind === 'literal' && b.value === null ? a : undefined;
}
