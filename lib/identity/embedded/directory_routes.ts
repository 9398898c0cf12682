/**
 * Read-only directory routes: users, projects, roles, domains and role assignments - enough for
 * the `openstack` client's name-to-id lookups (`GET /v3/projects/demo`, then
 * `GET /v3/projects?name=demo`). Admins see everything; others see themselves and their projects.
 *
 * @module
 */

import { json } from "../../http/respond.ts";
import { caller, isAdmin } from "./access.ts";
import type { Project, User } from "./directory.ts";
import {
  collection,
  domainEntity,
  type Entity,
  filterEntities,
  projectEntity,
  roleEntity,
  userEntity,
} from "./entities.ts";
import { forbidden, notFound } from "./errors.ts";
import type { RequestContext } from "./request_context.ts";
import { listRoleAssignments } from "./role_assignments.ts";
import type { MethodTable } from "./router.ts";
import type { ValidToken } from "./tokens.ts";

type Routes = Record<string, MethodTable<RequestContext>>;

/** A list response filtered by the query on `keys`. */
function listed(ctx: RequestContext, key: string, items: Entity[], keys: readonly string[]) {
  return json(collection(key, filterEntities(items, ctx.query, keys), ctx.selfUrl));
}

/** The users the caller may see. */
function visibleUsers(ctx: RequestContext, who: ValidToken): User[] {
  return isAdmin(who) ? [...ctx.options.directory.users] : [who.user];
}

/** The projects the caller may see. */
function visibleProjects(ctx: RequestContext, who: ValidToken): Project[] {
  const { directory } = ctx.options;
  return isAdmin(who) ? [...directory.projects] : directory.projectsOf(who.user.id);
}

/** A user the caller may see; others are 403 (non-admins) or 404 (admins). */
function visibleUser(ctx: RequestContext, who: ValidToken, id: string): User {
  const user = ctx.options.directory.user(id);
  if (!isAdmin(who) && user?.id !== who.user.id) throw forbidden();
  if (!user) throw notFound(`Could not find user: ${id}.`);
  return user;
}

const USER_FILTERS = ["name", "domain_id", "enabled", "id"] as const;
const PROJECT_FILTERS = ["name", "domain_id", "enabled", "is_domain", "parent_id", "id"] as const;

/** The directory routes by pattern. */
export const DIRECTORY_ROUTES: Routes = {
  "/v3/users": {
    async GET(ctx) {
      const who = await caller(ctx.options, ctx.request);
      const users = visibleUsers(ctx, who).map((u) => userEntity(u, ctx.v3));
      return listed(ctx, "users", users, USER_FILTERS);
    },
  },
  "/v3/users/{id}": {
    async GET(ctx, [id]) {
      const who = await caller(ctx.options, ctx.request);
      return json({ user: userEntity(visibleUser(ctx, who, id), ctx.v3) });
    },
  },
  "/v3/users/{id}/projects": {
    async GET(ctx, [id]) {
      const who = await caller(ctx.options, ctx.request);
      const user = visibleUser(ctx, who, id);
      const projects = ctx.options.directory.projectsOf(user.id).map((p) =>
        projectEntity(p, ctx.v3)
      );
      return listed(ctx, "projects", projects, PROJECT_FILTERS);
    },
  },
  "/v3/projects": {
    async GET(ctx) {
      const who = await caller(ctx.options, ctx.request);
      const projects = visibleProjects(ctx, who).map((p) => projectEntity(p, ctx.v3));
      return listed(ctx, "projects", projects, PROJECT_FILTERS);
    },
  },
  "/v3/projects/{id}": {
    async GET(ctx, [id]) {
      const who = await caller(ctx.options, ctx.request);
      const project = ctx.options.directory.project(id);
      if (!isAdmin(who) && !visibleProjects(ctx, who).some((p) => p.id === id)) throw forbidden();
      if (!project) throw notFound(`Could not find project: ${id}.`);
      return json({ project: projectEntity(project, ctx.v3) });
    },
  },
  "/v3/roles": {
    async GET(ctx) {
      await caller(ctx.options, ctx.request);
      const roles = ctx.options.directory.roles.map((r) => roleEntity(r, ctx.v3));
      return listed(ctx, "roles", roles, ["name", "id"]);
    },
  },
  "/v3/roles/{id}": {
    async GET(ctx, [id]) {
      await caller(ctx.options, ctx.request);
      const role = ctx.options.directory.role(id);
      if (!role) throw notFound(`Could not find role: ${id}.`);
      return json({ role: roleEntity(role, ctx.v3) });
    },
  },
  "/v3/domains": {
    async GET(ctx) {
      await caller(ctx.options, ctx.request);
      const domains = [domainEntity(ctx.options.directory.domain, ctx.v3)];
      return listed(ctx, "domains", domains, ["name", "enabled", "id"]);
    },
  },
  "/v3/domains/{id}": {
    async GET(ctx, [id]) {
      await caller(ctx.options, ctx.request);
      const domain = ctx.options.directory.findDomain({ id });
      if (!domain) throw notFound(`Could not find domain: ${id}.`);
      return json({ domain: domainEntity(domain, ctx.v3) });
    },
  },
  "/v3/role_assignments": {
    async GET(ctx) {
      const who = await caller(ctx.options, ctx.request);
      const only = isAdmin(who) ? undefined : who.user.id;
      return json(
        listRoleAssignments(ctx.options.directory, ctx.query, ctx.v3, ctx.selfUrl, only),
      );
    },
  },
};
