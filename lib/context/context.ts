/**
 * The request context: who is calling and for which project, as Nova's `RequestContext` carries
 * it. Built by the auth filters (noauth2, keystonecontext) and read by policy and controllers.
 *
 * @module
 */

/** Nova's request context, reduced to what the API layer reads. */
export interface RequestContext {
  userId: string | null;
  projectId: string | null;
  userName?: string | null;
  projectName?: string | null;
  userDomainId?: string | null;
  projectDomainId?: string | null;
  domainId?: string | null;
  /** Role names, lower-cased as keystonemiddleware delivers them. */
  roles: string[];
  /** Set when the context passes the `context_is_admin` rule. */
  isAdmin: boolean;
  /** `all` when the token is system scoped. */
  systemScope?: string | null;
  requestId: string;
  globalRequestId?: string | null;
  remoteAddress?: string;
  authToken?: string | null;
  serviceCatalog?: unknown[];
  /** Roles of the service token, when one was sent (`X-Service-Roles`). */
  serviceRoles?: string[];
  serviceUserId?: string | null;
  serviceProjectId?: string | null;
}

/** The credentials oslo.policy sees for a context (its `to_policy_values`). */
export function policyValues(ctx: RequestContext): Record<string, unknown> {
  return {
    user_id: ctx.userId,
    user_domain_id: ctx.userDomainId ?? null,
    project_id: ctx.projectId,
    project_domain_id: ctx.projectDomainId ?? null,
    domain_id: ctx.domainId ?? null,
    system_scope: ctx.systemScope ?? null,
    roles: ctx.roles,
    is_admin: ctx.isAdmin,
    service_roles: ctx.serviceRoles ?? [],
    service_user_id: ctx.serviceUserId ?? null,
    service_project_id: ctx.serviceProjectId ?? null,
  };
}
