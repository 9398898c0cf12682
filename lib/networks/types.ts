/**
 * Networks as this port knows them without Neutron: configured networks and subnets, and the ports
 * the instances get (a fixed IP and a MAC each), allocated atomically in the store. The shapes
 * follow Neutron v2.0's fields, so the Neutron read subset and Nova's server views render from them.
 *
 * @module
 */
export type { FixedIp, Port } from "../store/records.ts";

/** A configured subnet. */
export interface Subnet {
  id: string;
  network_id: string;
  name: string;
  ip_version: 4 | 6;
  /** e.g. `10.0.0.0/24`. */
  cidr: string;
  gateway_ip: string | null;
  dns_nameservers: string[];
  /** Inclusive ranges addresses are handed out from. */
  allocation_pools: { start: string; end: string }[];
  enable_dhcp: boolean;
}

/** A configured network. */
export interface Network {
  id: string;
  name: string;
  /** The owning project; null for an operator's network. */
  project_id: string | null;
  /** Usable by every project. */
  shared: boolean;
  mtu: number;
  subnets: Subnet[];
}
