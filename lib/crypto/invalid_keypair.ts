/**
 * Nova's `InvalidKeypair` error: key material that cannot be fingerprinted. The os-keypairs
 * controller answers it with `400 Bad Request` and the error's message.
 *
 * @module
 */

/**
 * Raised for unusable key material. The message is Nova's
 * `Keypair data is invalid: <reason>`.
 *
 * @example
 * ```ts
 * import { InvalidKeypair } from "./invalid_keypair.ts";
 * const err = new InvalidKeypair("failed to generate fingerprint");
 * console.log(err.message); // "Keypair data is invalid: failed to generate fingerprint"
 * ```
 */
export class InvalidKeypair extends Error {
  /** The reason alone, without the `Keypair data is invalid:` prefix. */
  readonly reason: string;

  constructor(reason: string, options?: ErrorOptions) {
    super(`Keypair data is invalid: ${reason}`, options);
    this.name = "InvalidKeypair";
    this.reason = reason;
  }
}
