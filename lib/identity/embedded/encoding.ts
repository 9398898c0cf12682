/**
 * Byte-encoding helpers for tokens, keys and password hashes: strict base64url (what tokens use),
 * the relaxed base64 decoding that accepts passlib's "adapted" alphabet, and hex.
 *
 * @module
 */

/** Bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

/**
 * Unpadded base64url text as bytes, or `undefined` unless the text is the one canonical encoding
 * of its bytes (so that no two token strings carry the same signature).
 */
export function fromBase64UrlStrict(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.fromBase64(text, { alphabet: "base64url" });
  } catch {
    return undefined;
  }
  return toBase64Url(bytes) === text ? bytes : undefined;
}

/**
 * Base64 in any of the usual alphabets (standard, URL-safe, or passlib's with `.` for `+`), with
 * or without padding; `undefined` when it is not base64 at all.
 */
export function fromAnyBase64(text: string): Uint8Array | undefined {
  const standard = text.replaceAll(".", "+").replaceAll("-", "+").replaceAll("_", "/")
    .replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(standard)) return undefined;
  try {
    return Uint8Array.fromBase64(standard, { lastChunkHandling: "loose" });
  } catch {
    return undefined;
  }
}

/** Bytes as passlib's "adapted base64": standard alphabet with `.` for `+`, no padding. */
export function toAdaptedBase64(bytes: Uint8Array): string {
  return bytes.toBase64({ omitPadding: true }).replaceAll("+", ".");
}

/** Bytes as lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
