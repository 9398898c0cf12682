/**
 * Request contexts for the usual policy personas, shaped like Keystone tokens with implied roles
 * (admin ⇒ manager ⇒ member ⇒ reader).
 *
 * @module
 */

import type { RequestContext } from "../../lib/context/context.ts";

/** The project most personas belong to. */
export const PROJECT = "project-a";
/** Another project. */
export const OTHER_PROJECT = "project-b";

/** Build a context; `isAdmin` mirrors what `context_is_admin` gives with default rules. */
export function makeContext(
  userId: string,
  projectId: string | null,
  roles: string[],
  extra: Partial<RequestContext> = {},
): RequestContext {
  return {
    userId,
    projectId,
    roles,
    isAdmin: roles.some((r) => r.toLowerCase() === "admin"),
    requestId: `req-${userId}`,
    ...extra,
  };
}

/** Named personas used across the policy tests. */
export const personas = {
  admin: makeContext("admin-user", PROJECT, ["admin", "manager", "member", "reader"]),
  manager: makeContext("manager-user", PROJECT, ["manager", "member", "reader"]),
  member: makeContext("member-user", PROJECT, ["member", "reader"]),
  reader: makeContext("reader-user", PROJECT, ["reader"]),
  foo: makeContext("foo-user", PROJECT, ["foo"]),
  otherMember: makeContext("other-member", OTHER_PROJECT, ["member", "reader"]),
  otherReader: makeContext("other-reader", OTHER_PROJECT, ["reader"]),
  service: makeContext("nova-service", "service-project", ["service"]),
  systemAdmin: makeContext("system-admin", null, ["admin", "member", "reader"], {
    systemScope: "all",
  }),
} as const;

/** Persona names. */
export type PersonaName = keyof typeof personas;
