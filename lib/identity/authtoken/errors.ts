/**
 * The three ways checking a token can fail, as keystonemiddleware tells them apart: the token is
 * bad (401), the Identity service answered but not usefully (503), or it could not be reached at
 * all (503, after retries).
 *
 * @module
 */

/** Keystone (or a local check) says the token is not valid: the request is unauthenticated. */
export class InvalidToken extends Error {
  constructor(message = "Token authorization failed") {
    super(message);
    this.name = "InvalidToken";
  }
}

/** The Identity service answered with something other than a verdict (5xx, repeated 401, junk). */
export class ServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServiceError";
  }
}

/** The Identity service could not be reached (refused, reset, timed out), even after retries. */
export class IdentityUnreachable extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "IdentityUnreachable";
  }
}
