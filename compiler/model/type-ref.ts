/** The built-in scalar types of the DSL. */
export const PRIMITIVE_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'uuid',
  'email',
  'url',
  'date',
  'datetime',
] as const;

export type PrimitiveName = (typeof PRIMITIVE_TYPES)[number];

/** A resolved field type. Optionality is a property of the field, not of the type. */
export type TypeRef = PrimitiveRef | EnumRef | ValueRef | ArrayRef;

export interface PrimitiveRef {
  readonly kind: 'primitive';
  readonly name: PrimitiveName;
}
/** A reference to an enum declared under `types:`. */
export interface EnumRef {
  readonly kind: 'enum';
  readonly name: string;
}
/** A reference to a value object declared under `types:`. */
export interface ValueRef {
  readonly kind: 'value';
  readonly name: string;
}
export interface ArrayRef {
  readonly kind: 'array';
  readonly element: TypeRef;
}

/** A constant as written in the spec (defaults, erased values): JSON data. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

/** Renders a type the way users write it: `integer`, `Address[]`, `AccountStatus`. */
export function formatTypeRef(type: TypeRef): string {
  switch (type.kind) {
    case 'primitive':
    case 'enum':
    case 'value':
      return type.name;
    case 'array':
      return `${formatTypeRef(type.element)}[]`;
  }
}
