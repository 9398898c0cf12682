/**
 * The `uuid` format: oslo.utils' `is_uuid_like`.
 *
 * Accepts the 32 hex digits of a UUID in any case, with or without dashes,
 * braces or a `urn:uuid:` prefix - whatever normalises to the canonical form.
 *
 * @module
 */

const CANONICAL_HEX = /^[0-9a-f]{32}$/;

function stripBraces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === "{" || s[start] === "}")) start++;
  while (end > start && (s[end - 1] === "{" || s[end - 1] === "}")) end--;
  return s.slice(start, end);
}

/**
 * Whether a value looks like a UUID the way Nova checks it.
 *
 * @example
 * ```ts
 * isUuidLike("70a599e0-31e7-49b7-b260-868f441e862b"); // => true
 * isUuidLike("70A599E031E749B7B260868F441E862B"); // => true
 * isUuidLike("70a599e031e749b7b260868f441e862"); // => false (31 digits)
 * ```
 */
export function isUuidLike(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const normalised = stripBraces(value.replaceAll("urn:", "").replaceAll("uuid:", ""))
    .replaceAll("-", "")
    .toLowerCase();
  return CANONICAL_HEX.test(normalised);
}
