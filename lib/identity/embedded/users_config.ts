/**
 * Reads `[identity] users` lines (`NAME:PASSWORD:PROJECT:ROLES`) and `[identity] projects` into a
 * {@link Directory}: ids derived from names, passwords hashed, Keystone's bootstrap roles added.
 *
 * @module
 */

import { type Assignment, Directory, type Domain, type Project, type Role } from "./directory.ts";
import type { User } from "./directory.ts";
import { IdentityConfigError } from "./config_error.ts";
import { stableId } from "./ids.ts";
import { DeferredPasswordHash, parsePasswordHash, type PasswordHash } from "./password.ts";

/** One parsed `users` line. */
export interface UserLine {
  /** The user name. */
  name: string;
  /** The password or its hash; may be empty when another line of the user gives it. */
  password: string;
  /** The project name; empty for a line that only declares the user. */
  project: string;
  /** The role names held on `project`. */
  roles: string[];
}

/** The roles `keystone-manage bootstrap` creates, in its order. */
export const BOOTSTRAP_ROLES: readonly string[] = [
  "reader",
  "member",
  "manager",
  "admin",
  "service",
];

/** Bootstrap's implied roles: each role name to the one it implies. */
export const BOOTSTRAP_IMPLICATIONS: Readonly<Record<string, string>> = {
  member: "reader",
  manager: "member",
  admin: "manager",
};

/** Keystone's default domain. */
export const DEFAULT_DOMAIN: Domain = { id: "default", name: "Default" };

/**
 * Splits a line at its first colon (the name) and its last two (project and roles), so that the
 * password in between may contain colons.
 *
 * @example
 * ```ts
 * parseUserLine("demo:pa:ss:demo:member+reader");
 * // { name: "demo", password: "pa:ss", project: "demo", roles: ["member", "reader"] }
 * ```
 */
export function parseUserLine(line: string): UserLine {
  const first = line.indexOf(":");
  const last = line.lastIndexOf(":");
  const middle = last > first ? line.lastIndexOf(":", last - 1) : -1;
  if (first < 0 || middle <= first) {
    throw new IdentityConfigError("expected NAME:PASSWORD:PROJECT:ROLES");
  }
  const name = line.slice(0, first).trim();
  const project = line.slice(middle + 1, last).trim();
  const roleText = line.slice(last + 1).trim();
  const roles = roleText === "" ? [] : roleText.split("+").map((r) => r.trim());
  if (name === "") throw new IdentityConfigError("the user name is empty");
  if (roles.some((r) => r === "")) {
    throw new IdentityConfigError(`an empty role name in "${roleText}"`);
  }
  if (project === "" && roles.length > 0) {
    throw new IdentityConfigError(`roles ${roles.join("+")} are given without a project`);
  }
  if (project !== "" && roles.length === 0) {
    throw new IdentityConfigError(`no role is given on project ${project}`);
  }
  return { name, password: line.slice(first + 1, middle), project, roles };
}

/** The hash to check a configured password against: the hash itself, or one made on first use. */
function passwordFor(
  text: string,
): { hash: PasswordHash | DeferredPasswordHash; plain?: string } {
  const hash = parsePasswordHash(text);
  return hash ? { hash } : { hash: new DeferredPasswordHash(text), plain: text };
}

/** Gathers names in first-seen order. */
function addName(names: string[], name: string) {
  if (!names.includes(name)) names.push(name);
}

/** What `users` lines (and further project names) give, checked: names in first-seen order. */
export interface DirectoryPlan {
  lines: UserLine[];
  userNames: string[];
  projectNames: string[];
  roleNames: string[];
  /** Each user's password (or its hash). */
  passwords: Map<string, string>;
}

/**
 * Checks `users` lines and gathers what they give, without building anything: an
 * {@link IdentityConfigError} names the first problem (with its line number when it is one line's).
 *
 * @example
 * ```ts
 * planDirectory(["admin:secret:admin:admin"]).roleNames; // bootstrap's five roles
 * ```
 */
export function planDirectory(
  userLines: readonly string[],
  extraProjects: readonly string[] = [],
): DirectoryPlan {
  const lines = userLines.map((text, i) => {
    try {
      return parseUserLine(text);
    } catch (e) {
      if (!(e instanceof IdentityConfigError)) throw e;
      throw new IdentityConfigError(`line ${i + 1}: ${e.message}`);
    }
  });

  const userNames: string[] = [];
  const projectNames: string[] = [];
  const roleNames = [...BOOTSTRAP_ROLES];
  const passwords = new Map<string, string>();
  for (const line of lines) {
    addName(userNames, line.name);
    if (line.project) addName(projectNames, line.project);
    for (const role of line.roles) addName(roleNames, role);
    if (line.password === "") continue;
    const known = passwords.get(line.name);
    if (known !== undefined && known !== line.password) {
      throw new IdentityConfigError(`user ${line.name} is given two different passwords`);
    }
    passwords.set(line.name, line.password);
  }
  for (const name of extraProjects) if (name.trim() !== "") addName(projectNames, name.trim());
  for (const name of userNames) {
    if (!passwords.has(name)) throw new IdentityConfigError(`user ${name} has no password`);
  }
  return { lines, userNames, projectNames, roleNames, passwords };
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
