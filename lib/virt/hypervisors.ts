/**
 * The hypervisors (Nova's compute nodes) of the simulated deployment: one per configured host
 * whose compute service exists, with the host's configured capacity, what it has handed out
 * (`lib/store/hosts.ts`), and a QEMU/KVM identity. Choices a real driver would report:
 *
 * - `hypervisor_type` is `QEMU` and `hypervisor_version` {@link QEMU_VERSION} (QEMU 8.2.2 as
 *   libvirt encodes it), `cpu_info` a libvirt-like description with one socket of `vcpus` cores;
 * - `host_ip` is `[DEFAULT] my_ip`: every simulated host runs inside this process, on this host;
 * - used vCPUs, RAM and disk are the sums of the flavors placed on the host (no reserved host
 *   memory is counted: the scheduler does not reserve any), `running_vms` the servers placed,
 *   `current_workload` 0 (tasks finish on read), `disk_available_least` the free disk;
 * - every host booted when this process started (`uptime` counts from then).
 *
 * @module
 */
import { getHostUsage } from "../store/hosts.ts";
import { computeNodeUuid } from "./service_ids.ts";
import { COMPUTE_BINARY, listServices, type Service, type ServiceOptions } from "./service_list.ts";
import type { HostSpec } from "./types.ts";

/** libvirt's encoding of QEMU 8.2.2 (major × 1,000,000 + minor × 1,000 + micro). */
export const QEMU_VERSION = 8002002;

/** A libvirt-like CPU description. */
export interface CpuInfo {
  arch: string;
  model: string;
  vendor: string;
  features: string[];
  topology: { cores: number; threads: number; sockets: number };
}

/** One compute node with its usage and the service that runs it. */
export interface ComputeNode {
  /** The integer id (below 2.53): the host's position in configuration, from 1. */
  id: number;
  /** The uuid (from 2.53). */
  uuid: string;
  host: string;
  hypervisor_hostname: string;
  hypervisor_type: string;
  hypervisor_version: number;
  host_ip: string;
  cpu_info: CpuInfo;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  vcpus_used: number;
  memory_mb_used: number;
  local_gb_used: number;
  free_ram_mb: number;
  free_disk_gb: number;
  current_workload: number;
  running_vms: number;
  disk_available_least: number;
  /** The compute service of the host. */
  service: Service;
}

/** The compute nodes whose service exists, in configuration order. */
export async function listComputeNodes(
  kv: Deno.Kv,
  hosts: readonly HostSpec[],
  options: ServiceOptions,
): Promise<ComputeNode[]> {
  const [services, usage] = await Promise.all([
    listServices(kv, hosts, options),
    getHostUsage(kv, hosts.map((h) => h.name)),
  ]);
  const hostIp = options.get<string>("DEFAULT", "my_ip");
  const out: ComputeNode[] = [];
  for (const [i, host] of hosts.entries()) {
    const service = services.find((s) => s.binary === COMPUTE_BINARY && s.host === host.name);
    if (!service) continue;
    const used = usage.get(host.name) ?? { vcpus: 0, memory_mb: 0, disk_gb: 0, instances: 0 };
    out.push({
      id: i + 1,
      uuid: await computeNodeUuid(host.name),
      host: host.name,
      hypervisor_hostname: host.name,
      hypervisor_type: "QEMU",
      hypervisor_version: QEMU_VERSION,
      host_ip: hostIp,
      cpu_info: {
        arch: "x86_64",
        model: "Nehalem",
        vendor: "Intel",
        features: ["pge", "clflush"],
        topology: { cores: host.vcpus, threads: 1, sockets: 1 },
      },
      vcpus: host.vcpus,
      memory_mb: host.memory_mb,
      local_gb: host.disk_gb,
      vcpus_used: used.vcpus,
      memory_mb_used: used.memory_mb,
      local_gb_used: used.disk_gb,
      free_ram_mb: host.memory_mb - used.memory_mb,
      free_disk_gb: host.disk_gb - used.disk_gb,
      current_workload: 0,
      running_vms: used.instances,
      disk_available_least: host.disk_gb - used.disk_gb,
      service,
    });
  }
  return out;
}

/** The sums of `GET /os-hypervisors/statistics` (Nova's `compute_node_statistics`). */
export interface NodeStatistics {
  count: number;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  vcpus_used: number;
  memory_mb_used: number;
  local_gb_used: number;
  free_ram_mb: number;
  free_disk_gb: number;
  current_workload: number;
  running_vms: number;
  disk_available_least: number;
}

const SUMMED = [
  "current_workload",
  "disk_available_least",
  "free_disk_gb",
  "free_ram_mb",
  "local_gb",
  "local_gb_used",
  "memory_mb",
  "memory_mb_used",
  "running_vms",
  "vcpus",
  "vcpus_used",
] as const;

/** The statistics over `nodes`, counting only nodes whose service is enabled (as Nova does). */
export function nodeStatistics(nodes: readonly ComputeNode[]): NodeStatistics {
  const enabled = nodes.filter((n) => !n.service.disabled);
  const stats = { count: enabled.length } as NodeStatistics;
  for (const key of SUMMED) stats[key] = enabled.reduce((sum, n) => sum + n[key], 0);
  return stats;
}

/** When the simulated hosts booted: when this process started. */
export const BOOTED_AT: Date = new Date(performance.timeOrigin);

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A host's uptime as the `uptime` command prints it (what libvirt's driver reports), from boot
 * time `booted` to `now`, in UTC, with no logged-in users and no load.
 *
 * @example
 * ```ts
 * hostUptime(new Date("2024-01-01T00:00:00Z"), new Date("2024-01-02T01:05:09Z"));
 * // " 01:05:09 up 1 day,  1:05,  0 users,  load average: 0.00, 0.00, 0.00"
 * ```
 */
export function hostUptime(booted: Date, now: Date): string {
  const clock = `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
  const minutes = Math.max(0, Math.floor((now.getTime() - booted.getTime()) / 60000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  let up = days ? `${days} day${days === 1 ? "" : "s"}, ` : "";
  up += hours ? `${String(hours).padStart(2, " ")}:${pad(mins)}` : `${mins} min`;
  return ` ${clock} up ${up},  0 users,  load average: 0.00, 0.00, 0.00`;
}
