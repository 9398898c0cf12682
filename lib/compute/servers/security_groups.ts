/**
 * `GET /servers/{id}/os-security-groups` (Nova's `ServerSecurityGroupController.index`): the
 * security groups of the server's ports, as Nova renders Neutron's groups (name, id,
 * description, tenant_id and the ingress rules), sorted by tenant then name.
 *
 * @module
 */
import type { ApiRequest } from "../route.ts";
import { json } from "../../http/respond.ts";
import { securityGroupsByIds } from "../../networks/security_group_api.ts";
import {
  portSecurityGroupIds,
  type SecurityGroup,
  type SecurityGroupRule,
} from "../../networks/security_groups.ts";
import type { Instance } from "../../instances/mod.ts";
import { findServer } from "./handlers.ts";

/**
 * The groups bound to the server's ports (a port is in its project's `default` group unless an
 * action or the create request changed that); ids no group has any more are left out, as Nova
 * leaves out groups Neutron does not show.
 */
async function groupsOf(kv: Deno.Kv, instance: Instance): Promise<SecurityGroup[]> {
  const ids: string[] = [];
  const projects: string[] = [];
  for (const port of instance.ports) {
    if (port.fixed_ips.length === 0) continue;
    projects.push(port.project_id);
    ids.push(...portSecurityGroupIds(port));
  }
  return [...(await securityGroupsByIds(kv, ids, projects)).values()];
}

/** Nova's port range for a rule with a protocol and no ports, else Neutron's. */
function ports(rule: SecurityGroupRule): [number | null, number | null] {
  if (rule.protocol && rule.port_range_min === null && rule.port_range_max === null) {
    return ["TCP", "UDP"].includes(rule.protocol.toUpperCase()) ? [1, 65535] : [-1, -1];
  }
  return [rule.port_range_min, rule.port_range_max];
}

/** A group in Nova's format; rules naming a group it does not know are left out. */
export function novaGroup(group: SecurityGroup, known: Map<string, SecurityGroup>) {
  const rules = [];
  for (const rule of group.rules) {
    if (rule.direction !== "ingress") continue;
    const [from, to] = ports(rule);
    const base = {
      id: rule.id,
      parent_group_id: rule.security_group_id,
      ip_protocol: rule.protocol,
      from_port: from,
      to_port: to,
    };
    if (rule.remote_group_id) {
      const source = known.get(rule.remote_group_id);
      if (!source) continue;
      rules.push({
        ...base,
        group: { name: source.name, tenant_id: source.project_id },
        ip_range: {},
      });
    } else {
      const cidr = rule.remote_ip_prefix ?? "0.0.0.0/0";
      rules.push({ ...base, group: {}, ip_range: { cidr } });
    }
  }
  return {
    id: group.id,
    description: group.description,
    name: group.name,
    tenant_id: group.project_id,
    rules,
  };
}

/** `GET /servers/{id}/os-security-groups`. */
export async function serverSecurityGroups(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:os-security-groups:list", req.context, {
    project_id: instance.project_id,
  });
  const groups = await groupsOf(req.runtime.kv, instance);
  const known = new Map(groups.map((g) => [g.id, g]));
  const remote = groups.flatMap((g) => g.rules.map((r) => r.remote_group_id ?? ""));
  const projects = groups.map((g) => g.project_id);
  for (
    const [id, g] of await securityGroupsByIds(
      req.runtime.kv,
      remote.filter((id) => id && !known.has(id)),
      projects,
    )
  ) {
    known.set(id, g);
  }
  const out = groups.map((g) => novaGroup(g, known));
  out.sort((a, b) =>
    a.tenant_id < b.tenant_id
      ? -1
      : a.tenant_id > b.tenant_id
      ? 1
      : a.name < b.name
      ? -1
      : a.name > b.name
      ? 1
      : 0
  );
  return json({ security_groups: out });
}
