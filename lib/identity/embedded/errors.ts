/**
 * Keystone's error responses: `{"error": {"code", "title", "message"}}`, with a
 * `WWW-Authenticate: Keystone uri="..."` header on 401s. Security errors (401, 403) always carry
 * the generic message, as Keystone does outside `insecure_debug`.
 *
 * @module
 */

import { json } from "../../http/respond.ts";

/** An error to answer with Keystone's error body. */
export class IdentityError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The status title (`Unauthorized`, `Not Found`, ...). */
  readonly title: string;
  /** Extra members of the `error` object (the `identity` methods of an auth plugin error). */
  readonly extra: Record<string, unknown>;

  constructor(status: number, title: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = "IdentityError";
    this.status = status;
    this.title = title;
    this.extra = extra;
  }
}

/** 401: missing or bad credentials or token. */
export function unauthorized(): IdentityError {
  return new IdentityError(
    401,
    "Unauthorized",
    "The request you have made requires authentication.",
  );
}

/** 401 for an authentication method this service does not have. */
export function unsupportedMethod(methods: readonly string[]): IdentityError {
  return new IdentityError(
    401,
    "Unauthorized",
    "Attempted to authenticate with an unsupported method.",
    { identity: { methods: [...methods] } },
  );
}

/** 403: the token may not do this. */
export function forbidden(
  message = "You are not authorized to perform the requested action.",
): IdentityError {
  return new IdentityError(403, "Forbidden", message);
}

/** 404 with Keystone's "Could not find ..." wording. */
export function notFound(message: string): IdentityError {
  return new IdentityError(404, "Not Found", message);
}

/** 400 in Keystone's "Expecting to find X in Y" form. */
export function validationError(attribute: string, target: string): IdentityError {
  return badRequest(
    `Expecting to find ${attribute} in ${target}. The server could not comply with the request ` +
      "since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
  );
}

/** 400 with a free-form message. */
export function badRequest(message: string): IdentityError {
  return new IdentityError(400, "Bad Request", message);
}

/** 405 for a known path and an unknown method. */
export function methodNotAllowed(): IdentityError {
  return new IdentityError(
    405,
    "Method Not Allowed",
    "The method is not allowed for the requested URL.",
  );
}

/** 404 for a path this service does not have. */
export function noSuchPath(): IdentityError {
  return notFound("The resource could not be found.");
}

/** 500 for anything unexpected. */
export function unexpected(): IdentityError {
  return new IdentityError(
    500,
    "Internal Server Error",
    "An unexpected error prevented the server from fulfilling your request.",
  );
}

/**
 * The response for an error. `identityUrl` is the `.../v3` URL named in `WWW-Authenticate`.
 *
 * @example
 * ```ts
 * errorResponse(unauthorized(), "http://h:8774/identity/v3").status; // 401
 * ```
 */
export function errorResponse(error: IdentityError, identityUrl: string): Response {
  const body = {
    error: { code: error.status, title: error.title, message: error.message, ...error.extra },
  };
  const headers: Record<string, string> = {};
  if (error.status === 401) headers["www-authenticate"] = `Keystone uri="${identityUrl}"`;
  return json(body, error.status, headers);
}
