/**
 * Who is asking: the token in `X-Auth-Token` (missing or not valid: 401), and the few rules this
 * service applies in place of Keystone's policy file. Holders of `admin` may read everything;
 * everyone else may read themselves, their own projects, roles and domains, and validate or
 * revoke their own tokens; `service` holders may also validate and revoke others' tokens (what
 * keystonemiddleware's service user does).
 *
 * @module
 */

import { unauthorized } from "./errors.ts";
import type { IdentityOptions } from "./options.ts";
import { isInvalidToken, validateToken, type ValidToken } from "./tokens.ts";

/** The token the request is made with; a missing or invalid one is a 401. */
export async function caller(options: IdentityOptions, request: Request): Promise<ValidToken> {
  try {
    return await validateToken(options, request.headers.get("x-auth-token"));
  } catch (e) {
    if (isInvalidToken(e)) throw unauthorized();
    throw e;
  }
}

/** Whether a token holds a role (implied ones count). */
export function hasRole(token: ValidToken, name: string): boolean {
  return token.roles.some((r) => r.name === name);
}

/** Whether a token may read every user, project and assignment. */
export function isAdmin(token: ValidToken): boolean {
  return hasRole(token, "admin");
}

/** Whether `who` may validate or revoke `subject`. */
export function mayInspect(who: ValidToken, subject: ValidToken): boolean {
  return isAdmin(who) || hasRole(who, "service") || who.user.id === subject.user.id;
}
