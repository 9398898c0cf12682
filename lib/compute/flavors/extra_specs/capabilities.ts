/**
 * Rules for `capabilities:` (the ComputeCapabilitiesFilter). Values are operator expressions
 * (`>= 5`, `s== 2.1.0`, `<in> gcc`, ...), so any text is allowed; only the names are checked.
 *
 * @module
 */
import type { ExtraSpecRule } from "./rule.ts";

/** Host attributes matched as a whole. */
const PLAIN = [
  "id",
  "uuid",
  "service_id",
  "host",
  "vcpus",
  "memory_mb",
  "local_gb",
  "vcpus_used",
  "memory_mb_used",
  "local_gb_used",
  "hypervisor_type",
  "hypervisor_version",
  "hypervisor_hostname",
  "free_ram_mb",
  "free_disk_gb",
  "current_workload",
  "running_vms",
  "disk_available_least",
  "host_ip",
  "mapped",
  "cpu_allocation_ratio",
  "ram_allocation_ratio",
  "disk_allocation_ratio",
  "total_usable_ram_mb",
  "total_usable_disk_gb",
  "disk_mb_used",
  "free_disk_mb",
  "vcpus_total",
  "num_instances",
  "num_io_ops",
  "failed_builds",
  "aggregates",
  "cell_uuid",
  "updated",
];

/** Structured host attributes that may be followed by `:sub:key` selectors. */
const NESTED = [
  "cpu_info",
  "metrics",
  "stats",
  "numa_topology",
  "supported_hv_specs",
  "pci_device_pools",
  "nodename",
  "pci_stats",
  "supported_instances",
  "limits",
  "instances",
];

/** `capabilities:*` rules. */
export const CAPABILITY_RULES: readonly ExtraSpecRule[] = [
  ...PLAIN.map((name) => ({ name: `capabilities:${name}`, value: { type: "str" } as const })),
  ...NESTED.map((name) => ({
    name: `capabilities:${name}{filter}`,
    params: { filter: String.raw`(:\w+)*` },
    value: { type: "str" } as const,
  })),
];
