/**
 * Compare a response body with a Nova API sample by structure: the same keys at every level and
 * the same JSON types (values may differ). Arrays compare each element with the sample's first.
 *
 * @module
 */
import assert from "node:assert/strict";

const FIXTURES = new URL("../../fixtures/api_samples/", import.meta.url);

/** Load `tests/fixtures/api_samples/<path>`. */
export async function sample(path: string): Promise<unknown> {
  return JSON.parse(await Deno.readTextFile(new URL(path, FIXTURES)));
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Throw when `actual` does not have the shape of `expected`. */
export function assertSameShape(actual: unknown, expected: unknown, path = "$"): void {
  assert.equal(jsonType(actual), jsonType(expected), `type of ${path}`);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0) {
      assert.equal(actual.length, 0, `${path} should be empty`);
      return;
    }
    actual.forEach((item, i) => assertSameShape(item, expected[0], `${path}[${i}]`));
    return;
  }
  if (jsonType(expected) === "object") {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    assert.deepEqual(Object.keys(a).sort(), Object.keys(e).sort(), `keys of ${path}`);
    for (const key of Object.keys(e)) assertSameShape(a[key], e[key], `${path}.${key}`);
  }
}

/** Load a sample and compare `actual` with it. */
export async function assertMatchesSample(actual: unknown, path: string): Promise<void> {
  assertSameShape(actual, await sample(path), path);
}
