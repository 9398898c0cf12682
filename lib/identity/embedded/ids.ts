/**
 * Stable identifiers. Nova stores project and user ids, so the ids of configured users, projects,
 * roles and catalog entries must not change across restarts: each is derived from what names the
 * object, hashed and laid out like a UUID (version 8, "custom") in Keystone's 32-hex-digit form.
 *
 * @module
 */

import { sha256 } from "../../crypto/sha256.ts";
import { toBase64Url, toHex } from "./encoding.ts";

/**
 * A 32-hex-digit id that depends only on `kind` and `parts`.
 *
 * @example
 * ```ts
 * await stableId("project", "default", "demo"); // the same value at every start
 * ```
 */
export function stableId(kind: string, ...parts: string[]): Promise<string> {
  const text = ["nova-deno", "identity", kind, ...parts].join("\u0000");
  // Hashed synchronously: start-up makes dozens of these, each a WebCrypto trip otherwise.
  const digest = sha256(text);
  const bytes = digest.slice(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return Promise.resolve(toHex(bytes));
}

/**
 * A random id for a token's audit trail: 16 random bytes as unpadded base64url (22 characters),
 * the shape Keystone's audit ids have.
 */
export function randomAuditId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}
