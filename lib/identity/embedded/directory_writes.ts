/**
 * Keystone's write calls on the directory, for admins: create and delete projects and users, and
 * grant, check, list and revoke a user's roles on a project. This is what Tempest's dynamic
 * credentials (and its quota tests) do: make a project and a user, grant `member` or `admin` on
 * it, get a token as that user, and delete both afterwards. Created entities sit beside the
 * configured ones (a created user gets tokens and sees only the projects it holds roles on);
 * configured ones cannot be deleted (403). Non-admins get Keystone's 403. With a store, what is
 * created lives there (`directory_store.ts`), shared by every process on it.
 *
 * @module
 */

import { json } from "../../http/respond.ts";
import { caller, isAdmin } from "./access.ts";
import type { Project, User } from "./directory.ts";
import { collection, projectEntity, roleEntity, userEntity } from "./entities.ts";
import { badRequest, forbidden, IdentityError, notFound, validationError } from "./errors.ts";
import { DeferredPasswordHash } from "./password.ts";
import { jsonBody, type RequestContext } from "./request_context.ts";
import type { MethodTable } from "./router.ts";

type Routes = Record<string, MethodTable<RequestContext>>;

/** A new id, as Keystone makes them (`uuid4().hex`). */
function newId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/** The caller, who must hold `admin`. */
async function admin(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx.options, ctx.request);
  if (!isAdmin(who)) throw forbidden();
}

/** 409 for a name taken in the domain, in Keystone's words. */
function duplicate(kind: string, name: string, domainId: string): IdentityError {
  return new IdentityError(
    409,
    "Conflict",
    `Conflict occurred attempting to store ${kind} - Duplicate entry found with name ${name}` +
      (kind === "user" ? ` at domain ID ${domainId}.` : "."),
  );
}

/** The JSON object under `key` of the request body, or Keystone's 400. */
async function entityBody(ctx: RequestContext, key: string): Promise<Record<string, unknown>> {
  const body = await jsonBody(ctx.request);
  const entity = body !== null && typeof body === "object"
    ? (body as Record<string, unknown>)[key]
    : undefined;
  if (entity === null || typeof entity !== "object" || Array.isArray(entity)) {
    throw validationError(key, "request body");
  }
  return entity as Record<string, unknown>;
}

/** A name attribute: a string of 1 to 255 characters (Keystone's 64 for projects). */
function nameOf(entity: Record<string, unknown>, max: number): string {
  const name = entity.name;
  if (typeof name !== "string" || name.trim() === "" || name.length > max) {
    throw badRequest(
      `Invalid input for field 'name': ${JSON.stringify(name ?? null)} is not a valid name ` +
        `(1 to ${max} characters).`,
    );
  }
  return name;
}

/** An optional string attribute; another type is a 400. */
function optionalString(entity: Record<string, unknown>, key: string): string | undefined {
  const value = entity[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw badRequest(`Invalid input for field '${key}': ${JSON.stringify(value)} is not a string.`);
  }
  return value;
}

/** The domain a create names (the default domain when none); another one is a 400. */
function domainOf(ctx: RequestContext, entity: Record<string, unknown>): string {
  const id = optionalString(entity, "domain_id");
  const { domain } = ctx.options.directory;
  if (id === undefined) return domain.id;
  if (!ctx.options.directory.findDomain({ id })) {
    throw badRequest(`Unable to create a resource in domain ${id}: it does not exist.`);
  }
  return id;
}

function projectOr404(ctx: RequestContext, id: string): Project {
  const project = ctx.options.directory.project(id);
  if (!project) throw notFound(`Could not find project: ${id}.`);
  return project;
}

function userOr404(ctx: RequestContext, id: string): User {
  const user = ctx.options.directory.user(id);
  if (!user) throw notFound(`Could not find user: ${id}.`);
  return user;
}

function roleOr404(ctx: RequestContext, id: string) {
  const role = ctx.options.directory.role(id);
  if (!role) throw notFound(`Could not find role: ${id}.`);
  return role;
}

/** A configured entity is not deleted: the configuration would bring it back at the next start. */
function configured(kind: string, id: string): IdentityError {
  return forbidden(`The ${kind} ${id} is configured in [identity] and cannot be deleted.`);
}

const NO_CONTENT = () => new Response(null, { status: 204 });

/** POST on `/v3/projects`. */
async function createProject(ctx: RequestContext): Promise<Response> {
  await admin(ctx);
  const sent = await entityBody(ctx, "project");
  const name = nameOf(sent, 64);
  const domainId = domainOf(ctx, sent);
  const { directory } = ctx.options;
  if (directory.projectByName(name, domainId)) throw duplicate("project", name, domainId);
  const project: Project = {
    id: newId(),
    name,
    domainId,
    description: optionalString(sent, "description") ?? "",
    created: true,
  };
  if (!await directory.addProject(project)) throw duplicate("project", name, domainId);
  return json({ project: projectEntity(project, ctx.v3) }, 201);
}

/** DELETE on `/v3/projects/{id}`: the project and the roles held on it. */
async function deleteProject(ctx: RequestContext, id: string): Promise<Response> {
  await admin(ctx);
  const project = projectOr404(ctx, id);
  if (!project.created) throw configured("project", id);
  await ctx.options.directory.removeProject(id);
  return NO_CONTENT();
}

/** POST on `/v3/users`. */
async function createUser(ctx: RequestContext): Promise<Response> {
  await admin(ctx);
  const sent = await entityBody(ctx, "user");
  const name = nameOf(sent, 255);
  const domainId = domainOf(ctx, sent);
  const password = optionalString(sent, "password");
  const projectId = optionalString(sent, "default_project_id") ??
    optionalString(sent, "project_id");
  const { directory } = ctx.options;
  if (directory.userByName(name, domainId)) throw duplicate("user", name, domainId);
  if (projectId !== undefined) projectOr404(ctx, projectId);
  const extra: Record<string, unknown> = {};
  for (const key of ["email", "description"]) {
    const value = optionalString(sent, key);
    if (value !== undefined) extra[key] = value;
  }
  const user: User = {
    id: newId(),
    name,
    domainId,
    // A user made without a password cannot authenticate with one (nothing matches a random one).
    password: new DeferredPasswordHash(password ?? crypto.randomUUID()),
    ...(projectId === undefined ? {} : { defaultProjectId: projectId }),
    extra,
    created: true,
  };
  if (!await directory.addUser(user)) throw duplicate("user", name, domainId);
  return json({ user: userEntity(user, ctx.v3) }, 201);
}

/** DELETE on `/v3/users/{id}`: the user and its roles (its tokens stop validating). */
async function deleteUser(ctx: RequestContext, id: string): Promise<Response> {
  await admin(ctx);
  const user = userOr404(ctx, id);
  if (!user.created) throw configured("user", id);
  await ctx.options.directory.removeUser(id);
  return NO_CONTENT();
}

/** The assignment a `/v3/projects/{p}/users/{u}/roles/{r}` path names, each part checked. */
function namedAssignment(ctx: RequestContext, [projectId, userId, roleId]: string[]) {
  projectOr404(ctx, projectId);
  userOr404(ctx, userId);
  roleOr404(ctx, roleId);
  return { projectId, userId, roleId };
}

/** The write routes by pattern, merged into the directory's read routes by the app. */
export const DIRECTORY_WRITE_ROUTES: Routes = {
  "/v3/projects": { POST: createProject },
  "/v3/projects/{id}": { DELETE: (ctx, [id]) => deleteProject(ctx, id) },
  "/v3/users": { POST: createUser },
  "/v3/users/{id}": { DELETE: (ctx, [id]) => deleteUser(ctx, id) },
  "/v3/projects/{project}/users/{user}/roles": {
    async GET(ctx, [projectId, userId]) {
      await admin(ctx);
      projectOr404(ctx, projectId);
      userOr404(ctx, userId);
      const { directory } = ctx.options;
      const roles = directory.listAssignments({ userId, projectId })
        .map((a) => directory.role(a.roleId))
        .filter((r) => r !== undefined)
        .map((r) => roleEntity(r, ctx.v3));
      return json(collection("roles", roles, ctx.selfUrl));
    },
  },
  "/v3/projects/{project}/users/{user}/roles/{role}": {
    async PUT(ctx, params) {
      await admin(ctx);
      await ctx.options.directory.assign(namedAssignment(ctx, params));
      return NO_CONTENT();
    },
    async GET(ctx, params) {
      await admin(ctx);
      const wanted = namedAssignment(ctx, params);
      const held = ctx.options.directory.listAssignments(wanted).length > 0;
      if (!held) {
        throw notFound(
          `Could not find role assignment with role: ${wanted.roleId}, user or group: ` +
            `${wanted.userId}, project, domain, or system: ${wanted.projectId}.`,
        );
      }
      return NO_CONTENT();
    },
    async DELETE(ctx, params) {
      await admin(ctx);
      const wanted = namedAssignment(ctx, params);
      const revoked = await ctx.options.directory.unassign(wanted);
      if (revoked === "configured") {
        throw forbidden(
          `The role ${wanted.roleId} of user ${wanted.userId} on project ${wanted.projectId} ` +
            "is configured in [identity] and cannot be revoked.",
        );
      }
      if (!revoked) {
        throw notFound(
          `Could not find role assignment with role: ${wanted.roleId}, user or group: ` +
            `${wanted.userId}, project, domain, or system: ${wanted.projectId}.`,
        );
      }
      return NO_CONTENT();
    },
  },
};
