/**
 * jsonschema's notion of equality for `enum`, `const` and `uniqueItems`:
 * deep structural equality where booleans never equal numbers
 * (`true` is not `1`) but `1` equals `1.0`.
 *
 * @module
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Deep equality between two JSON values, iterative so that deeply nested
 * input cannot exhaust the stack.
 *
 * @example
 * ```ts
 * jsonEqual({ a: [1, 2] }, { a: [1, 2] }); // => true
 * jsonEqual(true, 1); // => false
 * ```
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    if (isObject(x) && isObject(y)) {
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      for (const key of keys) {
        if (!Object.hasOwn(y, key)) return false;
        stack.push([x[key], y[key]]);
      }
      continue;
    }
    return false;
  }
  return true;
}

/**
 * Whether all elements of an array are pairwise distinct under {@link jsonEqual}.
 *
 * @example
 * ```ts
 * allUnique([1, "1", true]); // => true
 * allUnique([{ a: 1 }, { a: 1 }]); // => false
 * ```
 */
export function allUnique(items: readonly unknown[]): boolean {
  const primitives = new Set<unknown>();
  const composites: unknown[] = [];
  for (const item of items) {
    if (typeof item !== "object" || item === null) {
      if (primitives.has(item)) return false;
      primitives.add(item);
      continue;
    }
    if (composites.some((seen) => jsonEqual(seen, item))) return false;
    composites.push(item);
  }
  return true;
}
