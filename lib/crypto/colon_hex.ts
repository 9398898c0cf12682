/**
 * The fingerprint notation Nova stores: lowercase hex octets joined by colons (`ab:cd:...`).
 *
 * @module
 */

/**
 * Format a digest as lowercase, colon-separated hex octets.
 *
 * @example
 * ```ts
 * import { colonHex } from "./colon_hex.ts";
 * console.log(colonHex(new Uint8Array([0xab, 0x01]))); // "ab:01"
 * ```
 */
export function colonHex(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(":");
}
