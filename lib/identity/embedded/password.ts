/**
 * Password hashes: PBKDF2-HMAC-SHA256 through WebCrypto, written in passlib's
 * `pbkdf2-sha256$ROUNDS$SALT$HASH` form (with or without its leading `$`) so hashes made by
 * passlib and by {@link hashPassword} are interchangeable.
 *
 * @module
 */

import { fromAnyBase64, toAdaptedBase64 } from "./encoding.ts";

/** A decoded PBKDF2-SHA256 password hash. */
export interface PasswordHash {
  /** PBKDF2 iteration count. */
  readonly rounds: number;
  /** The salt. */
  readonly salt: Uint8Array;
  /** The derived key; its length is the length derived when checking. */
  readonly hash: Uint8Array;
}

/**
 * Rounds used for new hashes: well above passlib's default (29000), below OWASP's 600000, so that
 * start-up and each login stay quick.
 */
export const DEFAULT_ROUNDS = 100_000;

const HASH_FORMAT = /^\$?pbkdf2-sha256\$(\d{1,9})\$([A-Za-z0-9./+_-]*)\$([A-Za-z0-9./+_-]+)$/;

const encoder = new TextEncoder();

/** PBKDF2-HMAC-SHA256 of `password`. */
async function derive(
  password: string,
  salt: Uint8Array,
  rounds: number,
  length: number,
): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey(
    "raw",
    encoder.encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as Uint8Array<ArrayBuffer>, iterations: rounds },
    material,
    length * 8,
  );
  return new Uint8Array(bits);
}

/** Compares two byte strings in time that depends only on their lengths. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * Decodes a `pbkdf2-sha256$ROUNDS$SALT$HASH` string; `undefined` when `text` is not one (it is
 * then a plain-text password).
 *
 * @example
 * ```ts
 * parsePasswordHash("$pbkdf2-sha256$29000$N2ZPaQ1hLAXA2HvPOcb4vw$...")?.rounds; // 29000
 * parsePasswordHash("secret"); // undefined
 * ```
 */
export function parsePasswordHash(text: string): PasswordHash | undefined {
  const match = HASH_FORMAT.exec(text);
  if (!match) return undefined;
  const rounds = Number(match[1]);
  const salt = fromAnyBase64(match[2]);
  const hash = fromAnyBase64(match[3]);
  if (rounds < 1 || !salt || !hash || hash.length < 16) return undefined;
  return { rounds, salt, hash };
}

/** Renders a hash in passlib's layout, without the leading `$`. */
export function formatPasswordHash(value: PasswordHash): string {
  return `pbkdf2-sha256$${value.rounds}$${toAdaptedBase64(value.salt)}$${
    toAdaptedBase64(value.hash)
  }`;
}

/** Hashes a password with a fresh 16-byte salt. */
export async function newPasswordHash(
  password: string,
  rounds: number = DEFAULT_ROUNDS,
): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { rounds, salt, hash: await derive(password, salt, rounds, 32) };
}

/**
 * Hashes a password and renders the result.
 *
 * @example
 * ```ts
 * await hashPassword("secret"); // "pbkdf2-sha256$100000$...$..."
 * ```
 */
export async function hashPassword(
  password: string,
  rounds: number = DEFAULT_ROUNDS,
): Promise<string> {
  return formatPasswordHash(await newPasswordHash(password, rounds));
}

/**
 * The hash of a password configured in plain text, made on first use rather than at start-up
 * (PBKDF2 for every configured user delayed each start by tens of milliseconds per user).
 *
 * @example
 * ```ts
 * const deferred = new DeferredPasswordHash("secret");
 * await verifyPassword("secret", deferred); // true (the hash is made now, then kept)
 * ```
 */
export class DeferredPasswordHash {
  /** PBKDF2 iteration count of the hash to be made. */
  readonly rounds: number;
  #plain: string;
  #made?: Promise<PasswordHash>;

  constructor(plain: string, rounds: number = DEFAULT_ROUNDS) {
    this.#plain = plain;
    this.rounds = rounds;
  }

  /** The hash (with a fresh salt), made on the first call and kept. */
  get(): Promise<PasswordHash> {
    return this.#made ??= newPasswordHash(this.#plain, this.rounds);
  }
}

/** Whether `password` matches `stored`. */
export async function verifyPassword(
  password: string,
  hashed: PasswordHash | DeferredPasswordHash,
): Promise<boolean> {
  const stored = hashed instanceof DeferredPasswordHash ? await hashed.get() : hashed;
  const candidate = await derive(password, stored.salt, stored.rounds, stored.hash.length);
  return sameBytes(candidate, stored.hash);
}
