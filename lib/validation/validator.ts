/**
 * A JSON Schema validator that behaves like the one Nova runs
 * (jsonschema's Draft 2020-12 validator with Nova's extensions), down to the
 * text of its messages.
 *
 * Behaviour worth knowing:
 *
 * - Keywords are checked in the schema's own key order and the *first*
 *   failure wins, as with jsonschema's `validate()`.
 * - `minimum` / `maximum` first convert the value the way Nova does
 *   (`int()`, else `float()`), so `"0"` fails `minimum: 1` and `1.9` counts
 *   as `1`; values that do not convert are not checked.
 * - `pattern` and `patternProperties` are Python regular expressions applied
 *   with `re.search` semantics (see `pyregex.ts`).
 * - `format` uses Nova's checkers (see `formats/mod.ts`); unknown formats pass.
 * - `items` follows 2020-12 (`prefixItems` + `items`); an array-valued `items`
 *   is also accepted, with draft-4 tuple semantics and `additionalItems`.
 * - `exclusiveMinimum` / `exclusiveMaximum` take a number (2020-12) or, as in
 *   draft 4, a boolean that modifies `minimum` / `maximum`.
 * - `$ref` is not supported (Nova's schemas do not use it).
 *
 * @module
 */

import { allUnique, jsonEqual } from "./equality.ts";
import { ValidationError } from "./errors.ts";
import { FORMAT_CHECKERS, type FormatChecker } from "./formats/mod.ts";
import { numberFromInstance } from "./pynumber.ts";
import { pySearch } from "./pyregex.ts";
import { compareCodePoints, pyFloatRepr, pyRepr, pyStr } from "./pyrepr.ts";
import type { PathSegment, Schema, SchemaObject } from "./types.ts";

/** Options for {@link validate} and friends. */
export interface ValidateOptions {
  /**
   * Nova's legacy-v2 mode: unknown properties of objects whose schema has no
   * `patternProperties` are deleted from the instance (which is mutated)
   * instead of being reported.
   */
  relaxAdditionalProperties?: boolean;
  /** Format checkers to use instead of the built-in {@link FORMAT_CHECKERS}. */
  formats?: ReadonlyMap<string, FormatChecker>;
}

interface Context {
  readonly relax: boolean;
  readonly formats: ReadonlyMap<string, FormatChecker>;
}

type Path = readonly PathSegment[];
type Errors = Generator<ValidationError, void, undefined>;
type Keyword = (
  ctx: Context,
  value: unknown,
  instance: unknown,
  schema: SchemaObject,
  path: Path,
) => Errors;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(
  keyword: string,
  message: string,
  instance: unknown,
  path: Path,
  detailOverride?: string,
): ValidationError {
  return new ValidationError({ keyword, message, path, instance, detailOverride });
}

function isType(instance: unknown, type: unknown): boolean {
  switch (type) {
    case "array":
      return Array.isArray(instance);
    case "boolean":
      return typeof instance === "boolean";
    case "integer":
      return typeof instance === "number" && Number.isInteger(instance);
    case "null":
      return instance === null;
    case "number":
      return typeof instance === "number";
    case "object":
      return isObject(instance);
    case "string":
      return typeof instance === "string";
  }
  return false;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `'a', 'b' were` / `'a' was`, as jsonschema words lists of extras. */
function extrasMessage(extras: readonly unknown[]): string {
  return `${extras.map(pyRepr).join(", ")} ${extras.length === 1 ? "was" : "were"}`;
}

function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort(compareCodePoints);
}

/**
 * Check `instance` against `schema`. `segment` is the key or index that leads
 * from the parent to `instance`, when there is one.
 */
function* descend(
  ctx: Context,
  instance: unknown,
  schema: Schema,
  parent: Path,
  segment?: PathSegment,
): Errors {
  if (schema === true) return;
  if (schema === false) {
    // jsonschema reports a false subschema at the parent's path.
    yield fail("false", `False schema does not allow ${pyRepr(instance)}`, instance, parent);
    return;
  }
  const path = segment === undefined ? parent : [...parent, segment];
  if (!isObject(schema)) throw new TypeError(`not a schema: ${pyRepr(schema)}`);
  for (const key of Object.keys(schema)) {
    const keyword = key === "additionalProperties" && ctx.relax
      ? softAdditionalProperties
      : KEYWORDS.get(key);
    if (keyword) yield* keyword(ctx, schema[key], instance, schema, path);
  }
}

function isValidUnder(ctx: Context, instance: unknown, schema: Schema, path: Path): boolean {
  return descend(ctx, instance, schema, path).next().done === true;
}

function numberRepr(n: bigint | number): string {
  return typeof n === "bigint" ? n.toString() : pyFloatRepr(n);
}

/** Instance keys not covered by `properties` or `patternProperties`. */
function additionalKeys(instance: Record<string, unknown>, schema: SchemaObject): string[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const patterns = Object.keys(isObject(schema.patternProperties) ? schema.patternProperties : {})
    .join("|");
  return Object.keys(instance).filter((key) =>
    !Object.hasOwn(properties, key) && !(patterns && pySearch(patterns, key))
  );
}

function* additionalProperties(
  ctx: Context,
  value: unknown,
  instance: unknown,
  schema: SchemaObject,
  path: Path,
): Errors {
  if (!isObject(instance)) return;
  const extras = additionalKeys(instance, schema);
  if (isObject(value)) {
    for (const extra of extras) yield* descend(ctx, instance[extra], value, path, extra);
  } else if (value === false && extras.length > 0) {
    if (Object.hasOwn(schema, "patternProperties")) {
      const verb = extras.length === 1 ? "does" : "do";
      const names = sortedKeys(extras).map(pyRepr).join(", ");
      const patterns = sortedKeys(Object.keys(schema.patternProperties ?? {})).map(pyRepr)
        .join(", ");
      yield fail(
        "additionalProperties",
        `${names} ${verb} not match any of the regexes: ${patterns}`,
        instance,
        path,
      );
    } else {
      yield fail(
        "additionalProperties",
        `Additional properties are not allowed (${extrasMessage(sortedKeys(extras))} unexpected)`,
        instance,
        path,
      );
    }
  }
}

/** Nova's `_soft_validate_additional_properties` (legacy v2 requests). */
function* softAdditionalProperties(
  _ctx: Context,
  value: unknown,
  instance: unknown,
  schema: SchemaObject,
  path: Path,
): Errors {
  if (!isObject(instance) || value === true) return;
  const extras = additionalKeys(instance, schema);
  if (extras.length === 0) return;
  // Every key unknown: probably the wrong branch of a oneOf; leave it alone.
  if (extras.length === Object.keys(instance).length) return;
  if (Object.keys(schema.patternProperties ?? {}).length > 0) {
    yield fail(
      "additionalProperties",
      `Additional properties are not allowed (${extrasMessage(sortedKeys(extras))} unexpected)`,
      instance,
      path,
    );
    return;
  }
  for (const extra of extras) delete instance[extra];
}

function* properties(
  ctx: Context,
  value: unknown,
  instance: unknown,
  _s: SchemaObject,
  path: Path,
): Errors {
  if (!isObject(instance) || !isObject(value)) return;
  for (const [name, subschema] of Object.entries(value)) {
    if (Object.hasOwn(instance, name)) {
      yield* descend(ctx, instance[name], subschema as Schema, path, name);
    }
  }
}

function* patternProperties(
  ctx: Context,
  value: unknown,
  instance: unknown,
  _s: SchemaObject,
  path: Path,
): Errors {
  if (!isObject(instance) || !isObject(value)) return;
  for (const [pattern, subschema] of Object.entries(value)) {
    for (const key of Object.keys(instance)) {
      if (pySearch(pattern, key)) {
        yield* descend(ctx, instance[key], subschema as Schema, path, key);
      }
    }
  }
}

function* items(
  ctx: Context,
  value: unknown,
  instance: unknown,
  schema: SchemaObject,
  path: Path,
): Errors {
  if (!Array.isArray(instance)) return;
  if (Array.isArray(value)) {
    // Draft-4 tuple form.
    const count = Math.min(instance.length, value.length);
    for (let i = 0; i < count; i++) yield* descend(ctx, instance[i], value[i], path, i);
    const extra = instance.slice(value.length);
    const additional = schema.additionalItems;
    if (extra.length === 0 || additional === undefined || additional === true) return;
    if (additional === false) {
      yield fail(
        "additionalItems",
        `Additional items are not allowed (${extrasMessage(extra)} unexpected)`,
        instance,
        path,
      );
      return;
    }
    for (let i = value.length; i < instance.length; i++) {
      yield* descend(ctx, instance[i], additional, path, i);
    }
    return;
  }
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.length : 0;
  const extra = instance.length - prefix;
  if (extra <= 0) return;
  if (value === false) {
    const rest = extra !== 1 ? instance.slice(prefix) : instance[prefix];
    const noun = prefix !== 1 ? "items" : "item";
    yield fail(
      "items",
      `Expected at most ${prefix} ${noun} but found ${extra} extra: ${pyRepr(rest)}`,
      instance,
      path,
    );
    return;
  }
  for (let i = prefix; i < instance.length; i++) {
    yield* descend(ctx, instance[i], value as Schema, path, i);
  }
}

function* prefixItems(
  ctx: Context,
  value: unknown,
  instance: unknown,
  _s: SchemaObject,
  path: Path,
): Errors {
  if (!Array.isArray(instance) || !Array.isArray(value)) return;
  const count = Math.min(instance.length, value.length);
  for (let i = 0; i < count; i++) yield* descend(ctx, instance[i], value[i], path, i);
}

function* contains(
  ctx: Context,
  value: unknown,
  instance: unknown,
  schema: SchemaObject,
  path: Path,
): Errors {
  if (!Array.isArray(instance)) return;
  const min = schema.minContains ?? 1;
  const max = schema.maxContains ?? instance.length;
  let matches = 0;
  for (const item of instance) {
    if (!isValidUnder(ctx, item, value as Schema, path)) continue;
    if (++matches > max) {
      yield fail(
        "maxContains",
        `Too many items match the given schema (expected at most ${max})`,
        instance,
        path,
      );
      return;
    }
  }
  if (matches >= min) return;
  yield fail(
    "contains",
    matches === 0
      ? `${pyRepr(instance)} does not contain items matching the given schema`
      : `Too few items match the given schema (expected at least ${min} but only ${matches} matched)`,
    instance,
    path,
  );
}

function* combinator(
  kind: "anyOf" | "oneOf",
  ctx: Context,
  value: unknown,
  instance: unknown,
  path: Path,
): Errors {
  const subschemas = Array.isArray(value) ? (value as Schema[]) : [];
  // jsonschema collects every error of each branch it tries; that only shows
  // when legacy-v2 relaxation deletes properties as a side effect.
  const branchValid = (s: Schema) =>
    ctx.relax
      ? [...descend(ctx, instance, s, path)].length === 0
      : isValidUnder(ctx, instance, s, path);
  const first = subschemas.findIndex(branchValid);
  if (first === -1) {
    yield fail(
      kind,
      `${pyRepr(instance)} is not valid under any of the given schemas`,
      instance,
      path,
    );
    return;
  }
  if (kind === "anyOf") return;
  const alsoValid = subschemas.slice(first + 1).filter((s) => isValidUnder(ctx, instance, s, path));
  if (alsoValid.length === 0) return;
  const reprs = [...alsoValid, subschemas[first]].map(pyRepr).join(", ");
  yield fail("oneOf", `${pyRepr(instance)} is valid under each of ${reprs}`, instance, path);
}

function sizeCheck(
  keyword: string,
  size: (instance: unknown) => number | null,
  tooSmall: boolean,
  oneOrZero: string,
  otherwise: string,
): Keyword {
  return function* (_ctx, value, instance, _schema, path) {
    const n = size(instance);
    if (n === null || typeof value !== "number") return;
    if (tooSmall ? n < value : n > value) {
      const edge = tooSmall ? value === 1 : value === 0;
      yield fail(keyword, `${pyRepr(instance)} ${edge ? oneOrZero : otherwise}`, instance, path);
    }
  };
}

const arraySize = (i: unknown) => (Array.isArray(i) ? i.length : null);
const stringSize = (i: unknown) => (typeof i === "string" ? codePointLength(i) : null);
const objectSize = (i: unknown) => (isObject(i) ? Object.keys(i).length : null);

function bound(kind: "minimum" | "maximum"): Keyword {
  return function* (_ctx, value, instance, schema, path) {
    if (typeof value !== "number") return;
    const n = numberFromInstance(instance); // Nova's _number_from_str
    if (n === null) return;
    const exclusive = schema[kind === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum"] === true;
    const failed = kind === "minimum"
      ? (exclusive ? n <= value : n < value)
      : (exclusive ? n >= value : n > value);
    if (!failed) return;
    const relation = kind === "minimum" ? "less than" : "greater than";
    const cmp = exclusive ? `${relation} or equal to` : relation;
    yield fail(kind, `${numberRepr(n)} is ${cmp} the ${kind} of ${pyRepr(value)}`, instance, path);
  };
}

function exclusiveBound(kind: "minimum" | "maximum"): Keyword {
  return function* (_ctx, value, instance, _schema, path) {
    if (typeof value !== "number" || typeof instance !== "number") return;
    const failed = kind === "minimum" ? instance <= value : instance >= value;
    if (!failed) return;
    const relation = kind === "minimum" ? "less than or equal to" : "greater than or equal to";
    yield fail(
      kind === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum",
      `${pyRepr(instance)} is ${relation} the ${kind} of ${pyRepr(value)}`,
      instance,
      path,
    );
  };
}

const KEYWORDS: ReadonlyMap<string, Keyword> = new Map<string, Keyword>([
  ["$ref", () => {
    throw new TypeError("$ref is not supported");
  }],
  ["additionalProperties", additionalProperties],
  ["allOf", function* (ctx, value, instance, _schema, path) {
    if (!Array.isArray(value)) return;
    for (const subschema of value) yield* descend(ctx, instance, subschema, path);
  }],
  [
    "anyOf",
    (ctx, value, instance, _schema, path) => combinator("anyOf", ctx, value, instance, path),
  ],
  ["const", function* (_ctx, value, instance, _schema, path) {
    if (!jsonEqual(instance, value)) {
      yield fail("const", `${pyRepr(value)} was expected`, instance, path);
    }
  }],
  ["contains", contains],
  ["dependentRequired", function* (_ctx, value, instance, _schema, path) {
    if (!isObject(instance) || !isObject(value)) return;
    for (const [property, dependencies] of Object.entries(value)) {
      if (!Object.hasOwn(instance, property) || !Array.isArray(dependencies)) continue;
      for (const each of dependencies) {
        if (!Object.hasOwn(instance, each)) {
          yield fail(
            "dependentRequired",
            `${pyRepr(each)} is a dependency of ${pyRepr(property)}`,
            instance,
            path,
          );
        }
      }
    }
  }],
  ["dependentSchemas", function* (ctx, value, instance, _schema, path) {
    if (!isObject(instance) || !isObject(value)) return;
    for (const [property, dependency] of Object.entries(value)) {
      if (Object.hasOwn(instance, property)) {
        yield* descend(ctx, instance, dependency as Schema, path);
      }
    }
  }],
  ["enum", function* (_ctx, value, instance, _schema, path) {
    const options = Array.isArray(value) ? value : [];
    if (!options.some((option) => jsonEqual(option, instance))) {
      yield fail("enum", `${pyRepr(instance)} is not one of ${pyRepr(options)}`, instance, path);
    }
  }],
  ["exclusiveMaximum", exclusiveBound("maximum")],
  ["exclusiveMinimum", exclusiveBound("minimum")],
  ["format", function* (ctx, value, instance, _schema, path) {
    const checker = typeof value === "string" ? ctx.formats.get(value) : undefined;
    if (!checker || checker.check(instance)) return;
    yield fail(
      "format",
      `${pyRepr(instance)} is not a ${pyRepr(value)}`,
      instance,
      path,
      checker.detail,
    );
  }],
  ["if", function* (ctx, value, instance, schema, path) {
    if (isValidUnder(ctx, instance, value as Schema, path)) {
      if (Object.hasOwn(schema, "then")) yield* descend(ctx, instance, schema.then as Schema, path);
    } else if (Object.hasOwn(schema, "else")) {
      yield* descend(ctx, instance, schema.else as Schema, path);
    }
  }],
  ["items", items],
  ["maxItems", sizeCheck("maxItems", arraySize, false, "is expected to be empty", "is too long")],
  [
    "maxLength",
    sizeCheck("maxLength", stringSize, false, "is expected to be empty", "is too long"),
  ],
  [
    "maxProperties",
    sizeCheck(
      "maxProperties",
      objectSize,
      false,
      "is expected to be empty",
      "has too many properties",
    ),
  ],
  ["maximum", bound("maximum")],
  ["minItems", sizeCheck("minItems", arraySize, true, "should be non-empty", "is too short")],
  ["minLength", sizeCheck("minLength", stringSize, true, "should be non-empty", "is too short")],
  [
    "minProperties",
    sizeCheck(
      "minProperties",
      objectSize,
      true,
      "should be non-empty",
      "does not have enough properties",
    ),
  ],
  ["minimum", bound("minimum")],
  ["multipleOf", function* (_ctx, value, instance, _schema, path) {
    if (typeof value !== "number" || typeof instance !== "number") return;
    const failed = Number.isInteger(value) && Number.isInteger(instance)
      ? instance % value !== 0
      : !Number.isInteger(instance / value);
    if (failed) {
      yield fail(
        "multipleOf",
        `${pyRepr(instance)} is not a multiple of ${pyStr(value)}`,
        instance,
        path,
      );
    }
  }],
  ["not", function* (ctx, value, instance, _schema, path) {
    if (isValidUnder(ctx, instance, value as Schema, path)) {
      yield fail(
        "not",
        `${pyRepr(instance)} should not be valid under ${pyRepr(value)}`,
        instance,
        path,
      );
    }
  }],
  [
    "oneOf",
    (ctx, value, instance, _schema, path) => combinator("oneOf", ctx, value, instance, path),
  ],
  ["pattern", function* (_ctx, value, instance, _schema, path) {
    if (typeof instance !== "string" || typeof value !== "string") return;
    if (!pySearch(value, instance)) {
      yield fail("pattern", `${pyRepr(instance)} does not match ${pyRepr(value)}`, instance, path);
    }
  }],
  ["patternProperties", patternProperties],
  ["prefixItems", prefixItems],
  ["properties", properties],
  ["propertyNames", function* (ctx, value, instance, _schema, path) {
    if (!isObject(instance)) return;
    for (const key of Object.keys(instance)) yield* descend(ctx, key, value as Schema, path);
  }],
  ["required", function* (_ctx, value, instance, _schema, path) {
    if (!isObject(instance) || !Array.isArray(value)) return;
    for (const name of value) {
      if (!Object.hasOwn(instance, name)) {
        yield fail("required", `${pyRepr(name)} is a required property`, instance, path);
      }
    }
  }],
  ["type", function* (_ctx, value, instance, _schema, path) {
    const types = Array.isArray(value) ? value : [value];
    if (!types.some((type) => isType(instance, type))) {
      const names = types.map(pyRepr).join(", ");
      yield fail("type", `${pyRepr(instance)} is not of type ${names}`, instance, path);
    }
  }],
  ["uniqueItems", function* (_ctx, value, instance, _schema, path) {
    if (value === true && Array.isArray(instance) && !allUnique(instance)) {
      yield fail("uniqueItems", `${pyRepr(instance)} has non-unique elements`, instance, path);
    }
  }],
]);

function contextOf(options: ValidateOptions): Context {
  return {
    relax: options.relaxAdditionalProperties ?? false,
    formats: options.formats ?? FORMAT_CHECKERS,
  };
}

/**
 * Every violation of `schema` by `instance`, lazily, in the order Nova's
 * validator would find them.
 *
 * @example
 * ```ts
 * const messages = [...iterErrors({ required: ["a", "b"] }, {})].map((e) => e.message);
 * // => ["'a' is a required property", "'b' is a required property"]
 * ```
 */
export function iterErrors(
  schema: Schema,
  instance: unknown,
  options: ValidateOptions = {},
): Generator<ValidationError, void, undefined> {
  return descend(contextOf(options), instance, schema, []);
}

/**
 * Validate `instance` against `schema`; return the first violation (the one
 * Nova would report) or `null` when the instance is valid.
 *
 * @example
 * ```ts
 * const error = validate(
 *   { type: "object", properties: { foo: { type: "integer" } } },
 *   { foo: "bar" },
 * );
 * error?.message; // => "'bar' is not of type 'integer'"
 * error?.detail(); // => "Invalid input for field/attribute foo. Value: bar. 'bar' is not of type 'integer'"
 * ```
 */
export function validate(
  schema: Schema,
  instance: unknown,
  options: ValidateOptions = {},
): ValidationError | null {
  const first = iterErrors(schema, instance, options).next();
  return first.done ? null : first.value;
}

/** Whether `instance` satisfies `schema`. */
export function isValid(schema: Schema, instance: unknown, options: ValidateOptions = {}): boolean {
  return validate(schema, instance, options) === null;
}
