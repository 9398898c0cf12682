/**
 * Stable ids for configured things (images, networks, subnets): a UUID that depends only on what
 * names the object, so ids survive restarts and records that keep them stay valid.
 *
 * @module
 */
import { sha256Hex } from "../crypto/sha256.ts";

/**
 * A UUID (version 8, "custom") derived from `kind` and `parts`.
 *
 * @example
 * ```ts
 * derivedUuid("network", "private"); // the same value at every start
 * ```
 */
export function derivedUuid(kind: string, ...parts: string[]): string {
  const hex = sha256Hex(["nova-deno", kind, ...parts].join("\u0000"));
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${
    hex.slice(17, 20)
  }-${hex.slice(20, 32)}`;
}
