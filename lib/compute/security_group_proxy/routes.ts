/**
 * The security group proxy up to 2.35 (Nova's `SecurityGroupController` and
 * `SecurityGroupRulesController`): the groups Neutron keeps (`lib/networks/security_group_api.ts`)
 * in Nova's format. Reads list the caller's project's groups (every project's for an admin who
 * asks `all_tenants`) sorted by tenant then name, and show one by id; writes create, rename and
 * delete groups and add and delete ingress rules, with Nova's checks first and Neutron's answers
 * worded as Nova words them. Past 2.35 the rows are capped (`../capped/routes.ts`).
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { PROXY_CEILING } from "../capped/routes.ts";
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import {
  createSecurityGroup,
  deleteSecurityGroup,
  getSecurityGroup,
  NeutronBadRequest,
  NeutronConflict,
  updateSecurityGroup,
  visibleSecurityGroups,
} from "../../networks/security_group_api.ts";
import type { SecurityGroup } from "../../networks/security_groups.ts";
import { novaGroup } from "../servers/security_groups.ts";
import { lastParam } from "../collection.ts";
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";
import { isUuidLike } from "../../validation/formats/uuid.ts";
import { SECURITY_GROUP_RULE_ROUTES } from "./rules.ts";
import { findGroup, viewerOf } from "./common.ts";
import {
  DELETE_SECURITY_GROUP_RESPONSE,
  LIST_SECURITY_GROUPS_RESPONSE,
  SHOW_SECURITY_GROUP_RESPONSE,
} from "./response_schemas.ts";

const { multiParams, nonNegativeInteger } = parameterTypes;

/** Nova's `index_query`: `limit` and `offset` are non-negative integers; anything else goes. */
const INDEX_QUERY: SchemaObject = {
  type: "object",
  properties: {
    limit: multiParams(nonNegativeInteger),
    offset: multiParams(nonNegativeInteger),
    all_tenants: multiParams({ type: "string" }),
  },
  additionalProperties: true,
};

const TEXT = { type: "string", minLength: 0, maxLength: 255 } as const;

/** Nova's `create` and `update` bodies: a name and a description, extra keys tolerated. */
const GROUP_BODY: SchemaObject = {
  type: "object",
  properties: {
    security_group: {
      type: "object",
      properties: { name: TEXT, description: TEXT },
      required: ["name", "description"],
      additionalProperties: true,
    },
  },
  required: ["security_group"],
  additionalProperties: true,
};

/** Nova's `validate_id`: a group id must look like a UUID (400 otherwise). */
export function validateId(id: string): string {
  if (!isUuidLike(id)) throw new NovaFault(400, "Security group id should be uuid");
  return id;
}

/** Nova's `common.limited`: `offset` then at most `limit` (capped by `[api] max_limit`). */
function limited<T>(items: T[], req: ApiRequest): T[] {
  const number = (name: string): number | null => {
    const text = lastParam(req.query, name);
    return text === null ? null : Number(text);
  };
  const offset = number("offset") ?? 0;
  const max = req.runtime.config.get<number>("api", "max_limit");
  const limit = Math.min(number("limit") ?? max, max);
  return items.slice(offset, offset + (limit === 0 ? max : limit));
}

/**
 * Groups in Nova's format; a rule naming a group is shown with that group's name and tenant when
 * the caller can see it, and left out otherwise (Nova's `SG_NOT_FOUND`).
 */
export async function novaGroups(
  req: ApiRequest,
  groups: SecurityGroup[],
): Promise<ReturnType<typeof novaGroup>[]> {
  const known = new Map(groups.map((g) => [g.id, g]));
  const viewer = viewerOf(req);
  for (const group of groups) {
    for (const rule of group.rules) {
      const id = rule.remote_group_id;
      if (id === null || known.has(id)) continue;
      const remote = await getSecurityGroup(req.runtime.kv, id, viewer);
      if (remote) known.set(id, remote);
    }
  }
  return groups.map((g) => novaGroup(g, known));
}

/** Neutron's refusals as Nova words them: `conflict` as this status, a bad request as 400. */
function reword(e: unknown, conflict: number): never {
  if (e instanceof NeutronConflict) throw new NovaFault(conflict, e.message);
  if (e instanceof NeutronBadRequest) throw new NovaFault(400, e.message);
  throw e;
}

const OWN_PROJECT = (req: ApiRequest) => ({ project_id: req.context.projectId });

type GroupBody = { security_group: { name: string; description: string } };

/** The security group proxy rows (2.1-2.35). */
export const SECURITY_GROUP_PROXY_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-security-groups",
    response: LIST_SECURITY_GROUPS_RESPONSE,
    max: PROXY_CEILING,
    query: INDEX_QUERY,
    policy: { rule: "os_compute_api:os-security-groups:get", target: OWN_PROJECT },
    handler: async (req) => {
      const all = req.query.has("all_tenants");
      const groups = limited(await visibleSecurityGroups(req.runtime.kv, viewerOf(req), all), req);
      const out = await novaGroups(req, groups);
      out.sort((a, b) =>
        a.tenant_id === b.tenant_id
          ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
          : a.tenant_id < b.tenant_id
          ? -1
          : 1
      );
      return json({ security_groups: out });
    },
  },
  {
    method: "POST",
    path: "/os-security-groups",
    response: SHOW_SECURITY_GROUP_RESPONSE,
    max: PROXY_CEILING,
    body: GROUP_BODY,
    policy: { rule: "os_compute_api:os-security-groups:create", target: OWN_PROJECT },
    handler: async (req) => {
      const { name, description } = (req.body as GroupBody).security_group;
      const now = req.runtime.instances.clock();
      const projectId = req.context.projectId ?? "";
      const group = await createSecurityGroup(req.runtime.kv, projectId, name, description, now)
        .catch((e) => reword(e, 403));
      return json({ security_group: (await novaGroups(req, [group]))[0] });
    },
  },
  {
    method: "GET",
    path: "/os-security-groups/{id}",
    response: SHOW_SECURITY_GROUP_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-security-groups:show", target: OWN_PROJECT },
    handler: async (req) => {
      const group = await findGroup(req, validateId(req.params.id));
      return json({ security_group: (await novaGroups(req, [group]))[0] });
    },
  },
  {
    method: "PUT",
    path: "/os-security-groups/{id}",
    response: SHOW_SECURITY_GROUP_RESPONSE,
    max: PROXY_CEILING,
    body: GROUP_BODY,
    policy: { rule: "os_compute_api:os-security-groups:update", target: OWN_PROJECT },
    handler: async (req) => {
      const group = await findGroup(req, validateId(req.params.id));
      const { name, description } = (req.body as GroupBody).security_group;
      const now = req.runtime.instances.clock();
      // Nova lets Neutron's 409 (the default group's name) escape as a 500; this says 400.
      const updated = await updateSecurityGroup(
        req.runtime.kv,
        group.id,
        viewerOf(req),
        { name, description },
        now,
      ).catch((e) => reword(e, 400));
      return json({ security_group: (await novaGroups(req, [updated]))[0] });
    },
  },
  {
    method: "DELETE",
    path: "/os-security-groups/{id}",
    response: DELETE_SECURITY_GROUP_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-security-groups:delete", target: OWN_PROJECT },
    handler: async (req) => {
      const group = await findGroup(req, validateId(req.params.id));
      await deleteSecurityGroup(req.runtime.kv, group.id, viewerOf(req))
        .catch((e) => reword(e, 400));
      return empty(202, { "content-type": "application/json" });
    },
  },
  ...SECURITY_GROUP_RULE_ROUTES,
];
