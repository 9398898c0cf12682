/**
 * The error for `[identity]` values that parse but cannot be used (a user without a password, a
 * catalog line without a URL, ...). `identityOptions` turns it into a one-line `ConfigError`.
 *
 * @module
 */

/** An unusable `[identity]` value; the message says which line and why. */
export class IdentityConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdentityConfigError";
  }
}
