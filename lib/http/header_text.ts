/**
 * Carrying Unicode text (a user or project name like "Ünïcødé", or one in Chinese script) in an HTTP header value,
 * which may only hold bytes: the text travels as its UTF-8 bytes, one character per byte, exactly
 * as it would on the wire and as WSGI presents it (PEP 3333's latin-1 "bytes as str").
 *
 * @module
 */

const encoder = new TextEncoder();
const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * Text -> header value (UTF-8 bytes as latin-1 characters). Pure ASCII is returned unchanged.
 *
 * @example
 * ```ts
 * encodeHeaderText("é"); // "Ã©"
 * ```
 */
export function encodeHeaderText(text: string): string {
  // deno-lint-ignore no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  let out = "";
  for (const byte of encoder.encode(text)) out += String.fromCharCode(byte);
  return out;
}

/**
 * Header value -> text: the inverse of {@link encodeHeaderText}. A value that is not UTF-8 (a
 * client's own latin-1 text, say) is returned as it is.
 *
 * @example
 * ```ts
 * decodeHeaderText("Ã©"); // "é"
 * ```
 */
export function decodeHeaderText(value: string): string {
  // deno-lint-ignore no-control-regex
  if (/^[\x00-\x7f]*$/.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0xff) return value;
    bytes[i] = code;
  }
  try {
    return strict.decode(bytes);
  } catch {
    return value;
  }
}
