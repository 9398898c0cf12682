/**
 * `[identity] users` lines (`NAME:PASSWORD:PROJECT:ROLES`) and `[identity] projects`, read and
 * checked: what start-up needs to stop on a bad line, without the ids and hashes the directory is
 * built with (`users_config.ts`).
 *
 * @module
 */
import { IdentityConfigError } from "./config_error.ts";

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
