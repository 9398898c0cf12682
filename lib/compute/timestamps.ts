/**
 * How the compute API writes a naive UTC datetime: Nova hands datetime objects to oslo's JSON
 * serializer, which formats them as `%Y-%m-%dT%H:%M:%S.%f` — always six fractional digits, no
 * zone (`2014-05-07T12:06:13.681238`, `2024-05-01T12:00:04.000000`).
 *
 * @module
 */

/**
 * A stored ISO time as Nova's JSON writes a naive datetime.
 *
 * @example
 * ```ts
 * novaTimestamp("2024-05-01T12:00:04.000Z"); // "2024-05-01T12:00:04.000000"
 * ```
 */
export function novaTimestamp(iso: string): string {
  // A UTC stamp keeps the digits it has (up to microseconds); anything else goes through Date.
  const utc = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso) ??
    /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{3})Z$/.exec(new Date(iso).toISOString())!;
  return `${utc[1]}.${(utc[2] ?? "").padEnd(6, "0").slice(0, 6)}`;
}

/** {@link novaTimestamp}, or null for no time. */
export function novaTimestampOrNull(iso: string | null): string | null {
  return iso === null ? null : novaTimestamp(iso);
}
