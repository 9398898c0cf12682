/**
 * Building blocks of the compute API's response schemas (Nova's
 * `nova/api/validation/response_types.py`), and small helpers that derive one microversion's
 * schema from the previous one without mutating it (Nova deep-copies and edits in place).
 *
 * @module
 */
import type { Schema, SchemaObject } from "../validation/types.ts";

/** A response with no body (`null`): deletes and most actions. */
export const NULL_RESPONSE: SchemaObject = Object.freeze({ type: "null" });

/** Metadata values as responses carry them: short strings (or null) under short keys. */
export const metadata: SchemaObject = {
  type: "object",
  patternProperties: {
    "^[a-zA-Z0-9-_:. ]{1,255}$": { type: ["string", "null"], maxLength: 255 },
  },
  additionalProperties: false,
};

/** One metadata item (`{"meta": {key: value}}`). */
export const meta: SchemaObject = { ...metadata, minProperties: 1, maxProperties: 1 };

/** A resource's `self` and `bookmark` links. */
export const links: SchemaObject = {
  type: "array",
  items: {
    type: "object",
    properties: {
      rel: { type: "string", enum: ["self", "bookmark"] },
      href: { type: "string", format: "uri" },
    },
    required: ["rel", "href"],
    additionalProperties: false,
  },
};

/** A collection's single `next` link. */
export const collectionLinks: SchemaObject = {
  type: "array",
  items: {
    type: "object",
    properties: {
      rel: { const: "next" },
      href: { type: "string", format: "uri" },
    },
    required: ["rel", "href"],
    additionalProperties: false,
  },
  minItems: 1,
  maxItems: 1,
};

/** A closed object: these properties, these required, nothing else. */
export function object(
  properties: Record<string, Schema>,
  required: readonly string[] = Object.keys(properties),
): SchemaObject {
  return { type: "object", properties, required: [...required], additionalProperties: false };
}

/** An array of `items`. */
export function arrayOf(items: Schema): SchemaObject {
  return { type: "array", items };
}

/** `{key: inner}` with `key` required: the envelope most responses have. */
export function wrap(key: string, inner: Schema, extra: Record<string, Schema> = {}): SchemaObject {
  return object({ [key]: inner, ...extra }, [key]);
}

/** A nullable string with an optional format. */
export function nullableString(format?: string): SchemaObject {
  return format ? { type: ["string", "null"], format } : { type: ["string", "null"] };
}

/** A date-time string. */
export const dateTime: SchemaObject = { type: "string", format: "date-time" };
/** A date-time string or null. */
export const dateTimeOrNull: SchemaObject = { type: ["string", "null"], format: "date-time" };
/** A UUID string. */
export const uuid: SchemaObject = { type: "string", format: "uuid" };

/** What {@link edit} does to one object schema. */
export interface Edit {
  /** Properties to add or replace. */
  set?: Record<string, Schema>;
  /** Names to add to `required` (when not there yet). */
  require?: readonly string[];
  /** Properties to drop (and drop from `required`). */
  remove?: readonly string[];
  /** Names to drop from `required` only. */
  optional?: readonly string[];
}

/**
 * A copy of `schema` with the object at `path` (a list of property names, `"*"` stepping into an
 * array's `items`) changed by `change`. The original is left as it was.
 *
 * @example
 * ```ts
 * edit(showV1, ["keypair"], { set: { type: KEYPAIR_TYPE }, require: ["type"] });
 * ```
 */
export function edit(schema: SchemaObject, path: readonly string[], change: Edit): SchemaObject {
  const copy = structuredClone(schema) as SchemaObject;
  let target = copy;
  for (const step of path) {
    target = (step === "*" ? target.items : target.properties![step]) as SchemaObject;
  }
  const properties = { ...(target.properties ?? {}) } as Record<string, Schema>;
  let required = [...(target.required ?? [])];
  for (const name of change.remove ?? []) {
    delete properties[name];
    required = required.filter((r) => r !== name);
  }
  for (const name of change.optional ?? []) required = required.filter((r) => r !== name);
  Object.assign(properties, structuredClone(change.set ?? {}));
  for (const name of change.require ?? []) if (!required.includes(name)) required.push(name);
  target.properties = properties;
  target.required = required;
  return copy;
}
