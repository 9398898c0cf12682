/**
 * Time stamps as Keystone renders them.
 *
 * @module
 */

/**
 * A time (milliseconds since the epoch) as ISO 8601 UTC with six fraction digits, like
 * Keystone's `expires_at`: `2026-05-01T12:00:00.000000Z`.
 */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
