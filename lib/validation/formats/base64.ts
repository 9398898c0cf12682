/**
 * The `base64` format: whatever Python's lenient `base64.b64decode()` decodes.
 *
 * Characters outside the base64 alphabet are skipped, decoding stops at a
 * complete padding sequence, and the input fails only when the data
 * characters leave an unfinished quantum ("Incorrect padding").
 *
 * @module
 */

const ALPHABET = /^[A-Za-z0-9+/]$/;

/**
 * Whether Python would decode the string as base64 without error.
 * Non-ASCII text is rejected (in Nova it fails while encoding, not as a 400).
 *
 * @example
 * ```ts
 * isBase64("aGVsbG8gd29ybGQ="); // => true
 * isBase64("A random string"); // => false
 * ```
 */
export function isBase64(value: string): boolean {
  // deno-lint-ignore no-control-regex
  if (!/^[\x00-\x7f]*$/.test(value)) return false;
  let quadPos = 0;
  let pads = 0;
  for (const ch of value) {
    if (ch === "=") {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return true;
      continue;
    }
    if (!ALPHABET.test(ch)) continue;
    pads = 0;
    quadPos = (quadPos + 1) % 4;
  }
  return quadPos === 0;
}
