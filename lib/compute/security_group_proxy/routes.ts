/**
 * The security group proxy reads up to 2.35 (Nova's `SecurityGroupController.index` and `show`):
 * the caller's project's groups as Nova renders Neutron's, sorted by tenant then name. Each
 * project has one group here, its `default` (`lib/networks/security_groups.ts`), so a list is that
 * group and a show finds only its id; any other id is Neutron's 404 passed through, as Nova does.
 * The stock `openstack server add security group` resolves the group's name through these rows.
 * Past 2.35 they are capped (`../capped/routes.ts`); the writes are not served.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { PROXY_CEILING } from "../capped/routes.ts";
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import { defaultSecurityGroup, type SecurityGroup } from "../../networks/security_groups.ts";
import { novaGroup } from "../servers/security_groups.ts";
import { lastParam } from "../collection.ts";
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

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

/** The groups the caller's project sees through Neutron. */
function projectGroups(req: ApiRequest): SecurityGroup[] {
  const projectId = req.context.projectId;
  return projectId ? [defaultSecurityGroup(projectId)] : [];
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

const OWN_PROJECT = (req: ApiRequest) => ({ project_id: req.context.projectId });

/** The security group proxy read rows (2.1–2.35). */
export const SECURITY_GROUP_PROXY_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-security-groups",
    max: PROXY_CEILING,
    query: INDEX_QUERY,
    policy: { rule: "os_compute_api:os-security-groups:get", target: OWN_PROJECT },
    handler: (req) => {
      const groups = limited(projectGroups(req), req);
      const known = new Map(groups.map((g) => [g.id, g]));
      const out = groups.map((g) => novaGroup(g, known));
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
    method: "GET",
    path: "/os-security-groups/{id}",
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-security-groups:show", target: OWN_PROJECT },
    handler: (req) => {
      const groups = projectGroups(req);
      const group = groups.find((g) => g.id === req.params.id);
      if (!group) throw new NovaFault(404, `Security group ${req.params.id} does not exist`);
      return json({ security_group: novaGroup(group, new Map(groups.map((g) => [g.id, g]))) });
    },
  },
];
