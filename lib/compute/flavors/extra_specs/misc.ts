/**
 * Rules for the small namespaces (`accel:`, `aggregate_instance_extra_specs:`, `hw_rng:`,
 * `hw_video:`, `os:`, `pci_passthrough:`, `vmware:`) and the two names without a namespace.
 *
 * @module
 */
import type { ExtraSpecRule } from "./rule.ts";

const anyText = { type: "str" } as const;
const nonNegative = { type: "int", min: 0 } as const;

/** Rules of the small namespaces. */
export const MISC_RULES: readonly ExtraSpecRule[] = [
  { name: "accel:device_profile", value: anyText },
  // Matched by the AggregateInstanceExtraSpecsFilter; any operator expression is allowed.
  { name: "aggregate_instance_extra_specs:{key}", params: { key: ".+" }, value: anyText },
  { name: "hw_rng:allowed", value: { type: "bool" } },
  { name: "hw_rng:rate_bytes", value: nonNegative },
  { name: "hw_rng:rate_period", value: nonNegative },
  { name: "hw_video:ram_max_mb", value: nonNegative },
  { name: "os:secure_boot", value: { type: "str", enum: ["disabled", "required"] } },
  {
    name: "pci_passthrough:alias",
    value: { type: "str", pattern: String.raw`[^:]+:\d+(?:\s*,\s*[^:]+:\d+)*` },
  },
  { name: "vmware:hw_version", value: anyText },
  { name: "vmware:storage_policy", value: anyText },
];

/** Names Nova knows without a namespace. */
export const UNNAMESPACED_RULES: readonly ExtraSpecRule[] = [
  { name: "hide_hypervisor_id", value: { type: "bool" }, deprecated: true },
  { name: "group_policy", value: { type: "str", enum: ["isolate", "none"] } },
];
