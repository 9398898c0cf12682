/**
 * Compare response bodies with Nova's API samples (copied under `tests/fixtures/api_samples/`) by
 * structure: the same keys at every level, the same JSON types, the same nesting; values may
 * differ.
 *
 * Rules:
 * - Objects: every sample key must be present and no other key may be.
 * - Arrays: EVERY element of the response is compared: element i with the sample's element i,
 *   elements past the sample's end with its last one (so `links` — self, bookmark, alternate —
 *   are checked one by one, and a list of servers against the sample's server). An empty sample
 *   array requires an empty response array.
 * - Numbers: a sample integer (`512`) needs an integer. A sample float (`1.0`) accepts any number
 *   from a parsed body, because `JSON.parse` turns `1.0` into `1`; {@link assertTextMatchesSample}
 *   reads the raw response text and also tells `1` from `1.0`, as Python clients do.
 * - Placeholders, as in Nova's `*.json.tpl` templates: inside a string (`"%(uuid)s"`,
 *   `"%(compute_endpoint)s/flavors/1"`) the value is a string; bare (`%(int)s`) it is an integer
 *   for `int`, a string or null for `*_or_none`, any value otherwise.
 * - Keys in `nullable` (default `description`) may be a string or null whatever the sample shows;
 *   keys in `freeMaps` (default `extra_specs`) are objects with any keys and string values.
 *
 * Failures name the exact place: `flavors[3].links[0].href: expected string, got number`.
 *
 * @module
 */
import assert from "node:assert/strict";

const FIXTURES = new URL("../fixtures/api_samples/", import.meta.url);

/** A number written with a fraction or exponent (`1.0`, `1e-05`) in parsed raw text. */
export class JsonFloat {
  /** Wrap a float literal's value. */
  constructor(readonly value: number) {}
}

/** A bare `%(name)s` placeholder of a sample template. */
export class Placeholder {
  /** Wrap a placeholder's name. */
  constructor(readonly name: string) {}
}

/** Which keys get relaxed comparisons (see the module doc). */
export interface ShapeOptions {
  /** Keys whose values may be a string or null. */
  nullable?: readonly string[];
  /** Keys whose values are string maps with free keys. */
  freeMaps?: readonly string[];
}

type Settings = Required<ShapeOptions> & { exact: boolean };

const DEFAULTS: Settings = { exact: false, nullable: ["description"], freeMaps: ["extra_specs"] };
const BARE_MARK = "\u0000bare:";

/** Put bare `%(name)s` placeholders (outside strings) into marked strings so the text parses. */
function quoteBarePlaceholders(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const bare = c === "%" ? /^%\((\w+)\)s/.exec(text.slice(i)) : null;
    if (bare) {
      out += JSON.stringify(BARE_MARK + bare[1]);
      i += bare[0].length - 1;
    } else out += c;
  }
  return out;
}

/**
 * Parse JSON text keeping what `JSON.parse` loses: float literals become {@link JsonFloat}s and
 * bare `%(name)s` placeholders become {@link Placeholder}s.
 */
export function parseExact(text: string): unknown {
  const reviver = (_key: string, value: unknown, context?: { source?: string }) => {
    if (typeof value === "number" && context?.source && /[.eE]/.test(context.source)) {
      return new JsonFloat(value);
    }
    if (typeof value === "string" && value.startsWith(BARE_MARK)) {
      return new Placeholder(value.slice(BARE_MARK.length));
    }
    return value;
  };
  return JSON.parse(quoteBarePlaceholders(text), reviver as (k: string, v: unknown) => unknown);
}

/** Load `tests/fixtures/api_samples/<path>` as plain JSON (a request body, say). */
export async function sample(path: string): Promise<unknown> {
  return JSON.parse(await Deno.readTextFile(new URL(path, FIXTURES)));
}

/** Load `tests/fixtures/api_samples/<path>` as a template (see {@link parseExact}). */
export async function sampleTemplate(path: string): Promise<unknown> {
  return parseExact(await Deno.readTextFile(new URL(path, FIXTURES)));
}

/** The JSON type of a value, telling integers from floats where the value allows it. */
function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof JsonFloat) return "float";
  if (v instanceof Placeholder) return `%(${v.name})s`;
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "float";
  return typeof v;
}

/** Does `actual` have the type the sample value `expected` shows? */
function typeFits(actual: unknown, expected: unknown, exact: boolean): string | undefined {
  const want = typeName(expected);
  const got = typeName(actual);
  if (expected instanceof Placeholder) {
    if (expected.name === "int") return got === "integer" ? undefined : "integer";
    if (expected.name.endsWith("_or_none")) {
      return got === "string" || got === "null" ? undefined : "string or null";
    }
    return undefined;
  }
  // A number from `JSON.parse` may have been a float literal: accept it for a sample float.
  if (want === "float" && typeof actual === "number" && !exact) return undefined;
  return got === want ? undefined : want;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function compare(
  actual: unknown,
  expected: unknown,
  path: string,
  key: string | undefined,
  opts: Settings,
  out: string[],
): void {
  const at = path || "(root)";
  if (key !== undefined && opts.nullable.includes(key)) {
    const got = typeName(actual);
    if (got !== "string" && got !== "null") out.push(`${at}: expected string or null, got ${got}`);
    return;
  }
  if (key !== undefined && opts.freeMaps.includes(key)) {
    if (typeName(actual) !== "object") {
      out.push(`${at}: expected object, got ${typeName(actual)}`);
      return;
    }
    for (const [k, v] of Object.entries(actual as Record<string, unknown>)) {
      if (typeof v !== "string") out.push(`${join(path, k)}: expected string, got ${typeName(v)}`);
    }
    return;
  }
  const want = typeFits(actual, expected, opts.exact);
  if (want !== undefined) {
    out.push(`${at}: expected ${want}, got ${typeName(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    const items = actual as unknown[];
    if (expected.length === 0) {
      if (items.length) out.push(`${at}: expected an empty array, got ${items.length} elements`);
      return;
    }
    // Element i against the sample's element i (links: self, bookmark, alternate), the elements
    // past the sample's end against its last one.
    items.forEach((item, i) =>
      compare(item, expected[Math.min(i, expected.length - 1)], join(path, i), undefined, opts, out)
    );
    return;
  }
  if (typeName(expected) === "object") {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    for (const k of Object.keys(e)) {
      if (!Object.hasOwn(a, k)) out.push(`${join(path, k)}: missing`);
      else compare(a[k], e[k], join(path, k), k, opts, out);
    }
    for (const k of Object.keys(a)) {
      if (!Object.hasOwn(e, k)) out.push(`${join(path, k)}: unexpected key`);
    }
  }
}

/**
 * Every place where `actual` differs in shape from the sample value `expected` (parsed with
 * {@link parseExact} or `JSON.parse`), as `path: problem` lines; empty when they match. With
 * `exact`, `actual` came from {@link parseExact}: its plain numbers were integer literals.
 */
export function shapeMismatches(
  actual: unknown,
  expected: unknown,
  options: ShapeOptions & { exact?: boolean } = {},
): string[] {
  const out: string[] = [];
  compare(actual, expected, "", undefined, { ...DEFAULTS, ...options }, out);
  return out;
}

/** Throw, listing every mismatch, when `actual` does not have the shape of `expected`. */
export function assertSameShape(
  actual: unknown,
  expected: unknown,
  options: ShapeOptions & { exact?: boolean; name?: string } = {},
): void {
  const problems = shapeMismatches(actual, expected, options);
  if (problems.length) {
    assert.fail(`shape differs from ${options.name ?? "the sample"}:\n  ${problems.join("\n  ")}`);
  }
}

/** Compare a parsed response body with the sample at `path` (floats: see the module doc). */
export async function assertMatchesSample(
  actual: unknown,
  path: string,
  options: ShapeOptions = {},
): Promise<void> {
  assertSameShape(actual, await sampleTemplate(path), { ...options, name: path });
}

/** Compare raw response text with the sample at `path`, telling `1` from `1.0` too. */
export async function assertTextMatchesSample(
  text: string,
  path: string,
  options: ShapeOptions = {},
): Promise<void> {
  const actual = parseExact(text);
  assertSameShape(actual, await sampleTemplate(path), { ...options, exact: true, name: path });
}
