/**
 * Deciding a request context's `isAdmin` flag from policy, as Nova does when it builds a context:
 * the flag is the outcome of the `context_is_admin` rule (by default `role:admin`).
 *
 * @module
 */

import { policyValues, type RequestContext } from "../context/context.ts";
import { defaultTarget, type Enforcer } from "./enforcer.ts";

/** The rule whose outcome becomes the context's admin flag. */
export const CONTEXT_IS_ADMIN_RULE = "context_is_admin";

/**
 * Whether `context_is_admin` passes for a context, checked against the context's own project and
 * user. The context's current `isAdmin` value is ignored (treated as unset), because Nova runs
 * this check before the flag exists; so an `is_admin:True` term cannot grant itself.
 *
 * @example
 * ```ts
 * ctx.isAdmin = isAdminByPolicy(enforcer, ctx);
 * ```
 */
export function isAdminByPolicy(enforcer: Enforcer, ctx: RequestContext): boolean {
  const creds = { ...policyValues(ctx), is_admin: null };
  return enforcer.enforceCredentials(CONTEXT_IS_ADMIN_RULE, defaultTarget(ctx), creds);
}
