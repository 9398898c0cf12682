/**
 * Security groups without Neutron: each project has one, `default`, with Neutron's default rules
 * (all egress; ingress from members of the group itself), with ids derived from the project so
 * every reader agrees on them. Every port is in its project's `default` group.
 *
 * @module
 */
import { derivedUuid } from "./ids.ts";

/** A security group rule, with Neutron's attribute names. */
export interface SecurityGroupRule {
  id: string;
  security_group_id: string;
  direction: "ingress" | "egress";
  ethertype: "IPv4" | "IPv6";
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  /** ISO 8601, for a stored rule. */
  created_at?: string;
}

/** A security group, with Neutron's attribute names. */
export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  project_id: string;
  rules: SecurityGroupRule[];
  /** ISO 8601, for a stored group. */
  created_at?: string;
  /** ISO 8601, for a stored group. */
  updated_at?: string;
  /** Neutron's revision number, for a stored group. */
  revision_number?: number;
}

/**
 * A project's `default` group.
 *
 * @example
 * ```ts
 * defaultSecurityGroup("p1").name; // "default"
 * ```
 */
export function defaultSecurityGroup(projectId: string): SecurityGroup {
  const id = derivedUuid("security-group", projectId, "default");
  const rule = (
    direction: "ingress" | "egress",
    ethertype: "IPv4" | "IPv6",
    remote: string | null,
  ): SecurityGroupRule => ({
    id: derivedUuid("security-group-rule", id, direction, ethertype),
    security_group_id: id,
    direction,
    ethertype,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: remote,
  });
  return {
    id,
    name: "default",
    description: "Default security group",
    project_id: projectId,
    rules: [
      rule("egress", "IPv4", null),
      rule("egress", "IPv6", null),
      rule("ingress", "IPv4", id),
      rule("ingress", "IPv6", id),
    ],
  };
}

/** The ids of the groups bound to a port (its project's `default` group unless told otherwise). */
export function portSecurityGroupIds(
  port: { project_id: string; security_groups?: readonly string[] },
): string[] {
  return port.security_groups
    ? [...port.security_groups]
    : [defaultSecurityGroup(port.project_id).id];
}

/**
 * The group a caller of `projectId` names by name or id (Neutron's `find_resourceid_by_name_or_id`
 * within the project), or null.
 */
export function findSecurityGroup(projectId: string, nameOrId: string): SecurityGroup | null {
  const group = defaultSecurityGroup(projectId);
  return group.name === nameOrId || group.id === nameOrId ? group : null;
}
