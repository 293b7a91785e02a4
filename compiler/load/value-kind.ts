/** How a plain value reads in a message: "a list", "the number 5", "the string 'abc'", "empty". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  switch (typeof value) {
    case 'string':
      return `the string '${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return `a ${typeof value}`;
  }
}

/** Like `describeValue`, without the value itself: "a list", "a string", "a number". */
export function describeValueKind(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a mapping';
    default:
      return `a ${typeof value}`;
  }
}
