import { posix } from 'node:path';

/**
 * Case conversions and import paths. The names themselves (types, schemas, functions, files) are
 * chosen per domain in domain-names.ts, so that they never collide.
 */

/** `Account` -> `account`; `OrderLine` -> `orderLine`. */
export const camel = (pascal: string): string => pascal.charAt(0).toLowerCase() + pascal.slice(1);

/** `banking` -> `Banking`. */
export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** `OrderLine` -> `order-line` (file names). */
export const kebab = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();


/**
 * The module specifier for importing `to` from `from` (both `/`-separated paths from one root, or
 * both absolute), with the `.ts` extension written as `.js` as NodeNext resolution expects.
 */
export function importPath(from: string, to: string): string {
  const relative = posix.relative(posix.dirname(from), to).replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
