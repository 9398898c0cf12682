/**
 * Reads `[identity] users` lines (`NAME:PASSWORD:PROJECT:ROLES`) and `[identity] projects` into a
 * {@link Directory}: ids derived from names, passwords hashed, Keystone's bootstrap roles added.
 * The lines themselves are read and checked by `users_lines.ts`.
 *
 * @module
 */

import { type Assignment, Directory, type Domain, type Project, type Role } from "./directory.ts";
import type { User } from "./directory.ts";
import { planDirectory } from "./users_lines.ts";
import { stableId } from "./ids.ts";
import { DeferredPasswordHash, parsePasswordHash, type PasswordHash } from "./password.ts";

/** Bootstrap's implied roles: each role name to the one it implies. */
export const BOOTSTRAP_IMPLICATIONS: Readonly<Record<string, string>> = {
  member: "reader",
  manager: "member",
  admin: "manager",
};

/** Keystone's default domain. */
export const DEFAULT_DOMAIN: Domain = { id: "default", name: "Default" };

/** The hash to check a configured password against: the hash itself, or one made on first use. */
function passwordFor(
  text: string,
): { hash: PasswordHash | DeferredPasswordHash; plain?: string } {
  const hash = parsePasswordHash(text);
  return hash ? { hash } : { hash: new DeferredPasswordHash(text), plain: text };
}

/**
 * Builds the directory from `users` lines and further project names.
 *
 * @example
 * ```ts
 * const directory = await buildDirectory(["admin:secret:admin:admin"], ["spare"]);
 * directory.rolesOn(directory.users[0].id, directory.projects[0].id).map((r) => r.name);
 * // ["admin", "manager", "member", "reader"]
 * ```
 */
export async function buildDirectory(
  userLines: readonly string[],
  extraProjects: readonly string[] = [],
): Promise<Directory> {
  const domain = DEFAULT_DOMAIN;
  const { lines, userNames, projectNames, roleNames, passwords } = planDirectory(
    userLines,
    extraProjects,
  );

  const projects: Project[] = await Promise.all(
    projectNames.map(async (name) => ({
      id: await stableId("project", domain.id, name),
      name,
      domainId: domain.id,
    })),
  );
  const roles: Role[] = await Promise.all(
    roleNames.map(async (name) => ({ id: await stableId("role", name), name })),
  );
  const projectId = (name: string) => projects.find((p) => p.name === name)!.id;
  const roleId = (name: string) => roles.find((r) => r.name === name)!.id;

  const users: User[] = await Promise.all(userNames.map(async (name) => {
    const { hash, plain } = passwordFor(passwords.get(name)!);
    const first = lines.find((l) => l.name === name && l.project !== "");
    return {
      id: await stableId("user", domain.id, name),
      name,
      domainId: domain.id,
      password: hash,
      ...(plain === undefined ? {} : { plainPassword: plain }),
      ...(first ? { defaultProjectId: projectId(first.project) } : {}),
    };
  }));
  const userId = (name: string) => users.find((u) => u.name === name)!.id;

  const assignments: Assignment[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    for (const role of line.roles) {
      const a = {
        userId: userId(line.name),
        projectId: projectId(line.project),
        roleId: roleId(role),
      };
      const key = `${a.userId}/${a.projectId}/${a.roleId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      assignments.push(a);
    }
  }

  const implications = new Map<string, string[]>();
  for (const [prior, implied] of Object.entries(BOOTSTRAP_IMPLICATIONS)) {
    implications.set(roleId(prior), [roleId(implied)]);
  }
  return new Directory({ domain, users, projects, roles, assignments, implications });
}
