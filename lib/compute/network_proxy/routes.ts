/**
 * The nova-network era's network reads, kept as proxies of the networks until 2.35 (Nova's
 * `NetworkController`, `TenantNetworkController` and `FloatingIPPoolsController` reads): the
 * caller's visible networks in the shapes those APIs kept after nova-network was gone (id and
 * name, every other field null, or the string `"None"` as the tenant networks' cidr), and the
 * floating IP pools, which are the external networks (none are configured here, so the list is
 * empty). Their writes are removed (`../removed/routes.ts`); past 2.35 they are capped.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { PROXY_CEILING } from "../capped/routes.ts";
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import type { Network } from "../../networks/types.ts";
import {
  FLOATING_IP_POOLS_RESPONSE,
  LIST_NETWORKS_RESPONSE,
  LIST_TENANT_NETWORKS_RESPONSE,
  SHOW_NETWORK_RESPONSE,
  SHOW_TENANT_NETWORK_RESPONSE,
} from "./response_schemas.ts";

/** The fields every caller sees, in Nova's order. */
const FIELDS = [
  "id",
  "cidr",
  "netmask",
  "gateway",
  "broadcast",
  "dns1",
  "dns2",
  "cidr_v6",
  "gateway_v6",
  "label",
  "netmask_v6",
] as const;

/** The fields only an admin sees, after the others. */
const ADMIN_FIELDS = [
  "created_at",
  "updated_at",
  "deleted_at",
  "deleted",
  "injected",
  "bridge",
  "vlan",
  "vpn_public_address",
  "vpn_public_port",
  "vpn_private_address",
  "dhcp_start",
  "project_id",
  "host",
  "bridge_interface",
  "multi_host",
  "priority",
  "rxtx_base",
  "mtu",
  "dhcp_server",
  "enable_dhcp",
  "share_address",
] as const;

/** An os-networks entry: id and label from the network, null elsewhere. */
function networkView(network: Network, isAdmin: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const field of isAdmin ? [...FIELDS, ...ADMIN_FIELDS] : FIELDS) {
    view[field] = field === "id" ? network.id : field === "label" ? network.name : null;
  }
  return view;
}

/** An os-tenant-networks entry: Nova always said `"None"` for the cidr once Neutron was in use. */
function tenantNetworkView(network: Network): Record<string, unknown> {
  return { id: network.id, cidr: "None", label: network.name };
}

/** The networks a caller of this project (an admin when `isAdmin`) would get from Neutron. */
function visible(req: ApiRequest, projectId: string | null, isAdmin: boolean): Network[] {
  const catalog = req.runtime.networks;
  return catalog.list().filter((n) => catalog.visibleTo(n, projectId, isAdmin));
}

/** One visible network, or Nova's 404 "Network not found". */
function find(req: ApiRequest): Network {
  const network = req.runtime.networks.get(req.params.id);
  const ctx = req.context;
  if (!network || !req.runtime.networks.visibleTo(network, ctx.projectId, ctx.isAdmin)) {
    throw new NovaFault(404, "Network not found");
  }
  return network;
}

/** `GET /os-tenant-networks`: the caller's networks, then `[api]`'s default project's if asked. */
function tenantNetworks(req: ApiRequest): Response {
  const ctx = req.context;
  const networks = visible(req, ctx.projectId, ctx.isAdmin);
  const config = req.runtime.config;
  if (config.get<boolean>("api", "use_neutron_default_nets")) {
    networks.push(...visible(req, config.get<string>("api", "neutron_default_project_id"), false));
  }
  return json({ networks: networks.map(tenantNetworkView) });
}

const OWN_PROJECT = (req: ApiRequest) => ({ project_id: req.context.projectId });

/** The network proxy read rows (2.1-2.35). */
export const NETWORK_PROXY_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-networks",
    response: LIST_NETWORKS_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-networks:list", target: OWN_PROJECT },
    handler: (req) => {
      const ctx = req.context;
      const networks = visible(req, ctx.projectId, ctx.isAdmin);
      return json({ networks: networks.map((n) => networkView(n, ctx.isAdmin)) });
    },
  },
  {
    method: "GET",
    path: "/os-networks/{id}",
    response: SHOW_NETWORK_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-networks:show", target: OWN_PROJECT },
    handler: (req) => json({ network: networkView(find(req), req.context.isAdmin) }),
  },
  {
    method: "GET",
    path: "/os-tenant-networks",
    response: LIST_TENANT_NETWORKS_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-tenant-networks:list", target: OWN_PROJECT },
    handler: tenantNetworks,
  },
  {
    method: "GET",
    path: "/os-tenant-networks/{id}",
    response: SHOW_TENANT_NETWORK_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-tenant-networks:show", target: OWN_PROJECT },
    handler: (req) => json({ network: tenantNetworkView(find(req)) }),
  },
  {
    method: "GET",
    path: "/os-floating-ip-pools",
    response: FLOATING_IP_POOLS_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-floating-ip-pools", target: () => ({}) },
    // The pools are the external networks; the configured networks are all tenant networks.
    handler: () => json({ floating_ip_pools: [] }),
  },
];
