/**
 * The shape of the JSON Schemas this package validates against.
 *
 * Schemas are plain data, written the way Nova writes them in
 * `nova/api/openstack/compute/schemas/`: key order matters, because the
 * first failing keyword (in the schema's own order) decides the message.
 *
 * @module
 */

/** A JSON Schema primitive type name. */
export type TypeName =
  | "array"
  | "boolean"
  | "integer"
  | "null"
  | "number"
  | "object"
  | "string";

/**
 * An object schema. The keywords listed are the ones the validator acts on;
 * anything else (`description`, `title`, `$comment`, ...) is carried along and
 * ignored.
 */
export interface SchemaObject {
  /** Allowed JSON type(s); `integer` accepts integral numbers. */
  type?: TypeName | readonly TypeName[];
  /** The value must equal one of these (booleans never equal numbers). */
  enum?: readonly unknown[];
  /** The value must equal this. */
  const?: unknown;
  /** Schemas for named properties that are present. */
  properties?: Readonly<Record<string, Schema>>;
  /** Schemas for properties whose name a Python pattern finds (`re.search`). */
  patternProperties?: Readonly<Record<string, Schema>>;
  /** Schema for, or `false` to forbid, properties not covered above. */
  additionalProperties?: Schema;
  /** Properties that must be present. */
  required?: readonly string[];
  /** Fewest properties allowed. */
  minProperties?: number;
  /** Most properties allowed. */
  maxProperties?: number;
  /** Schema every property name must satisfy. */
  propertyNames?: Schema;
  /** When a key is present, these others must be too. */
  dependentRequired?: Readonly<Record<string, readonly string[]>>;
  /** When a key is present, the object must also satisfy this schema. */
  dependentSchemas?: Readonly<Record<string, Schema>>;
  /** Schema for items after `prefixItems` (or `false`); an array means draft-4 tuple form. */
  items?: Schema | readonly Schema[];
  /** Schemas for the leading items, position by position. */
  prefixItems?: readonly Schema[];
  /** With tuple-form `items`: schema for, or `false` to forbid, further items. */
  additionalItems?: Schema;
  /** At least one item (see `minContains`/`maxContains`) must satisfy this. */
  contains?: Schema;
  /** Fewest items that must satisfy `contains` (default 1). */
  minContains?: number;
  /** Most items that may satisfy `contains`. */
  maxContains?: number;
  /** Fewest items allowed. */
  minItems?: number;
  /** Most items allowed. */
  maxItems?: number;
  /** Items must be pairwise distinct. */
  uniqueItems?: boolean;
  /** Fewest characters (code points) allowed. */
  minLength?: number;
  /** Most characters (code points) allowed. */
  maxLength?: number;
  /** A Python regular expression the string must contain a match for (`re.search`). */
  pattern?: string;
  /** A named format check (see `formats/mod.ts`); unknown names pass. */
  format?: string;
  /** Lowest value, after Nova's int()/float() conversion of strings. */
  minimum?: number;
  /** Highest value, after Nova's int()/float() conversion of strings. */
  maximum?: number;
  /** Number: value must be greater (numbers only). `true`: makes `minimum` exclusive (draft 4). */
  exclusiveMinimum?: number | boolean;
  /** Number: value must be smaller (numbers only). `true`: makes `maximum` exclusive (draft 4). */
  exclusiveMaximum?: number | boolean;
  /** The number must be a multiple of this. */
  multipleOf?: number;
  /** Must satisfy every one of these. */
  allOf?: readonly Schema[];
  /** Must satisfy at least one of these. */
  anyOf?: readonly Schema[];
  /** Must satisfy exactly one of these. */
  oneOf?: readonly Schema[];
  /** Must not satisfy this. */
  not?: Schema;
  /** Selects `then` (when satisfied) or `else` (when not). */
  if?: Schema;
  /** Applied when `if` is satisfied. */
  then?: Schema;
  /** Applied when `if` is not satisfied. */
  else?: Schema;
  /** Documentation only. */
  description?: string;
  /** Any other keyword: carried along and ignored. */
  [keyword: string]: unknown;
}

/** A schema: an object schema, or `true` (accept anything) / `false` (reject everything). */
export type Schema = boolean | SchemaObject;

/** One step of a path into a JSON document: an object key or an array index. */
export type PathSegment = string | number;
