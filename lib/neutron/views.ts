/**
 * Neutron v2.0's JSON for networks, subnets, ports and security groups, with the attributes the
 * ML2 plugin's default extensions add, so clients see the fields they expect.
 *
 * @module
 */
import { derivedUuid } from "../networks/ids.ts";
import type { Network, Port, Subnet } from "../networks/types.ts";
import { portSecurityGroupIds } from "../networks/security_groups.ts";

/** When configured networks say they were made (fixed, so restarts do not change them). */
const EPOCH = "2025-01-01T00:00:00Z";

/** A network as Neutron shows it. */
export function networkView(network: Network): Record<string, unknown> {
  const project = network.project_id ?? "";
  return {
    id: network.id,
    name: network.name,
    tenant_id: project,
    project_id: project,
    admin_state_up: true,
    mtu: network.mtu,
    status: "ACTIVE",
    subnets: network.subnets.map((s) => s.id),
    shared: network.shared,
    availability_zone_hints: [],
    availability_zones: ["nova"],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    "router:external": false,
    description: "",
    port_security_enabled: true,
    l2_adjacency: true,
    is_default: false,
    qos_policy_id: null,
    dns_domain: "",
    tags: [],
    created_at: EPOCH,
    updated_at: EPOCH,
    revision_number: 1,
  };
}

/** A subnet as Neutron shows it (`project` is its network's owner). */
export function subnetView(subnet: Subnet, project: string | null): Record<string, unknown> {
  return {
    id: subnet.id,
    name: subnet.name,
    tenant_id: project ?? "",
    project_id: project ?? "",
    network_id: subnet.network_id,
    ip_version: subnet.ip_version,
    subnetpool_id: null,
    enable_dhcp: subnet.enable_dhcp,
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    gateway_ip: subnet.gateway_ip,
    cidr: subnet.cidr,
    allocation_pools: subnet.allocation_pools.map((p) => ({ ...p })),
    host_routes: [],
    dns_nameservers: [...subnet.dns_nameservers],
    description: "",
    service_types: [],
    dns_publish_fixed_ip: false,
    tags: [],
    created_at: EPOCH,
    updated_at: EPOCH,
    revision_number: 0,
  };
}

/** The id of a project's `default` security group (stable, derived from the project). */
export function defaultSecurityGroupId(projectId: string): string {
  return derivedUuid("security-group", projectId, "default");
}

/** A port as Neutron shows it. */
export function portView(port: Port): Record<string, unknown> {
  return {
    id: port.id,
    name: port.name ?? "",
    network_id: port.network_id,
    tenant_id: port.project_id,
    project_id: port.project_id,
    mac_address: port.mac_address,
    admin_state_up: true,
    status: port.device_id ? "ACTIVE" : "DOWN",
    device_id: port.device_id,
    device_owner: port.device_owner,
    fixed_ips: port.fixed_ips.map((f) => ({ ...f })),
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    security_groups: portSecurityGroupIds(port),
    description: "",
    "binding:vnic_type": "normal",
    port_security_enabled: true,
    dns_name: "",
    qos_policy_id: null,
    propagate_uplink_status: false,
    tags: [],
    created_at: port.created_at,
    updated_at: port.created_at,
    revision_number: 1,
  };
}

/** A project's `default` security group, with Neutron's default rules. */
export function defaultSecurityGroupView(projectId: string): Record<string, unknown> {
  const id = defaultSecurityGroupId(projectId);
  const rule = (direction: string, ethertype: string, remote: string | null) => ({
    id: derivedUuid("security-group-rule", id, direction, ethertype),
    tenant_id: projectId,
    project_id: projectId,
    security_group_id: id,
    direction,
    ethertype,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: remote,
    normalized_cidr: null,
    remote_address_group_id: null,
    description: null,
    tags: [],
    created_at: EPOCH,
    updated_at: EPOCH,
    revision_number: 0,
  });
  return {
    id,
    name: "default",
    tenant_id: projectId,
    project_id: projectId,
    description: "Default security group",
    stateful: true,
    shared: false,
    security_group_rules: [
      rule("egress", "IPv4", null),
      rule("egress", "IPv6", null),
      rule("ingress", "IPv4", id),
      rule("ingress", "IPv6", id),
    ],
    tags: [],
    created_at: EPOCH,
    updated_at: EPOCH,
    revision_number: 1,
  };
}
