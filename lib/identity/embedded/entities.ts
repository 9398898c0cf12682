/**
 * Users, projects, roles and domains as Keystone's API shows them, list bodies with their
 * `links`, and Keystone's exact-match query filters.
 *
 * @module
 */

import type { Domain, Project, Role, User } from "./directory.ts";

/** An entity body as sent. */
export type Entity = Record<string, unknown>;

/** A user, with its `self` link under `v3`. */
export function userEntity(user: User, v3: string): Entity {
  return {
    id: user.id,
    name: user.name,
    domain_id: user.domainId,
    enabled: true,
    password_expires_at: null,
    options: {},
    ...(user.defaultProjectId ? { default_project_id: user.defaultProjectId } : {}),
    ...user.extra,
    links: { self: `${v3}/users/${user.id}` },
  };
}

/** A project. */
export function projectEntity(project: Project, v3: string): Entity {
  return {
    id: project.id,
    name: project.name,
    domain_id: project.domainId,
    description: project.description ?? "",
    enabled: true,
    parent_id: project.domainId,
    is_domain: false,
    tags: [],
    options: {},
    links: { self: `${v3}/projects/${project.id}` },
  };
}

/** A role (global: no domain). */
export function roleEntity(role: Role, v3: string): Entity {
  return {
    id: role.id,
    name: role.name,
    domain_id: null,
    description: null,
    options: {},
    links: { self: `${v3}/roles/${role.id}` },
  };
}

/** A domain. */
export function domainEntity(domain: Domain, v3: string): Entity {
  return {
    id: domain.id,
    name: domain.name,
    description: "The default domain",
    enabled: true,
    tags: [],
    options: {},
    links: { self: `${v3}/domains/${domain.id}` },
  };
}

/** A collection body: `{<key>: [...], links: {self, previous, next}}`. */
export function collection(key: string, items: Entity[], selfUrl: string): Entity {
  return { [key]: items, links: { self: selfUrl, previous: null, next: null } };
}

/** How Keystone reads a boolean filter value. */
function truthy(value: string): boolean {
  return !["0", "false", "f", "no", "n", "off"].includes(value.toLowerCase());
}

/** Whether a flag parameter is set: present and empty (`?effective`), or not a false spelling. */
export function flagSet(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value !== null && truthy(value);
}

/**
 * Keeps the entities whose attributes equal the query's values, for the attributes in `keys`
 * (other query parameters are ignored, as Keystone ignores filters it does not know).
 *
 * @example
 * ```ts
 * filterEntities(projects, new URLSearchParams("name=demo"), ["name", "domain_id", "enabled"]);
 * ```
 */
export function filterEntities(
  entities: Entity[],
  query: URLSearchParams,
  keys: readonly string[],
): Entity[] {
  return entities.filter((entity) =>
    keys.every((key) => {
      const wanted = query.get(key);
      if (wanted === null) return true;
      const actual = entity[key];
      return typeof actual === "boolean" ? actual === truthy(wanted) : String(actual) === wanted;
    })
  );
}
