/**
 * Times as Cinder renders them: UTC, microseconds, no zone suffix (`2026-01-02T03:04:05.678000`),
 * which is also what Nova's volume proxies pass through.
 *
 * @module
 */

/**
 * A stored ISO 8601 time (or null) in Cinder's format.
 *
 * @example
 * ```ts
 * cinderTime("2026-01-02T03:04:05.678Z"); // "2026-01-02T03:04:05.678000"
 * ```
 */
export function cinderTime(iso: string | null): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000");
}
