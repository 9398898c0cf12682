/**
 * Ports: a server's attachment to a network, with a fixed IP from the network's subnet and a MAC
 * address. Allocation happens inside the caller's transaction (the one that records the server),
 * so the server, its quota and its addresses commit together or not at all; no two ports ever hold
 * the same address of a network, because each address is a key asserted absent at commit.
 *
 * @module
 */
import { cidrRange, ipv4ToNumber, numberToIpv4 } from "../config/options/networks.ts";
import {
  addressesInUse,
  addressHolder,
  getPort,
  listPortRecords,
  type PortIndex,
  portsByAddress,
  stagePort,
  stagePortRebind,
  stagePortRemoval,
} from "../store/ports.ts";
import type { Transaction } from "../store/transaction.ts";
import {
  FixedIpAlreadyInUse,
  InvalidFixedIp,
  NetworkRequiresSubnet,
  NoMoreFixedIps,
} from "./errors.ts";
import type { Network, Port } from "./types.ts";

/** What a new port is for. */
export interface PortRequest {
  /** The instance uuid. */
  deviceId: string;
  projectId: string;
  /** A specific address (it must be in the subnet and free). */
  fixedIp?: string;
  /** The instance's availability zone (the port's `device_owner` is `compute:<zone>`). */
  availabilityZone: string;
  /** A device tag (2.32/2.42). */
  tag?: string | null;
  /** ISO 8601 creation time; now when absent. */
  createdAt?: string;
  /** Ids of the security groups to bind; absent: the project's `default` group. */
  securityGroups?: string[];
}

/** Addresses staged on a transaction but not committed yet, per network. */
const staged = new WeakMap<Transaction, Map<string, Set<string>>>();

function stagedOn(tx: Transaction, networkId: string): Set<string> {
  let byNetwork = staged.get(tx);
  if (!byNetwork) staged.set(tx, byNetwork = new Map());
  let set = byNetwork.get(networkId);
  if (!set) byNetwork.set(networkId, set = new Set());
  return set;
}

/**
 * A random MAC under Neutron's default base `fa:16:3e`.
 *
 * @example
 * ```ts
 * randomMac(); // e.g. "fa:16:3e:0b:9c:41"
 * ```
 */
export function randomMac(): string {
  const tail = [...crypto.getRandomValues(new Uint8Array(3))];
  return ["fa", "16", "3e", ...tail.map((b) => b.toString(16).padStart(2, "0"))].join(":");
}

/** The lowest pool address not in `taken`, or null when the pools are full. */
function firstFree(
  pools: readonly { start: string; end: string }[],
  taken: (ip: string) => boolean,
): string | null {
  for (const pool of pools) {
    const end = ipv4ToNumber(pool.end);
    for (let n = ipv4ToNumber(pool.start); n <= end; n++) {
      const ip = numberToIpv4(n);
      if (!taken(ip)) return ip;
    }
  }
  return null;
}

/**
 * Stage a new port on `network` inside `tx` and return it. The address is `req.fixedIp` when
 * given (it must be a host address of the subnet, not its gateway, and free), otherwise the lowest
 * free address of the subnet's pools. Several ports may be allocated in one transaction.
 *
 * Throws {@link NetworkRequiresSubnet}, {@link InvalidFixedIp}, {@link FixedIpAlreadyInUse} (with
 * the holder's instance) or {@link NoMoreFixedIps}.
 *
 * @example
 * ```ts
 * const port = await transact(kv, (tx) =>
 *   allocatePort(tx, network, { deviceId: uuid, projectId, availabilityZone: "nova" }));
 * port.fixed_ips[0].ip_address; // "10.0.0.2" on an empty private network
 * ```
 */
export async function allocatePort(
  tx: Transaction,
  network: Network,
  req: PortRequest,
): Promise<Port> {
  const subnet = network.subnets[0];
  if (!subnet) throw new NetworkRequiresSubnet(network.id);
  const mine = stagedOn(tx, network.id);
  let ip: string;
  if (req.fixedIp !== undefined) {
    ip = req.fixedIp;
    const { first, size } = cidrRange(subnet.cidr);
    const n = /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ipv4ToNumber(ip) : NaN;
    if (
      !(n > first && n < first + size - 1) || numberToIpv4(n) !== ip || ip === subnet.gateway_ip
    ) {
      throw new InvalidFixedIp(ip, network.id);
    }
    if (mine.has(ip)) throw new FixedIpAlreadyInUse(ip, req.deviceId);
    const holder = await addressHolder(tx, network.id, ip);
    if (holder !== null) {
      const port = await getPort(tx.kv, holder);
      throw new FixedIpAlreadyInUse(ip, port?.device_id ?? holder);
    }
  } else {
    const used = await addressesInUse(tx.kv, network.id);
    for (;;) {
      const found = firstFree(subnet.allocation_pools, (a) => used.has(a) || mine.has(a));
      if (found === null) throw new NoMoreFixedIps(network.id);
      // The listing is not checked at commit; this read is (and sees ports committed since).
      if (await addressHolder(tx, network.id, found) === null) {
        ip = found;
        break;
      }
      used.add(found);
    }
  }
  mine.add(ip);
  const port: Port = {
    id: crypto.randomUUID(),
    network_id: network.id,
    mac_address: randomMac(),
    fixed_ips: [{ subnet_id: subnet.id, ip_address: ip }],
    device_id: req.deviceId,
    device_owner: `compute:${req.availabilityZone}`,
    project_id: req.projectId,
    tag: req.tag ?? null,
    created_at: req.createdAt ?? new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    ...(req.securityGroups ? { security_groups: [...req.securityGroups] } : {}),
  };
  stagePort(tx, port);
  return port;
}

/**
 * Stage the removal of `ports` (and the release of their addresses) inside `tx`; a port the user
 * made (`preserve_on_delete`) is unbound instead, keeping its addresses, as Nova's
 * `deallocate_for_instance` leaves a pre-existing port.
 */
export function releasePorts(tx: Transaction, ports: readonly Port[]): void {
  for (const port of ports) {
    if (port.preserve_on_delete) stagePortRebind(tx, port, unboundPort(port));
    else stagePortRemoval(tx, port);
  }
}

/** `port` with no device: no `device_id`, `device_owner` or device tag. */
export function unboundPort(port: Port): Port {
  return { ...port, device_id: "", device_owner: "", tag: null };
}

/**
 * The port holding `ip` (on any network; the first by network id when networks overlap), or null.
 * One index read, whatever the number of ports.
 */
export async function findPortByIp(kv: Deno.Kv, ip: string): Promise<Port | null> {
  return (await portsByAddress(kv, ip))[0] ?? null;
}

/** The port with this id, or null. */
export function portById(kv: Deno.Kv, portId: string): Promise<Port | null> {
  return getPort(kv, portId);
}

/** The ports of an instance, in port-id order. */
export function portsOfDevice(kv: Deno.Kv, deviceId: string): Promise<Port[]> {
  return listPortRecords(kv, { by: "device", deviceId });
}

/** What a port listing may filter on (Neutron's list filters this port supports). */
export interface PortFilter {
  /** Only this project's ports (a non-admin caller's listing). */
  projectId?: string;
  deviceId?: string;
  networkId?: string;
  /** Port ids (any of). */
  ids?: readonly string[];
  deviceOwner?: string;
  macAddress?: string;
  /** A fixed IP address held by the port. */
  ipAddress?: string;
  subnetId?: string;
  /** At most this many. */
  limit?: number;
}

/**
 * Ports matching `filter`, read through the narrowest index it allows (the address, the device,
 * the network or the project; every port only when nothing narrower is asked).
 */
export async function listPorts(kv: Deno.Kv, filter: PortFilter = {}): Promise<Port[]> {
  const keep = (p: Port) =>
    (filter.projectId === undefined || p.project_id === filter.projectId) &&
    (filter.deviceId === undefined || p.device_id === filter.deviceId) &&
    (filter.networkId === undefined || p.network_id === filter.networkId) &&
    (filter.ids === undefined || filter.ids.includes(p.id)) &&
    (filter.deviceOwner === undefined || p.device_owner === filter.deviceOwner) &&
    (filter.macAddress === undefined || p.mac_address === filter.macAddress) &&
    (filter.ipAddress === undefined ||
      p.fixed_ips.some((f) => f.ip_address === filter.ipAddress)) &&
    (filter.subnetId === undefined || p.fixed_ips.some((f) => f.subnet_id === filter.subnetId));
  if (filter.ipAddress !== undefined) {
    return (await portsByAddress(kv, filter.ipAddress)).filter(keep).slice(0, filter.limit);
  }
  if (filter.ids !== undefined && filter.ids.length <= 100) {
    const found: Port[] = [];
    for (const id of [...new Set(filter.ids)].sort()) {
      const port = await getPort(kv, id);
      if (port && keep(port)) found.push(port);
    }
    return found.slice(0, filter.limit);
  }
  const index: PortIndex = filter.deviceId !== undefined
    ? { by: "device", deviceId: filter.deviceId }
    : filter.networkId !== undefined
    ? { by: "network", networkId: filter.networkId }
    : filter.projectId !== undefined
    ? { by: "project", projectId: filter.projectId }
    : { by: "all" };
  return listPortRecords(kv, index, { keep, limit: filter.limit });
}
