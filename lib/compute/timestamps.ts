/**
 * How the compute API writes a naive UTC datetime: Nova hands datetime objects to oslo's JSON
 * serializer, which formats them as `%Y-%m-%dT%H:%M:%S.%f` - always six fractional digits, no
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

const ISO = new RegExp(
  "^(\\d{4})(?:-?(\\d{1,2})(?:-?(\\d{1,2})(?:[ T](\\d{2})(?::?(\\d{2}))?" +
    "(?::?(\\d{1,2})(?:[.,](\\d+))?)?(Z|([-+])(\\d{2}):?(\\d{2})?)?)?)?)?\\n?$",
);

/**
 * oslo's `parse_isotime` (iso8601's parser): `text` as ms since the epoch, a time without a zone
 * being UTC; null when it is not an ISO 8601 time.
 *
 * @example
 * ```ts
 * parseIsoTime("2026-01-02T03:04:05Z"); // 1767323045000
 * parseIsoTime("yesterday"); // null
 * ```
 */
export function parseIsoTime(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const n = (s: string | undefined, d = 0) => s === undefined ? d : Number(s);
  const ms = Number(((m[7] ?? "") + "000").slice(0, 3));
  const utc = Date.UTC(n(m[1]), n(m[2], 1) - 1, n(m[3], 1), n(m[4]), n(m[5]), n(m[6]), ms);
  const offset = m[9] ? (m[9] === "-" ? -1 : 1) * (n(m[10]) * 60 + n(m[11])) : 0;
  const out = utc - offset * 60_000;
  return Number.isNaN(out) ? null : out;
}
