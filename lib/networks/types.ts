/**
 * Networks as this port knows them without Neutron: configured networks and subnets, and the ports
 * the instances get (a fixed IP and a MAC each), allocated atomically in the store. The shapes
 * follow Neutron v2.0's fields, so the Neutron read subset and Nova's server views render from them.
 *
 * @module
 */

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

/** An address on a port. */
export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

/** A port: one server's attachment to one network. */
export interface Port {
  /** UUID. */
  id: string;
  network_id: string;
  /** `fa:16:3e:xx:xx:xx`, as Neutron's default base MAC. */
  mac_address: string;
  fixed_ips: FixedIp[];
  /** The instance uuid. */
  device_id: string;
  /** `compute:<availability zone>`. */
  device_owner: string;
  project_id: string;
  /** A device tag (2.32/2.42), if the server create asked for one. */
  tag?: string | null;
  /** ISO 8601. */
  created_at: string;
}
