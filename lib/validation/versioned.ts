/**
 * Microversion-dependent schemas: Nova attaches several schemas to one API
 * method, each for a range of microversions (`@validation.schema(s, '2.1', '2.54')`),
 * and validates with the one whose range contains the request's version.
 *
 * @module
 */

import type { Schema } from "./types.ts";

/** A microversion such as 2.75, as `{ major: 2, minor: 75 }`. */
export interface Microversion {
  /** The major version (2 for the compute API). */
  major: number;
  /** The minor version (the microversion proper). */
  minor: number;
}

/** A schema and the inclusive microversion range it applies to (`"2.1"`, `"2.54"`; omitted = open). */
export interface VersionedSchema<S extends Schema = Schema> {
  /** The schema to validate with. */
  schema: S;
  /** Lowest microversion it applies to, e.g. `"2.1"` (omitted: no lower bound). */
  min?: string;
  /** Highest microversion it applies to, e.g. `"2.74"` (omitted: no upper bound). */
  max?: string;
}

/**
 * Parse `"X.Y"` into a {@link Microversion}.
 *
 * @throws {RangeError} for anything else.
 */
export function parseMicroversion(text: string): Microversion {
  const m = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)$/.exec(text);
  if (!m) throw new RangeError(`invalid microversion ${JSON.stringify(text)}`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

function compare(a: Microversion, b: Microversion): number {
  return a.major - b.major || a.minor - b.minor;
}

/**
 * Whether `version` lies within `[min, max]` (either bound may be omitted).
 *
 * @example
 * ```ts
 * versionInRange({ major: 2, minor: 60 }, "2.55", undefined); // => true
 * ```
 */
export function versionInRange(version: Microversion, min?: string, max?: string): boolean {
  if (min !== undefined && compare(parseMicroversion(min), version) > 0) return false;
  if (max !== undefined && compare(version, parseMicroversion(max)) > 0) return false;
  return true;
}

/**
 * The first schema whose range contains `version`, or `null` when none does
 * (then Nova skips validation).
 *
 * @example
 * ```ts
 * const pick = selectSchema(
 *   [{ schema: { type: "object" }, min: "2.1", max: "2.74" }, { schema: true, min: "2.75" }],
 *   { major: 2, minor: 80 },
 * ); // => true
 * ```
 */
export function selectSchema<S extends Schema>(
  entries: readonly VersionedSchema<S>[],
  version: Microversion,
): S | null {
  const match = entries.find((entry) => versionInRange(version, entry.min, entry.max));
  return match ? match.schema : null;
}
