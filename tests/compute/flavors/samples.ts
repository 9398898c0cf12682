/**
 * Helpers for comparing responses with Nova's API samples (copied under
 * `tests/fixtures/api_samples/`): same keys, same JSON types, same nesting.
 *
 * @module
 */
import assert from "node:assert/strict";

/** Read a sample, e.g. `sample("flavors/v2.55/flavor-get-resp.json")`. */
export async function sample(path: string): Promise<unknown> {
  const url = new URL(`../../fixtures/api_samples/${path}`, import.meta.url);
  return JSON.parse(await Deno.readTextFile(url));
}

/** Keys whose values may be a string or null (the samples show one, we may show the other). */
const NULLABLE_STRINGS = new Set(["description"]);
/** Keys whose values are maps with free keys: only "object" is compared. */
const FREE_MAPS = new Set(["extra_specs"]);

/**
 * A value's shape: primitives become their JSON type, objects their keys' shapes (sorted), arrays
 * the shape of their first element.
 */
export function shapeOf(value: unknown, key?: string): unknown {
  if (value === null) return key && NULLABLE_STRINGS.has(key) ? "string|null" : "null";
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (typeof value === "object") {
    if (key && FREE_MAPS.has(key)) return "map";
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      out[k] = shapeOf((value as Record<string, unknown>)[k], k);
    }
    return out;
  }
  if (typeof value === "string" && key && NULLABLE_STRINGS.has(key)) return "string|null";
  return typeof value;
}

/** Assert that `actual` has the shape of the sample at `path`. */
export async function assertSampleShape(actual: unknown, path: string): Promise<void> {
  assert.deepEqual(shapeOf(actual), shapeOf(await sample(path)), `shape differs from ${path}`);
}
