/**
 * Placing a server on a host: a pure function of the hosts, what each has handed out, and the
 * request, in the spirit of Nova's filter scheduler (capacity with allocation ratios, availability
 * zone, a forced host or node, same_host / different_host), choosing the least loaded fit.
 *
 * @module
 */
import type { HostSpec, HostUsage } from "./types.ts";

/** What a server needs and where it may go. */
export interface PlacementRequest {
  vcpus: number;
  memory_mb: number;
  /** Root + ephemeral + swap, GiB (swap MiB rounded up). */
  disk_gb: number;
  /** Only hosts in this zone. */
  availabilityZone?: string | null;
  /** Only this host (`zone:host`, 2.74 `host`). */
  host?: string | null;
  /** Only this node (`zone::node`, 2.74 `hypervisor_hostname`); nodes are named as hosts. */
  node?: string | null;
  /** Hosts of the `same_host` hint's servers: the server must land on one of them. */
  sameHost?: readonly string[];
  /** Hosts of the `different_host` hint's servers: the server must avoid them. */
  differentHost?: readonly string[];
  /** Hosts whose compute service is disabled or down: skipped (Nova's ComputeFilter). */
  unavailableHosts?: readonly string[];
  /** Hosts the request must not land on (Nova's `ignore_hosts`, e.g. a move's source). */
  ignoreHosts?: readonly string[];
  /** The server group the server is a member of, when it is in one. */
  group?: GroupPlacement;
}

/** A server group's policy and where its other members run, as the scheduler sees them. */
export interface GroupPlacement {
  policy: "affinity" | "anti-affinity" | "soft-affinity" | "soft-anti-affinity";
  /** Members per host (the server's own record excluded where the policy counts members). */
  hosts: ReadonlyMap<string, number>;
  /** Anti-affinity's rule (2.64): members a host may run; 1 when absent. */
  maxServerPerHost?: number;
}

/**
 * Nova's ServerGroupAffinityFilter and ServerGroupAntiAffinityFilter: affinity keeps the hosts
 * already running members (any host while there are none); anti-affinity keeps hosts running
 * fewer than `max_server_per_host` members. Soft policies filter nothing.
 */
export function groupAllows(group: GroupPlacement | undefined, host: string): boolean {
  if (!group) return true;
  const here = group.hosts.get(host) ?? 0;
  if (group.policy === "affinity") return group.hosts.size === 0 || here > 0;
  if (group.policy === "anti-affinity") return here < (group.maxServerPerHost ?? 1);
  return true;
}

/**
 * The soft policies' weigher (Nova's ServerGroupSoftAffinityWeigher and
 * ServerGroupSoftAntiAffinityWeigher): members on the host, positive for soft-affinity and
 * negative for soft-anti-affinity; 0 for the other policies.
 */
export function groupWeight(group: GroupPlacement | undefined, host: string): number {
  const here = group?.hosts.get(host) ?? 0;
  if (group?.policy === "soft-affinity") return here;
  if (group?.policy === "soft-anti-affinity") return -here;
  return 0;
}

/** Nothing handed out. */
export const EMPTY_USAGE: HostUsage = Object.freeze({
  vcpus: 0,
  memory_mb: 0,
  disk_gb: 0,
  instances: 0,
});

/** Whether `request` fits `host` given what it has handed out (`usage`). */
export function fits(host: HostSpec, usage: HostUsage, request: PlacementRequest): boolean {
  return usage.vcpus + request.vcpus <= host.vcpus * host.cpu_allocation_ratio &&
    usage.memory_mb + request.memory_mb <= host.memory_mb * host.ram_allocation_ratio &&
    usage.disk_gb + request.disk_gb <= host.disk_gb * host.disk_allocation_ratio;
}

function freeRam(host: HostSpec, usage: HostUsage): number {
  return host.memory_mb * host.ram_allocation_ratio - usage.memory_mb;
}

/**
 * The host to place `request` on, or null when none fits (Nova's NoValidHost). Among fits, a
 * soft group policy's preference comes first ({@link groupWeight}), then the most free RAM
 * (Nova's default RAM weigher), then the host order, for a stable pick.
 *
 * @example
 * ```ts
 * pickHost(hosts, new Map(), { vcpus: 1, memory_mb: 512, disk_gb: 1 })?.name; // "compute-1"
 * ```
 */
export function pickHost(
  hosts: readonly HostSpec[],
  usage: ReadonlyMap<string, HostUsage>,
  request: PlacementRequest,
): HostSpec | null {
  let best: HostSpec | null = null;
  let bestFree = -Infinity;
  let bestGroup = -Infinity;
  for (const host of hosts) {
    if (request.availabilityZone && host.availability_zone !== request.availabilityZone) continue;
    if (request.host && host.name !== request.host) continue;
    if (request.node && host.name !== request.node) continue;
    if (request.sameHost?.length && !request.sameHost.includes(host.name)) continue;
    if (request.differentHost?.includes(host.name)) continue;
    if (request.unavailableHosts?.includes(host.name)) continue;
    if (request.ignoreHosts?.includes(host.name)) continue;
    if (!groupAllows(request.group, host.name)) continue;
    const used = usage.get(host.name) ?? EMPTY_USAGE;
    if (!fits(host, used, request)) continue;
    const free = freeRam(host, used);
    const weight = groupWeight(request.group, host.name);
    if (weight > bestGroup || (weight === bestGroup && free > bestFree)) {
      best = host;
      bestFree = free;
      bestGroup = weight;
    }
  }
  return best;
}

/** What a flavor asks of a host: vCPUs, RAM, and disk (root + ephemeral + swap rounded up). */
export function flavorRequest(
  flavor: { vcpus: number; memory_mb: number; root_gb: number; ephemeral_gb: number; swap: number },
): Pick<PlacementRequest, "vcpus" | "memory_mb" | "disk_gb"> {
  return {
    vcpus: flavor.vcpus,
    memory_mb: flavor.memory_mb,
    disk_gb: flavor.root_gb + flavor.ephemeral_gb + Math.ceil(flavor.swap / 1024),
  };
}

/** `usage` with `request` added (or, with `sign` -1, taken away; never below zero). */
export function addUsage(
  usage: HostUsage,
  request: Pick<PlacementRequest, "vcpus" | "memory_mb" | "disk_gb">,
  sign: 1 | -1 = 1,
): HostUsage {
  return {
    vcpus: Math.max(0, usage.vcpus + sign * request.vcpus),
    memory_mb: Math.max(0, usage.memory_mb + sign * request.memory_mb),
    disk_gb: Math.max(0, usage.disk_gb + sign * request.disk_gb),
    instances: Math.max(0, usage.instances + sign),
  };
}
