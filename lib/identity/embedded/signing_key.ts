/**
 * The token signing key: 32 random bytes kept base64url-encoded in a file only the service user
 * can read, made on first start. Every process sharing the file accepts the others' tokens.
 *
 * @module
 */

import { fromAnyBase64, toBase64Url } from "./encoding.ts";

/** The key length in bytes: SHA-256's output size, the least RFC 2104 advises for HMAC. */
export const SIGNING_KEY_BYTES = 32;

/** A signing key file that exists but cannot be used. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigningKeyError";
  }
}

/** The folder part of a path ("" when there is none). */
function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash > 0 ? path.slice(0, slash) : "";
}

/** Decodes a key file's text. */
function decodeKey(path: string, text: string): Uint8Array {
  const bytes = fromAnyBase64(text.trim());
  if (!bytes || bytes.length < SIGNING_KEY_BYTES) {
    throw new SigningKeyError(
      `${path}: expected a base64 signing key of at least ${SIGNING_KEY_BYTES} bytes; remove ` +
        "the file to have a new key made (tokens issued with the old one stop working)",
    );
  }
  return bytes;
}

/** Reads the key, or makes it when the file does not exist. */
async function readOrCreate(path: string): Promise<Uint8Array> {
  try {
    return decodeKey(path, await Deno.readTextFile(path));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const folder = folderOf(path);
  if (folder) await Deno.mkdir(folder, { recursive: true });
  const key = crypto.getRandomValues(new Uint8Array(SIGNING_KEY_BYTES));
  // Write a private temporary file, then link it into place: readers never see a partial key,
  // and when another process got there first, its key wins.
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temporary, toBase64Url(key) + "\n", { createNew: true, mode: 0o600 });
  try {
    await Deno.link(temporary, path);
    return key;
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    return decodeKey(path, await Deno.readTextFile(path));
  } finally {
    await Deno.remove(temporary);
  }
}

/** File-system failures that mean the configured path is unusable (rather than a bug). */
const UNUSABLE_PATH = [
  Deno.errors.PermissionDenied,
  Deno.errors.NotCapable,
  Deno.errors.IsADirectory,
  Deno.errors.NotADirectory,
  Deno.errors.NotFound,
];

/**
 * The key in `path`, made first (mode 0600, folder created) when the file does not exist. An
 * empty path gives a fresh key that lives only in memory. A path that cannot be read or written
 * is a {@link SigningKeyError}.
 *
 * @example
 * ```ts
 * const key = await loadSigningKey("./state/identity-signing.key");
 * ```
 */
export async function loadSigningKey(path: string): Promise<Uint8Array> {
  if (path === "") return crypto.getRandomValues(new Uint8Array(SIGNING_KEY_BYTES));
  try {
    return await readOrCreate(path);
  } catch (e) {
    if (!UNUSABLE_PATH.some((kind) => e instanceof kind)) throw e;
    throw new SigningKeyError(`cannot read or create ${path}: ${(e as Error).message}`);
  }
}

/** Imports raw key bytes as an HMAC-SHA256 key for signing and verifying. */
export function hmacKey(bytes: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    bytes as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}
