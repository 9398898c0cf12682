/**
 * The body of `POST /v3/auth/tokens`: checks its shape, resolves the requested scope, runs the
 * `password` and `token` methods, and settles the scope as Keystone does (an explicit project,
 * explicitly unscoped, or else the user's default project when the user holds a role on it).
 *
 * @module
 */

import type { Project, User } from "./directory.ts";
import { badRequest, unauthorized, unsupportedMethod, validationError } from "./errors.ts";
import type { IdentityOptions } from "./options.ts";
import { verifyPassword } from "./password.ts";
import { type Grant, validateToken } from "./tokens.ts";

/** The authentication methods this service has. */
export const AUTH_METHODS: readonly string[] = ["password", "token"];

type Json = Record<string, unknown>;

/** What the requested scope resolved to. */
type Scope = { kind: "project"; project: Project } | { kind: "unscoped" } | { kind: "default" };

/** What one method established. */
interface MethodResult {
  user: User;
  inherited?: { methods: string[]; expiresAt: number; auditId: string };
}

/** Whether a value is a plain JSON object. */
function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string member, or `undefined` when absent; a present non-string is a 400. */
function text(object: Json, key: string, where: string): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw badRequest(
      `Invalid input for field ${where}/${key}: ${JSON.stringify(value)} is not a string.`,
    );
  }
  return value;
}

/** A `{id}` or `{name}` reference, checked as Keystone's schema does. */
function reference(value: unknown, where: string): { id?: string; name?: string } {
  if (!isObject(value)) throw badRequest(`Invalid input for field ${where}: not an object.`);
  const id = text(value, "id", where);
  const name = text(value, "name", where);
  if (id === undefined && name === undefined) {
    throw badRequest(`Invalid input for field ${where}: id or name must be present.`);
  }
  return { id, name };
}

/** The domain a `{id}`/`{name}` reference names; an unknown domain is a 401. */
function lookupDomain(options: IdentityOptions, value: unknown, where: string) {
  const domain = options.directory.findDomain(reference(value, where));
  if (!domain) throw unauthorized();
  return domain;
}

/** Resolves `auth.scope`; naming something that does not exist is a 401. */
function resolveScope(options: IdentityOptions, scope: unknown): Scope {
  if (scope === undefined) return { kind: "default" };
  if (scope === "unscoped") return { kind: "unscoped" };
  if (!isObject(scope)) throw badRequest("Invalid input for field scope: not an object.");
  const kinds = ["project", "domain", "unscoped", "system", "OS-TRUST:trust"].filter((k) =>
    k in scope
  );
  if (kinds.length !== 1) {
    throw validationError("system, project, domain, OS-TRUST:trust or unscoped", "scope");
  }
  if (kinds[0] === "unscoped") return { kind: "unscoped" };
  // Configured users hold roles on projects only, so domain, system and trust scopes never work.
  if (kinds[0] !== "project") throw unauthorized();
  const ref = reference(scope.project, "scope/project");
  const { directory } = options;
  let project: Project | undefined;
  if (ref.name !== undefined) {
    if (!isObject(scope.project) || !("domain" in scope.project)) {
      throw validationError("domain", "project");
    }
    const domain = lookupDomain(options, scope.project.domain, "scope/project/domain");
    project = directory.projectByName(ref.name, domain.id);
  } else {
    project = directory.project(ref.id!);
  }
  if (!project) throw unauthorized();
  return { kind: "project", project };
}

/** The `password` method: the user by id, or by name and domain, and its password. */
async function passwordMethod(options: IdentityOptions, data: unknown): Promise<MethodResult> {
  if (!isObject(data) || !("user" in data)) throw validationError("user", "password");
  const ref = reference(data.user, "identity/password/user");
  const info = data.user as Json;
  const { directory } = options;
  let user: User | undefined;
  if (ref.name !== undefined) {
    if (!("domain" in info)) throw validationError("domain", "user");
    const domain = lookupDomain(options, info.domain, "identity/password/user/domain");
    user = directory.userByName(ref.name, domain.id);
  } else {
    user = directory.user(ref.id!);
  }
  const password = typeof info.password === "string" ? info.password : "";
  if (!user) {
    // Spend the same time as for a wrong password, so that timing does not tell which names exist.
    const sample = directory.users[0];
    if (sample) await verifyPassword(password, sample.password);
    throw unauthorized();
  }
  if (!(await verifyPassword(password, user.password))) throw unauthorized();
  return { user };
}

/** The `token` method: another valid token (an invalid one is a 404, as in Keystone). */
async function tokenMethod(options: IdentityOptions, data: unknown): Promise<MethodResult> {
  if (!isObject(data) || typeof data.id !== "string") throw validationError("id", "token");
  const token = await validateToken(options, data.id);
  return {
    user: token.user,
    inherited: {
      methods: token.payload.methods,
      expiresAt: token.payload.expiresAt,
      auditId: token.payload.auditIds[0],
    },
  };
}

/** Adds names to a list, each once, keeping order. */
function addUnique(list: string[], names: readonly string[]) {
  for (const name of names) if (!list.includes(name)) list.push(name);
}

/**
 * Authenticates a parsed request body and returns what the new token is for; throws an
 * `IdentityError` (400, 401 or 404) otherwise.
 *
 * @example
 * ```ts
 * const grant = await authenticate(options, {
 *   auth: {
 *     identity: { methods: ["password"], password: { user: { id: userId, password: "secret" } } },
 *     scope: { project: { id: projectId } },
 *   },
 * });
 * ```
 */
export async function authenticate(options: IdentityOptions, body: unknown): Promise<Grant> {
  if (!isObject(body) || !isObject(body.auth)) throw validationError("auth", "request body");
  const auth = body.auth;
  if (!isObject(auth.identity)) throw badRequest("'identity' is a required property");
  const identity = auth.identity;
  const methods = identity.methods;
  if (!Array.isArray(methods) || !methods.every((m) => typeof m === "string")) {
    throw badRequest("Invalid input for field identity/methods: expected a list of strings.");
  }
  const names: string[] = [];
  addUnique(names, methods as string[]);
  for (const name of names) if (!(name in identity)) throw validationError(name, "identity");
  if (names.length === 0 || names.some((n) => !AUTH_METHODS.includes(n))) {
    throw unsupportedMethod(AUTH_METHODS);
  }
  const scope = resolveScope(options, auth.scope);

  let user: User | undefined;
  let inherited: MethodResult["inherited"];
  for (const name of names) {
    const result = name === "password"
      ? await passwordMethod(options, identity.password)
      : await tokenMethod(options, identity.token);
    if (user && user.id !== result.user.id) throw unauthorized();
    user = result.user;
    inherited ??= result.inherited;
  }
  if (!user) throw unauthorized();

  const methodNames = [...names];
  addUnique(methodNames, inherited?.methods ?? []);
  const grant: Grant = {
    user,
    methods: methodNames,
    ...(inherited ? { expiresAt: inherited.expiresAt, parentAuditId: inherited.auditId } : {}),
  };
  const { directory } = options;
  if (scope.kind === "project") {
    if (directory.rolesOn(user.id, scope.project.id).length === 0) throw unauthorized();
    return { ...grant, project: scope.project };
  }
  if (scope.kind === "default" && user.defaultProjectId) {
    const project = directory.project(user.defaultProjectId);
    if (project && directory.rolesOn(user.id, project.id).length > 0) return { ...grant, project };
  }
  return grant;
}
