/**
 * The network catalog: the networks and subnets `[networks] network` configures (or the quick
 * start's shared `private` network), built once per configuration and read-only afterwards. The
 * Neutron read subset (`lib/neutron/`) and the servers API resolve networks through it; a real
 * Neutron could replace it behind the same {@link NetworkCatalog} interface.
 *
 * @module
 */
import { ConfigError } from "../config/mod.ts";
import { type NetworkLine, parseNetworkLine } from "../config/options/networks.ts";
import { derivedUuid } from "./ids.ts";
import type { Network, Subnet } from "./types.ts";

/** What the rest of the port asks of the network service. */
export interface NetworkCatalog {
  /** The network with this id, or null. */
  get(id: string): Network | null;
  /** Networks with this name (names need not be unique in Neutron), in catalog order. */
  byName(name: string): Network[];
  /** The subnet with this id, or null. */
  subnet(id: string): Subnet | null;
  /** Every network, in configuration order. */
  list(): Network[];
  /** Whether a caller of `projectId` (an admin when `isAdmin`) may see and use the network. */
  visibleTo(network: Network, projectId: string | null, isAdmin: boolean): boolean;
}

/** The fixed id of the quick start's `private` network. */
export const PRIVATE_NETWORK_ID = "3cb9bc59-5699-4588-a4b1-b87f96708bc6";
/** The fixed id of the quick start's `private-subnet`. */
export const PRIVATE_SUBNET_ID = "f1a7ab6c-4e0b-4d6e-9d54-2c3ae9d54a27";

/** The quick start's network line. */
export const DEFAULT_NETWORK_LINE: NetworkLine = Object.freeze({
  ...parseNetworkLine("name=private, cidr=10.0.0.0/24, gateway=10.0.0.1, dns=8.8.8.8"),
  id: PRIVATE_NETWORK_ID,
  subnet_id: PRIVATE_SUBNET_ID,
});

/** Reads options (a `Config` also says where a value came from). */
interface ConfigLike {
  get<T = unknown>(group: string, name: string): T;
  source?(group: string, name: string): string;
}

/** Builds a network and its subnet from a configured line. */
export function networkFromLine(line: NetworkLine): Network {
  const id = line.id ?? derivedUuid("network", line.project ?? "", line.name);
  const subnet: Subnet = {
    id: line.subnet_id ?? derivedUuid("subnet", id, line.subnet),
    network_id: id,
    name: line.subnet,
    ip_version: 4,
    cidr: line.cidr,
    gateway_ip: line.gateway,
    dns_nameservers: [...line.dns],
    allocation_pools: line.pools.map((p) => ({ ...p })),
    enable_dhcp: line.dhcp,
  };
  return {
    id,
    name: line.name,
    project_id: line.project ?? null,
    shared: line.shared,
    mtu: line.mtu,
    subnets: [subnet],
  };
}

/** Whether a caller may see and use a network, as Neutron decides. */
export function networkVisibleTo(
  network: Network,
  projectId: string | null,
  isAdmin: boolean,
): boolean {
  return isAdmin || network.shared ||
    (network.project_id !== null && network.project_id === projectId);
}

/** A catalog over a fixed list of networks (ids must be unique). */
export function networkCatalogOf(networks: readonly Network[]): NetworkCatalog {
  const byId = new Map(networks.map((n) => [n.id, n]));
  const subnets = new Map(networks.flatMap((n) => n.subnets.map((s) => [s.id, s] as const)));
  return {
    get: (id) => byId.get(id.toLowerCase()) ?? null,
    byName: (name) => networks.filter((n) => n.name === name),
    subnet: (id) => subnets.get(id.toLowerCase()) ?? null,
    list: () => [...networks],
    visibleTo: networkVisibleTo,
  };
}

const built = new WeakMap<object, NetworkCatalog>();

/**
 * The catalog of a configuration, built on first call and kept for that configuration object.
 * Throws {@link ConfigError} when two lines give the same network or subnet id.
 *
 * @example
 * ```ts
 * const catalog = networkCatalog(config);
 * catalog.byName("private")[0]?.subnets[0].cidr; // "10.0.0.0/24" when nothing is configured
 * ```
 */
export function networkCatalog(config: ConfigLike): NetworkCatalog {
  const known = built.get(config);
  if (known) return known;
  const lines = config.get<NetworkLine[]>("networks", "network") ?? [];
  const networks = (lines.length === 0 ? [DEFAULT_NETWORK_LINE] : lines).map(networkFromLine);
  const seen = new Set<string>();
  for (const network of networks) {
    for (const id of [network.id, network.subnets[0].id]) {
      if (seen.has(id)) {
        const where = config.source?.("networks", "network") ?? "configuration";
        throw new ConfigError(
          `${where}: [networks] network: the id ${id} (network ${network.name}) is used twice`,
          where,
          "networks",
          "network",
        );
      }
      seen.add(id);
    }
  }
  const catalog = networkCatalogOf(networks);
  built.set(config, catalog);
  return catalog;
}
