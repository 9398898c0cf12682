/**
 * Response schemas of the network proxies (Nova's `*_response` in `schemas/networks.py`,
 * `tenant_networks.py` and `floating_ip_pools.py`).
 *
 * @module
 */
import { object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const TEXT: SchemaObject = { type: ["string", "null"] };
const texts = (names: string[]) => Object.fromEntries(names.map((n) => [n, TEXT]));

const NETWORK = object({
  ...texts([
    "bridge",
    "bridge_interface",
    "broadcast",
    "cidr",
    "cidr_v6",
    "created_at",
    "deleted",
    "deleted_at",
    "dhcp_server",
    "dhcp_start",
    "dns1",
    "dns2",
    "enable_dhcp",
    "gateway",
    "gateway_v6",
    "host",
  ]),
  id: { type: "string", format: "string" },
  injected: TEXT,
  label: { type: "string" },
  multi_host: TEXT,
  mtu: { type: ["integer", "null"] },
  ...texts([
    "netmask",
    "netmask_v6",
    "priority",
    "project_id",
    "rxtx_base",
    "share_address",
    "updated_at",
    "vlan",
    "vpn_private_address",
    "vpn_public_address",
  ]),
  vpn_public_port: { type: ["integer", "null"] },
}, [
  "broadcast",
  "cidr",
  "cidr_v6",
  "dns1",
  "dns2",
  "gateway",
  "gateway_v6",
  "id",
  "label",
  "netmask",
  "netmask_v6",
]);

/** `GET /os-networks`. */
export const LIST_NETWORKS_RESPONSE: SchemaObject = wrap("networks", {
  type: "array",
  items: NETWORK,
});
/** `GET /os-networks/{id}`. */
export const SHOW_NETWORK_RESPONSE: SchemaObject = wrap("network", NETWORK);

const TENANT_NETWORK = object({
  cidr: { oneOf: [{ const: "None" }, { type: "string", format: "cidr" }] },
  id: { type: "string", format: "uuid" },
  label: { type: "string" },
});

/** `GET /os-tenant-networks`. */
export const LIST_TENANT_NETWORKS_RESPONSE: SchemaObject = wrap("networks", {
  type: "array",
  items: TENANT_NETWORK,
});
/** `GET /os-tenant-networks/{id}`. */
export const SHOW_TENANT_NETWORK_RESPONSE: SchemaObject = wrap("network", TENANT_NETWORK);

/** `GET /os-floating-ip-pools` (extra top-level keys allowed, as Nova declares). */
export const FLOATING_IP_POOLS_RESPONSE: SchemaObject = {
  ...wrap("floating_ip_pools", {
    type: "array",
    items: object({ name: { type: "string" } }),
  }),
  additionalProperties: true,
};
