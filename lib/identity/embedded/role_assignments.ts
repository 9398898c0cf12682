/**
 * `GET /v3/role_assignments`, reduced to what configuration can hold: users' roles on projects.
 * Filters `user.id`, `scope.project.id` and `role.id`; `effective` adds implied roles;
 * `include_names` adds names. Group, domain and system filters match nothing.
 *
 * @module
 */

import type { Directory, EffectiveAssignment } from "./directory.ts";
import { collection, type Entity, flagSet } from "./entities.ts";

/** One assignment as Keystone lists it. */
function assignmentEntity(
  directory: Directory,
  a: EffectiveAssignment,
  v3: string,
  names: boolean,
): Entity {
  const domain = { id: directory.domain.id, name: directory.domain.name };
  const role = directory.role(a.roleId);
  const user = directory.user(a.userId);
  const project = directory.project(a.projectId);
  const links: Record<string, string> = {
    assignment: `${v3}/projects/${a.projectId}/users/${a.userId}/roles/${a.roleId}`,
  };
  if (a.impliedBy) links.prior_role = `${v3}/roles/${a.impliedBy}`;
  return {
    links,
    role: names ? { id: a.roleId, name: role?.name } : { id: a.roleId },
    scope: {
      project: names ? { id: a.projectId, name: project?.name, domain } : { id: a.projectId },
    },
    user: names ? { id: a.userId, name: user?.name, domain } : { id: a.userId },
  };
}

/**
 * The body of a role assignment listing; `onlyUserId` restricts it to one user (for callers
 * that may see only their own).
 */
export function listRoleAssignments(
  directory: Directory,
  query: URLSearchParams,
  v3: string,
  selfUrl: string,
  onlyUserId?: string,
): Entity {
  const nothing = ["group.id", "scope.domain.id", "scope.system"].some((k) => query.has(k)) ||
    (onlyUserId !== undefined && query.has("user.id") && query.get("user.id") !== onlyUserId);
  const found = nothing ? [] : directory.listAssignments({
    userId: onlyUserId ?? query.get("user.id") ?? undefined,
    projectId: query.get("scope.project.id") ?? undefined,
    roleId: query.get("role.id") ?? undefined,
    effective: flagSet(query, "effective"),
  });
  const names = flagSet(query, "include_names");
  return collection(
    "role_assignments",
    found.map((a) => assignmentEntity(directory, a, v3, names)),
    selfUrl,
  );
}
